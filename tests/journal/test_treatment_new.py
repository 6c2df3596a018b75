"""Logging a session or a change: /treatment/new/session/ and /treatment/new/change/."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from journal.models import Notice, TreatmentEntry
from journal.treatment.models import Driver, Kind, Status

SESSION_URL = reverse("treatment_new_session")
CHANGE_URL = reverse("treatment_new_change")


def session_data(couple, **overrides):
    data = {
        "kind": Kind.IV_INFUSION,
        "status": Status.PLANNED,
        "on_date": (couple.today() + timedelta(days=5)).isoformat(),
        "at_time": "10:00",
        "place": "Riverside Clinic",
        "driver": Driver.PARTNER,
        "driver_name": "",
        "pickup_time": "12:30",
        "aftercare": "A quiet evening.",
        "note": "Fourth of six.",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def change_data(couple, **overrides):
    data = {
        "kind": Kind.DOSE,
        "on_date": couple.today().isoformat(),
        "note": "Up from 56 mg to 84 mg.",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", [SESSION_URL, CHANGE_URL])
def test_requires_login(client, couple, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [SESSION_URL, CHANGE_URL])
def test_person_without_partnership_gets_404(loner_client, url):
    assert loner_client.get(url).status_code == 404


@pytest.mark.parametrize("url", [SESSION_URL, CHANGE_URL])
def test_supporter_cannot_write_the_log(supporting_client, couple, url):
    assert supporting_client.get(url).status_code == 403
    data = session_data(couple) if url == SESSION_URL else change_data(couple)
    assert supporting_client.post(url, data).status_code == 403
    assert not TreatmentEntry.objects.exists()


def test_stranger_writes_only_into_their_own_couple(stranger_client, couple, other_couple):
    stranger_client.post(CHANGE_URL, change_data(other_couple))
    assert not TreatmentEntry.objects.filter(partnership=couple).exists()
    assert TreatmentEntry.objects.filter(partnership=other_couple).count() == 1


def test_planned_session_with_a_driver(treatment_client, couple, in_treatment, supporting):
    response = treatment_client.post(SESSION_URL, session_data(couple))
    entry = TreatmentEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("treatment_entry", args=[entry.public_id])
    assert (entry.partnership, entry.author) == (couple, in_treatment)
    assert entry.status == Status.PLANNED
    assert entry.driver == Driver.PARTNER
    assert entry.pickup_time.strftime("%H:%M") == "12:30"
    assert entry.driver_confirmed_at is None
    notice = Notice.objects.get(recipient=supporting)
    assert notice.kind == Notice.Kind.SESSION
    assert "asked you to drive" in notice.message


def test_change_notifies_the_supporter_and_the_email_has_no_details(
    treatment_client, couple, supporting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(CHANGE_URL, change_data(couple))
    entry = TreatmentEntry.objects.get()
    assert entry.kind == Kind.DOSE and entry.status == Status.DONE
    notice = Notice.objects.get(recipient=supporting)
    assert notice.kind == Notice.Kind.TREATMENT_CHANGE
    assert notice.message == "Sam logged a dose change"
    assert notice.link == reverse("treatment_entry", args=[entry.public_id])
    assert [message.to for message in mailoutbox] == [[supporting.email]]
    email = mailoutbox[0].body + mailoutbox[0].subject + mailoutbox[0].alternatives[0][0]
    for detail in ("dose", "84 mg", "ketamine", "Dose"):
        assert detail not in email


def test_the_author_gets_no_notice_of_their_own_entry(treatment_client, couple, in_treatment):
    treatment_client.post(CHANGE_URL, change_data(couple))
    assert not Notice.objects.filter(recipient=in_treatment).exists()


def test_session_already_done_is_logged_quietly(treatment_client, couple):
    yesterday = (couple.today() - timedelta(days=1)).isoformat()
    treatment_client.post(SESSION_URL, session_data(couple, status=Status.DONE, on_date=yesterday))
    assert TreatmentEntry.objects.get().status == Status.DONE
    assert not Notice.objects.exists()


def test_double_submit_is_one_entry_and_one_notice(treatment_client, couple):
    data = change_data(couple)
    first = treatment_client.post(CHANGE_URL, data)
    second = treatment_client.post(CHANGE_URL, data)
    assert TreatmentEntry.objects.count() == 1
    assert Notice.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_form_renders_with_a_fresh_submission_key(treatment_client):
    first = treatment_client.get(SESSION_URL).context["form"]["submission_key"].value()
    second = treatment_client.get(SESSION_URL).context["form"]["submission_key"].value()
    assert first and second and first != second


def test_change_needs_a_note(treatment_client, couple):
    response = treatment_client.post(CHANGE_URL, change_data(couple, note=""))
    assert response.status_code == 400
    assert "Please say in a few words what changed." in response.content.decode()


def test_other_driver_needs_a_name(treatment_client, couple):
    response = treatment_client.post(
        SESSION_URL, session_data(couple, driver=Driver.OTHER, driver_name="")
    )
    assert response.status_code == 400
    assert "Please say who is driving." in response.content.decode()
    assert not TreatmentEntry.objects.exists()


def test_driver_name_is_dropped_unless_someone_else_drives(treatment_client, couple):
    treatment_client.post(SESSION_URL, session_data(couple, driver_name="Mum"))
    assert TreatmentEntry.objects.get().driver_name == ""


@pytest.mark.parametrize(
    ("on_date", "message"),
    [
        ("0001-01-01", "more than 30 years ago"),
        ("1900-05-05", "more than 30 years ago"),
        ("2999-01-01", "more than 2 years ahead"),
        ("9999-12-31", "more than 2 years ahead"),
        ("99999-01-01", "Enter a valid date."),
        ("not a date", "Enter a valid date."),
    ],
)
def test_dates_far_away_get_a_clear_message_and_text_is_kept(
    treatment_client, couple, on_date, message
):
    response = treatment_client.post(
        SESSION_URL, session_data(couple, on_date=on_date, aftercare="Soup and a film")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Soup and a film" in body
    assert not TreatmentEntry.objects.exists()


def test_a_done_session_cannot_be_in_the_future(treatment_client, couple):
    response = treatment_client.post(SESSION_URL, session_data(couple, status=Status.DONE))
    assert response.status_code == 400
    assert "can&#x27;t be in the future" in response.content.decode()


def test_a_planned_session_cannot_be_in_the_past(treatment_client, couple):
    last_week = (couple.today() - timedelta(days=7)).isoformat()
    response = treatment_client.post(SESSION_URL, session_data(couple, on_date=last_week))
    assert response.status_code == 400
    assert "That date has passed" in response.content.decode()


def test_a_planned_session_today_is_fine(treatment_client, couple):
    today = couple.today().isoformat()
    treatment_client.post(SESSION_URL, session_data(couple, on_date=today))
    assert TreatmentEntry.objects.get().status == Status.PLANNED


def test_nul_bytes_get_a_message_and_the_rest_is_kept(treatment_client, couple):
    response = treatment_client.post(
        SESSION_URL, session_data(couple, note="bad\x00note", aftercare="Keep this")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Null characters are not allowed." in body
    assert "Keep this" in body


@pytest.mark.parametrize("field", ["kind", "status", "driver", "at_time", "submission_key"])
def test_nul_bytes_in_any_field_never_fail(treatment_client, couple, field):
    response = treatment_client.post(SESSION_URL, session_data(couple, **{field: "x\x00"}))
    assert response.status_code == 400
    assert not TreatmentEntry.objects.exists()


def test_tampered_hidden_field_explains_itself(treatment_client, couple):
    response = treatment_client.post(SESSION_URL, session_data(couple, submission_key="nope"))
    assert response.status_code == 400
    assert "This form was out of date" in response.content.decode()


def test_huge_text_gets_a_clear_message_and_is_kept(treatment_client, couple):
    huge = "word " * 2000
    response = treatment_client.post(CHANGE_URL, change_data(couple, note=huge))
    assert response.status_code == 400
    body = response.content.decode()
    assert "at most 1000 characters" in body
    assert huge.strip() in body


def test_a_change_kind_is_refused_on_the_session_form(treatment_client, couple):
    response = treatment_client.post(SESSION_URL, session_data(couple, kind=Kind.DOSE))
    assert response.status_code == 400
    assert not TreatmentEntry.objects.exists()


def test_time_zone_decides_what_today_is(treatment_client, couple):
    couple.time_zone = "Pacific/Kiritimati"  # UTC+14: often already tomorrow
    couple.save(update_fields=["time_zone"])
    today_there = couple.today().isoformat()
    treatment_client.post(SESSION_URL, session_data(couple, on_date=today_there))
    assert TreatmentEntry.objects.get().on_date.isoformat() == today_there
