"""The inviter's page: make a link, copy it, email it to the partner."""

import pytest
from django.urls import reverse

from partners.models import Invitation, hash_token
from tests.partners.conftest import assert_no_health_words

MANAGE = reverse("invitation_manage")
NEW = reverse("invitation_new")
EMAIL = reverse("invitation_email")


def _make_link(client):
    client.post(NEW)
    return Invitation.objects.pending().get()


@pytest.mark.parametrize(
    ("method", "url"), [("get", MANAGE), ("post", NEW), ("post", EMAIL)], ids=str
)
def test_requires_sign_in(client, db, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("method", "url"), [("get", MANAGE), ("post", NEW), ("post", EMAIL)])
def test_someone_without_a_partnership_gets_404(loner_client, method, url):
    response = getattr(loner_client, method)(url, {"email": "x@example.com"})

    assert response.status_code == 404


def test_a_complete_couple_has_nothing_to_invite(treatment_client, couple):
    page = treatment_client.get(MANAGE)
    new = treatment_client.post(NEW)

    assert page.url == reverse("dashboard")
    assert new.url == reverse("dashboard")
    assert not couple.invitations.exists()


def test_the_supporting_partner_cannot_invite_a_third_person(supporting_client, couple):
    supporting_client.post(NEW)

    assert not couple.invitations.exists()


def test_a_stranger_cannot_invite_into_this_couple(stranger_client, couple, other_couple):
    stranger_client.post(NEW)

    assert not couple.invitations.exists()
    assert not other_couple.invitations.exists()


def test_first_visit_offers_to_make_a_link(inviter_client):
    response = inviter_client.get(MANAGE)

    assert response.status_code == 200
    assert "Make an invitation link" in response.content.decode()
    assert "supporting partner" in response.content.decode()


def test_making_a_link_shows_it_once_to_copy(inviter_client, inviter):
    response = inviter_client.post(NEW)

    assert response.url == MANAGE
    invitation = Invitation.objects.get()
    assert invitation.invited_by == inviter
    assert invitation.role == "supporting"
    page = inviter_client.get(MANAGE).content.decode()
    assert "Copy this link and send it to your partner" in page
    assert "http://testserver/invite/" in page


def test_only_a_hash_of_the_token_is_stored(inviter_client):
    invitation = _make_link(inviter_client)
    link = inviter_client.get(MANAGE).context["link"]
    token = link.rstrip("/").rsplit("/", 1)[-1]

    assert len(token) >= 40
    assert invitation.token_hash == hash_token(token)
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert all(token not in str(value) for value in row.values())


def test_a_new_link_replaces_the_old_one(inviter_client):
    first = _make_link(inviter_client)

    inviter_client.post(NEW)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.pending().count() == 1
    assert Invitation.objects.pending().get() != first


def test_double_submit_leaves_one_working_link(inviter_client):
    inviter_client.post(NEW)
    inviter_client.post(NEW)

    assert Invitation.objects.count() == 2
    assert Invitation.objects.pending().count() == 1


def test_a_link_made_in_another_session_is_not_shown_again(client, inviter, pending):
    client.force_login(inviter)

    page = client.get(MANAGE).content.decode()

    assert "A link is waiting" in page
    assert "http://testserver/invite/" not in page


def test_emailing_the_link_sends_it_to_the_partner(inviter_client, mailoutbox):
    invitation = _make_link(inviter_client)
    link = inviter_client.get(MANAGE).context["link"]

    response = inviter_client.post(EMAIL, {"email": "partner@example.com"})

    assert response.url == MANAGE
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["partner@example.com"]
    assert link in message.body
    assert link in message.alternatives[0][0]
    # No free text from the inviter (their name) goes to someone who has not joined.
    assert "Dana" not in message.body
    assert_no_health_words(message)
    invitation.refresh_from_db()
    assert invitation.sent_to == "partner@example.com"
    page = inviter_client.get(MANAGE).content.decode()
    assert "We emailed the link to partner@example.com." in page


def test_the_invitation_email_does_not_claim_the_partner_has_an_account(inviter_client, mailoutbox):
    _make_link(inviter_client)

    inviter_client.post(EMAIL, {"email": "partner@example.com"})

    message = mailoutbox[0]
    for body in (message.body, message.alternatives[0][0]):
        assert "because you have an Alongside account" not in body
        assert "turn these emails off" not in body


def test_emailing_without_a_fresh_link_asks_for_one(client, inviter, pending, mailoutbox):
    client.force_login(inviter)

    response = client.post(EMAIL, {"email": "partner@example.com"})

    assert response.url == MANAGE
    assert mailoutbox == []
    assert "Make a new link first" in client.get(MANAGE).content.decode()


def test_emailing_yourself_is_refused(inviter_client, inviter, mailoutbox):
    _make_link(inviter_client)

    response = inviter_client.post(EMAIL, {"email": inviter.email.upper()})

    assert response.status_code == 400
    assert "That is your own address" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "address",
    ["not an address", "", "a\x00b@example.com", "x" * 250 + "@example.com"],
    ids=["malformed", "empty", "nul", "too-long"],
)
def test_a_bad_address_is_refused_with_the_link_still_shown(inviter_client, address, mailoutbox):
    _make_link(inviter_client)

    response = inviter_client.post(EMAIL, {"email": address})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errors"' in page
    assert "http://testserver/invite/" in page
    assert mailoutbox == []
    assert Invitation.objects.pending().get().sent_to == ""


def test_a_mail_server_that_is_down_does_not_break_the_page(inviter_client, mail_down):
    invitation = _make_link(inviter_client)

    response = inviter_client.post(EMAIL, {"email": "partner@example.com"})

    assert response.status_code == 302
    page = inviter_client.get(MANAGE).content.decode()
    assert "We could not send the email just now. Copy the link instead." in page
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_a_stale_session_link_is_not_shown_after_it_was_replaced(inviter_client, inviter):
    from partners import pairing
    from partners.access import load_couple

    _make_link(inviter_client)
    pairing.invite(load_couple(inviter), inviter)  # made elsewhere, e.g. another device

    page = inviter_client.get(MANAGE).content.decode()

    assert "A link is waiting" in page
    assert "Copy this link" not in page


def test_get_on_the_action_urls_is_not_allowed(inviter_client):
    assert inviter_client.get(NEW).status_code == 405
    assert inviter_client.get(EMAIL).status_code == 405
    assert not Invitation.objects.exists()


def test_the_expiry_is_shown_in_the_inviters_own_time_zone(inviter_client, inviter):
    """Review finding: a New York inviter read the expiry in the server's UTC."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone
    from django.utils.dateformat import format as format_date

    inviter.time_zone = "America/New_York"
    inviter.save(update_fields=["time_zone"])
    invitation = _make_link(inviter_client)
    local = timezone.localtime(invitation.expires_at, ZoneInfo("America/New_York"))
    assert (
        f"Valid until {format_date(local, 'j F Y, H:i')}"
        in inviter_client.get(MANAGE).content.decode()
    )
