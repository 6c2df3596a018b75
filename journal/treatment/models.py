"""The treatment log: sessions and changes, written by the partner in treatment.

Dates and times are stored as the couple's local wall-clock values (a date plus an
optional time, in `Partnership.time_zone`): a session at 10:00 at the clinic stays at
10:00 even if the couple later changes their time zone setting, and week bucketing for
the check-in chart needs no conversion.
"""

import re
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from journal.checkins.loading import QuickLoad
from partners.models import Partnership


class Kind(models.TextChoices):
    IV_INFUSION = "iv_infusion", "IV ketamine infusion"
    ESKETAMINE = "esketamine", "Esketamine nasal spray"
    OTHER_KETAMINE = "other_ketamine", "Other ketamine session"
    THERAPY = "therapy", "Therapy or integration session"
    DOSE = "dose", "Dose change"
    SCHEDULE = "schedule", "Schedule change"
    MEDICATION_STARTED = "medication_started", "Medication started"
    MEDICATION_STOPPED = "medication_stopped", "Medication stopped"
    MEDICATION_CHANGED = "medication_changed", "Medication changed"
    PRESCRIBER = "prescriber", "New prescriber or clinic"


SESSION_KINDS = (Kind.IV_INFUSION, Kind.ESKETAMINE, Kind.OTHER_KETAMINE, Kind.THERAPY)
CHANGE_KINDS = tuple(kind for kind in Kind if kind not in SESSION_KINDS)
# After ketamine nobody should drive until the next day (Spravato label), so these
# sessions are the ones that need a ride home.
RIDE_KINDS = (Kind.IV_INFUSION, Kind.ESKETAMINE, Kind.OTHER_KETAMINE)


# "home", "at home", "our home", "Home (Sam's flat)": the place is free text.
AT_HOME = re.compile(r"\bhome\b", re.IGNORECASE)
# The esketamine spray is only ever taken at a certified clinic and the label says not to
# drive until the next day, so "No ride needed" is never true for it.
NEVER_WITHOUT_RIDE = (Kind.ESKETAMINE,)


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Driver(models.TextChoices):
    UNDECIDED = "", "Not decided yet"
    PARTNER = "partner", "My partner (I'm asking them)"
    OTHER = "other", "Someone else"
    NONE = "none", "No ride needed"


class TreatmentEntryQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def sessions(self):
        return self.filter(kind__in=SESSION_KINDS)

    def changes(self):
        return self.filter(kind__in=CHANGE_KINDS)

    def newest_first(self):
        return self.order_by(
            F("on_date").desc(), F("at_time").desc(nulls_last=True), F("created_at").desc()
        )

    def upcoming(self, partnership):
        """Planned sessions from today on, soonest first."""
        return (
            self.for_partnership(partnership)
            .sessions()
            .filter(status=Status.PLANNED, on_date__gte=partnership.today())
            .order_by(F("on_date").asc(), F("at_time").asc(nulls_first=True), "created_at")
        )


class TreatmentEntry(QuickLoad, models.Model):
    """One session or one change in the couple's treatment log."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="treatment_entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DONE)
    on_date = models.DateField("date")
    at_time = models.TimeField("time", null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    # Session days only.
    driver = models.CharField(
        "who is driving", max_length=20, choices=Driver.choices, blank=True, default=""
    )
    driver_name = models.CharField("driver's name", max_length=80, blank=True)
    pickup_time = models.TimeField("pick-up time", null=True, blank=True)
    aftercare = models.TextField("after-care for the following days", blank=True)
    driver_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    driver_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Compare-and-set: an edit saves only if nobody saved since the form was opened.
    version = models.PositiveIntegerField(default=1)
    # One per form rendering, so a double submit finds the first row instead of making two.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TreatmentEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            # A form submitted twice (double click, resend after a timeout) is one entry.
            models.UniqueConstraint(
                fields=["partnership", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="treatment_entry_one_row_per_submission",
            ),
            # Only sessions are planned or cancelled; a change is logged once it is decided.
            models.CheckConstraint(
                condition=Q(kind__in=SESSION_KINDS) | Q(status="done"),
                name="treatment_entry_changes_are_done",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "-on_date"], name="treatment_log_idx"),
            models.Index(
                fields=["partnership", "status", "on_date"], name="treatment_upcoming_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on_date}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            # One instant for both, so a new entry never reads as "edited".
            self.updated_at = self.created_at
        super().save(*args, **kwargs)

    @property
    def is_session(self):
        return self.kind in SESSION_KINDS

    @property
    def is_change(self):
        return not self.is_session

    @property
    def needs_ride(self):
        return self.kind in RIDE_KINDS

    @property
    def is_ketamine_at_home(self):
        """A ketamine dose whose place says home: the library's at-home article applies."""
        return self.kind in RIDE_KINDS and bool(AT_HOME.search(self.place or ""))

    @property
    def is_planned(self):
        return self.status == Status.PLANNED

    @property
    def starts_at(self):
        """Naive local datetime for display and comparisons; midnight when no time given."""
        return datetime.combine(self.on_date, self.at_time or datetime.min.time())

    def is_upcoming(self, today):
        return self.is_session and self.is_planned and self.on_date >= today

    @property
    def driver_confirmed(self):
        return self.driver_confirmed_at is not None

    def can_offer_to_drive(self, today):
        """Whether the supporter sees the "I'll drive" button."""
        return (
            self.needs_ride
            and self.is_upcoming(today)
            and not self.driver_confirmed
            and self.driver in (Driver.UNDECIDED, Driver.PARTNER)
        )

    def driver_label(self, couple):
        """Who drives, in words, from the reader's point of view."""
        if self.driver == Driver.PARTNER:
            return couple.supporting.user.name
        if self.driver == Driver.OTHER:
            return self.driver_name or "Someone else"
        if self.driver == Driver.NONE:
            return "No ride needed"
        return ""

    def summary(self):
        """A short, plain phrase for notices: "a dose change"."""
        return PHRASES[self.kind]


PHRASES = {
    Kind.IV_INFUSION: "an IV infusion",
    Kind.ESKETAMINE: "an esketamine session",
    Kind.OTHER_KETAMINE: "a ketamine session",
    Kind.THERAPY: "a therapy or integration session",
    Kind.DOSE: "a dose change",
    Kind.SCHEDULE: "a schedule change",
    Kind.MEDICATION_STARTED: "a new medication",
    Kind.MEDICATION_STOPPED: "a stopped medication",
    Kind.MEDICATION_CHANGED: "a medication change",
    Kind.PRESCRIBER: "a new prescriber or clinic",
}
