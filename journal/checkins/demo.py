"""Eight weeks of demo check-ins for `make run`'s demo couple. Idempotent: a week that already
has a check-in from a person is left as it is."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from journal import weeks
from journal.checkins import questionnaires
from journal.models import CheckIn
from partners.models import Role

# (mood, anxiety, sleep, sessions, after-effects, what helped) — a slow, uneven improvement.
TREATED = [
    (3, 8, 3, 2, ["dissociation", "nausea"], "Lying down in the dark after the infusion."),
    (4, 7, 4, 2, ["dissociation", "headache"], "Alex driving me home and not asking questions."),
    (4, 7, 5, 1, ["low"], "Walking in the morning."),
    (5, 6, 5, 1, ["nausea"], "Talking it through with my therapist."),
    (4, 6, 4, 1, ["low", "dizziness"], "Cooking together on Saturday."),
    (6, 5, 6, 1, [], "Seeing friends without having to explain."),
    (6, 4, 6, 0, [], "A quiet week; the new routine is settling."),
    (7, 4, 7, 1, ["dizziness"], "Writing things down after the session."),
]
SUPPORTER = [
    # (own mood, stress, seemed mood, seemed sleep, seemed energy, openness)
    (5, 7, 3, 3, 2, "withdrawn"),
    (5, 7, 4, 4, 3, "withdrawn"),
    (6, 6, 4, 5, 4, "same"),
    (6, 5, 5, 5, 5, "open"),
    (5, 6, 4, 4, 4, "same"),
    (7, 4, 6, 6, 6, "open"),
    (7, 4, 6, 6, 6, "open"),
    (7, 3, 7, 7, 6, "open"),
]
PHQ9_ANSWERS = [
    [2, 2, 2, 3, 1, 2, 2, 1, 0],
    [2, 2, 1, 2, 1, 1, 2, 1, 0],
    [1, 1, 1, 2, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 0, 1, 1, 0, 0],
]
GAD7_ANSWERS = [
    [2, 2, 2, 2, 1, 2, 1],
    [2, 1, 2, 2, 1, 1, 1],
    [1, 1, 1, 2, 1, 1, 1],
    [1, 1, 1, 1, 0, 1, 0],
]


def load(partnership, in_treatment, supporting):
    now = timezone.now()
    this_week = weeks.current_week(partnership, now)
    starts = weeks.week_starts_back(this_week.start - timedelta(weeks=1), len(TREATED))
    with transaction.atomic():
        for index, start in enumerate(starts):
            _treated(partnership, in_treatment, start, index)
            _supporter(partnership, supporting, start, index)


def _treated(partnership, user, start, index):
    mood, anxiety, sleep, sessions, effects, helped = TREATED[index]
    fields = {
        "role": Role.IN_TREATMENT,
        "mood": mood,
        "anxiety": anxiety,
        "sleep": sleep,
        "sessions": sessions,
        "after_effects": effects,
        "as_prescribed": "yes" if sessions else "not_applicable",
        "what_helped": helped,
        "need": "A quiet evening after each session." if sessions else "",
        "appreciated": "That you asked how I was without pushing.",
        "submitted_at": weeks.local_midnight(start, partnership.time_zone) + timedelta(hours=20),
    }
    if index % 2 == 1:
        phq9 = PHQ9_ANSWERS[index // 2]
        gad7 = GAD7_ANSWERS[index // 2]
        fields.update(
            phq9=phq9,
            phq9_total=questionnaires.PHQ9.total(phq9),
            phq9_difficulty=1,
            gad7=gad7,
            gad7_total=questionnaires.GAD7.total(gad7),
            gad7_difficulty=1,
        )
    fields["updated_at"] = fields["submitted_at"]
    CheckIn.objects.get_or_create(
        partnership=partnership, author=user, week_start=start, defaults=fields
    )


def _supporter(partnership, user, start, index):
    mood, stress, seemed_mood, seemed_sleep, seemed_energy, openness = SUPPORTER[index]
    submitted = weeks.local_midnight(start, partnership.time_zone) + timedelta(hours=21)
    CheckIn.objects.get_or_create(
        partnership=partnership,
        author=user,
        week_start=start,
        defaults={
            "role": Role.SUPPORTING,
            "mood": mood,
            "stress": stress,
            "seemed_mood": seemed_mood,
            "seemed_sleep": seemed_sleep,
            "seemed_energy": seemed_energy,
            "seemed_openness": openness,
            "self_care": "partly" if stress > 5 else "yes",
            "need": "Tell me on infusion days if you want company or quiet.",
            "appreciated": "You told me about the dose change before it happened.",
            "submitted_at": submitted,
            "updated_at": submitted,
        },
    )
