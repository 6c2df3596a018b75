"""One entry's page: /treatment/<public_id>/."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from journal.treatment.models import Driver, Kind, Status
from tests.journal.treatment_factories import make_entry, make_history, make_planned


def url(entry):
    return reverse("treatment_entry", args=[entry.public_id])


def test_requires_login(client, couple):
    response = client.get(url(make_entry(couple)))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_stranger_gets_404(stranger_client, couple):
    assert stranger_client.get(url(make_entry(couple))).status_code == 404


def test_unknown_id_is_404(treatment_client):
    assert treatment_client.get(f"/treatment/{uuid.uuid4()}/").status_code == 404


def test_both_partners_read_it(treatment_client, supporting_client, couple):
    entry = make_entry(couple, kind=Kind.DOSE, note="Up to 84 mg", status=Status.DONE)
    for client in (treatment_client, supporting_client):
        response = client.get(url(entry))
        assert response.status_code == 200
        assert "Up to 84 mg" in response.content.decode()


def test_supporter_is_offered_to_drive_and_the_other_partner_is_not(
    treatment_client, supporting_client, couple
):
    entry = make_planned(couple)
    ride = reverse("treatment_ride", args=[entry.public_id])
    supporter_page = supporting_client.get(url(entry)).content.decode()
    assert ride in supporter_page and "I'll drive" in supporter_page
    treatment_page = treatment_client.get(url(entry)).content.decode()
    assert ride not in treatment_page
    assert "Waiting for Alex to confirm the ride" in treatment_page


def test_no_drive_button_when_someone_else_drives(supporting_client, couple):
    entry = make_planned(couple)
    entry.driver, entry.driver_name = Driver.OTHER, "Mum"
    entry.save()
    page = supporting_client.get(url(entry)).content.decode()
    assert "Mum is driving" in page
    assert reverse("treatment_ride", args=[entry.public_id]) not in page


def test_no_drive_button_for_past_or_therapy_sessions(supporting_client, couple):
    past = make_entry(couple, driver=Driver.PARTNER)
    therapy = make_planned(couple, kind=Kind.THERAPY)
    for entry in (past, therapy):
        page = supporting_client.get(url(entry)).content.decode()
        assert reverse("treatment_ride", args=[entry.public_id]) not in page


def test_only_the_partner_in_treatment_sees_edit_and_delete(
    treatment_client, supporting_client, couple
):
    entry = make_entry(couple)
    edit = reverse("treatment_edit", args=[entry.public_id])
    assert edit in treatment_client.get(url(entry)).content.decode()
    assert edit not in supporting_client.get(url(entry)).content.decode()


def test_mark_done_appears_only_from_the_day(treatment_client, couple):
    future = make_planned(couple, days_ahead=2)
    today = make_planned(couple, days_ahead=0)
    assert "Mark as done" not in treatment_client.get(url(future)).content.decode()
    assert "Mark as done" in treatment_client.get(url(today)).content.decode()


def test_new_entry_is_not_marked_edited(treatment_client, couple):
    assert "edited" not in treatment_client.get(url(make_entry(couple))).content.decode()


def test_confirmed_ride_shows_for_both(treatment_client, supporting_client, couple, supporting):
    from django.utils import timezone

    entry = make_planned(couple, driver_confirmed_by=supporting)
    entry.driver_confirmed_at = timezone.now()
    entry.save()
    assert "Alex is driving" in treatment_client.get(url(entry)).content.decode()
    assert "You are driving" in supporting_client.get(url(entry)).content.decode()


@pytest.mark.parametrize("history", [1, 500])
def test_query_count_is_fixed(supporting_client, couple, history, django_assert_max_num_queries):
    """Guards loading the confirming partner or author: names come from the couple.
    9 = 7 for the session, user and device record + the couple + the entry."""
    make_history(couple, history)
    entry = make_planned(couple, on_date=couple.today() + timedelta(days=1))
    supporting_client.get(url(entry))
    with django_assert_max_num_queries(9):
        assert supporting_client.get(url(entry)).status_code == 200


def test_past_rides_are_told_in_the_past_tense(treatment_client, supporting_client, couple):
    entry = make_entry(couple, driver=Driver.PARTNER)
    assert "Alex drove." in treatment_client.get(url(entry)).content.decode()
    assert "You drove." in supporting_client.get(url(entry)).content.decode()
    other = make_entry(couple, driver=Driver.OTHER, driver_name="Mum")
    assert "Mum drove." in supporting_client.get(url(other)).content.decode()


def test_no_empty_getting_home_section(treatment_client, couple):
    therapy = make_entry(couple, kind=Kind.THERAPY)
    undecided_past = make_entry(couple, driver=Driver.UNDECIDED)
    for entry in (therapy, undecided_past):
        assert "Getting home" not in treatment_client.get(url(entry)).content.decode()
