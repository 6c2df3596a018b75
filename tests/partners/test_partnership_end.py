"""Ending a partnership: reauthenticate, confirm, and the partner is told by email."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from partners.access import load_couple
from partners.models import Invitation, Membership
from tests.partners.conftest import assert_no_health_words, reauthenticate

URL = reverse("partnership_end")
CONFIRM = {"confirm": "on"}


def test_requires_sign_in(client, couple):
    response = client.get(URL)

    assert response.url.startswith(reverse("account_login"))


def test_someone_without_a_partnership_gets_404(loner_client):
    reauthenticate(loner_client)

    assert loner_client.get(URL).status_code == 404


def test_asks_for_the_password_again_first(treatment_client):
    response = treatment_client.get(URL)

    assert response.status_code == 302
    assert response.url == reverse("account_reauthenticate") + "?" + urlencode({"next": URL})


def test_a_post_without_reauthentication_ends_nothing(treatment_client, couple):
    response = treatment_client.post(URL, CONFIRM)

    assert response.url.startswith(reverse("account_reauthenticate"))
    couple.refresh_from_db()
    assert couple.ended_at is None


def test_a_wrong_password_does_not_reauthenticate(treatment_client, couple):
    treatment_client.post(reverse("account_reauthenticate"), {"password": "wrong"})

    response = treatment_client.get(URL)

    assert response.url.startswith(reverse("account_reauthenticate"))


def test_after_reauthentication_the_page_says_what_happens(treatment_client):
    reauthenticate(treatment_client)

    response = treatment_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing is deleted" in page
    assert "Alex gets an email" in page
    assert "I understand" in page


def test_ending_needs_the_box_ticked(treatment_client, couple):
    reauthenticate(treatment_client)

    response = treatment_client.post(URL, {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    couple.refresh_from_db()
    assert couple.ended_at is None


@pytest.mark.parametrize("who", ["in_treatment", "supporting"])
def test_either_partner_can_end_it_and_the_other_is_emailed(
    client, couple, in_treatment, supporting, mailoutbox, who
):
    me, partner = (
        (in_treatment, supporting)
        if who == "in_treatment"
        else (
            supporting,
            in_treatment,
        )
    )
    client.force_login(me)
    reauthenticate(client)

    response = client.post(URL, CONFIRM)

    assert response.url == reverse("dashboard")
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert not Membership.objects.active().filter(partnership=couple).exists()
    assert load_couple(me) is None
    assert load_couple(partner) is None
    assert [message.to for message in mailoutbox] == [[partner.email]]
    assert_no_health_words(mailoutbox[0])
    assert "Your shared space on Alongside has been closed" in mailoutbox[0].body


def test_both_land_on_the_start_page_afterwards(client, couple, in_treatment, supporting):
    client.force_login(in_treatment)
    reauthenticate(client)
    client.post(URL, CONFIRM)

    mine = client.get(reverse("dashboard")).content.decode()
    client.force_login(supporting)
    theirs = client.get(reverse("dashboard")).content.decode()

    assert "Your shared space is closed" in mine
    assert "Start a partnership" in mine
    assert "Start a partnership" in theirs


def test_shared_pages_close_for_the_partner_too(client, couple, in_treatment, supporting):
    client.force_login(in_treatment)
    reauthenticate(client)
    client.post(URL, CONFIRM)
    client.force_login(supporting)

    # Closed, and said calmly: no shared settings, no bare 404 (issue 12).
    response = client.get(reverse("partnership_settings"))
    assert response.status_code == 200
    assert "This shared space closed on" in response.content.decode()


def test_nothing_is_deleted(client, couple, in_treatment):
    client.force_login(in_treatment)
    reauthenticate(client)

    client.post(URL, CONFIRM)

    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert Membership.objects.filter(partnership=couple).count() == 2


def test_a_mail_server_that_is_down_does_not_stop_the_ending(
    client, couple, in_treatment, mail_down
):
    client.force_login(in_treatment)
    reauthenticate(client)

    response = client.post(URL, CONFIRM)

    assert response.status_code == 302
    couple.refresh_from_db()
    assert couple.ended_at is not None


def test_cancelling_a_half_made_partnership_withdraws_the_link(inviter_client, pending, mailoutbox):
    invitation, _ = pending
    reauthenticate(inviter_client)

    page = inviter_client.get(URL).content.decode()
    response = inviter_client.post(URL, CONFIRM)

    assert "Any invitation link you sent stops working" in page
    assert response.url == reverse("dashboard")
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    assert mailoutbox == []


def test_ending_twice_sends_one_email(client, couple, in_treatment, mailoutbox):
    client.force_login(in_treatment)
    reauthenticate(client)

    client.post(URL, CONFIRM)
    second = client.post(URL, CONFIRM)

    # The second finds the space closed and says so; nothing is sent again.
    assert second.status_code == 200
    assert "This shared space closed on" in second.content.decode()
    assert len(mailoutbox) == 1


def test_a_stranger_ending_their_own_leaves_this_couple_alone(stranger_client, couple):
    reauthenticate(stranger_client)

    stranger_client.post(URL, CONFIRM)

    couple.refresh_from_db()
    assert couple.ended_at is None
