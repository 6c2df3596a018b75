"""One boundary: where it stands, what the reader may do next, and its whole history."""

import uuid

import pytest
from django.urls import reverse

from journal.boundaries import rules
from journal.boundaries.models import State
from tests.journal.boundary_factories import (
    details,
    make_boundary,
    make_due,
    side,
    years_of_history,
)

pytestmark = pytest.mark.django_db


def url(boundary):
    return reverse("boundary_detail", args=[boundary.public_id])


@pytest.fixture
def boundary(in_treatment, supporting):
    return make_boundary(in_treatment, supporting, State.PROPOSED, wording="Call me after")


def test_requires_sign_in(client, boundary):
    assert client.get(url(boundary)).url.startswith(reverse("account_login"))


def test_a_stranger_gets_404(stranger_client, boundary):
    assert stranger_client.get(url(boundary)).status_code == 404


def test_someone_without_a_partnership_gets_404(loner_client, boundary):
    assert loner_client.get(url(boundary)).status_code == 404


def test_an_unknown_id_is_404(treatment_client):
    missing = reverse("boundary_detail", args=[uuid.uuid4()])
    assert treatment_client.get(missing).status_code == 404


def test_the_partner_who_must_answer_is_asked_to(supporting_client, boundary):
    html = supporting_client.get(url(boundary)).content.decode()

    assert "It is waiting for your answer" in html
    assert reverse("boundary_answer", args=[boundary.public_id]) in html


def test_the_proposer_sees_it_waiting_and_may_withdraw(treatment_client, boundary):
    html = treatment_client.get(url(boundary)).content.decode()

    assert "Waiting for Alex" in html
    assert reverse("boundary_step", args=[boundary.public_id, "withdraw"]) in html
    assert reverse("boundary_step", args=[boundary.public_id, "agree"]) not in html


def test_an_agreement_offers_revisit_pause_and_retire(treatment_client, in_treatment, supporting):
    agreed = make_boundary(in_treatment, supporting, State.AGREED)

    html = treatment_client.get(url(agreed)).content.decode()

    for slug in ("revisit", "pause", "retire"):
        assert reverse("boundary_step", args=[agreed.public_id, slug]) in html
    assert reverse("boundary_step", args=[agreed.public_id, "keep"]) not in html
    assert reverse("boundary_edit", args=[agreed.public_id]) in html


def test_a_due_agreement_offers_to_keep_it(supporting_client, in_treatment, supporting):
    due = make_due(in_treatment, supporting)

    html = supporting_client.get(url(due)).content.decode()

    assert "It is time to revisit this" in html
    assert reverse("boundary_step", args=[due.public_id, "keep"]) in html


def test_a_retired_boundary_offers_no_changes(treatment_client, in_treatment, supporting):
    retired = make_boundary(in_treatment, supporting, State.RETIRED)

    html = treatment_client.get(url(retired)).content.decode()

    assert "can no longer be changed" in html
    assert reverse("boundary_edit", args=[retired.public_id]) not in html
    assert "/retire/" not in html


def test_the_history_shows_each_wording_and_note(
    supporting_client, couple, in_treatment, supporting
):
    sam, alex = side(in_treatment), side(supporting)
    boundary, _ = rules.propose(sam, details(couple, "First wording"), notify_partner=False)
    rules.revise(alex, boundary, 1, details(couple, "Second wording"), note="Shorter please")
    rules.agree(sam, boundary, 2, notify_partner=False)

    html = supporting_client.get(url(boundary)).content.decode()

    history = html[html.index('id="history-heading"') :]
    assert "First wording" in history
    assert "Second wording" in history
    assert "Shorter please" in history
    assert "suggested different wording" in history
    assert history.index("agreed") < history.index("proposed it")  # newest first


@pytest.mark.parametrize("history", ["one week", "five years"])
def test_query_count_does_not_grow_with_history(
    history, treatment_client, couple, in_treatment, supporting, django_assert_max_num_queries
):
    """Guards the N+1 of loading each history step's actor (names come from the couple)."""
    boundary = make_boundary(in_treatment, supporting, State.AGREED)
    for _ in range(3 if history == "one week" else 40):
        rules.pause(side(in_treatment), boundary, boundary.version, notify_partner=False)
        rules.resume(side(supporting), boundary, boundary.version, notify_partner=False)
    if history == "five years":
        years_of_history(couple, in_treatment, supporting, count=300)
    treatment_client.get(url(boundary))

    with django_assert_max_num_queries(10):
        assert treatment_client.get(url(boundary)).status_code == 200
