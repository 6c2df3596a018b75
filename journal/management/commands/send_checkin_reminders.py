"""Enqueue check-in reminders that are due now. Run it every hour from cron; running it twice,
or two copies at once, still sends each reminder once (see journal.checkins.reminders).

It also hands back to the task queue any email no task will pick up by itself (see
partners.deliveries.requeue_overdue): the safety net for a lost queue, and how retries
happen at all with the in-process backend."""

from django.core.management.base import BaseCommand

from journal.checkins.reminders import send_due_reminders
from partners.deliveries import requeue_overdue


class Command(BaseCommand):
    help = (
        "Enqueue a reminder email for each person who has not checked in yet, on their "
        "couple's check-in day, in their local morning, and requeue overdue emails. Meant to "
        "run hourly; safe to run twice or concurrently."
    )

    def handle(self, *args, **options):
        queued = send_due_reminders()
        requeued = requeue_overdue()
        self.stdout.write(f"Check-in reminders queued: {queued}")
        self.stdout.write(f"Overdue emails queued again: {requeued}")
