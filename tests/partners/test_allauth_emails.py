"""allauth's emails, restyled through its own templates: Alongside's subject prefix, links
from SITE_URL (never the Host header), plain text not HTML-escaped, no health details."""

import re
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from partners.adapter import email_site_context
from tests.factories import PASSWORD, make_user
from tests.partners.conftest import assert_no_health_words

SITE = "https://alongside.example"
ESCAPED = re.compile(r"&(amp|lt|gt|quot|#x27|#39);")
NEW_PASSWORD = "a-long-new-passphrase-9"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def assert_ours(message):
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX), message.subject
    # Sentence case after the prefix: allauth's subjects were Title Case.
    words = message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX).split()[1:]
    assert not [w for w in words if w[:1].isupper()], message.subject
    assert "Hello from" not in message.body
    assert "testserver" not in message.body
    assert "localhost" not in message.body
    assert SITE in message.body
    assert not ESCAPED.search(message.body), message.body
    assert message.alternatives == [] or all("<" in c for c, _ in message.alternatives)
    assert_no_health_words(message)


def test_the_sign_up_confirmation(client, db, mailoutbox):
    email = "o'neil&co@example.com"
    client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "time_zone": "Europe/London",
        },
    )
    (message,) = mailoutbox
    assert_ours(message)
    assert message.subject == "[Alongside] Confirm your email address"
    assert re.search(rf"{SITE}/accounts/confirm-email/\S+/", message.body)


def test_signing_up_again_with_a_known_address_is_unescaped(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    person = make_user("o'brien@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": person.email,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "time_zone": "Europe/London",
            },
        )
    (message,) = mailoutbox
    assert_ours(message)
    assert "o'brien@example.com" in message.body


def test_the_password_reset_link_comes_from_site_url(client, in_treatment, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": in_treatment.email})
    (message,) = mailoutbox
    assert_ours(message)
    assert re.search(rf"{SITE}/accounts/password/reset/key/\S+/", message.body)


def test_an_unknown_address_is_told_where_to_sign_up(client, db, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    (message,) = mailoutbox
    assert_ours(message)
    assert f"{SITE}/accounts/signup/" in message.body


def test_a_password_change_notification(treatment_client, mailoutbox):
    treatment_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    (message,) = mailoutbox
    assert_ours(message)
    assert message.subject == "[Alongside] Your password was changed"
    assert f"{SITE}/accounts/password/change/" in message.body


def _our_email_templates():
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.glob("*/email/*_message.txt")):
        if path.name.startswith("base_"):
            continue
        yield str(path.relative_to(root)).removesuffix("_message.txt")


@pytest.mark.parametrize("prefix", list(_our_email_templates()))
def test_every_allauth_email_renders_as_plain_text(prefix, rf, db):
    """Each template, with values full of characters HTML would escape."""
    awkward = "o'neil&<co>@example.com"
    context = {
        "email": awkward,
        "from_email": awkward,
        "to_email": awkward,
        "deleted_email": awkward,
        "activate_url": f"{SITE}/accounts/confirm-email/a&b/",
        "password_reset_url": f"{SITE}/accounts/password/reset/key/x/",
        "ip": "203.0.113.9",
        "user_agent": 'Browser "quoted" & <more>',
        "timestamp": None,
        **email_site_context(),
    }
    message = get_adapter(RequestFactory().get("/")).render_mail(prefix, "to@example.com", context)
    assert_ours(message)
    assert "%" not in message.subject


def test_every_allauth_email_has_our_own_template():
    import allauth

    theirs = Path(allauth.__file__).parent / "templates"
    ours = Path(settings.BASE_DIR) / "templates"
    missing = []
    for path in theirs.glob("*/email/*.txt"):
        name = str(path.relative_to(theirs))
        if name.startswith("socialaccount") or "code" in name or "base_" in name:
            continue
        if not (ours / name).exists():
            missing.append(name)
    assert missing == []
