"""Review records and the history of every step an article's revisions went through."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_REVIEW_INTERVAL_MONTHS = 12


def review_interval_months():
    return getattr(settings, "LIBRARY_REVIEW_INTERVAL_MONTHS", DEFAULT_REVIEW_INTERVAL_MONTHS)


def add_months(day, months):
    """The same day `months` later; the 29th-31st fall back to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


class Review(models.Model):
    """A dated record that someone checked one revision, as readers will see it.

    Never created except by `resources.workflow` (or the loader, from a shipped file's
    own review block): a review that did not happen is never displayed.
    """

    class Kind(models.TextChoices):
        EDITORIAL = "editorial", "editorial fact-check"
        CLINICAL = "clinical", "clinical review"

    revision = models.ForeignKey(
        "resources.Revision", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for reviews recorded in a shipped article file.",
    )
    # As shown to readers, and as it was on the day: a later change of name or
    # credential must not rewrite what a past review said.
    reviewer_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    credential = models.CharField(
        max_length=160,
        blank=True,
        help_text="Clinical reviews only: the reviewer's qualification on the day.",
    )
    reviewed_on = models.DateField()
    next_review_due = models.DateField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            # A clinical review names the credential it rests on; an editorial one
            # must not borrow one.
            models.CheckConstraint(
                condition=(Q(kind="clinical") & ~Q(credential=""))
                | (Q(kind="editorial") & Q(credential="")),
                name="review_credential_only_for_clinical",
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__gt=models.F("reviewed_on")),
                name="review_next_due_after_review",
            ),
        ]
        indexes = [models.Index(fields=["next_review_due"], name="review_next_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.reviewer_name} on {self.reviewed_on}"

    @property
    def is_overdue(self):
        return self.next_review_due < timezone.localdate()


class WorkflowEvent(models.Model):
    """One step in a revision's life: who did what, when, and what they said."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for review"
        WITHDRAWN_SUBMISSION = "withdrawn_submission", "Taken back to draft"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved and published"
        REVIEWED_AGAIN = "reviewed_again", "Reviewed again"
        SUPERSEDED = "superseded", "Replaced by a newer revision"
        WITHDRAWN = "withdrawn", "Withdrawn from the library"
        LOADED = "loaded", "Loaded from the repository"

    revision = models.ForeignKey(
        "resources.Revision", on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
