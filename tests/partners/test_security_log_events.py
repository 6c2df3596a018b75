"""The security log records account events from allauth's signals, and each person reads
only their own."""

import pytest
from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from partners.models import SecurityEvent
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind


@pytest.mark.parametrize(
    ("signal", "kind"),
    [
        (account_signals.password_changed, Kind.PASSWORD_CHANGED),
        (account_signals.password_set, Kind.PASSWORD_CHANGED),
        (account_signals.password_reset, Kind.PASSWORD_RESET),
        # With no address before it, a confirmed address changed nothing.
        (account_signals.email_changed, Kind.EMAIL_CONFIRMED),
        (mfa_signals.authenticator_added, Kind.MFA_ADDED),
        (mfa_signals.authenticator_removed, Kind.MFA_REMOVED),
        (mfa_signals.authenticator_reset, Kind.RECOVERY_CODES_RESET),
    ],
)
def test_each_account_signal_records_its_event(signal, kind, in_treatment):
    request = RequestFactory().get("/", HTTP_USER_AGENT="Test browser")
    # allauth's own receivers of some of these signals read the request's user and session.
    request.user = in_treatment
    request.session = SessionStore()
    signal.send(sender=None, request=request, user=in_treatment)
    event = in_treatment.security_events.get()
    assert event.kind == kind
    assert event.user_agent == "Test browser"


def test_a_real_password_change_is_logged(treatment_client, in_treatment):
    response = treatment_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase-7",
            "password2": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert in_treatment.security_events.filter(kind=Kind.PASSWORD_CHANGED).count() == 1


def test_the_page_shows_only_my_events(treatment_client, in_treatment, supporting):
    SecurityEvent.objects.create(user=in_treatment, kind=Kind.MFA_ADDED)
    SecurityEvent.objects.create(user=supporting, kind=Kind.DATA_EXPORTED)
    page = treatment_client.get(reverse("security_log")).content.decode()
    assert "Two-step sign-in added" in page
    assert "Data exported" not in page
