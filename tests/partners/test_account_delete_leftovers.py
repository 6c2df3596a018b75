"""After an account is deleted, its email is nowhere: not in cached sessions, not in
invitations, not in the former partner's notices."""

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from journal.models import Notice
from partners import my_data
from partners.models import Invitation, Role
from tests.factories import PASSWORD, make_couple, make_user


def _signed_in(user):
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_cached_sessions_are_removed_too(db, settings):
    person = make_user("sam.rivers@example.com", name="")
    client = _signed_in(person)
    key = client.session.session_key
    cache_key = f"django.contrib.sessions.cached_db{key}"
    assert cache.get(cache_key) is not None

    my_data.delete_account(person)

    assert cache.get(cache_key) is None


def test_invitations_forget_the_address(db):
    partnership, sam, alex = make_couple(make_user("sam.rivers@example.com", name="Sam"))
    invitation, _ = Invitation.issue(
        partnership=partnership, invited_by=alex, role=Role.IN_TREATMENT
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_to="sam.rivers@example.com")

    my_data.delete_account(sam)

    assert not Invitation.objects.filter(sent_to__iexact="sam.rivers@example.com").exists()


def test_the_partners_notices_no_longer_name_them(db):
    partnership, sam, alex = make_couple(make_user("sam.rivers@example.com", name=""))
    Notice.objects.create(
        partnership=partnership,
        recipient=alex,
        kind=Notice.Kind.CHECKIN_WAITING,
        message="sam.rivers has checked in.",
        link="/checkins/",
    )

    my_data.delete_account(sam)

    message = Notice.objects.get(recipient=alex).message
    assert "sam.rivers" not in message
    assert message == "Your former partner has checked in."
