"""Safety alerts: the one urgent thing one partner can send the other.

An alert exists only because the person chose it: in advance (a consent in the safety plan,
for a named trigger) or with the "Tell {partner} now" button. It records what really
happened, so that every word either partner reads about it is true: when it was raised, what
became of its email, when the partner saw it, and when the person said they were safe again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.models import Partnership


class SafetyAlertQuerySet(models.QuerySet):
    def unseen_by(self, user, partnership):
        """Alerts pinned to the top of every page `user` opens until they say they saw it."""
        return self.filter(recipient=user, partnership=partnership, seen_at__isnull=True)


class SafetyAlert(models.Model):
    class Reason(models.TextChoices):
        # Each reason is a separate choice the person made; "not safe at home" is never one.
        UNSAFE_NOW = "unsafe_now", 'ticked "Right now I don\'t feel safe"'
        SELF_HARM = "self_harm", 'answered the self-harm question above "Not at all"'
        TOLD = "told", 'pressed "Tell my partner now"'

    class Email(models.TextChoices):
        # What became of a queued email is the delivery's to say (partners.deliveries,
        # keyed by partners.emails.safety_alert_key): queued, sent at a time, or failed.
        QUEUED = "queued", "handed to the mail queue"
        OFF = "off", "not sent: urgent emails are turned off"
        # Alerts from before alerts were recorded (migration 0008): what became of the
        # email was never stored, so nothing may claim either way.
        UNKNOWN = "unknown", "not recorded"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    checkin = models.ForeignKey(
        "journal.CheckIn", on_delete=models.CASCADE, related_name="safety_alerts"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alerts_raised"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alerts"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.QUEUED)
    seen_at = models.DateTimeField(null=True, blank=True)
    # When the person said they are safe again (unticked, answered differently, a newer
    # check-in, or "I'm safe now"): from then on the alert reads in the past tense.
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            # A double click, a second tab or an edit that keeps the answer sends one alert.
            models.UniqueConstraint(
                fields=["checkin"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_safety_alert_per_checkin",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "partnership"],
                condition=Q(seen_at__isnull=True),
                name="safety_alert_unseen_idx",
            )
        ]

    def __str__(self):
        return f"Safety alert ({self.get_reason_display()})"

    @property
    def is_open(self):
        return self.resolved_at is None
