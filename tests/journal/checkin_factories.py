"""Check-in test helpers: one check-in, a whole history, a form's POST data."""

from datetime import timedelta

from django.utils import timezone

from journal import weeks
from journal.models import CheckIn
from partners.access import load_couple
from partners.models import Role

NOTE_MARKER = "PRIVATE-NOTE-5f1c"


def couple_of(user):
    return load_couple(user)


def this_week(partnership, now=None):
    return weeks.current_week(partnership, now)


def make_checkin(partnership, author, week_start=None, **fields):
    """A check-in for `author` (role taken from their membership), this week by default."""
    membership = partnership.members.get(user=author)
    week_start = week_start or this_week(partnership).start
    now = timezone.now()
    values = {
        "role": membership.role,
        "mood": 6,
        "submitted_at": now,
        "updated_at": now,
    }
    values.update(fields)
    return CheckIn.objects.create(
        partnership=partnership, author=author, week_start=week_start, **values
    )


def make_history(partnership, in_treatment, supporting, count, *, include_current=False):
    """`count` weeks of check-ins from both partners, with notes and questionnaires, in two
    bulk inserts (5 years is 260 weeks)."""
    start = this_week(partnership).start
    if not include_current:
        start -= timedelta(weeks=1)
    starts = weeks.week_starts_back(start, count)
    now = timezone.now()
    rows = []
    for i, week_start in enumerate(starts):
        rows.append(
            CheckIn(
                partnership=partnership,
                author=in_treatment,
                role=Role.IN_TREATMENT,
                week_start=week_start,
                mood=i % 11,
                anxiety=(i + 3) % 11,
                sleep=(i + 5) % 11,
                sessions=i % 3,
                after_effects=["nausea"] if i % 2 else [],
                what_helped=f"walks {i}",
                need="quiet evenings",
                private_note=f"{NOTE_MARKER} treated {i}",
                phq9=[1] * 9 if i % 2 == 0 else None,
                phq9_total=9 if i % 2 == 0 else None,
                gad7=[1] * 7 if i % 2 == 0 else None,
                gad7_total=7 if i % 2 == 0 else None,
                submitted_at=now,
                updated_at=now,
            )
        )
        rows.append(
            CheckIn(
                partnership=partnership,
                author=supporting,
                role=Role.SUPPORTING,
                week_start=week_start,
                mood=(i + 2) % 11,
                stress=(i + 4) % 11,
                seemed_mood=(i + 1) % 11,
                seemed_sleep=(i + 2) % 11,
                seemed_energy=(i + 3) % 11,
                worries=f"worry {i}",
                private_note=f"{NOTE_MARKER} supporting {i}",
                who5=[3] * 5,
                who5_total=15,
                submitted_at=now,
                updated_at=now,
            )
        )
    CheckIn.objects.bulk_create(rows)
    return starts


def treatment_post(partnership, **overrides):
    """Valid POST data for the partner in treatment's form, for the running week."""
    data = {
        "week": this_week(partnership).start.isoformat(),
        "version": "0",
        "mood": "6",
        "anxiety": "4",
        "sleep": "",
        "sessions": "1",
        "treatment_changes": "",
        "after_effects": ["nausea"],
        "after_effects_other": "",
        "as_prescribed": "yes",
        "what_helped": "A long walk on Saturday.",
        "need": "Quiet after sessions.",
        "appreciated": "The lift home.",
        "private_note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def supporting_post(partnership, **overrides):
    data = {
        "week": this_week(partnership).start.isoformat(),
        "version": "0",
        "mood": "7",
        "stress": "5",
        "seemed_mood": "6",
        "seemed_sleep": "",
        "seemed_energy": "5",
        "seemed_openness": "open",
        "seemed_notes": "",
        "self_care": "partly",
        "worries": "Work is busy.",
        "need": "A night out together.",
        "appreciated": "Being told about the new dose.",
        "private_note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def answers_for(instrument, values):
    return {f"{instrument.code}_{n}": str(v) for n, v in enumerate(values, start=1)}
