"""Deleting my account: my personal data, sessions and authenticators go; the partnership
ends cleanly; my partner is told and keeps their own writing."""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from journal.models import Boundary, CheckIn, Notice, SafetyPlan, TreatmentEntry
from partners.access import load_couple
from partners.models import Membership, SecurityEvent, User
from tests.factories import PASSWORD
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin, this_week
from tests.journal.treatment_factories import make_entry, make_plan
from tests.partners.conftest import assert_no_health_words, reauthenticate

DELETE = reverse("account_delete")


def _signed_in(user):
    """A real sign-in through allauth, so the session is tracked like a browser's."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_requires_reauthentication(treatment_client):
    response = treatment_client.get(DELETE)
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]


def test_confirmation_page_says_what_happens(treatment_client):
    reauthenticate(treatment_client)
    response = treatment_client.get(DELETE)
    assert response.status_code == 200
    assert b"keeps their own writing" in response.content
    assert b"treatment log and the safety plan you wrote are deleted" in response.content


def test_unticked_confirmation_deletes_nothing(treatment_client, in_treatment):
    reauthenticate(treatment_client)
    response = treatment_client.post(DELETE, {})
    # An empty POST is the form again with what is missing, as a 400; nothing is deleted.
    assert response.status_code == 400
    assert b"delete" in response.content.lower()
    assert User.objects.filter(pk=in_treatment.pk).exists()


def test_deleting_removes_my_data_and_keeps_my_partners(couple, in_treatment, supporting):
    week = this_week(couple).start
    make_checkin(couple, in_treatment, week - timedelta(weeks=1), private_note="MINE")
    theirs = make_checkin(couple, supporting, week - timedelta(weeks=1), worries="THEIRS")
    agreed = make_boundary(in_treatment, supporting, wording="Rides home after sessions")
    make_entry(couple, in_treatment, note="LOGGED")
    make_plan(couple, warning_signs="SIGNS")
    client = _signed_in(in_treatment)
    other_device = _signed_in(in_treatment)
    # Added after signing in, or allauth would ask both devices for the second step.
    Authenticator.objects.create(user=in_treatment, type=Authenticator.Type.TOTP, data={})
    assert UserSession.objects.filter(user=in_treatment).count() == 2
    partner_sessions_before = Session.objects.count() - 2
    reauthenticate(client)
    mail.outbox.clear()

    response = client.post(DELETE, {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=in_treatment.pk).exists()
    assert not CheckIn.objects.filter(author_id=in_treatment.pk).exists()
    assert not TreatmentEntry.objects.filter(partnership=couple).exists()
    assert not SafetyPlan.objects.filter(partnership=couple).exists()
    assert not Authenticator.objects.filter(user_id=in_treatment.pk).exists()
    assert not SecurityEvent.objects.filter(user_id=in_treatment.pk).exists()
    assert not UserSession.objects.filter(user_id=in_treatment.pk).exists()
    assert Session.objects.count() == partner_sessions_before
    # The other device is signed out too.
    assert other_device.get(reverse("dashboard")).status_code == 302
    # The partner keeps their own check-in and the shared agreement, without my name.
    assert CheckIn.objects.filter(pk=theirs.pk).exists()
    agreed.refresh_from_db()
    assert agreed.proposed_by is None
    # The partnership ended for both; the partner was told, without health details.
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert load_couple(supporting) is None
    assert Membership.objects.filter(partnership=couple, user=supporting).get().left_at
    assert [message.to for message in mail.outbox] == [[supporting.email]]
    assert_no_health_words(mail.outbox[0])


def test_supporter_deleting_keeps_the_treatment_log(couple, in_treatment, supporting):
    make_entry(couple, in_treatment, note="LOGGED")
    client = _signed_in(supporting)
    reauthenticate(client)
    client.post(DELETE, {"confirm": "on"})
    assert not User.objects.filter(pk=supporting.pk).exists()
    assert TreatmentEntry.objects.filter(partnership=couple).count() == 1
    assert not Notice.objects.filter(recipient_id=supporting.pk).exists()


def test_loner_can_delete_their_account(loner):
    client = _signed_in(loner)
    reauthenticate(client)
    response = client.post(DELETE, {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=loner.pk).exists()
    assert Boundary.objects.count() == 0
