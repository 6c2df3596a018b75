"""The small steps, each one POST: agree, decline, withdraw, revisit, keep, pause, resume,
retire. Refusals re-render the page with the reason; stale pages get the conflict page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from journal.boundaries import rules
from journal.boundaries.models import Action, State
from journal.models import Boundary, BoundaryEvent
from tests.journal.boundary_factories import details, make_boundary, make_due, side

pytestmark = pytest.mark.django_db
SLUGS = ["agree", "decline", "withdraw", "revisit", "keep", "pause", "resume", "retire"]


def url(boundary, slug):
    return reverse("boundary_step", args=[boundary.public_id, slug])


def data(boundary, step, **fields):
    values = {"version": str(boundary.version), "note": ""}
    values.update(fields)
    return {f"{step}-{name}": value for name, value in values.items()}


def fresh(boundary):
    return Boundary.objects.get(pk=boundary.pk)


@pytest.fixture
def proposal(in_treatment, supporting):
    return make_boundary(in_treatment, supporting, State.PROPOSED, wording="Text me after")


@pytest.fixture
def agreed(in_treatment, supporting):
    return make_boundary(in_treatment, supporting, State.AGREED, wording="We agreed this")


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_requires_sign_in(slug, client, agreed):
    response = client.post(url(agreed, slug), {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("slug", SLUGS)
def test_a_stranger_gets_404_and_changes_nothing(slug, stranger_client, proposal, agreed):
    for boundary in (proposal, agreed):
        response = stranger_client.post(url(boundary, slug), data(boundary, slug, note="x"))
        assert response.status_code == 404
        assert fresh(boundary).version == boundary.version


def test_someone_without_a_partnership_gets_404(loner_client, agreed):
    assert loner_client.post(url(agreed, "retire"), data(agreed, "retire")).status_code == 404


@pytest.mark.parametrize("slug", SLUGS)
def test_steps_are_never_taken_on_get(slug, supporting_client, proposal):
    assert supporting_client.get(url(proposal, slug)).status_code == 405
    assert fresh(proposal).version == 1


def test_an_unknown_step_is_404(supporting_client, agreed):
    assert supporting_client.post(url(agreed, "delete"), {}).status_code == 404


# --- answering --------------------------------------------------------------------------------


def test_the_partner_asked_can_agree(supporting_client, proposal):
    response = supporting_client.post(url(proposal, "agree"), data(proposal, "agree"))

    assert response.status_code == 302
    assert response.url == reverse("boundary_detail", args=[proposal.public_id])
    assert fresh(proposal).state == State.AGREED


def test_the_proposer_cannot_accept_their_own_proposal(treatment_client, proposal):
    response = treatment_client.post(url(proposal, "agree"), data(proposal, "agree"))

    assert response.status_code == 400
    assert "your partner&#x27;s to accept" in response.content.decode()
    assert fresh(proposal).state == State.PROPOSED


def test_declining_without_a_note_asks_for_one_on_the_answer_page(supporting_client, proposal):
    response = supporting_client.post(url(proposal, "decline"), data(proposal, "decline"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Add a short note" in html
    assert "Sam proposed a boundary" in html
    assert fresh(proposal).state == State.PROPOSED


def test_declining_with_a_note(supporting_client, proposal):
    supporting_client.post(
        url(proposal, "decline"), data(proposal, "decline", note="Can we talk first?")
    )

    boundary = fresh(proposal)
    assert boundary.state == State.DECLINED
    assert boundary.events.first().note == "Can we talk first?"


def test_the_proposer_can_withdraw(treatment_client, proposal):
    treatment_client.post(url(proposal, "withdraw"), data(proposal, "withdraw"))

    assert fresh(proposal).state == State.RETIRED
    assert fresh(proposal).events.first().action == Action.WITHDRAWN


# --- agreements -------------------------------------------------------------------------------


@pytest.mark.parametrize("client_name", ["treatment_client", "supporting_client"])
def test_either_partner_can_ask_to_revisit(client_name, request, agreed):
    client = request.getfixturevalue(client_name)

    response = client.post(
        url(agreed, "revisit"), data(agreed, "revisit", note="Since the dose went up")
    )

    assert response.status_code == 302
    assert fresh(agreed).state == State.REVISIT_REQUESTED


def test_asking_to_revisit_says_a_notice_was_left_not_that_the_partner_was_asked(
    treatment_client, agreed
):
    # What happened is a notice in the app; whether the partner has read it is not known yet.
    response = treatment_client.post(
        url(agreed, "revisit"), data(agreed, "revisit", note="Since the dose went up"), follow=True
    )
    page = response.content.decode()
    assert "has been asked" not in page
    assert "A notice in Alongside asks" in page


def test_keeping_a_due_agreement_sets_the_next_date(
    supporting_client, in_treatment, supporting, couple
):
    due = make_due(in_treatment, supporting)
    later = couple.today() + timedelta(days=180)

    response = supporting_client.post(
        url(due, "keep"), data(due, "keep", revisit_on=later.isoformat()), follow=True
    )

    assert fresh(due).revisit_on == later
    assert fresh(due).state == State.AGREED
    assert "Kept as it is" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Choose a date to revisit it."),
        ("2000-01-01", "Choose a date after today"),
        ("3000-01-01", "within the next 3 years"),
        ("not a date", "Enter a real date"),
    ],
)
def test_keeping_needs_a_sensible_date(value, message, supporting_client, in_treatment, supporting):
    due = make_due(in_treatment, supporting)

    response = supporting_client.post(
        url(due, "keep"), data(due, "keep", revisit_on=value, note="Still works")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Still works" in html
    assert fresh(due).version == due.version


@pytest.mark.parametrize("client_name", ["treatment_client", "supporting_client"])
def test_either_partner_can_pause_resume_and_retire(client_name, request, agreed):
    client = request.getfixturevalue(client_name)

    client.post(url(agreed, "pause"), data(agreed, "pause"))
    assert fresh(agreed).state == State.PAUSED
    client.post(url(agreed, "resume"), data(fresh(agreed), "resume"))
    assert fresh(agreed).state == State.AGREED
    retiring = data(fresh(agreed), "retire", note="Course finished", confirmed="True")
    client.post(url(agreed, "retire"), retiring)
    assert fresh(agreed).state == State.RETIRED


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_can_be_done_to_a_retired_boundary(
    slug, treatment_client, in_treatment, supporting
):
    retired = make_boundary(in_treatment, supporting, State.RETIRED)
    step = slug
    fields = {"note": "please"}
    if slug == "keep":
        fields["revisit_on"] = (retired.partnership.today() + timedelta(days=9)).isoformat()

    response = treatment_client.post(url(retired, slug), data(retired, step, **fields))

    assert response.status_code == 400
    assert "retired, so it can&#x27;t be changed" in response.content.decode()
    assert fresh(retired).version == retired.version


def test_a_note_that_is_too_long_is_explained_and_kept(supporting_client, agreed):
    response = supporting_client.post(
        url(agreed, "pause"), data(agreed, "pause", note="Long " * 300)
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "1000 characters or fewer" in html
    assert "Long Long Long" in html
    assert '<details class="bd-step" open>' in html


def test_a_nul_byte_in_a_note_is_refused(supporting_client, agreed):
    response = supporting_client.post(url(agreed, "retire"), data(agreed, "retire", note="a\x00b"))

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


# --- stale pages and double clicks ------------------------------------------------------------


def test_agreeing_to_wording_that_changed_meanwhile_shows_both_and_asks_again(
    supporting_client, proposal, couple, in_treatment
):
    seen = data(proposal, "agree", note="Happy with this")
    rules.revise(side(in_treatment), proposal, 1, details(couple, "Text me after, please"))

    response = supporting_client.post(url(proposal, "agree"), seen)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Text me after, please" in html
    assert "Happy with this" in html
    assert 'name="agree-version" value="2"' in html
    assert fresh(proposal).state == State.PROPOSED

    supporting_client.post(url(proposal, "agree"), data(fresh(proposal), "agree"))
    assert fresh(proposal).state == State.AGREED


def test_a_step_that_is_no_longer_possible_keeps_the_note_to_copy(
    supporting_client, agreed, in_treatment
):
    seen = data(agreed, "pause", note="Just for the holidays")
    rules.retire(side(in_treatment), agreed, agreed.version, notify_partner=False)

    response = supporting_client.post(url(agreed, "pause"), seen)

    assert response.status_code == 409
    html = response.content.decode()
    assert "no longer possible" in html
    assert "Just for the holidays" in html


def test_a_double_click_takes_the_step_once(supporting_client, proposal):
    first = supporting_client.post(url(proposal, "agree"), data(proposal, "agree"))
    second = supporting_client.post(url(proposal, "agree"), data(proposal, "agree"))

    assert first.status_code == second.status_code == 302
    assert BoundaryEvent.objects.filter(boundary=proposal, action=Action.AGREED).count() == 1
