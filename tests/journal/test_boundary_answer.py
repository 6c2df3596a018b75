"""Answering a proposal or a request to revisit: the page, and answering in other words."""

from datetime import timedelta

import pytest
from django.urls import reverse

from journal.boundaries import rules
from journal.boundaries.models import Action, State
from journal.models import Boundary, Notice
from tests.journal.boundary_factories import details, make_boundary, side, years_of_history

pytestmark = pytest.mark.django_db


def url(boundary):
    return reverse("boundary_answer", args=[boundary.public_id])


@pytest.fixture
def proposal(in_treatment, supporting):
    return make_boundary(in_treatment, supporting, State.PROPOSED, wording="Drive me home")


def counter_data(boundary, **overrides):
    data = {
        "counter-wording": "I'll drive you home, or book a taxi",
        "counter-why": "",
        "counter-category": boundary.category,
        "counter-revisit_on": (boundary.partnership.today() + timedelta(days=30)).isoformat(),
        "counter-note": "A taxi is a fine backup",
        "counter-version": str(boundary.version),
    }
    data.update(overrides)
    return data


def fresh(boundary):
    return Boundary.objects.get(pk=boundary.pk)


def test_requires_sign_in(client, proposal):
    assert client.get(url(proposal)).url.startswith(reverse("account_login"))


def test_a_stranger_gets_404_and_cannot_answer(stranger_client, proposal):
    assert stranger_client.get(url(proposal)).status_code == 404
    assert stranger_client.post(url(proposal), counter_data(proposal)).status_code == 404
    assert fresh(proposal).version == proposal.version


def test_someone_without_a_partnership_gets_404(loner_client, proposal):
    assert loner_client.get(url(proposal)).status_code == 404


def test_the_partner_asked_sees_the_three_answers(supporting_client, proposal):
    response = supporting_client.get(url(proposal))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam proposed a boundary" in html
    assert "Drive me home" in html
    assert reverse("boundary_step", args=[proposal.public_id, "agree"]) in html
    assert reverse("boundary_step", args=[proposal.public_id, "decline"]) in html
    assert "Answer with different wording" in html


def test_the_proposer_is_shown_the_boundary_instead(treatment_client, proposal):
    response = treatment_client.get(url(proposal), follow=True)

    assert response.redirect_chain[-1][0] == reverse("boundary_detail", args=[proposal.public_id])
    assert "Nothing here is waiting for your answer" in response.content.decode()


def test_a_revisit_request_offers_keep_pause_retire_or_new_wording(
    treatment_client, in_treatment, supporting
):
    boundary = make_boundary(supporting, in_treatment, State.REVISIT_REQUESTED)

    html = treatment_client.get(url(boundary)).content.decode()

    assert "Alex would like to revisit this" in html
    for slug in ("keep", "pause", "retire"):
        assert reverse("boundary_step", args=[boundary.public_id, slug]) in html
    assert "Change the wording" in html


def test_answering_in_other_words_hands_it_back(
    supporting_client, proposal, in_treatment, supporting
):
    response = supporting_client.post(url(proposal), counter_data(proposal))

    assert response.status_code == 302
    boundary = fresh(proposal)
    assert boundary.wording == "I'll drive you home, or book a taxi"
    assert boundary.proposed_by == supporting
    assert boundary.waiting_on == in_treatment
    assert boundary.events.first().action == Action.COUNTERED
    assert boundary.events.first().note == "A taxi is a fine backup"
    assert Notice.objects.filter(recipient=in_treatment).exists()


def test_the_proposer_cannot_answer_their_own_proposal(treatment_client, proposal):
    response = treatment_client.post(url(proposal), counter_data(proposal))

    assert response.status_code == 400
    assert "Nothing here is waiting for your answer" in response.content.decode()
    assert fresh(proposal).wording == "Drive me home"


def test_an_answer_to_wording_that_changed_meanwhile_is_a_conflict(
    supporting_client, proposal, couple, in_treatment
):
    seen = counter_data(proposal)
    rules.revise(side(in_treatment), proposal, 1, details(couple, "Drive me home, please"))

    response = supporting_client.post(url(proposal), seen)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Drive me home, please" in html
    assert "or book a taxi" in html
    assert 'name="counter-version" value="2"' in html
    assert fresh(proposal).wording == "Drive me home, please"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("counter-wording", "", "Write the boundary in a sentence or two."),
        ("counter-wording", "z" * 10_000, "300 characters or fewer"),
        ("counter-note", "\x00", "Null characters are not allowed."),
        ("counter-revisit_on", "0001-01-01", "Choose a date after today"),
    ],
)
def test_bad_input_is_explained_on_the_answer_page(
    field, value, message, supporting_client, proposal
):
    data = counter_data(proposal)
    data[field] = value

    response = supporting_client.post(url(proposal), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Sam proposed a boundary" in html
    if field != "counter-note":
        assert "A taxi is a fine backup" in html
    assert fresh(proposal).version == 1


@pytest.mark.parametrize("history", ["one week", "five years"])
def test_query_count_does_not_grow_with_history(
    history,
    supporting_client,
    couple,
    proposal,
    in_treatment,
    supporting,
    django_assert_max_num_queries,
):
    """Guards the N+1 of loading the whole history when only the latest note is shown."""
    if history == "five years":
        years_of_history(couple, in_treatment, supporting, count=300)
        for n in range(20):
            rules.revise(
                side(in_treatment),
                proposal,
                proposal.version,
                details(couple, f"Take {n}"),
                notify_partner=False,
            )
    supporting_client.get(url(proposal))

    with django_assert_max_num_queries(10):
        assert supporting_client.get(url(proposal)).status_code == 200
