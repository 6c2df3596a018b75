"""This week's page: who is waiting for whom, both check-ins side by side once revealed."""

from datetime import timedelta

from django.urls import reverse

from journal.models import CheckIn
from tests.journal.checkin_factories import (
    NOTE_MARKER,
    make_checkin,
    make_history,
    this_week,
)

URL = reverse("checkin_week")


def test_requires_sign_in(client, couple):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_stranger_sees_nothing_of_this_couple(stranger_client, couple, in_treatment, supporting):
    make_checkin(couple, in_treatment, what_helped="Our quiet Sunday")
    make_checkin(couple, supporting, worries="Money")
    page = stranger_client.get(URL).content.decode()
    assert "Our quiet Sunday" not in page and "Money" not in page


def test_nobody_has_checked_in(treatment_client, couple):
    page = treatment_client.get(URL).content.decode()
    assert "Neither of you has checked in yet" in page
    assert reverse("checkin_form") in page


def test_first_to_check_in_waits_and_sees_only_their_own(
    treatment_client, supporting_client, couple, in_treatment
):
    make_checkin(couple, in_treatment, what_helped="Sunlight", private_note=NOTE_MARKER)
    mine = treatment_client.get(URL).content.decode()
    assert "Waiting for your partner" in mine
    assert "Sunlight" in mine and NOTE_MARKER in mine
    theirs = supporting_client.get(URL).content.decode()
    assert "Your partner is waiting for you" in theirs
    assert "Sam has checked in and is waiting for you" in theirs
    assert "Sunlight" not in theirs and NOTE_MARKER not in theirs


def test_once_both_check_in_both_see_both(
    treatment_client, supporting_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, what_helped="Sunlight", private_note=NOTE_MARKER)
    make_checkin(couple, supporting, worries="The drive home", private_note="alex-only")
    for client in (treatment_client, supporting_client):
        page = client.get(URL).content.decode()
        assert "You have both checked in" in page
        assert "Sunlight" in page and "The drive home" in page
    assert NOTE_MARKER not in supporting_client.get(URL).content.decode()
    assert "alex-only" not in treatment_client.get(URL).content.decode()


def test_an_edited_checkin_says_so(supporting_client, couple, in_treatment, supporting):
    make_checkin(couple, in_treatment, version=3, edited_at=this_week(couple).opens_at)
    make_checkin(couple, supporting)
    assert "edited" in supporting_client.get(URL).content.decode()


def test_not_feeling_safe_is_not_shown_to_the_partner_without_being_told(
    supporting_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, unsafe_now=True)
    make_checkin(couple, supporting)
    page = supporting_client.get(URL).content.decode()
    assert "feel safe" not in page


def test_query_count_is_the_same_with_one_week_or_five_years(
    treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards against an N+1 over the couple's weeks: who has checked in this week and what
    the viewer may read are one query each, however long the history. (11 includes sign-in
    and session bookkeeping, and the boundaries section's one query.)"""
    counts = []
    for weeks_of_history in (1, 260):
        CheckIn.objects.all().delete()
        make_history(couple, in_treatment, supporting, weeks_of_history, include_current=True)
        # Like with like: the crisis card (one more query) shows only for a self-harm answer,
        # which the factory gives every other week.
        CheckIn.objects.filter(week_start=this_week(couple).start).update(phq9=None)
        treatment_client.get(URL)
        with django_assert_max_num_queries(11) as captured:
            assert treatment_client.get(URL).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_last_weeks_checkins_do_not_count_as_this_weeks(treatment_client, couple, in_treatment):
    make_checkin(couple, in_treatment, this_week(couple).start - timedelta(weeks=1))
    assert "Neither of you has checked in yet" in treatment_client.get(URL).content.decode()
