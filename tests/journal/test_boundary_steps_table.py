"""The boundary steps as one table: each step's name is its URL, and the table is the rule."""

import pytest
from django.urls import resolve, reverse

from journal.boundaries import rules
from journal.boundaries.forms import DeclineForm, KeepForm, StepForm, step_form_class
from journal.boundaries.models import State
from tests.journal.boundary_factories import make_boundary, side

pytestmark = pytest.mark.django_db
TRANSITIONS = [step for step in rules.STEPS.values() if step.is_transition]


@pytest.mark.parametrize("step", TRANSITIONS, ids=lambda step: step.name)
def test_a_steps_name_is_its_url(step, in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)

    url = reverse("boundary_step", args=[boundary.public_id, step.name])

    assert url.endswith(f"/{step.name}/")
    assert resolve(url).kwargs["slug"] == step.name


# ("edit" is the edit page's own URL, boundary_edit, and never reaches boundary_step.)
@pytest.mark.parametrize("name", ["counter", "request_revisit", "delete"])
def test_names_that_are_not_a_state_change_are_404(
    name, treatment_client, in_treatment, supporting
):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)

    response = treatment_client.post(reverse("boundary_step", args=[boundary.public_id, name]))

    assert response.status_code == 404


def test_every_transition_has_its_words():
    for step in TRANSITIONS:
        assert step.action and step.tell and step.done and step.title and step.button, step
        assert step.to_state in State.values


def test_each_step_gets_the_form_its_table_row_asks_for():
    assert step_form_class(rules.STEPS["keep"]) is KeepForm
    assert step_form_class(rules.STEPS["decline"]) is DeclineForm
    assert step_form_class(rules.STEPS["pause"]) is StepForm


def test_the_public_step_functions_are_the_table_rows():
    assert rules.pause is rules.STEPS["pause"]
    assert rules.request_revisit is rules.STEPS["revisit"]


def test_an_unknown_action_is_a_programming_error(in_treatment, supporting, couple):
    boundary = make_boundary(in_treatment, supporting, State.AGREED)

    with pytest.raises(ValueError, match="unknown boundary action"):
        rules._refusal(boundary, in_treatment, "delete", couple.today())


def test_a_wording_step_cannot_be_taken_as_a_state_change(in_treatment, supporting):
    boundary = make_boundary(in_treatment, supporting, State.PROPOSED)

    with pytest.raises(ValueError, match="revise"):
        rules.STEPS["counter"](side(supporting), boundary, boundary.version)


def test_the_pages_offer_steps_in_table_order(in_treatment, supporting):
    waiting = make_boundary(in_treatment, supporting, State.REVISIT_REQUESTED)
    waiting.waiting_on = supporting

    offered = [step.name for step in rules.answer_steps(waiting, supporting)]

    assert offered == ["keep", "pause", "retire"]
    assert [step.name for step in rules.DETAIL_STEPS] == [
        "keep",
        "revisit",
        "pause",
        "resume",
        "withdraw",
        "retire",
    ]
