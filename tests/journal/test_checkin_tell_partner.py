"""'Tell my partner now': one button, one urgent alert, only for the author of a check-in that
asked for crisis help (and never while "not safe at home" is ticked)."""

from django.urls import reverse

from journal.models import SafetyAlert
from tests.journal.checkin_factories import make_checkin


def url(checkin):
    return reverse("checkin_tell_partner", args=[checkin.public_id])


def test_requires_sign_in(client, couple, in_treatment):
    response = client.post(url(make_checkin(couple, in_treatment, unsafe_now=True)))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_only_post(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, unsafe_now=True)
    assert treatment_client.get(url(checkin)).status_code == 405
    assert not SafetyAlert.objects.exists()


def test_tells_the_partner_once(treatment_client, couple, in_treatment, supporting):
    # Was: "Alex has been told" once a notice existed (issue 10, finding 2).
    checkin = make_checkin(couple, in_treatment, unsafe_now=True)
    first = treatment_client.post(url(checkin), follow=True)
    assert "An urgent notice is now waiting for Alex" in first.content.decode()
    assert "has been told" not in first.content.decode()
    treatment_client.post(url(checkin))
    alert = SafetyAlert.objects.get()
    assert (alert.recipient, alert.person, alert.reason) == (supporting, in_treatment, "told")


def test_no_button_while_not_safe_at_home(treatment_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, unsafe_now=True, unsafe_at_home=True)
    assert "Tell Alex now" not in treatment_client.get(reverse("checkin_week")).content.decode()
    treatment_client.post(url(checkin))
    assert not SafetyAlert.objects.exists()


def test_nothing_is_sent_for_a_checkin_that_did_not_ask_for_help(
    treatment_client, couple, in_treatment
):
    checkin = make_checkin(couple, in_treatment)
    treatment_client.post(url(checkin))
    assert not SafetyAlert.objects.exists()


def test_partner_and_stranger_get_404(supporting_client, stranger_client, couple, in_treatment):
    checkin = make_checkin(couple, in_treatment, unsafe_now=True)
    assert supporting_client.post(url(checkin)).status_code == 404
    assert stranger_client.post(url(checkin)).status_code == 404
    assert not SafetyAlert.objects.exists()
