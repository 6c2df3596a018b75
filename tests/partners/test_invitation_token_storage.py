"""Only a hash of an invitation token is stored on the server: not in the invitation row,
not in the session table. The inviter's browser keeps its own signed copy."""

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from partners.models import Invitation, hash_token


def _make_link(client):
    response = client.post(reverse("invitation_new"))
    assert response.status_code == 302
    page = client.get(reverse("invitation_manage"))
    token = page.content.decode().split("/invite/")[1].split("/")[0]
    return token


def test_token_is_nowhere_on_the_server(inviter_client):
    token = _make_link(inviter_client)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in str(vars(invitation))
    for session in Session.objects.all():
        assert token not in str(session.get_decoded())
        assert token not in session.session_data


def test_the_inviter_can_email_the_link_again_from_the_same_browser(inviter_client, mailoutbox):
    token = _make_link(inviter_client)
    response = inviter_client.post(reverse("invitation_email"), {"email": "partner@example.com"})
    assert response.status_code == 302
    assert f"/invite/{token}/" in mailoutbox[-1].body


def test_another_browser_cannot_see_or_email_the_link(inviter_client, inviter):
    token = _make_link(inviter_client)
    client = Client()
    client.force_login(inviter)
    page = client.get(reverse("invitation_manage"))
    assert token not in page.content.decode()
    assert b"only in the browser where you made it" in page.content
    response = client.post(reverse("invitation_email"), {"email": "partner@example.com"})
    assert response.status_code == 302
    assert Invitation.objects.get().sent_to == ""
