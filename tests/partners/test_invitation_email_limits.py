"""Invitation emails cannot be used as a relay: a few a day per person, no free text.

Found in the attack: 30 invitation emails to any addresses in 7 s, each carrying the
sender's display name (free text) to someone who has not joined.
"""

from django.urls import reverse

from partners.models import Invitation

MANAGE = reverse("invitation_manage")
NEW = reverse("invitation_new")
EMAIL = reverse("invitation_email")
SPAM_NAME = "Buy cheap pills at spam.example"


def _make_link(client):
    client.post(NEW)
    return Invitation.objects.pending().get()


def test_the_email_carries_no_text_the_inviter_typed(inviter_client, inviter, mailoutbox):
    inviter.display_name = SPAM_NAME
    inviter.save(update_fields=["display_name"])
    _make_link(inviter_client)

    inviter_client.post(EMAIL, {"email": "partner@example.com"})

    message = mailoutbox[0]
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert "spam.example" not in part


def test_only_a_few_invitation_emails_a_day(inviter_client, mailoutbox):
    _make_link(inviter_client)
    for n in range(30):
        inviter_client.post(EMAIL, {"email": f"target{n}@example.net"})

    assert len(mailoutbox) == 3
    response = inviter_client.post(EMAIL, {"email": "one.more@example.net"}, follow=True)
    assert response.status_code == 429 or "too many invitation emails" in (
        response.content.decode().lower()
    )
    assert len(mailoutbox) == 3


def test_the_limit_holds_across_new_links(inviter_client, mailoutbox):
    for n in range(6):
        _make_link(inviter_client)
        inviter_client.post(EMAIL, {"email": f"target{n}@example.net"})
    assert len(mailoutbox) == 3
