"""The printable summary for a clinician: the partner in treatment's own answers only."""

from datetime import timedelta

import pytest
from django.urls import reverse

from journal.models import CheckIn
from tests.journal.checkin_factories import NOTE_MARKER, make_checkin, make_history, this_week

URL = reverse("checkin_summary")


def test_requires_sign_in(client, couple):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_supporting_partner_gets_403(supporting_client):
    assert supporting_client.get(URL).status_code == 403


def test_stranger_sees_none_of_this_couple(stranger_client, couple, in_treatment):
    make_checkin(couple, in_treatment, what_helped="Our walks")
    response = stranger_client.get(URL)
    assert response.status_code == 200
    assert "Our walks" not in response.content.decode()


def test_own_answers_and_item_scores_never_the_partners(
    treatment_client, couple, in_treatment, supporting
):
    last_week = this_week(couple).start - timedelta(weeks=1)
    make_checkin(
        couple,
        in_treatment,
        last_week,
        what_helped="Morning light",
        phq9=[1, 1, 1, 1, 1, 1, 1, 1, 0],
        phq9_total=8,
        private_note=NOTE_MARKER,
    )
    make_checkin(couple, supporting, last_week, worries="Alex's own worry")
    page = treatment_client.get(URL).content.decode()
    assert "Morning light" in page
    assert "PHQ-9: total 8" in page and "mild" in page
    assert "Little interest or pleasure in doing things" in page  # the item, with its score
    assert "Alex&#x27;s own worry" not in page
    assert NOTE_MARKER not in page
    with_notes = treatment_client.get(
        URL,
        {
            "start": last_week.isoformat(),
            "end": this_week(couple).last_day.isoformat(),
            "include_notes": "on",
        },
    )
    assert NOTE_MARKER in with_notes.content.decode()


def test_date_range_limits_the_weeks(treatment_client, couple, in_treatment):
    start = this_week(couple).start
    make_checkin(couple, in_treatment, start - timedelta(weeks=5), what_helped="Old week")
    make_checkin(couple, in_treatment, start - timedelta(weeks=1), what_helped="Recent week")
    page = treatment_client.get(
        URL,
        {"start": (start - timedelta(weeks=2)).isoformat(), "end": start.isoformat()},
    ).content.decode()
    assert "Recent week" in page and "Old week" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-02-01", "end": "2025-01-01"}, "on or after the start date"),
        ({"start": "yesterday", "end": "2025-01-01"}, "Enter a date, like 2025-01-31."),
        ({"start": "2025-01-01\x00", "end": "2025-01-31"}, "Enter a date"),
        ({"start": "1066-10-14", "end": "2025-01-31"}, "after the year 2000"),
        ({"end": "2025-01-31"}, "This field is required."),
    ],
)
def test_bad_ranges_get_a_message(treatment_client, couple, params, message):
    response = treatment_client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_query_count_is_the_same_with_one_week_or_five_years(
    treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards against a query per week in the range: all five years in one summary is still
    one query for the check-ins. (10 includes sign-in and session bookkeeping.)"""
    everything = {"start": "2001-01-01", "end": "2099-12-31"}
    counts = []
    for weeks_of_history in (1, 260):
        CheckIn.objects.all().delete()
        make_history(couple, in_treatment, supporting, weeks_of_history, include_current=True)
        treatment_client.get(URL)
        with django_assert_max_num_queries(10) as captured:
            assert treatment_client.get(URL, everything).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
