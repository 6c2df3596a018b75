"""The boundaries panel on the couple's dashboard."""

import pytest
from django.urls import reverse

from journal.boundaries import panel
from journal.boundaries.models import State
from partners.access import load_couple
from tests.journal.boundary_factories import make_boundary, make_due, years_of_history

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard")


def boundaries_card(response):
    html = response.content.decode()
    start = html.index('id="boundaries-heading"')
    return html[start : html.index("</section>", start)]


def test_a_proposal_waits_on_the_partners_dashboard_only(
    treatment_client, supporting_client, in_treatment, supporting
):
    proposal = make_boundary(in_treatment, supporting, State.PROPOSED, wording="Ask me first")

    alex = boundaries_card(supporting_client.get(HOME))
    sam = boundaries_card(treatment_client.get(HOME))

    assert "Waiting for your answer" in alex
    assert reverse("boundary_answer", args=[proposal.public_id]) in alex
    assert "Ask me first" not in sam


def test_agreements_due_for_revisit_show_to_both(
    treatment_client, supporting_client, in_treatment, supporting
):
    due = make_due(in_treatment, supporting, wording="Time to look again")
    make_boundary(in_treatment, supporting, State.AGREED, wording="Not yet due")

    for client in (treatment_client, supporting_client):
        card = boundaries_card(client.get(HOME))
        assert "Due for a revisit" in card
        assert reverse("boundary_detail", args=[due.public_id]) in card
        assert "Not yet due" not in card


def test_a_quiet_week_says_so(treatment_client, in_treatment, supporting):
    assert "No agreed boundaries yet" in boundaries_card(treatment_client.get(HOME))

    make_boundary(in_treatment, supporting, State.AGREED)
    make_boundary(in_treatment, supporting, State.AGREED)

    assert "2 agreed boundaries" in boundaries_card(treatment_client.get(HOME))


def test_a_long_queue_points_to_the_full_list(supporting_client, in_treatment, supporting):
    for n in range(7):
        make_boundary(in_treatment, supporting, State.PROPOSED, wording=f"Ask {n}")

    card = boundaries_card(supporting_client.get(HOME))

    assert card.count("/answer/") == 5
    assert "More waiting for you" in card


@pytest.mark.parametrize("history", ["one week", "five years"])
def test_the_panel_query_count_does_not_grow_with_history(
    history, couple, in_treatment, supporting, django_assert_num_queries
):
    """Guards counting or listing every boundary to find the few that need attention:
    two short lists and the count of agreements, in one windowed query, however long
    the couple's history."""
    make_boundary(supporting, in_treatment, State.PROPOSED)
    make_due(in_treatment, supporting)
    if history == "five years":
        years_of_history(couple, in_treatment, supporting, count=300)
    couple_view = load_couple(in_treatment)

    with django_assert_num_queries(1):
        context = panel.context(couple_view)

    assert context["boundaries_waiting"]
    assert context["boundaries_due"]
