"""A new couple's home page and trends: what will appear, and when, not empty charts."""

import pytest
from django.urls import reverse

from tests.journal.checkin_factories import make_checkin, make_history, this_week

pytestmark = pytest.mark.django_db

HOME = reverse("dashboard")
TRENDS = reverse("checkin_trends")


def test_a_new_couples_home_says_what_will_appear_and_when(treatment_client, couple):
    page = treatment_client.get(HOME).content.decode()
    last_day = this_week(couple).last_day

    assert "Your first week here" in page
    assert f"By the end of {last_day:%A} {last_day.day} {last_day:%B}" in page
    assert "From your second week" in page
    # The guide comes first; the one thing to do is the check-in panel's button below it.
    assert page.index("Your first week here") < page.index("Neither of you has checked in yet")
    assert page.count(f'href="{reverse("checkin_form")}"') == 1


def test_the_guide_goes_once_anyone_has_checked_in(supporting_client, couple, in_treatment):
    make_checkin(couple, in_treatment)

    page = supporting_client.get(HOME).content.decode()

    assert "Your first week here" not in page
    assert "This week's check-in" in page


def test_new_trends_draw_no_empty_charts(supporting_client, couple):
    page = supporting_client.get(TRENDS).content.decode()

    assert "Nothing to draw yet" in page
    assert 'class="chart"' not in page
    assert f"After the week of {this_week(couple).label}" in page
    assert "Check in for this week" in page


def test_trends_after_my_own_first_check_in_wait_for_both(treatment_client, couple, in_treatment):
    make_checkin(couple, in_treatment)

    page = treatment_client.get(TRENDS).content.decode()

    # My own answers are mine to see: a chart with one point, not the guide.
    assert 'class="chart"' in page


def test_trends_with_history_draw_charts(treatment_client, couple, in_treatment, supporting):
    make_history(couple, in_treatment, supporting, 3)

    page = treatment_client.get(TRENDS).content.decode()

    assert "Nothing to draw yet" not in page
    assert page.count('class="chart"') == 2


def test_the_partners_unrevealed_check_in_does_not_leak_into_the_guide(
    supporting_client, couple, in_treatment
):
    make_checkin(couple, in_treatment, mood=1)

    page = supporting_client.get(TRENDS).content.decode()

    assert "Nothing to draw yet" in page
