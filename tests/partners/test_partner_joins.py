"""The first ten minutes around an invitation: the link is easy to copy, the invited
person's address is filled in when the inviter emailed it, and the inviter hears (in the
app and by email, with no health details) when their partner joins."""

import re

import pytest
from django.urls import reverse

from journal.models import Notice
from partners.models import Invitation
from tests.factories import make_user
from tests.partners.conftest import assert_no_health_words

ACCEPT = {"accept": "1", "confirm": "on"}


@pytest.fixture
def _accept(django_capture_on_commit_callbacks):
    """Accept as the signed-in client; emails leave after the commit, as in production."""

    def accept(client, token):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("invitation_answer", args=[token]), ACCEPT)

    return accept


def test_the_inviter_is_told_in_the_app_and_by_email(client, pending, inviter, mailoutbox, _accept):
    _, token = pending
    partner = make_user(name="Alex")
    client.force_login(partner)
    assert _accept(client, token).status_code == 302

    notice = Notice.objects.get(recipient=inviter)
    assert notice.kind == Notice.Kind.PARTNERSHIP
    assert "Alex joined" in notice.message
    assert notice.link == reverse("dashboard")
    assert not Notice.objects.filter(recipient=partner).exists()

    (message,) = [m for m in mailoutbox if m.to == [inviter.email]]
    assert message.subject == "[Alongside] Your partner has joined"
    assert "Alex" in message.body
    assert "http://testserver/home/" in message.body
    assert_no_health_words(message)


def test_a_second_click_tells_the_inviter_once(client, pending, inviter, mailoutbox, _accept):
    _, token = pending
    partner = make_user(name="Alex")
    client.force_login(partner)
    _accept(client, token)
    _accept(client, token)
    assert Notice.objects.filter(recipient=inviter).count() == 1
    assert len([m for m in mailoutbox if m.to == [inviter.email]]) == 1


def test_an_inviter_who_turned_emails_off_gets_only_the_notice(
    client, pending, inviter, mailoutbox, _accept
):
    inviter.email_notifications = False
    inviter.save()
    _, token = pending
    client.force_login(make_user(name="Alex"))
    _accept(client, token)
    assert Notice.objects.filter(recipient=inviter).count() == 1
    assert [m for m in mailoutbox if m.to == [inviter.email]] == []


def test_a_declined_invitation_tells_nobody_anything_new(client, pending, inviter, mailoutbox):
    _, token = pending
    client.force_login(make_user(name="Alex"))
    client.post(reverse("invitation_answer", args=[token]), {"decline": "1"})
    assert not Notice.objects.filter(recipient=inviter).exists()


def _signup_email_value(client):
    page = client.get(reverse("account_signup")).content.decode()
    field = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    found = re.search(r'value="([^"]*)"', field)
    return found.group(1) if found else None


def test_the_emailed_address_is_filled_in_on_sign_up(client, pending):
    # Only from the emailed link, which carries proof of the address (?for=); the bare
    # link fills in nothing (tests/partners/test_invitation_privacy.py).
    invitation, token = pending
    Invitation.objects.filter(pk=invitation.pk).update(sent_to="alex.o'neil@example.com")
    invitation.refresh_from_db()
    proof = invitation.address_proof()
    client.get(reverse("invitation", args=[token]) + f"?for={proof}")
    assert _signup_email_value(client) == "alex.o&#x27;neil@example.com"


def test_sign_up_says_an_invitation_waits_without_naming_who_sent_it(client, pending):
    _, token = pending
    client.get(reverse("invitation", args=[token]))
    page = client.get(reverse("account_signup")).content.decode()
    assert "You opened an invitation" in page
    assert "Dana" not in page


def test_a_link_that_was_not_emailed_fills_in_nothing(client, pending):
    _, token = pending
    client.get(reverse("invitation", args=[token]))
    assert _signup_email_value(client) is None


def test_a_withdrawn_link_fills_in_nothing(client, pending):
    invitation, token = pending
    Invitation.objects.filter(pk=invitation.pk).update(sent_to="alex@example.com")
    client.get(reverse("invitation", args=[token]))
    from partners import pairing

    pairing.revoke(invitation)
    assert _signup_email_value(client) is None


def test_without_an_invitation_sign_up_is_empty(client, db):
    assert _signup_email_value(client) is None
    assert "invited you" not in client.get(reverse("account_signup")).content.decode()


def test_the_invitation_page_offers_a_copy_button_that_needs_no_javascript_to_copy_by_hand(
    inviter_client,
):
    inviter_client.post(reverse("invitation_new"))
    page = inviter_client.get(reverse("invitation_manage")).content.decode()
    # The link is in a read-only box a person can select and copy without JavaScript.
    box = re.search(r'<input[^>]*id="invite-link"[^>]*>', page).group(0)
    assert "readonly" in box
    assert re.search(r'value="http://testserver/invite/[^"]+/"', box)
    # The script adds the button; the page holds the place its result is announced.
    assert '<script src="/static/js/copy-link.js" defer></script>' in page
    assert 'data-copy-from="invite-link"' in page
    assert re.search(r'<p[^>]*id="copy-status"[^>]*aria-live="polite"', page)
