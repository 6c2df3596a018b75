"""The alert consent: POST /safety-plan/alert/ (partner in treatment only)."""

from django.urls import reverse

from journal.models import Notice, SafetyPlan
from journal.models.safety import partner_alert_consented
from partners.access import load_couple
from tests.journal.treatment_factories import make_plan

URL = reverse("safety_plan_alert")


def test_requires_login(client, couple):
    response = client.post(URL, {"alert_partner_when_unsafe": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_person_without_partnership_gets_404(loner_client):
    assert loner_client.post(URL, {"alert_partner_when_unsafe": "on"}).status_code == 404


def test_supporter_cannot_change_it(supporting_client, couple):
    assert supporting_client.post(URL, {"alert_partner_when_unsafe": "on"}).status_code == 403
    assert not SafetyPlan.objects.exists()


def test_stranger_changes_only_their_own(stranger_client, stranger, couple, other_couple):
    stranger_client.post(URL, {"alert_partner_when_unsafe": "on"})
    assert not SafetyPlan.objects.filter(partnership=couple).exists()
    assert SafetyPlan.objects.get(partnership=other_couple).alert_partner_when_unsafe


def test_get_is_not_allowed(treatment_client, couple):
    assert treatment_client.get(URL).status_code == 405


def test_turning_it_on_creates_the_plan_and_tells_the_supporter(
    treatment_client, couple, in_treatment, supporting
):
    response = treatment_client.post(URL, {"alert_partner_when_unsafe": "on"})
    assert response["Location"] == reverse("safety_plan")
    assert partner_alert_consented(load_couple(in_treatment))
    notice = Notice.objects.get(recipient=supporting)
    assert "alert you" in notice.message


def test_turning_it_off(treatment_client, couple, in_treatment, supporting):
    make_plan(couple, alert_partner_when_unsafe=True, warning_signs="kept")
    treatment_client.post(URL, {})
    plan = SafetyPlan.objects.get()
    assert plan.alert_partner_when_unsafe is False
    assert plan.warning_signs == "kept"
    assert not partner_alert_consented(load_couple(in_treatment))
    assert "turned off" in Notice.objects.get(recipient=supporting).message


def test_saving_the_same_choice_again_sends_nothing(treatment_client, couple):
    make_plan(couple, alert_partner_when_unsafe=True)
    treatment_client.post(URL, {"alert_partner_when_unsafe": "on"})
    assert not Notice.objects.exists()


def test_consent_does_not_make_an_open_plan_edit_stale(treatment_client, couple):
    make_plan(couple)
    treatment_client.post(URL, {"alert_partner_when_unsafe": "on"})
    assert SafetyPlan.objects.get().version == 1
