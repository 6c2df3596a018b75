"""Every allauth page a person can reach speaks in Alongside's voice.

Sentence case, one line (class="lede") on what the page does and why it matters to two
partners with private writing, and none of allauth's stock titles.
"""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user
from tests.partners.conftest import reauthenticate

# allauth's own words that read as a system talking, not as Alongside.
STOCK_PHRASES = [
    "Two-Factor Authentication",
    "two-factor authentication",
    "Sign In",
    "Sign Up",
    "Signup",
    "Sign Out",
    "Email Address",
    "Change Password",
    "Password Reset",
    "Reset My Password",
    "Set Password",
    "Confirm Access",
    "Please reauthenticate",
    "Bad Token",
    "Verify Your Email Address",
    "Confirm Email Address",
    "Authenticator App",
    "Security Keys",
    "Security Key",
    "Recovery Codes",
    "Started At",
    "IP Address",
    "Other Sessions",
    "Re-send Verification",
    "Cancel Change",
    "Change Email",
    "Alternative options",
    "Are you sure",
    "Successfully signed in",
    "Hello from",
    "Trust this Browser",
    "Note:",
    "Remember Me",
    "Current Password",
    "New Password",
    "Warning:",
]


def assert_in_our_voice(response, url):
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    main = page[page.index('<main id="main"') :]
    found = [phrase for phrase in STOCK_PHRASES if phrase in main]
    assert found == [], f"{url} says {found}"
    assert main.count("<h1") == 1, url
    assert 'class="lede"' in main, f"{url} has no line on what it is for"
    title = re.search(r"<title>(.*?) · Alongside</title>", page).group(1).strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", main, re.S).group(1).strip()
    # Sentence case: after the first word, no capitalised words but names.
    for text in (title, heading):
        words = text.split()[1:]
        assert not [w for w in words if w[:1].isupper() and w not in {"I"}], (url, text)


def _get(client, name, **kwargs):
    url = reverse(name, kwargs=kwargs or None)
    return url, client.get(url, follow=True)


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
        "account_reset_password_from_key_done",
        "account_inactive",
    ],
)
def test_signed_out_pages(client, db, name):
    url, response = _get(client, name)
    assert_in_our_voice(response, url)


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_change_password",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "usersessions_list",
    ],
)
def test_signed_in_pages(treatment_client, name):
    url, response = _get(treatment_client, name)
    assert_in_our_voice(response, url)


@pytest.mark.parametrize(
    "name",
    ["mfa_activate_totp", "mfa_list_webauthn", "mfa_add_webauthn"],
)
def test_two_step_pages_after_the_password(treatment_client, name):
    reauthenticate(treatment_client)
    url, response = _get(treatment_client, name)
    assert_in_our_voice(response, url)


@pytest.fixture
def with_app(db):
    user = make_user(second_factor=True)
    RecoveryCodes.activate(user)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
    ],
)
def test_pages_of_a_person_with_an_authenticator_app(with_app, name):
    _, client = with_app
    if name != "mfa_reauthenticate":
        reauthenticate(client)
    url, response = _get(client, name)
    assert_in_our_voice(response, url)


def test_the_second_step_of_signing_in(with_app):
    user, _ = with_app
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    assert_in_our_voice(response, reverse("mfa_authenticate"))


def test_confirming_an_email_address(client, db):
    user = make_user(verified=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    url, response = _get(client, "account_confirm_email", key=key)
    assert_in_our_voice(response, url)
    assert "never carry your check-in answers" in response.content.decode()
    url, response = _get(client, "account_confirm_email", key="not-a-key")
    assert_in_our_voice(response, url)


def test_choosing_a_new_password_from_the_emailed_link(client, in_treatment):
    key = f"{user_pk_to_url_str(in_treatment)}-{default_token_generator.make_token(in_treatment)}"
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "y"})
    url, response = url, client.get(url, follow=True)
    assert_in_our_voice(response, url)
    assert "This link no longer works" in response.content.decode()
    uidb36, _, token = key.partition("-")
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": token})
    response = client.get(url, follow=True)
    assert_in_our_voice(response, url)
    assert "Choose a new password" in response.content.decode()


# allauth page templates that this deployment never shows (codes by email or phone,
# sign-up by passkey, trusting a browser) or that are only building blocks.
NOT_SHOWN = {
    "account/base_confirm_code.html",
    "account/confirm_email_verification_code.html",
    "account/confirm_login_code.html",
    "account/confirm_password_reset_code.html",
    "account/confirm_phone_verification_code.html",
    "account/confirm_reauthentication_code.html",
    "account/request_login_code.html",
    "account/request_reauthentication_code.html",
    "account/phone_change.html",
    "account/email.html",
}


def test_every_allauth_page_template_has_our_own():
    """A page allauth adds in an upgrade shows up here before it reaches a person."""
    theirs = Path(allauth.__file__).parent / "templates"
    ours = Path(settings.BASE_DIR) / "templates"
    missing = []
    for path in sorted(theirs.glob("**/*.html")):
        name = str(path.relative_to(theirs))
        top = name.split("/")[0]
        if top not in {"account", "mfa", "usersessions"} or "/snippets/" in name:
            continue
        if Path(name).name.startswith("base") or name in NOT_SHOWN:
            continue
        if not (ours / name).exists():
            missing.append(name)
        else:
            text = (ours / name).read_text()
            assert not [p for p in STOCK_PHRASES if p in text], name
    assert missing == []


def test_allauth_messages_are_ours_and_not_escaped_twice():
    """allauth's flash messages are rendered once as text; the page escapes them."""
    theirs = Path(allauth.__file__).parent / "templates"
    ours = Path(settings.BASE_DIR) / "templates"
    for path in theirs.glob("*/messages/*.txt"):
        name = str(path.relative_to(theirs))
        if name.startswith("socialaccount") or "phone" in name or "login_code" in name:
            continue
        assert (ours / name).exists(), name
        assert "autoescape off" in (ours / name).read_text(), name


@pytest.mark.parametrize("name", ["mfa_list_webauthn", "mfa_edit_webauthn", "mfa_remove_webauthn"])
def test_pages_of_a_person_with_a_passkey(treatment_client, in_treatment, name):
    from tests.world import make_passkey

    passkey = make_passkey(in_treatment, name="Sam's phone")
    reauthenticate(treatment_client)
    kwargs = {} if name == "mfa_list_webauthn" else {"pk": passkey.pk}
    url, response = _get(treatment_client, name, **kwargs)
    assert_in_our_voice(response, url)
    page = response.content.decode()
    assert "Sam&#x27;s phone" in page
    if name == "mfa_edit_webauthn":
        assert f'action="{url}"' in page
