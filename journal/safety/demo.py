"""Demo safety rows for `make run`: a suggestion from Alex waiting for Sam's decision, and an
urgent alert from a past week that Alex saw and that a newer check-in resolved, so the demo
shows what each of them reads about one. Idempotent. Runs after the check-in and treatment
demos (it needs their check-ins and the safety plan)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from journal.models import CheckIn, SafetyAlert, SafetyPlanSuggestion
from partners import emails
from partners.models import Delivery

SUGGESTION = "Going quiet on messages for a whole day."
ALERT_WEEKS_AGO = 4  # the demo's hardest week (journal.checkins.demo: mood 4, feeling low)


def load(partnership, in_treatment, supporting) -> None:
    with transaction.atomic():
        SafetyPlanSuggestion.objects.get_or_create(
            partnership=partnership,
            author=supporting,
            part="warning_signs",
            text=SUGGESTION,
            defaults={"created_at": timezone.now() - timedelta(days=2, hours=5)},
        )
        _past_alert(partnership, in_treatment, supporting)


def _past_alert(partnership, in_treatment, supporting) -> None:
    theirs = CheckIn.objects.filter(partnership=partnership, author=in_treatment)
    weeks = list(theirs.order_by("-week_start")[: ALERT_WEEKS_AGO + 1])
    if (
        len(weeks) <= ALERT_WEEKS_AGO
        or SafetyAlert.objects.filter(partnership=partnership).exists()
    ):
        return
    checkin, newer = weeks[ALERT_WEEKS_AGO], weeks[ALERT_WEEKS_AGO - 1]
    # The check-in said what the alert says it said ("Right now I don't feel safe"), and
    # Sam's plan asked for the alert in advance (journal.treatment.demo's plan).
    CheckIn.objects.filter(pk=checkin.pk).update(unsafe_now=True)
    raised = checkin.submitted_at
    alert = SafetyAlert.objects.create(
        partnership=partnership,
        checkin=checkin,
        person=in_treatment,
        recipient=supporting,
        reason=SafetyAlert.Reason.UNSAFE_NOW,
        raised_at=raised,
        email=SafetyAlert.Email.QUEUED,
        seen_at=raised + timedelta(minutes=12),
        resolved_at=newer.submitted_at,
    )
    # Its email, as it went: taken by the mail server a minute later (the rendered text is
    # never kept once sent, so none is stored here either).
    Delivery.objects.get_or_create(
        key=emails.safety_alert_key(alert),
        defaults={
            "template": "safety_alert",
            "recipient": supporting,
            "to": supporting.email,
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "subject": "Please check in with Sam",
            "state": Delivery.State.SENT,
            "attempts": 1,
            "created_at": raised,
            "next_attempt_at": raised,
            "sent_at": raised + timedelta(minutes=1),
        },
    )
