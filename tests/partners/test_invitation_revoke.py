"""Withdrawing an invitation link: only the couple's own, only by POST."""

import uuid

from django.urls import reverse

from partners import pairing
from partners.access import load_couple
from partners.models import Invitation
from tests.factories import make_user


def revoke_url(invitation):
    return reverse("invitation_revoke", args=[invitation.public_id])


def test_requires_sign_in(client, pending):
    invitation, _ = pending

    response = client.post(revoke_url(invitation))

    assert response.url.startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_the_inviter_withdraws_the_link(inviter_client, pending):
    invitation, token = pending

    response = inviter_client.post(revoke_url(invitation))

    assert response.url == reverse("invitation_manage")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = inviter_client.get(reverse("invitation", args=[token])).content.decode()
    assert "This invitation was withdrawn" in page


def test_withdrawing_forgets_the_link_shown_for_copying(inviter_client):
    inviter_client.post(reverse("invitation_new"))
    invitation = Invitation.objects.get()

    inviter_client.post(revoke_url(invitation))

    page = inviter_client.get(reverse("invitation_manage")).content.decode()
    assert "http://testserver/invite/" not in page
    assert "Make an invitation link" in page


def test_a_stranger_gets_404_and_the_link_keeps_working(stranger_client, pending):
    invitation, _ = pending

    response = stranger_client.post(revoke_url(invitation))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_someone_with_a_half_made_partnership_cannot_withdraw_anothers(client, pending):
    invitation, _ = pending
    other = make_user()
    pairing.start_partnership(other, "supporting")
    client.force_login(other)

    response = client.post(revoke_url(invitation))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_someone_without_a_partnership_gets_404(loner_client, pending):
    invitation, _ = pending

    assert loner_client.post(revoke_url(invitation)).status_code == 404


def test_an_unknown_id_is_404(inviter_client, pending):
    response = inviter_client.post(reverse("invitation_revoke", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_integer_ids_are_not_urls(inviter_client, pending):
    invitation, _ = pending

    response = inviter_client.post(f"/partnership/invite/{invitation.pk}/revoke/")

    assert response.status_code == 404


def test_get_does_not_withdraw(inviter_client, pending):
    invitation, _ = pending

    response = inviter_client.get(revoke_url(invitation))

    assert response.status_code == 405
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_withdrawing_an_accepted_link_changes_nothing(client, inviter, pending, loner):
    invitation, _ = pending
    pairing.accept(invitation, loner)
    client.force_login(inviter)

    client.post(revoke_url(invitation))

    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert load_couple(loner).is_complete


def test_withdrawing_twice_keeps_the_first_time(inviter_client, pending):
    invitation, _ = pending
    inviter_client.post(revoke_url(invitation))
    invitation.refresh_from_db()
    first = invitation.revoked_at

    inviter_client.post(revoke_url(invitation))

    invitation.refresh_from_db()
    assert invitation.revoked_at == first
