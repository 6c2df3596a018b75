"""The link the invited partner opens: see who invites you, then accept or decline.

Every broken link (malformed, expired, withdrawn, used, declined) gets a clear page,
never a 500.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from partners import pairing
from partners.access import load_couple
from partners.models import Invitation, Membership, Role
from partners.views.invitations import INVITE_COOKIE
from tests.factories import PASSWORD, make_user


def open_url(token):
    return reverse("invitation", args=[token])


def answer_url(token):
    return reverse("invitation_answer", args=[token])


ACCEPT = {"accept": "1", "confirm": "on"}
DECLINE = {"decline": "1"}


# --- Opening the link ------------------------------------------------------------------


def test_someone_signed_out_is_told_to_sign_in_to_see_the_invitation(client, pending):
    # Who invites them and the roles (which say who is in treatment) wait until they
    # sign in: a forwarded link tells a stranger nothing (test_invitation_privacy.py).
    _, token = pending

    response = client.get(open_url(token))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dana" not in page
    assert "supporting partner" not in page
    assert "Sign in or create an account to see the invitation" in page
    assert reverse("account_signup") in page
    assert reverse("account_login") in page


def test_opening_the_link_signed_out_remembers_it_in_a_signed_cookie(client, pending):
    _, token = pending

    response = client.get(open_url(token))

    cookie = response.cookies[INVITE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie.value != token  # signed, not the bare token


def test_someone_signed_in_without_a_partner_sees_the_accept_form(loner_client, pending):
    _, token = pending

    response = loner_client.get(open_url(token))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Accept and join" in page
    assert "Decline" in page
    assert INVITE_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "token",
    [
        "not-a-real-token",
        "x" * 10_000,
        "abc\x00def",
        "\x00",
        "ünïcödé-tøken",
        "%2e%2e",
    ],
    ids=["random", "10k-chars", "nul-inside", "only-nul", "unicode", "encoded-dots"],
)
@pytest.mark.parametrize("who", ["anonymous", "loner"])
def test_a_malformed_link_gets_a_clear_page(client, loner, token, who):
    if who == "loner":
        client.force_login(loner)

    response = client.get("/invite/" + quote(token, safe="") + "/")

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


@pytest.mark.parametrize(
    "token", ["not-a-real-token", "x" * 10_000, "abc\x00def"], ids=["random", "10k", "nul"]
)
def test_answering_a_malformed_link_gets_a_clear_page(loner_client, loner, token):
    response = loner_client.post("/invite/" + quote(token, safe="") + "/answer/", ACCEPT)

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()
    assert not Membership.objects.filter(user=loner).exists()


def test_a_link_missing_its_last_characters_does_not_work(loner_client, pending):
    _, token = pending

    response = loner_client.get(open_url(token[:-3]))

    assert response.status_code == 404


def _expire(invitation):
    # Seven days later, without a time-travel library: the row says it has run out.
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save(update_fields=["expires_at"])


def test_an_invitation_lasts_seven_days(pending):
    invitation, _ = pending

    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_an_expired_link_explains_itself(loner_client, pending):
    invitation, token = pending
    _expire(invitation)

    response = loner_client.get(open_url(token))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This invitation has expired" in page
    assert "Accept and join" not in page


def test_an_expired_link_cannot_be_accepted(loner_client, loner, pending):
    invitation, token = pending
    _expire(invitation)

    response = loner_client.post(answer_url(token), ACCEPT)

    assert response.status_code == 409
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=loner).exists()


def test_a_link_still_works_just_before_it_expires(loner_client, loner, pending):
    invitation, token = pending
    invitation.expires_at = timezone.now() + timedelta(minutes=1)
    invitation.save(update_fields=["expires_at"])

    loner_client.post(answer_url(token), ACCEPT)

    assert Membership.objects.filter(user=loner).exists()


def test_a_withdrawn_link_explains_itself(client, loner, pending):
    invitation, token = pending
    pairing.revoke(invitation)
    client.force_login(loner)

    page = client.get(open_url(token)).content.decode()
    post = client.post(answer_url(token), ACCEPT)

    assert "This invitation was withdrawn" in page
    assert post.status_code == 409
    assert not Membership.objects.filter(user=loner).exists()


def test_a_replaced_link_reads_as_withdrawn(loner_client, inviter, pending):
    _, old_token = pending
    pairing.invite(load_couple(inviter), inviter)

    page = loner_client.get(open_url(old_token)).content.decode()

    assert "This invitation was withdrawn" in page


def test_a_link_into_a_cancelled_partnership_is_withdrawn(loner_client, inviter, pending):
    _, token = pending
    pairing.end_partnership(load_couple(inviter))

    page = loner_client.get(open_url(token)).content.decode()

    assert "This invitation was withdrawn" in page


def test_a_third_person_opening_a_used_link_is_told_it_was_used(client, pending):
    _, token = pending
    first, third = make_user(), make_user()
    client.force_login(first)
    client.post(answer_url(token), ACCEPT)
    client.force_login(third)

    page = client.get(open_url(token)).content.decode()
    post = client.post(answer_url(token), ACCEPT)

    assert "This invitation has already been used" in page
    assert post.status_code == 409
    assert not Membership.objects.filter(user=third).exists()


def test_a_used_link_explains_itself_to_someone_signed_out(client, pending, loner):
    invitation, token = pending
    pairing.accept(invitation, loner)

    response = client.get(open_url(token))

    assert "This invitation has already been used" in response.content.decode()
    assert INVITE_COOKIE not in response.cookies


def test_a_declined_link_explains_itself(client, pending, loner):
    invitation, token = pending
    pairing.decline(invitation, loner)
    client.force_login(make_user())

    page = client.get(open_url(token)).content.decode()

    assert "This invitation was declined" in page


def test_opening_your_own_invitation_says_so(inviter_client, pending):
    _, token = pending

    page = inviter_client.get(open_url(token)).content.decode()
    post = inviter_client.post(answer_url(token), ACCEPT)

    assert "This is your own invitation" in page
    assert post.status_code == 409
    assert "This is your own invitation" in post.content.decode()


def test_someone_already_in_a_partnership_cannot_accept(stranger_client, stranger, pending):
    invitation, token = pending

    page = stranger_client.get(open_url(token)).content.decode()
    post = stranger_client.post(answer_url(token), ACCEPT)

    assert "You are already in a partnership" in page
    assert post.status_code == 409
    assert Membership.objects.filter(user=stranger).count() == 1
    invitation.refresh_from_db()
    assert invitation.is_pending


# --- Answering ---------------------------------------------------------------------------


def test_accepting_joins_the_partnership_in_the_invited_role(loner_client, loner, pending):
    invitation, token = pending

    response = loner_client.post(answer_url(token), ACCEPT)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    membership = Membership.objects.get(user=loner)
    assert membership.partnership == invitation.partnership
    assert membership.role == Role.SUPPORTING
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.answered_by == loner
    assert load_couple(loner).is_complete
    assert "You are paired" in loner_client.get(reverse("dashboard")).content.decode()


def test_accepting_clears_the_remembered_link(client, loner, pending):
    _, token = pending
    client.get(open_url(token))
    client.force_login(loner)

    response = client.post(answer_url(token), ACCEPT)

    assert response.cookies[INVITE_COOKIE].value == ""


def test_accepting_needs_the_box_ticked(loner_client, loner, pending):
    _, token = pending

    response = loner_client.post(answer_url(token), {"accept": "1"})

    assert response.status_code == 400
    assert "Tick the box to accept." in response.content.decode()
    assert not Membership.objects.filter(user=loner).exists()


def test_declining_shares_nothing_and_closes_the_link(loner_client, loner, pending):
    invitation, token = pending

    response = loner_client.post(answer_url(token), DECLINE)

    assert response.url == reverse("dashboard")
    assert not Membership.objects.filter(user=loner).exists()
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert invitation.answered_by == loner


def test_a_post_that_neither_accepts_nor_declines_changes_nothing(loner_client, loner, pending):
    invitation, token = pending

    response = loner_client.post(answer_url(token), {"confirm": "on"})

    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert not Membership.objects.filter(user=loner).exists()


def test_the_inviter_can_make_a_new_link_after_a_decline(inviter_client, loner, pending):
    invitation, _ = pending
    pairing.decline(invitation, loner)

    inviter_client.post(reverse("invitation_new"))

    assert Invitation.objects.pending().count() == 1


def test_double_submit_of_accept_joins_once(loner_client, loner, pending):
    _, token = pending

    first = loner_client.post(answer_url(token), ACCEPT)
    second = loner_client.post(answer_url(token), ACCEPT)

    assert first.status_code == 302
    # The second click is not told the link is used up: it lands in the shared space too.
    assert second.status_code == 302
    assert second["Location"] == reverse("dashboard")
    assert Membership.objects.filter(user=loner).count() == 1


def test_the_person_who_accepted_is_told_so_when_opening_the_link_again(loner_client, pending):
    _, token = pending
    loner_client.post(answer_url(token), ACCEPT)

    page = loner_client.get(open_url(token)).content.decode()

    assert "You have already accepted this invitation." in page
    assert "has already been used" not in page


def test_two_people_racing_for_one_link_only_one_joins(pending):
    invitation, _ = pending
    first, second = make_user(), make_user()
    pairing.accept(invitation, first)

    with pytest.raises(pairing.PairingError):
        pairing.accept(invitation, second)

    assert invitation.partnership.members.count() == 2
    assert not Membership.objects.filter(user=second).exists()


def test_answering_signed_out_goes_to_sign_in_and_back_to_the_invitation(client, pending):
    _, token = pending

    response = client.post(answer_url(token), ACCEPT)

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=" + open_url(token)
    assert not Invitation.objects.filter(accepted_at__isnull=False).exists()


def test_answer_url_only_takes_posts(loner_client, pending):
    _, token = pending

    assert loner_client.get(answer_url(token)).status_code == 405


# --- The link survives signing in ------------------------------------------------------


def test_signing_in_after_opening_the_link_comes_back_to_it(client, pending):
    _, token = pending
    person = make_user("newcomer@example.com")
    client.get(open_url(token))

    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == open_url(token)


def test_a_used_link_does_not_hijack_every_later_sign_in(client, pending, loner):
    invitation, token = pending
    person = make_user("latecomer@example.com")
    client.get(open_url(token))
    pairing.accept(invitation, loner)

    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert response.url == reverse("dashboard")


def test_a_tampered_cookie_is_ignored(client, pending):
    _, token = pending
    person = make_user()
    client.cookies[INVITE_COOKIE] = token  # unsigned

    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert response.url == reverse("dashboard")
