"""Words that must be true when read (review at night on a phone): what emails say, when a
partner's answers appear, "just now", "On Friday at 15:52", what a screen reader hears before
a notice, and the time zone names."""

from datetime import UTC, datetime

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from journal.models import Notice, SafetyAlert
from journal.safety import crisis
from partners.models import grouped_time_zone_choices
from tests.factories import make_user
from tests.journal.checkin_factories import make_checkin


def test_the_confirm_page_does_not_say_emails_never_say_what(client, db):
    user = make_user(verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key
    page = client.get(reverse("account_confirm_email", args=[key])).content.decode()
    assert "never what" not in page
    assert "never carry your check-in answers, notes or agreements" in page


def test_the_confirm_email_says_what_is_true_about_the_account(client, db):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley",
            "email": "riley@example.com",
            "password1": "a-long-new-passphrase-9",
            "password2": "a-long-new-passphrase-9",
            "time_zone": "Europe/London",
        },
    )
    (message,) = [m for m in mail.outbox if m.to == ["riley@example.com"]]
    body = " ".join(message.body.split())
    assert "no account is made" not in body
    assert "cannot be used until this address is confirmed" in body


def test_before_either_partner_answered_the_page_says_both_must(treatment_client, couple):
    page = treatment_client.get(reverse("checkin_week")).content.decode()
    assert "once they check in" not in page
    assert "once you have both checked in" in page


def test_after_i_answered_the_page_waits_only_for_them(treatment_client, couple, in_treatment):
    make_checkin(couple, in_treatment)
    page = treatment_client.get(reverse("checkin_week")).content.decode()
    assert "once they check in" in page


def test_a_notice_from_a_moment_ago_says_just_now(treatment_client, couple, in_treatment):
    Notice.objects.create(
        partnership=couple,
        recipient=in_treatment,
        kind=Notice.Kind.BOUNDARY,
        message="Alex proposed a boundary",
        link="/boundaries/",
    )
    page = treatment_client.get(reverse("dashboard")).content.decode()
    assert "0 minutes ago" not in page
    assert "just now" in page


def test_screen_readers_hear_new_then_the_sentence_not_new_space_colon(
    treatment_client, couple, in_treatment
):
    Notice.objects.create(
        partnership=couple,
        recipient=in_treatment,
        kind=Notice.Kind.BOUNDARY,
        message="Alex proposed a boundary",
        link="/boundaries/",
    )
    for url in (reverse("dashboard"), reverse("notice_list")):
        page = treatment_client.get(url).content.decode()
        # Chromium puts a space around an out-of-flow (visually hidden) span when it names
        # the button, so a hidden ":" after "New" was read "New : ". The whole prefix is
        # now one hidden span, and the visible badge is hidden from screen readers.
        assert '<span class="visually-hidden">:</span>' not in page
        assert '<span class="notice-new" aria-hidden="true">New</span>' in page
        assert '<span class="visually-hidden">New: </span>' in page


def test_an_urgent_alert_says_on_friday_at(couple, in_treatment, supporting):
    supporting.time_zone = "Europe/London"
    supporting.save()
    friday = datetime(2026, 12, 4, 15, 52, tzinfo=UTC)
    checkin = make_checkin(couple, in_treatment, mood=3, unsafe_now=True)
    alert = SafetyAlert.objects.create(
        partnership=couple,
        checkin=checkin,
        person=in_treatment,
        recipient=supporting,
        reason="told",
        email=SafetyAlert.Email.QUEUED,
    )
    SafetyAlert.objects.filter(pk=alert.pk).update(raised_at=friday)
    alert = SafetyAlert.objects.select_related("person", "recipient").get(pk=alert.pk)
    text = " ".join(crisis.for_partner(alert, now=friday)["sentences"])
    assert text.startswith("On Friday at 15:52, ")
    mine = " ".join(crisis.for_person(alert, "Alex", now=friday))
    assert "At Friday" not in mine
    assert "On Friday at 15:52, " in mine


def test_common_time_zones_name_the_city_then_the_region():
    _label, common = grouped_time_zone_choices()[0]
    names = dict(common)
    assert names["America/New_York"] == "New York (America)"
    assert names["Europe/London"] == "London (Europe)"
    assert names["UTC"] == "UTC"
