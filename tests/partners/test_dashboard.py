"""The couple's home page: both partners and their roles, and the journal's panels."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Notice
from partners import pairing
from partners.access import load_couple
from partners.models import Invitation, Role
from tests.factories import make_couple, make_user
from tests.journal.boundary_factories import years_of_history as make_boundary_history
from tests.journal.checkin_factories import make_history as make_checkin_history
from tests.journal.treatment_factories import make_history as make_treatment_history
from tests.journal.treatment_factories import make_plan

URL = reverse("dashboard")

# Every signed-in page of a paired person pays one query: the user with their couple
# (partners.auth_backend); the session is read from the cache.
SIGNED_IN = 1
# Each panel's fixed number of queries. A panel that needs another raises its own line
# in the same commit, with its reason; none may depend on how much history there is.
# One summary query on the partnership row serves the safety panel and tells the check-in
# panel who has started this week; that panel then reads what the viewer may see of it,
# once somebody has answered.
PANEL_QUERIES = {"summary": 1, "checkins": 1, "boundaries": 1, "treatment": 1, "library": 2}
# The couple's home page: the above, plus the unread notices.
DASHBOARD_QUERIES = SIGNED_IN + 1 + sum(PANEL_QUERIES.values())


def test_requires_sign_in(client, db):
    response = client.get(URL)

    assert response.url == reverse("account_login") + "?next=" + URL


def test_someone_without_a_partner_is_offered_to_start(loner_client):
    response = loner_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Start a partnership" in page
    assert "Open the link they sent you" in page


def test_a_half_made_partnership_points_to_the_invitation(inviter_client, pending):
    page = inviter_client.get(URL).content.decode()

    assert "Your partner has not joined yet." in page
    assert "Manage the invitation" in page
    assert "Cancel this partnership" in page


@pytest.mark.parametrize(
    ("client_name", "me", "partner"),
    [
        ("treatment_client", "Sam</strong> (you) — Partner in treatment", "Alex</strong> — "),
        ("supporting_client", "Alex</strong> (you) — Supporting partner", "Sam</strong> — "),
    ],
)
def test_each_partner_sees_both_names_and_roles(request, client_name, me, partner):
    client = request.getfixturevalue(client_name)

    page = client.get(URL).content.decode()

    assert me in page
    assert partner in page
    assert "Shared settings" in page


def test_a_stranger_sees_only_their_own_couple(stranger_client, couple):
    page = stranger_client.get(URL).content.decode()

    assert "Robin</strong> (you)" in page
    assert "Kim</strong>" in page
    assert "Sam</strong>" not in page
    assert "Alex</strong>" not in page


def test_unread_notices_are_listed_newest_first(treatment_client, couple, in_treatment):
    for number in range(7):
        Notice.objects.create(
            partnership=couple,
            recipient=in_treatment,
            kind=Notice.Kind.BOUNDARY,
            message=f"Notice number {number}",
            link="/home/",
            created_at=timezone.now() - timedelta(minutes=10 - number),
        )

    page = treatment_client.get(URL).content.decode()

    assert "New for you" in page
    assert page.index("Notice number 6") < page.index("Notice number 2")
    assert "Notice number 1" not in page  # five at most


def test_my_partners_notices_are_not_mine(treatment_client, couple, supporting):
    Notice.objects.create(
        partnership=couple,
        recipient=supporting,
        kind=Notice.Kind.BOUNDARY,
        message="For Alex only",
        link="/home/",
    )

    assert "For Alex only" not in treatment_client.get(URL).content.decode()


def test_post_is_not_allowed(treatment_client):
    assert treatment_client.post(URL).status_code == 405


def _years_of_history(couple, in_treatment, supporting):
    """Five years of notices, past partnerships and old invitations for both people."""
    now = timezone.now()
    notices = [
        Notice(
            partnership=couple,
            recipient=recipient,
            kind=Notice.Kind.CHECKIN_WAITING,
            message="Your partner answered",
            link="/home/",
            created_at=now - timedelta(days=day),
            read_at=None if day % 3 else now,
        )
        for day in range(0, 5 * 365, 2)
        for recipient in (in_treatment, supporting)
    ]
    Notice.objects.bulk_create(notices)
    for _ in range(20):
        old, _, _ = make_couple(make_user(), make_user())
        pairing.end_partnership(load_couple(old.members.first().user))
        Invitation.issue(partnership=couple, invited_by=in_treatment, role=Role.SUPPORTING)


def _journal(couple, in_treatment, supporting, weeks):
    """Check-ins (this week's included), boundaries, a treatment log and a safety plan."""
    make_checkin_history(couple, in_treatment, supporting, weeks, include_current=True)
    make_boundary_history(couple, in_treatment, supporting, count=3 if weeks == 1 else 300)
    make_treatment_history(couple, 3 if weeks == 1 else 500)
    make_plan(couple, warning_signs="Sleeping all day")


@pytest.mark.parametrize("history", ["small", "large"])
def test_query_count_does_not_grow_with_history(
    django_assert_max_num_queries, treatment_client, couple, in_treatment, supporting, history
):
    """Guards an N+1 over notices, memberships or any panel's rows: the same budget with
    one week as with five years of a couple's history (260 weeks of check-ins from both,
    300 boundaries, 500 log entries, years of notices)."""
    _journal(couple, in_treatment, supporting, 1 if history == "small" else 260)
    if history == "large":
        _years_of_history(couple, in_treatment, supporting)
    treatment_client.get(URL)  # allauth records the new signed-in session once

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = treatment_client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("history", ["small", "large"])
def test_query_count_for_a_half_made_partnership(
    django_assert_max_num_queries, client, inviter, pending, history
):
    """Guards a query per old invitation on the waiting page."""
    if history == "large":
        couple = load_couple(inviter)
        for _ in range(50):
            pairing.invite(couple, inviter)
    client.force_login(inviter)
    client.get(URL)  # allauth records the new signed-in session once

    with django_assert_max_num_queries(SIGNED_IN + 1):
        response = client.get(URL)

    assert "Manage the invitation" in response.content.decode()


def test_query_count_without_a_partner(django_assert_max_num_queries, loner_client):
    """Guards the unpaired page from loading anything beyond the person and their couple:
    the couple query finds nothing, then the person alone is loaded, and one query asks
    for their latest closed space (to say when it closed)."""
    loner_client.get(URL)  # allauth records the new signed-in session once

    with django_assert_max_num_queries(SIGNED_IN + 2):
        response = loner_client.get(URL)

    assert response.status_code == 200
