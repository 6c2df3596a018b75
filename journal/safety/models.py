"""The couple's shared safety plan, written by the partner in treatment."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.models import Partnership


class SafetyPlanQuerySet(models.QuerySet):
    def owned_by(self, user):
        """This person's plans, their current one first."""
        return self.filter(owner=user).order_by("-updated_at", "-pk")


class SafetyPlan(models.Model):
    """The partner in treatment's own plan. Also holds the consents the check-in needs before
    alerting a partner.

    It belongs to `owner` and outlives the partnership it was written in: when a space
    closes the owner keeps reading and editing it, and it moves with them into their next
    partnership as the partner in treatment (`partnership` is the space it is shown in).
    """

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="safety_plan"
    )
    # Null only for a plan whose partnership never had a partner in treatment on record. Not
    # unique: someone in treatment in two earlier partnerships may have written two plans;
    # their plan is the newest (`SafetyPlan.objects.owned_by`).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safety_plans",
    )
    warning_signs = models.TextField("my warning signs", blank=True)
    coping_on_my_own = models.TextField("things I can do on my own", blank=True)
    people_and_places = models.TextField("people and places that help", blank=True)
    people_to_ask = models.TextField("people I can ask for help", blank=True)
    clinicians_and_lines = models.TextField("my clinicians and crisis lines", blank=True)
    safer_surroundings = models.TextField("making my surroundings safer", blank=True)
    reasons_for_living = models.TextField("what matters most to me", blank=True)
    # Two separate, advance choices of the partner in treatment; both off until they choose.
    # Each sends an urgent alert that bypasses the weekly reveal (journal/safety/crisis.py).
    alert_on_unsafe_now = models.BooleanField(
        'alert my partner when I tick "Right now I don\'t feel safe"', default=False
    )
    alert_on_self_harm = models.BooleanField(
        'alert my partner when I answer the self-harm question above "Not at all"',
        default=False,
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SafetyPlanQuerySet.as_manager()

    def __str__(self):
        return f"Safety plan of {self.partnership}"

    def parts(self):
        """(field name, label, prompt, text) for the six parts, in the plan's order."""
        return [
            (name, self._meta.get_field(name).verbose_name, prompt, getattr(self, name))
            for name, prompt in PART_PROMPTS.items()
        ]

    @property
    def is_empty(self):
        return not any(getattr(self, name).strip() for name in PART_PROMPTS)


# The six steps of the Stanley-Brown Safety Planning Intervention in our own words, worked
# through in order, then what makes life worth living; each with a prompt shown while writing.
PART_PROMPTS = {
    "warning_signs": (
        "Thoughts, moods, situations or behaviour that tell you a hard time may be coming."
    ),
    "coping_on_my_own": (
        "Things you can do by yourself to take your mind off things or feel a little calmer."
    ),
    "people_and_places": (
        "People and places that help you feel better or take your mind off things."
    ),
    "people_to_ask": (
        "People you can tell that you are struggling, with how to reach them. "
        "Your partner can be one of them."
    ),
    "clinicians_and_lines": (
        "Your clinic, prescriber and therapist (with their out-of-hours numbers), the crisis "
        "lines you would call, and the nearest emergency department (A&E or ER) and how you "
        "would get there."
    ),
    "safer_surroundings": (
        "What you and the people around you can do to make your home safer when things are "
        "hard: who keeps medicines (including any ketamine or esketamine kept at home) locked "
        "away or out of the house, and any firearms stored elsewhere."
    ),
    "reasons_for_living": (
        "The people, plans and things that make life worth living for you, in your own words."
    ),
}
PART_CHOICES = [
    (name, SafetyPlan._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # all plain fields
    for name in PART_PROMPTS
]


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=SafetyPlanSuggestion.State.PENDING)


class SafetyPlanSuggestion(models.Model):
    """The supporting partner's proposed addition; the partner in treatment decides."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Added to the plan"
        DISMISSED = "dismissed", "Not added"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="safety_plan_suggestions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    part = models.CharField(max_length=40, choices=PART_CHOICES)
    text = models.TextField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    # One per form rendering, so a double submit is one suggestion.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A suggestion form submitted twice is one suggestion.
            models.UniqueConstraint(
                fields=["partnership", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="safety_suggestion_one_row_per_submission",
            ),
        ]

    def __str__(self):
        return f"Suggestion for {self.get_part_display()}"


def alert_consents(partnership):
    """(alert on "not safe right now", alert on the self-harm question) for this couple."""
    row = (
        SafetyPlan.objects.filter(partnership=partnership)
        .values_list("alert_on_unsafe_now", "alert_on_self_harm")
        .first()
    )
    return row or (False, False)
