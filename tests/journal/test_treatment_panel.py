"""The treatment panel on both dashboards: upcoming sessions, recent changes, "I'll drive"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.treatment.models import Kind, Status
from tests.journal.treatment_factories import make_entry, make_history, make_planned

URL = reverse("dashboard")


def panel(response):
    body = response.content.decode()
    start = body.index('aria-labelledby="treatment-heading"')
    return body[start : body.index("</section>", start)]


def test_upcoming_sessions_show_on_both_dashboards(treatment_client, supporting_client, couple):
    make_planned(couple, place="Riverside Clinic")
    for client in (treatment_client, supporting_client):
        assert "Riverside Clinic" in panel(client.get(URL))


def test_supporter_can_say_ill_drive_from_the_dashboard(supporting_client, couple):
    entry = make_planned(couple)
    html = panel(supporting_client.get(URL))
    assert reverse("treatment_ride", args=[entry.public_id]) in html
    assert 'name="back_to" value="dashboard"' in html


def test_partner_in_treatment_sees_whether_the_ride_is_confirmed(
    treatment_client, couple, supporting
):
    make_planned(couple)
    assert "Waiting for Alex to confirm the ride" in panel(treatment_client.get(URL))
    make_planned(
        couple, days_ahead=1, driver_confirmed_by=supporting, driver_confirmed_at=timezone.now()
    )
    assert "Alex is driving" in panel(treatment_client.get(URL))


def test_past_done_and_cancelled_sessions_are_not_upcoming(supporting_client, couple):
    make_entry(couple, place="Yesterday Clinic")
    make_planned(couple, status=Status.CANCELLED, place="Cancelled Clinic")
    make_planned(couple, on_date=couple.today() - timedelta(days=2), place="Stale Clinic")
    html = panel(supporting_client.get(URL))
    assert "No sessions planned." in html
    for place in ("Yesterday Clinic", "Cancelled Clinic", "Stale Clinic"):
        assert place not in html


def test_soonest_first_and_at_most_three(supporting_client, couple):
    for days, place in [(9, "Ninth"), (1, "First"), (5, "Fifth"), (3, "Third")]:
        make_planned(couple, days_ahead=days, place=place)
    html = panel(supporting_client.get(URL))
    assert html.index("First") < html.index("Third") < html.index("Fifth")
    assert "Ninth" not in html


def test_recent_changes_show_for_two_weeks(supporting_client, couple):
    make_entry(couple, kind=Kind.DOSE, on_date=couple.today() - timedelta(days=3))
    make_entry(couple, kind=Kind.SCHEDULE, on_date=couple.today() - timedelta(days=40))
    html = panel(supporting_client.get(URL))
    assert "Dose change" in html
    assert "Schedule change" not in html


def test_stranger_never_sees_this_couples_sessions(stranger_client, couple):
    make_planned(couple, place="Riverside Clinic")
    assert "Riverside Clinic" not in stranger_client.get(URL).content.decode()


@pytest.mark.parametrize("history", [1, 500])
def test_panel_queries_do_not_grow_with_the_log(
    treatment_client, supporting_client, couple, history, django_assert_num_queries
):
    """Guards an N+1 over upcoming sessions (each confirming partner) and a panel that
    loads the whole log: upcoming sessions and recent changes come from one windowed
    query."""
    from journal.treatment import panel as treatment
    from partners.access import load_couple

    make_history(couple, history)
    for user in (
        couple.members.get(role="in_treatment").user,
        couple.members.get(role="supporting").user,
    ):
        me = load_couple(user)
        with django_assert_num_queries(1):
            context = treatment.context(me)
        assert len(context["treatment_upcoming"]) == 3
