"""The partner in treatment accepts or dismisses a suggestion:
POST /safety-plan/suggestions/<public_id>/."""

from django.urls import reverse

from journal.models import Notice, SafetyPlan, SafetyPlanSuggestion
from journal.safety.rules import crisis_lines_text
from tests.journal.treatment_factories import make_plan


def suggest(couple, part="people_to_ask", text="Your sister Priya"):
    supporting = couple.members.get(role="supporting").user
    return SafetyPlanSuggestion.objects.create(
        partnership=couple, author=supporting, part=part, text=text
    )


def url(suggestion):
    return reverse("safety_plan_decide", args=[suggestion.public_id])


def test_requires_login(client, couple):
    response = client.post(url(suggest(couple)), {"decision": "accept"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_stranger_gets_404(stranger_client, couple):
    suggestion = suggest(couple)
    assert stranger_client.post(url(suggestion), {"decision": "accept"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.state == SafetyPlanSuggestion.State.PENDING


def test_supporter_cannot_accept_their_own_suggestion(supporting_client, couple):
    suggestion = suggest(couple)
    assert supporting_client.post(url(suggestion), {"decision": "accept"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == SafetyPlanSuggestion.State.PENDING


def test_get_is_not_allowed(treatment_client, couple):
    assert treatment_client.get(url(suggest(couple))).status_code == 405


def test_accept_appends_to_the_part_and_bumps_the_version(treatment_client, couple, supporting):
    make_plan(couple, people_to_ask="Alex")
    suggestion = suggest(couple)
    response = treatment_client.post(url(suggestion), {"decision": "accept"})
    assert response["Location"] == reverse("safety_plan")
    plan = SafetyPlan.objects.get()
    assert plan.people_to_ask == "Alex\nYour sister Priya"
    assert plan.version == 2
    suggestion.refresh_from_db()
    assert suggestion.state == SafetyPlanSuggestion.State.ACCEPTED and suggestion.decided_at
    assert "added your suggestion" in Notice.objects.get(recipient=supporting).message


def test_accept_creates_the_plan_if_needed(treatment_client, couple):
    treatment_client.post(url(suggest(couple)), {"decision": "accept"})
    assert SafetyPlan.objects.get().people_to_ask == "Your sister Priya"


def test_accepting_into_empty_clinicians_keeps_the_crisis_lines(treatment_client, couple):
    treatment_client.post(
        url(suggest(couple, "clinicians_and_lines", "Dr Okafor")), {"decision": "accept"}
    )
    assert SafetyPlan.objects.get().clinicians_and_lines == crisis_lines_text() + "\nDr Okafor"


def test_accepting_makes_an_open_edit_stale(treatment_client, couple):
    make_plan(couple)
    treatment_client.post(url(suggest(couple)), {"decision": "accept"})
    response = treatment_client.post(
        reverse("safety_plan_edit"),
        {"version": 1, "warning_signs": "typed", "people_to_ask": ""},
    )
    assert response.status_code == 409
    assert SafetyPlan.objects.get().people_to_ask == "Your sister Priya"


def test_accepting_twice_adds_once(treatment_client, couple):
    suggestion = suggest(couple)
    treatment_client.post(url(suggestion), {"decision": "accept"})
    response = treatment_client.post(url(suggestion), {"decision": "accept"}, follow=True)
    assert SafetyPlan.objects.get().people_to_ask == "Your sister Priya"
    assert "already answered" in response.content.decode()


def test_dismiss_leaves_the_plan_alone(treatment_client, couple):
    make_plan(couple, people_to_ask="Alex")
    suggestion = suggest(couple)
    treatment_client.post(url(suggestion), {"decision": "dismiss"})
    suggestion.refresh_from_db()
    assert suggestion.state == SafetyPlanSuggestion.State.DISMISSED
    assert SafetyPlan.objects.get().people_to_ask == "Alex"
    # A dismissed suggestion can no longer be accepted.
    treatment_client.post(url(suggestion), {"decision": "accept"})
    assert SafetyPlan.objects.get().people_to_ask == "Alex"


def test_nonsense_decision_changes_nothing(treatment_client, couple):
    suggestion = suggest(couple)
    for decision in ("", "approve", "accept\x00"):
        treatment_client.post(url(suggestion), {"decision": decision})
    suggestion.refresh_from_db()
    assert suggestion.state == SafetyPlanSuggestion.State.PENDING
