"""A forwarded invitation link tells a stranger nothing about health or roles, and fills
in the invited address only from the link that was emailed to that address."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from partners import pairing
from partners.models import Invitation
from tests.factories import make_user


def _signup_email_value(client):
    page = client.get(reverse("account_signup")).content.decode()
    field = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    found = re.search(r'value="([^"]*)"', field)
    return found.group(1) if found else None


def _emailed_link(inviter_client, address="riley@example.com"):
    inviter_client.post(reverse("invitation_new"))
    inviter_client.post(reverse("invitation_email"), {"email": address})
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"http://testserver(/invite/\S+)", message.body).group(1)


def test_signed_out_the_invitation_page_names_no_roles_and_no_one(client, pending):
    _, token = pending
    page = client.get(reverse("invitation", args=[token])).content.decode().lower()
    page = page[page.index("<main") : page.index("</main>")]
    for words in ("treatment", "supporting", "dana", "join as"):
        assert words not in page
    assert "someone invited you to a private shared space" in page
    assert "sign in or create an account to see the invitation" in page


def test_signed_out_sign_up_does_not_name_the_inviter(client, pending):
    _, token = pending
    client.get(reverse("invitation", args=[token]))
    page = client.get(reverse("account_signup")).content.decode()
    assert "Dana" not in page
    assert "You opened an invitation" in page
    assert "invitation waits for you" in page


def test_signed_in_the_person_about_to_accept_sees_who_and_the_roles(client, pending):
    _, token = pending
    client.force_login(make_user(name="Riley"))
    page = client.get(reverse("invitation", args=[token])).content.decode()
    assert "Dana</strong> invites you" in page
    assert "supporting partner" in page
    assert "partner in treatment" in page


def test_the_invitation_email_says_when_the_page_shows_who_sent_it(inviter_client):
    _emailed_link(inviter_client)
    (message,) = mail.outbox
    for text in (message.body, message.alternatives[0][0]):
        flat = " ".join(text.split())
        assert "sign in or create an account" in flat.lower()
        assert "shows who sent it" in flat
    # The footer line is in the plain text too, not only the HTML.
    assert "You get this email because" in " ".join(message.body.split())


def test_the_bare_copied_link_fills_in_nothing_even_after_it_was_emailed(inviter_client):
    client = Client()
    emailed = _emailed_link(inviter_client)
    bare = emailed.split("?")[0]
    client.get(bare)
    assert _signup_email_value(client) is None


def test_the_emailed_link_fills_in_the_address(inviter_client):
    client = Client()
    client.get(_emailed_link(inviter_client))
    assert _signup_email_value(client) == "riley@example.com"


def test_opening_the_bare_link_afterwards_forgets_the_address(inviter_client):
    client = Client()
    emailed = _emailed_link(inviter_client)
    client.get(emailed)
    client.get(emailed.split("?")[0])
    assert _signup_email_value(client) is None


def test_a_link_emailed_to_an_earlier_address_fills_in_nothing(inviter_client):
    client = Client()
    first = _emailed_link(inviter_client, "old@example.com")
    inviter_client.post(reverse("invitation_email"), {"email": "new@example.com"})
    client.get(first)
    assert _signup_email_value(client) is None


def test_a_forged_proof_fills_in_nothing(inviter_client):
    client = Client()
    emailed = _emailed_link(inviter_client)
    client.get(emailed.split("?")[0] + "?for=" + "0" * 32)
    assert _signup_email_value(client) is None


def test_a_withdrawn_emailed_link_fills_in_nothing(inviter_client):
    client = Client()
    client.get(_emailed_link(inviter_client))
    pairing.revoke(Invitation.objects.get())
    assert _signup_email_value(client) is None
