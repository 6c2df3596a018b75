"""Starting a partnership: say which role you have, then invite the other."""

import re

from django.urls import reverse

from partners.models import Membership, Partnership, Role

URL = reverse("partnership_start")


def test_requires_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_someone_without_a_partnership_sees_both_roles(loner_client):
    response = loner_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Partner in treatment" in page
    assert "Supporting partner" in page


def test_starting_as_supporting_partner_opens_a_half_made_partnership(loner_client, loner):
    response = loner_client.post(URL, {"role": Role.SUPPORTING})

    assert response.status_code == 302
    assert response.url == reverse("invitation_manage")
    membership = Membership.objects.get(user=loner)
    assert membership.role == Role.SUPPORTING
    assert membership.partnership.started_by == loner
    assert membership.partnership.members.count() == 1


def test_partnership_takes_the_starters_time_zone(client, db):
    from tests.factories import make_user

    person = make_user(time_zone="Europe/Dublin")
    client.force_login(person)

    client.post(URL, {"role": Role.IN_TREATMENT})

    assert Membership.objects.get(user=person).partnership.time_zone == "Europe/Dublin"


def test_a_role_must_be_chosen(loner_client, loner):
    response = loner_client.post(URL, {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Membership.objects.filter(user=loner).exists()


def test_an_unknown_role_is_refused_with_a_message(loner_client, loner):
    response = loner_client.post(URL, {"role": "admin\x00"})

    assert "Select a valid choice." in response.content.decode()
    assert not Membership.objects.filter(user=loner).exists()


def test_double_submit_makes_one_partnership(loner_client, loner):
    loner_client.post(URL, {"role": Role.IN_TREATMENT})
    second = loner_client.post(URL, {"role": Role.SUPPORTING})

    assert second.status_code == 302
    assert Membership.objects.filter(user=loner).count() == 1
    assert Membership.objects.get(user=loner).role == Role.IN_TREATMENT


def test_a_paired_partner_is_sent_home_instead(treatment_client, in_treatment):
    before = Partnership.objects.count()

    get = treatment_client.get(URL)
    post = treatment_client.post(URL, {"role": Role.SUPPORTING})

    assert get.url == reverse("dashboard")
    assert post.url == reverse("dashboard")
    assert Partnership.objects.count() == before
    assert Membership.objects.get(user=in_treatment, left_at__isnull=True).role == (
        Role.IN_TREATMENT
    )


def test_the_supporting_partner_is_sent_home_too(supporting_client, supporting):
    response = supporting_client.post(URL, {"role": Role.IN_TREATMENT})

    assert response.url == reverse("dashboard")
    assert Membership.objects.filter(user=supporting).count() == 1


def test_after_ending_a_partnership_a_new_one_can_start(client, couple, in_treatment):
    from partners import pairing
    from partners.access import load_couple

    pairing.end_partnership(load_couple(in_treatment))
    client.force_login(in_treatment)

    response = client.post(URL, {"role": Role.IN_TREATMENT})

    assert response.url == reverse("invitation_manage")
    assert Membership.objects.active().get(user=in_treatment).partnership != couple


def test_start_and_get_the_link_shows_the_link_at_once(loner_client, loner):
    # The button says "Start and get the link": the next page has the link, not a
    # second button to make one.
    response = loner_client.post(URL, {"role": Role.IN_TREATMENT}, follow=True)
    page = response.content.decode()
    assert re.search(r'<input[^>]*id="invite-link"[^>]*value="http://testserver/invite/', page)
    assert "Make an invitation link" not in page
