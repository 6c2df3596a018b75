"""What a couple does with the library: reading marks and suggestions to each other.

Both belong to a partnership and are only ever reached through `partners.access`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.models import Partnership

NOTE_MAX_LENGTH = 500


class ReadingMark(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="reading_marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_marks"
    )
    article = models.ForeignKey(
        "resources.Article", on_delete=models.CASCADE, related_name="reading_marks"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at"]
        constraints = [
            # Marking an article read twice (a double click) leaves one mark.
            models.UniqueConstraint(
                fields=["partnership", "user", "article"], name="one_reading_mark_per_article"
            )
        ]
        indexes = [
            # A reader's latest marks (the dashboard's panel) in the order shown: the
            # panel stops after the few it shows, however long the couple's history.
            models.Index(
                fields=["partnership", "user", "-read_at", "id"], name="readingmark_latest_idx"
            )
        ]

    def __str__(self):
        return f"Read at {self.read_at:%Y-%m-%d}"


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(opened_at__isnull=True)


class Suggestion(models.Model):
    """ "You might want to read this": from one partner to the other, with a note."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="suggestions"
    )
    article = models.ForeignKey(
        "resources.Article", on_delete=models.CASCADE, related_name="suggestions"
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    suggested_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Suggesting the same article again while the first is unopened updates it
            # instead of stacking copies (and a double submit creates one row).
            models.UniqueConstraint(
                fields=["partnership", "article", "suggested_by"],
                condition=Q(opened_at__isnull=True),
                name="one_pending_suggestion_per_article",
            )
        ]
        indexes = [
            models.Index(
                fields=["partnership", "suggested_to", "-created_at"],
                name="suggestion_inbox_idx",
            ),
            # The dashboard's panel: what I suggested, and what waits for me unopened, in
            # the order shown, so it reads only the few rows it shows.
            models.Index(
                fields=["partnership", "suggested_by", "-created_at", "id"],
                name="suggestion_sent_idx",
            ),
            models.Index(
                fields=["partnership", "suggested_to", "-created_at", "id"],
                condition=Q(opened_at__isnull=True),
                name="suggestion_pending_idx",
            ),
        ]

    def __str__(self):
        return f"Suggestion {self.public_id}"
