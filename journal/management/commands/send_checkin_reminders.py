"""Email check-in reminders that are due now. Run it every hour from cron; running it twice,
or two copies at once, still sends each reminder once (see journal.reminders)."""

from django.core.management.base import BaseCommand

from journal.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Email each person who has not checked in yet, on their couple's check-in day, in "
        "their local morning. Meant to run hourly; safe to run twice or concurrently."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"Check-in reminders sent: {sent}")
