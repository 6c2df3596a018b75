"""In-app notices: "something changed that you should know about"."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from partners.models import Partnership


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user, partnership):
        return self.filter(recipient=user, partnership=partnership)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    class Kind(models.TextChoices):
        CHECKIN_WAITING = "checkin_waiting", "Check-in"
        CHECKIN_SAFETY = "checkin_safety", "Safety"
        BOUNDARY = "boundary", "Boundary"
        TREATMENT_CHANGE = "treatment_change", "Treatment change"
        SESSION = "session", "Session"
        SAFETY_PLAN = "safety_plan", "Safety plan"
        ARTICLE_SUGGESTED = "article_suggested", "Suggested reading"
        PARTNERSHIP = "partnership", "Partnership"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # In-app only: the partnership is private to the two of them, so the notice may say
    # what happened. Emails about it never do (see partners.emails).
    message = models.CharField(max_length=200)
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "partnership", "-created_at"], name="notice_inbox_idx"
            ),
            # The unread count on every page (partners.access): only unread rows are indexed.
            models.Index(
                fields=["recipient", "partnership"],
                condition=models.Q(read_at__isnull=True),
                name="notice_unread_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} notice"
