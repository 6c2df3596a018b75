"""Weekly check-ins for the bench data set.

Both couples are caught mid-week in the same state (the partner in treatment has checked
in, the supporting partner not yet), so their pages take the same code paths; what
differs is the history behind it: 260 closed weeks for couple A, one for couple B, a year
for every other couple.
"""

import random
from datetime import timedelta

from django.utils import timezone

MODELS = ["journal.CheckIn", "journal.CheckInRevision", "journal.CheckInReminder"]
# "How did our agreed boundaries hold?" answers, once that part of the check-in exists.
OPTIONAL = ["journal.BoundaryCheck"]
# Answers per check-in: couple A answers about a dozen of its agreements each week.
CHECKS_BIG, CHECKS_OTHER = 12, 2


def _exists(label):
    from django.apps import apps

    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def models():
    if not all(_exists(label) for label in MODELS):
        return None
    return MODELS + [label for label in OPTIONAL if _exists(label)]


def _answers(role, rng, n):
    from journal.checkins.models import AfterEffect, AsPrescribed, Openness, SelfCare

    common = {
        "mood": rng.randint(2, 9),
        "need": "A quiet evening together on Thursday." if n % 3 else "",
        "appreciated": "You made dinner when I was wiped out." if n % 2 else "",
        "private_note": "Harder week than I let on." if n % 5 == 0 else "",
    }
    if role == "in_treatment":
        monthly = n % 4 == 0
        return common | {
            "anxiety": rng.randint(1, 8),
            "sleep": rng.randint(2, 9),
            "sessions": n % 3,
            "treatment_changes": "Dose went up slightly." if n % 13 == 0 else "",
            "after_effects": [AfterEffect.NAUSEA, AfterEffect.DIZZINESS] if n % 3 else [],
            "as_prescribed": AsPrescribed.YES,
            "what_helped": "Walking after the session." if n % 2 else "",
            "phq9": [rng.randint(0, 3) for _ in range(8)] + [0] if monthly else None,
            "phq9_difficulty": 1 if monthly else None,
            "gad7": [rng.randint(0, 3) for _ in range(7)] if monthly else None,
            "gad7_difficulty": 1 if monthly else None,
            "who5": [rng.randint(1, 5) for _ in range(5)] if monthly else None,
        }
    return common | {
        "seemed_mood": rng.randint(2, 9),
        "seemed_sleep": rng.randint(2, 9),
        "seemed_energy": rng.randint(2, 9),
        "seemed_openness": Openness.SAME,
        "seemed_notes": "Quieter after Tuesday's session." if n % 4 == 0 else "",
        "stress": rng.randint(1, 8),
        "self_care": SelfCare.PARTLY,
        "worries": "Work is busy; I worry I'm not around enough." if n % 6 == 0 else "",
    }


def _totals(answers):
    for code in ("phq9", "gad7", "who5"):
        items = answers.get(code)
        answers[f"{code}_total"] = sum(items) if items else None
    return answers


def _rows_for(couple, closed_weeks, rng):
    from journal import weeks
    from journal.checkins.models import CheckIn, CheckInReminder
    from partners.models import Role

    partnership = couple["partnership"]
    current = weeks.aligned_start(partnership)
    starts = weeks.week_starts_back(current, closed_weeks + 1)
    checkins, reminders = [], []
    for n, start in enumerate(starts):
        this_week = start == current
        people = [(couple["treatment"], Role.IN_TREATMENT)]
        if not this_week:
            people.append((couple["supporting"], Role.SUPPORTING))
        submitted = timezone.make_aware(
            timezone.datetime.combine(start + timedelta(days=1), timezone.datetime.min.time())
        ) + timedelta(hours=19)
        for author, role in people:
            edited = n % 10 == 7
            checkins.append(
                CheckIn(
                    partnership=partnership,
                    author=author,
                    role=role,
                    week_start=start,
                    version=2 if edited else 1,
                    submitted_at=submitted,
                    updated_at=submitted + timedelta(hours=2) if edited else submitted,
                    **_totals(_answers(role, rng, n)),
                )
            )
        reminders.append(
            CheckInReminder(partnership=partnership, user=couple["supporting"], week_start=start)
        )
    return checkins, reminders


def build(couples, today, big_weeks, other_weeks, seed):
    from journal.checkins.models import CheckIn, CheckInReminder, CheckInRevision

    rng = random.Random(seed)
    checkins, reminders = [], []
    plan = [(couples["big"], big_weeks - 1), (couples["small"], 1)]
    plan += [(couple, other_weeks) for couple in couples.others()]
    for couple, closed_weeks in plan:
        rows, sent = _rows_for(couple, closed_weeks, rng)
        checkins += rows
        reminders += sent
    CheckIn.objects.bulk_create(checkins, batch_size=5000)
    revisions = [
        CheckInRevision(
            checkin=checkin,
            version=1,
            answers={"mood": max(0, checkin.mood - 1), "need": checkin.need},
            saved_at=checkin.submitted_at,
        )
        for checkin in checkins
        if checkin.version == 2
    ]
    CheckInRevision.objects.bulk_create(revisions, batch_size=5000)
    CheckInReminder.objects.bulk_create(reminders, batch_size=5000)
    checks = _boundary_checks(couples, checkins) if _exists("journal.BoundaryCheck") else 0
    return {
        "checkins": len(checkins),
        "revisions": len(revisions),
        "reminders": len(reminders),
        "boundary_checks": checks,
    }


def _boundary_checks(couples, checkins):
    from journal.boundaries.models import Boundary, BoundaryCheck, Held, State

    agreed = {}
    for boundary in Boundary.objects.filter(state=State.AGREED).only(
        "id", "partnership_id", "wording"
    ):
        agreed.setdefault(boundary.partnership_id, []).append(boundary)
    big = couples["big"]["partnership"].pk
    held = [Held.HELD] * 6 + [Held.PARTLY, Held.NOT]
    rows = []
    for n, checkin in enumerate(checkins):
        mine = agreed.get(checkin.partnership_id, [])
        count = CHECKS_BIG if checkin.partnership_id == big else CHECKS_OTHER
        for k in range(min(count, len(mine))):
            boundary = mine[(n + k) % len(mine)]
            rows.append(
                BoundaryCheck(
                    checkin=checkin,
                    boundary=boundary,
                    wording=boundary.wording,
                    held=held[(n + k) % len(held)],
                    note="We slipped once, talked it through." if k == 0 and n % 9 == 0 else "",
                    updated_at=checkin.submitted_at,
                )
            )
    BoundaryCheck.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def build_part(couples):
    from bench.dataset import BIG_WEEKS, OTHER_WEEKS, SEED, today

    return build(couples, today(), BIG_WEEKS, OTHER_WEEKS, SEED + 3)
