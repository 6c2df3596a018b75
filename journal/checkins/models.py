"""The weekly check-in: one per person per week, revealed to the partner by one rule.

The reveal rule lives in `CheckInQuerySet.visible_to` and nowhere else: every page, chart,
summary and notice that shows check-in answers reads them through it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from journal import weeks
from journal.checkins import questionnaires
from journal.checkins.loading import QuickLoad
from partners.models import Partnership, Role

SCALE_FIELDS = [
    "mood",
    "anxiety",
    "sleep",
    "seemed_mood",
    "seemed_sleep",
    "seemed_energy",
    "stress",
]

# Everything a person answers, in one list: snapshots for the edit history, the "did anything
# change?" test for a double submit and the compare-and-set update all use it.
ANSWER_FIELDS = [
    "mood",
    "anxiety",
    "sleep",
    "sessions",
    "treatment_changes",
    "after_effects",
    "after_effects_other",
    "as_prescribed",
    "what_helped",
    "seemed_mood",
    "seemed_sleep",
    "seemed_energy",
    "seemed_openness",
    "seemed_notes",
    "stress",
    "self_care",
    "worries",
    "need",
    "appreciated",
    "unsafe_now",
    "unsafe_at_home",
    "phq9",
    "phq9_difficulty",
    "phq9_total",
    "gad7",
    "gad7_difficulty",
    "gad7_total",
    "who5",
    "who5_total",
    "private_note",
]


# Answers only their author ever reads. The partner learns of a safety concern only through a
# SafetyAlert the author agreed to in advance or chose to send; questionnaire items stay private
# and the partner sees totals. Pages and exports leave these out for partners. "Not safe at home"
# is never shown to the partner in any form and never raises an alert (journal/safety/crisis.py).
AUTHOR_ONLY_FIELDS = [
    "private_note",
    "unsafe_now",
    "unsafe_at_home",
    "phq9",
    "phq9_difficulty",
    "gad7",
    "gad7_difficulty",
    "who5",
]


class AfterEffect(models.TextChoices):
    # From the side-effect list of the fact sheet (shared/content/ketamine-facts.md, section 5).
    DISSOCIATION = "dissociation", "Dissociation that lasted past the day of the session"
    NAUSEA = "nausea", "Nausea"
    DIZZINESS = "dizziness", "Dizziness"
    HEADACHE = "headache", "Headache"
    BLADDER = "bladder", "Bladder pain or urgency"
    LOW = "low", "Feeling low afterwards"
    OTHER = "other", "Other"


# After-effects the clinic should hear about rather than wait out (fact sheet section 5:
# bladder symptoms are a known risk of ketamine; dissociation normally passes the same day).
CLINIC_AFTER_EFFECTS = {
    AfterEffect.BLADDER: "bladder symptoms",
    AfterEffect.DISSOCIATION: "dissociation that lasts past the day of a session",
}


class AsPrescribed(models.TextChoices):
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Openness(models.TextChoices):
    WITHDRAWN = "withdrawn", "More withdrawn than usual"
    SAME = "same", "About as usual"
    OPEN = "open", "More open than usual"


class SelfCare(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "Not really"


class CheckInQuerySet(models.QuerySet):
    def for_couple(self, couple):
        return self.filter(partnership=couple.partnership)

    def authored_by(self, user):
        return self.filter(author=user)

    def visible_to(self, user, couple, now=None):
        """The check-ins `user` may read in `couple`: THE reveal rule.

        Your own, always. Your partner's once you have both checked in for that week, or once
        that week has closed. A week has closed when a later one has begun: the current week
        starts at the couple's latest check-in day (or a later week already under way after the
        day was changed; see journal.weeks). The private note is only ever selected for its
        author: everyone else gets an empty `note_for_viewer`.
        """
        partnership = couple.partnership
        aligned = weeks.aligned_start(partnership, now)
        current_start = Coalesce(
            Subquery(
                CheckIn.objects.filter(partnership=partnership, week_start__gt=aligned)
                .values("partnership")
                .annotate(latest=Max("week_start"))
                .values("latest")[:1]
            ),
            Value(aligned),
        )
        i_checked_in_that_week = Exists(
            CheckIn.objects.filter(
                partnership=partnership, author=user, week_start=OuterRef("week_start")
            )
        )
        return (
            self.filter(partnership=partnership)
            .filter(Q(author=user) | Q(week_start__lt=current_start) | i_checked_in_that_week)
            .defer("private_note")
            .annotate(
                note_for_viewer=Case(
                    When(author=user, then=F("private_note")),
                    default=Value(""),
                    output_field=models.TextField(),
                )
            )
        )

    def submitted_since(self, partnership, start):
        """Who has checked in for weeks starting on or after `start`: dates and people only."""
        return self.filter(partnership=partnership, week_start__gte=start).values_list(
            "week_start", "author_id"
        )


class CheckIn(QuickLoad, models.Model):
    """One person's answers for one week."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    week_start = models.DateField(help_text="Local date the check-in week began.")

    # Both partners. Overall mood is the only required answer.
    mood = models.PositiveSmallIntegerField("overall mood")
    need = models.TextField("what I need from you this week", blank=True)
    appreciated = models.TextField("something I appreciated", blank=True)
    unsafe_now = models.BooleanField("right now I don't feel safe", default=False)
    unsafe_at_home = models.BooleanField("I don't feel safe at home", default=False)

    # The partner in treatment.
    anxiety = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions = models.PositiveSmallIntegerField("sessions this week", null=True, blank=True)
    treatment_changes = models.TextField("anything different in treatment", blank=True)
    after_effects = models.JSONField(default=list, blank=True)
    after_effects_other = models.CharField(max_length=200, blank=True)
    as_prescribed = models.CharField(max_length=20, choices=AsPrescribed.choices, blank=True)
    what_helped = models.TextField(blank=True)

    # The supporting partner: how the other seemed, and how they are themselves.
    seemed_mood = models.PositiveSmallIntegerField(null=True, blank=True)
    seemed_sleep = models.PositiveSmallIntegerField(null=True, blank=True)
    seemed_energy = models.PositiveSmallIntegerField(null=True, blank=True)
    seemed_openness = models.CharField(max_length=20, choices=Openness.choices, blank=True)
    seemed_notes = models.TextField(blank=True)
    stress = models.PositiveSmallIntegerField("my own stress", null=True, blank=True)
    self_care = models.CharField(max_length=20, choices=SelfCare.choices, blank=True)
    worries = models.TextField("anything I am worried about", blank=True)

    # Optional questionnaires: item answers in order, plus the total they give.
    phq9 = models.JSONField(null=True, blank=True)
    phq9_difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    phq9_total = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7 = models.JSONField(null=True, blank=True)
    gad7_difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_total = models.PositiveSmallIntegerField(null=True, blank=True)
    who5 = models.JSONField(null=True, blank=True)
    who5_total = models.PositiveSmallIntegerField(null=True, blank=True)

    # Read by its author only: never selected for anyone else (see visible_to).
    private_note = models.TextField(blank=True)

    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When answers the partner can read last changed; a private-note edit leaves it alone.
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set once, when the partner was told this person is not safe (by consent or by choice).

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "role"]
        constraints = [
            # One check-in per person per week: a double click, a second tab or the back
            # button can never make a second row.
            models.UniqueConstraint(
                fields=["partnership", "author", "week_start"],
                name="one_checkin_per_person_per_week",
            ),
            *(
                # Scales run from 0 to 10; a tampered form cannot store anything else.
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 0, f"{name}__lte": 10}),
                    name=f"checkin_{name}_from_0_to_10",
                )
                for name in SCALE_FIELDS
            ),
        ]
        indexes = [models.Index(fields=["partnership", "week_start"], name="checkin_week_idx")]

    def __str__(self):
        return f"Check-in for the week of {self.week_start}"

    @property
    def is_in_treatment(self):
        return self.role == Role.IN_TREATMENT

    @property
    def was_edited(self):
        return self.edited_at is not None

    @property
    def needs_safety_help(self):
        return bool(
            self.unsafe_now
            or self.unsafe_at_home
            or questionnaires.phq9_signals_self_harm(self.phq9)
        )

    def answers(self):
        """This version's answers as plain data (for the edit history and comparisons)."""
        return {name: getattr(self, name) for name in ANSWER_FIELDS}


class CheckInRevision(models.Model):
    """An earlier version of a check-in, kept when its author edits it. Author-only."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    answers = models.JSONField()
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            # Each version is kept once, even if the same edit arrives twice.
            models.UniqueConstraint(
                fields=["checkin", "version"], name="one_revision_per_checkin_version"
            ),
        ]

    def __str__(self):
        return f"Version {self.version}"


class CheckInReminder(models.Model):
    """A reminder email claimed for one person and one week. The constraint is what makes
    `send_checkin_reminders` send once however many copies run, at the same time or not."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One reminder per person per week: a second run (or a concurrent one) fails to
            # insert and sends nothing.
            models.UniqueConstraint(
                fields=["partnership", "user", "week_start"],
                name="one_checkin_reminder_per_person_per_week",
            ),
        ]

    def __str__(self):
        return f"Reminder for the week of {self.week_start}"
