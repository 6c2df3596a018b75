"""The dashboard's check-in panel: where this week stands, in a fixed number of queries."""

from django.urls import reverse

from journal.models import CheckIn
from tests.journal.checkin_factories import make_checkin, make_history

URL = reverse("dashboard")


def panel(client):
    page = client.get(URL).content.decode()
    start = page.index('id="checkins-heading"')
    return page[start : page.index("</section>", start)]


def test_nobody_has_checked_in(treatment_client, couple):
    text = panel(treatment_client)
    assert "Neither of you has checked in yet" in text
    assert reverse("checkin_form") in text


def test_waiting_for_the_partner_and_partner_waiting(
    treatment_client, supporting_client, couple, in_treatment
):
    make_checkin(couple, in_treatment, what_helped="Sunlight")
    assert "Waiting for Alex" in panel(treatment_client)
    theirs = panel(supporting_client)
    assert "Sam has checked in and is waiting for you" in theirs
    assert "Sunlight" not in theirs


def test_both_checked_in(treatment_client, couple, in_treatment, supporting):
    make_checkin(couple, in_treatment)
    make_checkin(couple, supporting)
    assert "You have both checked in" in panel(treatment_client)


def test_panel_adds_the_same_queries_with_one_week_or_five_years(
    treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards against the panel reading history: who has checked in this week and what the
    viewer may read of it are two queries, whatever the number of weeks. The limit is the
    whole dashboard's, with every panel in it."""
    counts = []
    for weeks_of_history in (1, 260):
        CheckIn.objects.all().delete()
        make_history(couple, in_treatment, supporting, weeks_of_history, include_current=True)
        treatment_client.get(URL)
        with django_assert_max_num_queries(30) as captured:
            assert treatment_client.get(URL).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
