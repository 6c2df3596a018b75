"""Fixtures and helpers for the partners tests: a half-made couple, invitations, mail trouble."""

import pytest
from django.core import mail
from django.urls import reverse

from partners import pairing
from partners.access import load_couple
from partners.models import Role
from tests.factories import PASSWORD, make_user

# Words that would give away health details if an email carried them.
HEALTH_WORDS = [
    "ketamine",
    "esketamine",
    "infusion",
    "dose",
    "dosage",
    "mood",
    "session",
    "treatment",
    "therapy",
    "depression",
    "medication",
    "suicid",
    "self-harm",
    "crisis",
]


def assert_no_health_words(message):
    """No part of an email (subject, text, HTML) may hint at health."""
    parts = [message.subject, message.body]
    parts += [content for content, _ in getattr(message, "alternatives", [])]
    text = "\n".join(parts).lower()
    found = [word for word in HEALTH_WORDS if word in text]
    assert found == [], f"health words {found} in email {message.subject!r}"


def reauthenticate(client, password=PASSWORD):
    """Go through allauth's real reauthentication form, as a person would."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content[:500]
    return response


@pytest.fixture
def inviter(db):
    """Started a partnership as the partner in treatment; the partner has not joined yet."""
    user = make_user(name="Dana")
    pairing.start_partnership(user, Role.IN_TREATMENT)
    return user


@pytest.fixture
def pending(inviter):
    """A fresh invitation from `inviter`: (invitation, raw token)."""
    return pairing.invite(load_couple(inviter), inviter)


@pytest.fixture
def inviter_client(client, inviter):
    client.force_login(inviter)
    return client


@pytest.fixture
def mail_down(monkeypatch):
    """The mail server refuses every message (EmailMultiAlternatives and plain messages)."""

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse)


@pytest.fixture
def mailoutbox(db, mailoutbox):
    # Django's test set-up replaces mail.outbox; taking the outbox after the database
    # makes sure these tests look at the list that actually receives the mail.
    return mailoutbox
