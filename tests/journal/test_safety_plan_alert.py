"""The alert consents: POST /safety-plan/alert/ (partner in treatment only).

Two separate choices, both off by default: "not safe right now" and the self-harm question.
"""

from django.urls import reverse

from journal.models import Notice, SafetyPlan
from journal.safety.models import alert_consents
from tests.journal.treatment_factories import make_plan

URL = reverse("safety_plan_alert")
NOW = {"alert_on_unsafe_now": "on"}
HARM = {"alert_on_self_harm": "on"}


def test_requires_login(client, couple):
    response = client.post(URL, NOW)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.post(URL, NOW).status_code == 404


def test_supporter_cannot_change_it(supporting_client, couple):
    assert supporting_client.post(URL, NOW).status_code == 403
    assert not SafetyPlan.objects.exists()


def test_stranger_changes_only_their_own(stranger_client, stranger, couple, other_couple):
    stranger_client.post(URL, NOW)
    assert not SafetyPlan.objects.filter(partnership=couple).exists()
    assert alert_consents(other_couple) == (True, False)


def test_get_is_not_allowed(treatment_client, couple):
    assert treatment_client.get(URL).status_code == 405


def test_both_are_off_until_chosen(couple):
    assert alert_consents(couple) == (False, False)
    plan = SafetyPlan.objects.create(partnership=couple)
    assert (plan.alert_on_unsafe_now, plan.alert_on_self_harm) == (False, False)


def test_each_choice_is_separate(treatment_client, couple):
    treatment_client.post(URL, NOW)
    assert alert_consents(couple) == (True, False)
    treatment_client.post(URL, HARM)
    assert alert_consents(couple) == (False, True)
    treatment_client.post(URL, {**NOW, **HARM})
    assert alert_consents(couple) == (True, True)


def test_turning_one_on_tells_the_supporter_exactly_which(
    treatment_client, couple, in_treatment, supporting
):
    response = treatment_client.post(URL, NOW)
    assert response["Location"] == reverse("safety_plan")
    notice = Notice.objects.get(recipient=supporting)
    assert "Right now I don't feel safe" in notice.message
    assert "self-harm" not in notice.message


def test_the_page_says_what_each_sends_and_that_it_bypasses_the_reveal(treatment_client, couple):
    page = treatment_client.get(reverse("safety_plan")).content.decode()
    assert "before the weekly reveal" in page
    assert "Alert Alex when I tick" in page
    assert "Alert Alex when I answer the question about thoughts of self-harm" in page
    assert "you only and sends nothing" in page


def test_turning_them_off(treatment_client, couple, in_treatment, supporting):
    make_plan(couple, alert_on_unsafe_now=True, alert_on_self_harm=True, warning_signs="kept")
    treatment_client.post(URL, {})
    plan = SafetyPlan.objects.get()
    assert (plan.alert_on_unsafe_now, plan.alert_on_self_harm) == (False, False)
    assert plan.warning_signs == "kept"
    assert "does not alert you" in Notice.objects.get(recipient=supporting).message


def test_saving_the_same_choice_again_sends_nothing(treatment_client, couple):
    make_plan(couple, alert_on_unsafe_now=True)
    treatment_client.post(URL, NOW)
    assert not Notice.objects.exists()


def test_consent_does_not_make_an_open_plan_edit_stale(treatment_client, couple):
    make_plan(couple)
    treatment_client.post(URL, NOW)
    assert SafetyPlan.objects.get().version == 1
