"""`manage.py send_checkin_reminders`: on the couple's day, in each person's morning, once."""

import threading
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from journal.checkins import reminders
from journal.models import CheckIn, CheckInReminder
from partners.deliveries import requeue_overdue
from partners.models import Delivery, Weekday
from tests.factories import make_couple, make_user

# Sunday 5 January 2025: a check-in day for a Sunday couple.
SUNDAY = date(2025, 1, 5)


def at(hour, minute=0, day=SUNDAY):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def london_couple(db):
    partnership, sam, alex = make_couple(
        make_user(name="Sam", time_zone="Europe/London"),
        make_user(name="Alex", time_zone="Europe/London"),
        time_zone="Europe/London",
        checkin_weekday=Weekday.SUNDAY,
    )
    return partnership, sam, alex


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_reminds_both_partners_in_their_morning_on_check_in_day(london_couple):
    _, sam, alex = london_couple
    assert reminders.send_due_reminders(at(9, 5)) == 2
    assert sent_to() == sorted([sam.email, alex.email])
    message = mail.outbox[0]
    assert "check-in day" in message.subject
    assert "/checkins/this-week/" in message.body


def test_the_email_says_nothing_about_anyone(london_couple):
    reminders.send_due_reminders(at(9))
    for message in mail.outbox:
        text = (message.subject + message.body).lower()
        for word in ("mood", "treatment", "ketamine", "session", "safe", "dose"):
            assert word not in text


def test_running_again_sends_nothing_more(london_couple):
    reminders.send_due_reminders(at(9))
    reminders.send_due_reminders(at(9, 30))
    reminders.send_due_reminders(at(10))
    assert len(mail.outbox) == 2
    assert CheckInReminder.objects.count() == 2


def test_no_reminder_for_someone_who_already_checked_in(london_couple):
    partnership, sam, alex = london_couple
    now = at(9)
    CheckIn.objects.create(
        partnership=partnership,
        author=sam,
        role="in_treatment",
        week_start=SUNDAY,
        mood=5,
        submitted_at=now,
        updated_at=now,
    )
    reminders.send_due_reminders(now)
    assert sent_to() == [alex.email]


def test_no_reminder_for_someone_who_turned_emails_off(london_couple):
    _, sam, alex = london_couple
    sam.email_notifications = False
    sam.save(update_fields=["email_notifications"])
    reminders.send_due_reminders(at(9))
    assert sent_to() == [alex.email]


@pytest.mark.parametrize(
    "when",
    [
        at(7, 59),  # too early
        at(12, 0),  # the morning is over
        at(9, day=SUNDAY - timedelta(days=1)),  # Saturday: not the check-in day
        at(9, day=SUNDAY + timedelta(days=3)),  # Wednesday
    ],
)
def test_no_reminder_outside_the_check_in_morning(london_couple, when):
    assert reminders.send_due_reminders(when) == 0
    assert mail.outbox == []


def test_each_person_is_reminded_in_their_own_morning(db):
    # The couple's week runs on London time; one of them lives in Tokyo, nine hours ahead.
    _, sam, alex = make_couple(
        make_user(name="Sam", time_zone="Europe/London"),
        make_user(name="Alex", time_zone="Asia/Tokyo"),
        time_zone="Europe/London",
        checkin_weekday=Weekday.SUNDAY,
    )
    # Sunday 08:00 in Tokyo is still Saturday in London: the week has not begun.
    assert reminders.send_due_reminders(at(23, day=SUNDAY - timedelta(days=1))) == 0
    # Sunday 09:00 in Tokyo is midnight in London: the week opens in Alex's morning.
    assert reminders.send_due_reminders(at(0)) == 1
    assert sent_to() == [alex.email]
    assert reminders.send_due_reminders(at(9)) == 1
    assert sent_to() == sorted([alex.email, sam.email])


def test_someone_west_of_the_couple_is_reminded_in_their_sunday_morning(db):
    _, _, alex = make_couple(
        make_user(name="Sam", time_zone="Europe/London"),
        make_user(name="Alex", time_zone="America/Los_Angeles"),
        time_zone="Europe/London",
        checkin_weekday=Weekday.SUNDAY,
    )
    # 09:00 in Los Angeles on Sunday is 17:00 in London, the same check-in day.
    assert reminders.send_due_reminders(at(17)) == 1
    assert sent_to() == [alex.email]


def test_unfinished_partnerships_and_ended_ones_get_nothing(db):
    partnership, _, _ = make_couple(time_zone="UTC")
    partnership.ended_at = at(0) - timedelta(days=30)
    partnership.save(update_fields=["ended_at"])
    assert reminders.send_due_reminders(at(9)) == 0


def test_a_failed_email_is_tried_again_later_and_sent_once(london_couple, monkeypatch):
    """The reminder stays claimed (no second reminder is ever asked for); its email is the
    delivery's to retry, and a retry sends it once."""

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse)
    assert reminders.send_due_reminders(at(9)) == 2
    assert CheckInReminder.objects.count() == 2
    assert [(d.state, d.attempts) for d in Delivery.objects.all()] == [("queued", 1)] * 2
    assert reminders.send_due_reminders(at(10)) == 0
    monkeypatch.undo()

    later = timezone.now() + timedelta(hours=1)
    assert requeue_overdue(later) == 2
    assert requeue_overdue(later) == 0
    assert len(mail.outbox) == 2
    assert {d.state for d in Delivery.objects.all()} == {"sent"}


def test_command_reports_what_it_sent(london_couple, monkeypatch):
    monkeypatch.setattr(reminders.timezone, "now", lambda: at(9))
    out = StringIO()
    call_command("send_checkin_reminders", stdout=out)
    assert "Check-in reminders queued: 2" in out.getvalue()
    call_command("send_checkin_reminders", stdout=out)
    assert "Check-in reminders queued: 0" in out.getvalue()
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(monkeypatch):
    """Both runs decide the same two reminders are due, then race to claim them: the unique
    constraint lets exactly one claim each."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    make_couple(
        make_user(name="Sam", time_zone="UTC"),
        make_user(name="Alex", time_zone="UTC"),
        time_zone="UTC",
        checkin_weekday=Weekday.SUNDAY,
    )
    both_decided = threading.Barrier(2, timeout=20)
    real_due = reminders.due_reminders

    def due_then_wait(now=None):
        due = real_due(now)
        both_decided.wait()  # neither claims until both have the same list
        return due

    monkeypatch.setattr(reminders, "due_reminders", due_then_wait)
    results, errors = [], []

    def run():
        try:
            results.append(reminders.send_due_reminders(at(9)))
        except Exception as error:  # surfaced below, with the thread's own traceback lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(results) == 2
    assert len(mail.outbox) == 2
    assert CheckInReminder.objects.count() == 2
