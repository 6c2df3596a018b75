"""Boundaries: agreements in the couple's own words, and the history of each.

A boundary only counts once the partner who did not write its current wording has
accepted it. The rules for who may do what live in `journal.boundaries.rules`; this module
only stores the outcome.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from journal.checkins.loading import QuickLoad
from partners.models import Partnership

WORDING_MAX = 300
WHY_MAX = 1000
NOTE_MAX = 1000


class Category(models.TextChoices):
    TREATMENT = "treatment", "Treatment and changes"
    SESSION_DAYS = "session_days", "Session days"
    COMMUNICATION = "communication", "Communication"
    PRIVACY = "privacy", "Privacy and space"
    SAFETY = "safety", "Safety"
    SELF_CARE = "self_care", "Looking after ourselves"


class State(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an answer"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"
    REVISIT_REQUESTED = "revisit_requested", "Revisit asked for"
    PAUSED = "paused", "Paused"
    RETIRED = "retired", "Retired"


# States in which the boundary is not (or no longer) something the couple lives by.
INACTIVE_STATES = (State.DECLINED, State.PAUSED, State.RETIRED)
# States in which an agreement exists and may fall due for another look.
IN_FORCE_STATES = (State.AGREED, State.REVISIT_REQUESTED)


class BoundaryQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def with_people(self):
        return self.select_related("proposed_by", "waiting_on")

    def waiting_for(self, user):
        """Boundaries whose next step is this person's answer."""
        return self.filter(waiting_on=user)

    def waiting_on_partner_of(self, user):
        return self.filter(waiting_on__isnull=False).exclude(waiting_on=user)

    def agreed(self):
        return self.filter(state=State.AGREED)

    def live(self):
        return self.exclude(state=State.RETIRED)

    def retired_or_declined(self):
        return self.filter(state__in=(State.RETIRED, State.DECLINED))

    def due_for_revisit(self, today):
        """Agreements whose revisit date has come, and nobody has asked yet."""
        return self.filter(state=State.AGREED, revisit_on__lte=today)

    def in_category_order(self):
        order = Case(
            *[When(category=value, then=Value(i)) for i, value in enumerate(Category.values)],
            output_field=IntegerField(),
        )
        return self.order_by(order, "revisit_on", "created_at")


class Boundary(QuickLoad, models.Model):
    """One agreement (or proposed agreement) between the two partners."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="boundaries"
    )
    wording = models.CharField(max_length=WORDING_MAX)
    why = models.TextField(blank=True, max_length=WHY_MAX)
    category = models.CharField(max_length=20, choices=Category.choices)
    # Set by the pages on the rows they show (journal.boundaries.views); never stored.
    proposer_name: str
    waiting_on_me: bool
    due: bool
    revisit_on = models.DateField("revisit on")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    # Who wrote the current wording: the other partner is the one who may accept it.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose answer the boundary waits for, if anyone's: stored rather than derived so
    # "waiting for me" is one indexed filter on the dashboard.
    waiting_on = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Which starter suggestion it was adopted from, so the list can stop offering it.
    starter = models.CharField(max_length=40, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Compare-and-set: every change bumps it, and a change made from a stale page fails.
    version = models.PositiveIntegerField(default=1)
    # One per rendering of the propose form, so a double submit finds the first row.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        constraints = [
            # A propose form sent twice (double click, a resend after a timeout) is one row.
            models.UniqueConstraint(
                fields=["partnership", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="boundary_one_row_per_submission",
            ),
            # Only a proposal or a revisit request waits for someone's answer.
            models.CheckConstraint(
                condition=Q(waiting_on__isnull=True)
                | Q(state__in=["proposed", "revisit_requested"]),
                name="boundary_waits_only_when_open",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "state", "revisit_on"], name="boundary_state_idx"),
            models.Index(fields=["partnership", "waiting_on"], name="boundary_waiting_idx"),
        ]

    def __str__(self):
        return f"Boundary {self.public_id} ({self.state})"

    @property
    def is_retired(self):
        return self.state == State.RETIRED

    @property
    def is_in_force(self):
        return self.state in IN_FORCE_STATES

    def is_due(self, today):
        return self.state == State.AGREED and self.revisit_on <= today


class Action(models.TextChoices):
    PROPOSED = "proposed", "proposed it"
    COUNTERED = "countered", "suggested different wording"
    AGREED = "agreed", "agreed"
    DECLINED = "declined", "declined"
    REWORDED = "reworded", "changed the wording"
    EDITED = "edited", "changed the details"
    REVISIT_REQUESTED = "revisit_requested", "asked to revisit it"
    KEPT = "kept", "kept it as it is"
    PAUSED = "paused", "paused it"
    RESUMED = "resumed", "took it up again"
    RETIRED = "retired", "retired it"
    WITHDRAWN = "withdrawn", "withdrew the proposal"


class AppendOnly(Exception):
    """History is never rewritten."""


class BoundaryEvent(models.Model):
    """One step in a boundary's life, with the wording as it stood after the step."""

    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the history page (journal.boundaries.views); never stored.
    actor_name: str
    show_wording: bool
    changes: list[str]
    wording = models.CharField(max_length=WORDING_MAX)
    why = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    # Set by the pages on the rows they show (journal.boundaries.views); never stored.
    proposer_name: str
    waiting_on_me: bool
    due: bool
    revisit_on = models.DateField()
    state = models.CharField("state after", max_length=20, choices=State.choices)
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    # The boundary's version after this step; lets a repeated submit be recognised.
    version = models.PositiveIntegerField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            # One step per version: two concurrent changes can never both be recorded.
            models.UniqueConstraint(
                fields=["boundary", "version"], name="boundary_event_one_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} (v{self.version})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Boundary history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Boundary history is append-only.")


class Held(models.TextChoices):
    HELD = "held", "Held"
    PARTLY = "partly", "Partly"
    NOT = "not", "Didn't hold"


class BoundaryCheck(models.Model):
    """One person's word, in one weekly check-in, on how one agreed boundary held; or, with
    no boundary, their one answer that all the others (`covers` of them) held."""

    checkin = models.ForeignKey(
        "journal.CheckIn", on_delete=models.CASCADE, related_name="boundary_checks"
    )
    # None on the "all the others held" answer.
    boundary = models.ForeignKey(
        Boundary, null=True, blank=True, on_delete=models.CASCADE, related_name="checks"
    )
    # The words as they stood that week: a later rewording must not change what was said.
    wording = models.CharField(max_length=WORDING_MAX)
    held = models.CharField(max_length=10, choices=Held.choices)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    # How many agreements the answer is about: 1, or on "all the others held", how many
    # others there were that week (so the count stays true when agreements change later).
    covers = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["boundary__created_at", "boundary_id"]
        constraints = [
            # One answer per boundary per check-in; saving again updates it.
            models.UniqueConstraint(
                fields=["checkin", "boundary"], name="boundary_check_one_per_checkin"
            ),
            # One "all the others held" per check-in.
            models.UniqueConstraint(
                fields=["checkin"],
                condition=Q(boundary__isnull=True),
                name="boundary_check_one_others_per_checkin",
            ),
            # "All the others" is only ever an answer that they held.
            models.CheckConstraint(
                condition=Q(boundary__isnull=False) | Q(held="held"),
                name="boundary_check_others_only_held",
            ),
        ]

    def __str__(self):
        return f"{self.get_held_display()} (check-in {self.checkin_id})"

    @property
    def is_others(self) -> bool:
        return self.boundary_id is None
