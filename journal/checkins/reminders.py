"""Check-in reminders: on the couple's check-in day, in each person's local morning, an email to
whoever has not checked in yet.

Meant to run every hour, and it only enqueues. Each reminder is claimed by inserting a
`CheckInReminder` row; the row's unique constraint (one per person per week) is what stops a
second run, or two runs at the same moment, from asking for it again, and the email's delivery
key (the same person and week) is what stops a retried task from sending it twice. A mail
server that is down is the delivery's business: it retries, then records the failure.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from journal import weeks
from journal.models import CheckIn, CheckInReminder
from partners import emails
from partners.models import Membership

# Local hours counted as "morning": a run in any of them sends, so one missed hourly run
# does not lose the reminder.
MORNING_HOURS = range(8, 12)
# A partner west of the couple's zone may still be on the day before when the week opens;
# their first morning is then on the check-in day itself, one east of it the day after.
DAYS_TO_REMIND = 2


def due_reminders(now=None):
    """[(membership, week)] for everyone a reminder should go to at `now`."""
    now = now or timezone.now()
    memberships = list(
        Membership.objects.active()
        .filter(user__is_active=True)
        .select_related("partnership", "user")
        .order_by("partnership_id", "role")
    )
    by_partnership = {}
    for membership in memberships:
        by_partnership.setdefault(membership.partnership_id, []).append(membership)
    couples = [pair for pair in by_partnership.values() if len(pair) == 2]
    if not couples:
        return []

    # Everything that decides who is due, for every couple, in two queries.
    oldest = now.date() - timedelta(days=8)
    checked_in = set()
    latest = {}
    for partnership_id, author_id, week_start in CheckIn.objects.filter(
        partnership_id__in=by_partnership, week_start__gte=oldest
    ).values_list("partnership_id", "author_id", "week_start"):
        checked_in.add((partnership_id, author_id, week_start))
        latest[partnership_id] = max(latest.get(partnership_id, week_start), week_start)
    reminded = set(
        CheckInReminder.objects.filter(
            partnership_id__in=by_partnership, week_start__gte=oldest
        ).values_list("partnership_id", "user_id", "week_start")
    )

    due = []
    for pair in couples:
        partnership = pair[0].partnership
        week = weeks.current_week(partnership, now, latest.get(partnership.pk))
        if not week.contains(now):
            continue
        for membership in pair:
            user = membership.user
            key = (partnership.pk, user.pk, week.start)
            if key in checked_in or key in reminded or not user.email_notifications:
                continue
            local = now.astimezone(weeks.zone(user.time_zone))
            days_in = (local.date() - week.start).days
            if local.hour in MORNING_HOURS and 0 <= days_in < DAYS_TO_REMIND:
                due.append((membership, week))
    return due


def claim(membership, week, now):
    """Record the reminder before sending; False if any run already has."""
    try:
        with transaction.atomic():
            CheckInReminder.objects.create(
                partnership=membership.partnership,
                user=membership.user,
                week_start=week.start,
                sent_at=now,
            )
    except IntegrityError:
        return False
    return True


def send_due_reminders(now=None):
    """Enqueue every reminder due at `now`; returns how many were enqueued."""
    now = now or timezone.now()
    queued = 0
    for membership, week in due_reminders(now):
        if not claim(membership, week, now):
            continue
        user = membership.user
        key = f"checkin_reminder:{membership.partnership.public_id}:{user.public_id}:{week.start}"
        if emails.send_checkin_reminder(user, link=reverse("checkin_form"), key=key):
            queued += 1
    return queued
