"""An empty POST to every journal view that takes a form: 400, the form again, a message.

An empty (or partial) POST is a submission with answers missing, never a blank page with
200 and never a 500. Views whose form has no field to leave out (a single button, a pair
of optional checkboxes) are listed in NOTHING_TO_MISS with the reason, and a guard keeps
every journal URL name in one of the lists.
"""

import pytest
from django.urls import URLPattern, URLResolver, reverse

import journal.urls
from journal.boundaries.models import State
from journal.boundaries.rules import STEPS
from journal.models import SafetyPlanSuggestion
from tests.journal.boundary_factories import make_boundary, make_due
from tests.journal.checkin_factories import make_checkin
from tests.journal.treatment_factories import make_entry, make_planned

pytestmark = pytest.mark.django_db

TREATMENT, SUPPORTING = "treatment_client", "supporting_client"
ERROR = 'class="errors form-errors" role="alert"'  # the form's own message, above it


def _boundary(state, days_due=None):
    def make(in_treatment, supporting):
        if days_due is not None:
            return make_due(in_treatment, supporting, days_ago=days_due)
        return make_boundary(in_treatment, supporting, state)

    return make


def _public_id(factory):
    return lambda couple, in_treatment, supporting: [factory(in_treatment, supporting).public_id]


def _suggestion(couple, in_treatment, supporting):
    made = SafetyPlanSuggestion.objects.create(
        partnership=couple, author=supporting, part="people_to_ask", text="Priya"
    )
    return [made.public_id]


def _checkin(couple, in_treatment, supporting):
    return [make_checkin(couple, in_treatment).public_id]


def _entry(couple, in_treatment, supporting):
    return [make_entry(couple).public_id]


def _planned(couple, in_treatment, supporting):
    return [make_planned(couple).public_id]


def _none(couple, in_treatment, supporting):
    return []


# Which boundary each step needs so that the person may take it (and so sees its form).
STEP_CASES = {
    "agree": (_boundary(State.PROPOSED), SUPPORTING),
    "decline": (_boundary(State.PROPOSED), SUPPORTING),
    "withdraw": (_boundary(State.PROPOSED), TREATMENT),
    "keep": (_boundary(None, days_due=3), SUPPORTING),
    "revisit": (_boundary(State.AGREED), TREATMENT),
    "pause": (_boundary(State.AGREED), TREATMENT),
    "resume": (_boundary(State.PAUSED), TREATMENT),
    "retire": (_boundary(State.AGREED), TREATMENT),
}

# url name -> (arguments, who posts, words the re-shown page must carry)
FORM_VIEWS = {
    "boundary_propose": (_none, TREATMENT, "Write the boundary in a sentence or two."),
    "boundary_edit": (
        _public_id(_boundary(State.AGREED)),
        TREATMENT,
        "Write the boundary in a sentence or two.",
    ),
    "boundary_answer": (
        _public_id(_boundary(State.PROPOSED)),
        SUPPORTING,
        "Write the boundary in a sentence or two.",
    ),
    "checkin_form": (_none, TREATMENT, ERROR),
    "checkin_note": (_checkin, TREATMENT, ERROR),
    "safety_plan_edit": (_none, TREATMENT, ERROR),
    "safety_plan_suggest": (_none, SUPPORTING, ERROR),
    "safety_plan_decide": (_suggestion, TREATMENT, "Please use one of the buttons."),
    "treatment_new_session": (_none, TREATMENT, ERROR),
    "treatment_new_change": (_none, TREATMENT, ERROR),
    "treatment_edit": (_entry, TREATMENT, ERROR),
    "treatment_status": (_planned, TREATMENT, "Choose done or cancelled."),
    "treatment_ride": (_planned, SUPPORTING, "Please use one of the buttons."),
}
# Posting nothing is the whole answer: there is no field to leave out.
NOTHING_TO_MISS = {
    "notice_open": "a link pressed as a button: no fields",
    "notices_read_all": "one button: no fields",
    "checkin_tell_partner": "one button (ConfirmForm has no fields)",
    "safety_alert_seen": "one button (ConfirmForm has no fields)",
    "safety_plan_alert": "two optional checkboxes: nothing ticked means both off",
    "treatment_delete": "one button on its own confirmation page",
    "clinic_link_revoke": "one button: turn the link off",
    "clinic_summary": "a link without a code has nothing to post; the code form is its own case",
}
# Forms whose empty POST is pinned to a 400 with the form by their rows in
# tests/security/matrix.py (the people who may post them are set up there).
PINNED_IN_MATRIX = {"calendar_settings", "clinic_link_new", "clinic_link_consent"}
STEP_VIEW = "boundary_step"


def _names(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_journal_url_is_either_a_form_or_has_nothing_to_miss_or_is_read_only():
    read_only = {
        "boundary_list",
        "boundary_retired",
        "boundary_detail",
        "checkin_week",
        "checkin_history",
        "checkin_trends",
        "checkin_summary",
        "checkin_detail",
        "checkin_revisions",
        "dashboard",
        "my_history",
        "my_history_checkin",
        "notice_list",
        "offline",
        "safety_plan",
        "safety_plan_offline_copy",
        "service_worker",
        "this_device",
        "web_manifest",
        "safety_plan_print",
        "treatment_log",
        "treatment_entry",
        "treatment_entry_calendar",
        "calendar_feed",
        "clinic_links",
        "clinic_link",
    }
    classified = {*FORM_VIEWS, *NOTHING_TO_MISS, *PINNED_IN_MATRIX, STEP_VIEW, *read_only}
    assert set(_names(journal.urls.urlpatterns)) == classified


def _page_shows_the_form(response, words):
    html = response.content.decode()
    assert 'method="post"' in html
    assert words in html


@pytest.mark.parametrize("name", sorted(FORM_VIEWS))
def test_an_empty_post_is_400_with_the_form_and_a_message(
    name, request, couple, in_treatment, supporting
):
    arguments, who, words = FORM_VIEWS[name]
    client = request.getfixturevalue(who)

    response = client.post(reverse(name, args=arguments(couple, in_treatment, supporting)), {})

    assert response.status_code == 400, name
    _page_shows_the_form(response, words)


@pytest.mark.parametrize("slug", sorted(n for n, step in STEPS.items() if step.is_transition))
def test_an_empty_post_to_a_boundary_step_is_400_with_its_form(
    slug, request, in_treatment, supporting
):
    factory, who = STEP_CASES[slug]
    boundary = factory(in_treatment, supporting)
    client = request.getfixturevalue(who)

    response = client.post(reverse(STEP_VIEW, args=[boundary.public_id, slug]), {})

    assert response.status_code == 400, slug
    _page_shows_the_form(response, "This page was out of date")
    assert f'action="{reverse(STEP_VIEW, args=[boundary.public_id, slug])}"' in (
        response.content.decode()
    )


@pytest.mark.parametrize("name", ["treatment_status", "treatment_ride", "safety_plan_decide"])
def test_a_tampered_button_value_still_goes_back_with_a_message(
    name, request, couple, in_treatment, supporting
):
    """A value no button sends is not a missing answer: back to the page, as before."""
    arguments, who, _words = FORM_VIEWS[name]
    client = request.getfixturevalue(who)
    field = {"treatment_status": "status", "treatment_ride": "answer"}.get(name, "decision")

    response = client.post(
        reverse(name, args=arguments(couple, in_treatment, supporting)), {field: "nonsense"}
    )

    assert response.status_code == 302


@pytest.mark.parametrize("name", ["boundary_propose", "treatment_new_change"])
def test_a_partial_post_is_400_and_keeps_what_was_typed(name, treatment_client):
    field = {"boundary_propose": "wording", "treatment_new_change": "note"}[name]

    response = treatment_client.post(reverse(name), {field: "Typed by hand"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Typed by hand" in html
    assert ERROR in html
