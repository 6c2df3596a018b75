"""Editing an entry: /treatment/<public_id>/edit/, with compare-and-set on `version`."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from journal.models import Notice, TreatmentEntry
from journal.treatment.models import Driver, Kind, Status
from tests.journal.treatment_factories import make_entry, make_planned


def url(entry):
    return reverse("treatment_edit", args=[entry.public_id])


def session_post(entry, **overrides):
    data = {
        "kind": entry.kind,
        "status": entry.status,
        "on_date": entry.on_date.isoformat(),
        "at_time": entry.at_time.strftime("%H:%M") if entry.at_time else "",
        "place": entry.place,
        "driver": entry.driver,
        "driver_name": entry.driver_name,
        "pickup_time": entry.pickup_time.strftime("%H:%M") if entry.pickup_time else "",
        "aftercare": entry.aftercare,
        "note": entry.note,
        "version": entry.version,
    }
    data.update(overrides)
    return data


def test_requires_login(client, couple):
    response = client.get(url(make_entry(couple)))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_stranger_gets_404(stranger_client, couple):
    entry = make_entry(couple)
    assert stranger_client.get(url(entry)).status_code == 404
    assert stranger_client.post(url(entry), session_post(entry, note="hijack")).status_code == 404
    entry.refresh_from_db()
    assert entry.note == ""


def test_supporter_cannot_edit(supporting_client, couple):
    entry = make_entry(couple)
    assert supporting_client.get(url(entry)).status_code == 403
    assert supporting_client.post(url(entry), session_post(entry, note="mine")).status_code == 403


def test_form_is_prefilled(treatment_client, couple):
    entry = make_entry(couple, place="Riverside Clinic")
    body = treatment_client.get(url(entry)).content.decode()
    assert 'value="Riverside Clinic"' in body
    assert 'name="version" value="1"' in body


def test_edit_saves_and_bumps_the_version(treatment_client, couple):
    entry = make_entry(couple)
    response = treatment_client.post(url(entry), session_post(entry, note="Felt calm after."))
    assert response["Location"] == reverse("treatment_entry", args=[entry.public_id])
    entry.refresh_from_db()
    assert entry.note == "Felt calm after."
    assert entry.version == 2
    assert entry.updated_at > entry.created_at


def test_stale_edit_gets_a_conflict_page_and_keeps_the_text(treatment_client, couple):
    entry = make_entry(couple)
    stale = session_post(entry, note="What I typed in the first tab")
    treatment_client.post(url(entry), session_post(entry, note="Saved from the second tab"))
    response = treatment_client.post(url(entry), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "This entry changed while you were editing" in body
    assert "What I typed in the first tab" in body  # kept in the form
    assert "Saved from the second tab" in body  # the saved version, to compare
    entry.refresh_from_db()
    assert entry.note == "Saved from the second tab"
    # Saving again from the conflict page deliberately replaces the newer version.
    assert 'name="version" value="2"' in body
    treatment_client.post(url(entry), {**stale, "version": 2})
    entry.refresh_from_db()
    assert entry.note == "What I typed in the first tab"


def test_supporter_confirming_meanwhile_makes_an_edit_stale(treatment_client, couple, supporting):
    entry = make_planned(couple)
    stale = session_post(entry, driver=Driver.UNDECIDED)
    TreatmentEntry.objects.filter(pk=entry.pk).update(
        driver_confirmed_by=supporting, driver_confirmed_at=timezone.now(), version=2
    )
    response = treatment_client.post(url(entry), stale)
    assert response.status_code == 409
    assert "Alex confirmed the ride" in response.content.decode()
    entry.refresh_from_db()
    assert entry.driver_confirmed_at is not None


def test_moving_a_confirmed_session_asks_the_driver_again(treatment_client, couple, supporting):
    entry = make_planned(couple, driver_confirmed_by=supporting, driver_confirmed_at=timezone.now())
    new_day = (entry.on_date + timedelta(days=1)).isoformat()
    treatment_client.post(url(entry), session_post(entry, on_date=new_day))
    entry.refresh_from_db()
    assert entry.driver_confirmed_at is None and entry.driver_confirmed_by is None
    notice = Notice.objects.get(recipient=supporting)
    assert notice.kind == Notice.Kind.SESSION
    assert notice.message.endswith("Please confirm the ride again.")


def test_asking_the_supporter_to_drive_on_edit(treatment_client, couple, supporting):
    entry = make_planned(couple, driver=Driver.UNDECIDED)
    treatment_client.post(url(entry), session_post(entry, driver=Driver.PARTNER))
    assert Notice.objects.get(recipient=supporting).message.startswith("Sam asked you to drive")


def test_arranging_another_ride_releases_the_supporter(treatment_client, couple, supporting):
    entry = make_planned(couple, driver_confirmed_by=supporting, driver_confirmed_at=timezone.now())
    treatment_client.post(url(entry), session_post(entry, driver=Driver.OTHER, driver_name="Mum"))
    entry.refresh_from_db()
    assert entry.driver_confirmed_at is None
    assert "no longer needs you to drive" in Notice.objects.get(recipient=supporting).message


def test_editing_only_the_note_keeps_the_confirmation(treatment_client, couple, supporting):
    entry = make_planned(couple, driver_confirmed_by=supporting, driver_confirmed_at=timezone.now())
    treatment_client.post(url(entry), session_post(entry, note="Bring a blanket"))
    entry.refresh_from_db()
    assert entry.driver_confirmed_by == supporting
    assert not Notice.objects.exists()


def test_cancelling_by_edit_tells_the_supporter(treatment_client, couple, supporting):
    entry = make_planned(couple)
    treatment_client.post(url(entry), session_post(entry, status=Status.CANCELLED))
    entry.refresh_from_db()
    assert entry.status == Status.CANCELLED
    assert "cancelled" in Notice.objects.get(recipient=supporting).message


def test_editing_a_change_tells_the_supporter(treatment_client, couple, supporting):
    entry = make_entry(couple, kind=Kind.DOSE, note="Up to 56 mg")
    data = {
        "kind": Kind.DOSE,
        "on_date": entry.on_date.isoformat(),
        "note": "Up to 84 mg",
        "version": 1,
    }
    treatment_client.post(url(entry), data)
    entry.refresh_from_db()
    assert entry.note == "Up to 84 mg"
    assert Notice.objects.get(recipient=supporting).message == "Sam updated a dose change"


def test_an_old_planned_session_can_still_be_edited(treatment_client, couple):
    """The "date has passed" check is for new dates only, not for a note on an old plan."""
    entry = make_planned(couple, on_date=couple.today() - timedelta(days=3))
    response = treatment_client.post(url(entry), session_post(entry, note="Forgot to update"))
    assert response.status_code == 302


def test_bad_input_is_kept_with_a_message(treatment_client, couple):
    entry = make_entry(couple)
    response = treatment_client.post(
        url(entry), session_post(entry, on_date="1066-10-14", note="Keep me")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "more than 30 years ago" in body and "Keep me" in body


def test_missing_or_tampered_version_is_explained(treatment_client, couple):
    entry = make_entry(couple)
    for version in ("", "abc", "\x00", "0"):
        response = treatment_client.post(url(entry), session_post(entry, version=version))
        assert response.status_code == 400
        assert "This form was out of date" in response.content.decode()
    entry.refresh_from_db()
    assert entry.version == 1
