"""A read-only link to the clinical summary of the partner in treatment, for their clinic.

The link is the person's own: it shows only what they wrote (check-ins, questionnaire totals,
the treatment-log entries they wrote), and their partner's answers only while the partner has
agreed for this link and they are still partners. Only hashes are stored: of the token's
secret half and of the optional spoken code, so a copy of the database opens nothing.
"""

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.models import Partnership

DEFAULT_DAYS = 14
MAX_DAYS = 90
WEEK_CHOICES = (4, 8, 12)
DEFAULT_WEEKS = 8


class PartnerAnswers(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    ASKED = "asked", "Waiting for your partner"
    ACCEPTED = "accepted", "Your partner agreed"
    DECLINED = "declined", "Your partner said no"


class ClinicLinkQuerySet(models.QuerySet):
    def owned_by(self, user: object) -> "ClinicLinkQuerySet":
        return self.filter(owner=user)

    def live(self, now: datetime | None = None) -> "ClinicLinkQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ClinicShareLink(models.Model):
    """One link the partner in treatment gave (or will give) to a clinician."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The link dies with the person's account (CASCADE), and with the partnership's rows.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="clinic_links"
    )
    # The token is "<selector>.<secret>": the selector finds the row, the secret is checked
    # against its SHA-256 hash with a constant-time compare.
    selector = models.CharField(max_length=24, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    # Keyed hash of the short code said aloud in the appointment; empty when there is none.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    covers_from = models.DateField()
    covers_until = models.DateField(help_text="Last day of the last week covered.")
    include_private_notes = models.BooleanField(default=False)
    note_for_clinic = models.TextField(blank=True)
    # The partner's "how they seemed" answers, only with their consent for this link.
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_answers = models.CharField(
        max_length=20, choices=PartnerAnswers.choices, blank=True, default=""
    )
    partner_answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Wrong codes ever typed for this link (the cache's windows forget; this does not), and
    # whether they turned the link off (after WRONG_CODES_TOTAL in rules).
    wrong_codes = models.PositiveIntegerField(default=0)
    last_wrong_code_at = models.DateTimeField(null=True, blank=True)
    turned_off_by_wrong_codes = models.BooleanField(default=False)
    # One per form rendering, so a double submit finds the first link instead of making two.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ClinicLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="clinic_link_one_row_per_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"Clinic link {self.public_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def has_code(self) -> bool:
        return bool(self.code_hash)

    @property
    def weeks_label(self) -> str:
        return f"{_day(self.covers_from)} to {_day(self.covers_until)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class ClinicLinkOpening(models.Model):
    """One opening of the summary: when, and a coarse browser family. Nothing else."""

    link = models.ForeignKey(ClinicShareLink, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(default=timezone.now)
    browser = models.CharField(max_length=60)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["link", "-opened_at"], name="clinic_opening_idx")]

    def __str__(self) -> str:
        return f"Opened {self.opened_at:%Y-%m-%d %H:%M}"
