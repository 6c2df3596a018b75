"""Trends: twelve weeks as server-drawn charts, in words and in tables."""

import re
from datetime import timedelta

from django.urls import reverse

from journal import weeks
from journal.checkins import hooks as checkin_hooks
from journal.models import CheckIn
from tests.journal.checkin_factories import make_checkin, make_history, this_week

URL = reverse("checkin_trends")


def test_requires_sign_in(client, couple):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_someone_without_a_partnership_gets_404(loner_client):
    assert loner_client.get(URL).status_code == 404


def test_stranger_sees_none_of_this_couples_numbers(
    stranger_client, couple, in_treatment, supporting
):
    make_checkin(couple, in_treatment, this_week(couple).start - timedelta(weeks=1), mood=9)
    page = stranger_client.get(URL).content.decode()
    assert "Mood, week of" not in page
    # Nothing the stranger may see: their own first-week guide, not Sam's numbers.
    assert "Nothing to draw yet" in page


def test_chart_summary_and_table_show_the_weeks(
    treatment_client, supporting_client, couple, in_treatment, supporting
):
    start = this_week(couple).start
    make_checkin(couple, in_treatment, start - timedelta(weeks=2), mood=3, anxiety=7)
    make_checkin(couple, in_treatment, start - timedelta(weeks=1), mood=6, anxiety=5)
    make_checkin(couple, supporting, start - timedelta(weeks=1), mood=7, stress=8)
    for client in (treatment_client, supporting_client):
        response = client.get(URL)
        page = response.content.decode()
        assert '<svg class="chart"' in page
        assert "<polyline" in page
        assert "Mood: 6 out of 10" in page and "up from 3" in page
        assert "Alex&#x27;s own stress (lower is better): 8 out of 10" in page
        assert "<table" in page
        assert "<script" not in page.split("<main")[1]


def test_unrevealed_answers_stay_off_the_chart(supporting_client, couple, in_treatment):
    make_checkin(couple, in_treatment, mood=9)
    page = supporting_client.get(URL).content.decode()
    # Nothing Alex may see yet: the first-week guide, and no chart of Sam's answer.
    assert "Nothing to draw yet" in page
    assert 'class="chart"' not in page


def test_questionnaire_totals_with_bands(treatment_client, couple, in_treatment):
    make_checkin(
        couple,
        in_treatment,
        this_week(couple).start - timedelta(weeks=1),
        phq9=[2] * 9,
        phq9_total=18,
        gad7=[1] * 7,
        gad7_total=7,
    )
    page = treatment_client.get(URL).content.decode()
    assert "moderately severe" in page and "mild" in page
    assert "Pfizer" in page and "North Zealand" in page


def test_markers_from_other_parts_appear_on_their_week(
    treatment_client, couple, in_treatment, monkeypatch
):
    start = this_week(couple).start
    monkeypatch.setattr(
        checkin_hooks,
        "week_markers",
        lambda couple, first, last: [
            checkin_hooks.Marker(start - timedelta(weeks=1) + timedelta(days=2), "Infusion")
        ],
    )
    make_checkin(couple, in_treatment, start - timedelta(weeks=1))
    page = treatment_client.get(URL).content.decode()
    assert '<g class="markers">' in page
    assert "><title>Infusion</title></use>" in page
    assert "<td>Infusion</td>" in page


def test_every_id_on_the_page_is_unique_and_every_shape_it_uses_is_drawn(
    treatment_client, supporting_client, couple, in_treatment, supporting
):
    """Both charts draw their point shapes once, in <defs>, with ids of their own."""
    for start in weeks.week_starts_back(this_week(couple).start, 3):
        make_checkin(couple, in_treatment, start, anxiety=4, sleep=6)
        make_checkin(couple, supporting, start, seemed_mood=5, seemed_sleep=5, stress=3)
    page = treatment_client.get(URL).content.decode()
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    used = set(re.findall(r'<use href="#([^"]+)"', page))
    assert used and used <= set(ids)


def test_query_count_is_the_same_with_one_week_or_five_years(
    treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards against reading the whole history for a 12-week chart, or a query per week:
    the running week, the twelve weeks' check-ins and the treatment log's markers are one
    query each. (11 includes sign-in and session bookkeeping.)"""
    counts = []
    for weeks_of_history in (1, 260):
        CheckIn.objects.all().delete()
        make_history(couple, in_treatment, supporting, weeks_of_history, include_current=True)
        treatment_client.get(URL)
        with django_assert_max_num_queries(11) as captured:
            assert treatment_client.get(URL).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_page_stays_light_with_five_years_and_a_session_every_week(
    treatment_client, couple, in_treatment, supporting, monkeypatch
):
    """Issue 7's page-weight budget: first load (HTML, CSS and JS) within 40 KB, so the HTML
    gets 36,000 bytes with every week of the chart answered and marked."""
    make_history(couple, in_treatment, supporting, 260, include_current=True)
    monkeypatch.setattr(
        checkin_hooks,
        "week_markers",
        lambda couple, first, last: [
            checkin_hooks.Marker(first + timedelta(weeks=n, days=2), f"Session {n}; dose changed")
            for n in range(12)
        ],
    )

    page = treatment_client.get(URL).content

    assert len(page) <= 36_000, len(page)
    assert b"Session 11; dose changed" in page
