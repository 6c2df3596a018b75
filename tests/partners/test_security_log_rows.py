"""The security log names each account action once, with the right words.

A new person confirming their address at sign-up has not changed anything; changing the
sign-in address is one action (asked for, then confirmed), logged once as a change.
"""

import re

from django.urls import reverse

from partners.models import SecurityEvent
from tests.partners.conftest import reauthenticate

Kind = SecurityEvent.Kind
NEW_PASSWORD = "a-long-new-passphrase-9"


def _kinds(user):
    return list(user.security_events.order_by("created_at", "pk").values_list("kind", flat=True))


def _confirm_link(message):
    return re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)


def sign_up_and_confirm(client, mailoutbox, email="new.person@example.com"):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Noor",
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    link = _confirm_link(mailoutbox[-1])
    response = client.post(link)
    assert response.status_code == 302
    from partners.models import User

    return User.objects.get(email=email)


def test_confirming_the_address_at_sign_up_is_logged_as_confirmed_not_changed(
    client, db, mailoutbox
):
    user = sign_up_and_confirm(client, mailoutbox)
    kinds = _kinds(user)
    assert Kind.EMAIL_CHANGED not in kinds
    assert kinds.count(Kind.EMAIL_CONFIRMED) == 1
    assert kinds.count(Kind.SIGNED_IN) == 1


def test_the_log_page_says_confirmed(client, db, mailoutbox):
    sign_up_and_confirm(client, mailoutbox)
    page = client.get(reverse("security_log")).content.decode()
    assert "Email address confirmed" in page
    assert "Email address changed" not in page


def test_changing_the_sign_in_address_is_one_row(treatment_client, in_treatment, mailoutbox):
    reauthenticate(treatment_client)
    before = _kinds(in_treatment)
    treatment_client.post(
        reverse("account_email"), {"action_add": "", "email": "moved@example.com"}
    )
    treatment_client.post(_confirm_link(mailoutbox[-1]))
    asked = _kinds(in_treatment)[len(before) :]
    # Asking (from this device) and confirming (from wherever the email is read) are two
    # acts, each named for what it did: only the second changed anything.
    assert asked == [Kind.EMAIL_CHANGE_ASKED, Kind.EMAIL_CHANGED]


def test_a_password_change_is_one_row(treatment_client, in_treatment):
    from tests.factories import PASSWORD

    before = _kinds(in_treatment)
    treatment_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert _kinds(in_treatment)[len(before) :] == [Kind.PASSWORD_CHANGED]


def test_a_password_reset_is_one_row(client, in_treatment, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": in_treatment.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    response = client.get(link.group(1), follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _kinds(in_treatment) == [Kind.PASSWORD_RESET]


def test_signing_in_is_one_row(client, in_treatment):
    from tests.factories import PASSWORD

    client.post(reverse("account_login"), {"login": in_treatment.email, "password": PASSWORD})
    assert _kinds(in_treatment) == [Kind.SIGNED_IN]


def test_turning_on_an_authenticator_app_is_one_row(
    treatment_client, in_treatment, django_capture_on_commit_callbacks
):
    """allauth also makes recovery codes and says so with a second "added" signal."""
    from allauth.mfa.totp.internal import auth

    reauthenticate(treatment_client)
    treatment_client.get(reverse("mfa_activate_totp"))
    secret = treatment_client.session[auth.SECRET_SESSION_KEY]
    before = _kinds(in_treatment)
    code = auth.format_hotp_value(
        auth.hotp_value(secret, next(auth.yield_hotp_counters_from_time()))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = treatment_client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302, response.content[:2000]
    assert _kinds(in_treatment)[len(before) :] == [Kind.MFA_ADDED]

    before = _kinds(in_treatment)
    reauthenticate(treatment_client)
    with django_capture_on_commit_callbacks(execute=True):
        treatment_client.post(reverse("mfa_deactivate_totp"))
    assert _kinds(in_treatment)[len(before) :] == [Kind.MFA_REMOVED]


def test_the_log_reads_in_the_persons_own_time_zone(treatment_client, in_treatment):
    from datetime import UTC, datetime

    in_treatment.time_zone = "Australia/Sydney"
    in_treatment.save()
    SecurityEvent.objects.create(
        user=in_treatment, kind=Kind.MFA_ADDED, created_at=datetime(2026, 1, 5, 23, 30, tzinfo=UTC)
    )
    page = treatment_client.get(reverse("security_log")).content.decode()
    assert "6 Jan 2026, 10:30" in page  # Sydney is 11 hours ahead in January
    assert "Australia/Sydney" in page


def test_a_failed_sign_in_is_one_row(client, in_treatment):
    client.post(reverse("account_login"), {"login": in_treatment.email, "password": "wrong"})
    assert _kinds(in_treatment) == [Kind.SIGN_IN_FAILED]


def test_signing_out_is_one_row(treatment_client, in_treatment):
    before = _kinds(in_treatment)
    treatment_client.post(reverse("account_logout"))
    assert _kinds(in_treatment)[len(before) :] == [Kind.SIGNED_OUT]


def test_making_new_recovery_codes_is_one_row(db, django_capture_on_commit_callbacks):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from django.test import Client

    from tests.factories import make_user

    person = make_user(second_factor=True)
    RecoveryCodes.activate(person)
    client = Client()
    client.force_login(person)
    reauthenticate(client)
    before = _kinds(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))
    assert _kinds(person)[len(before) :] == [Kind.RECOVERY_CODES_RESET]
