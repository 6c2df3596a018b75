"""Boundaries, treatment log, safety plans and notices for the bench data set."""

import random
from datetime import datetime, timedelta
from datetime import time as clock

from django.utils import timezone

from bench.dataset import BIG_BOUNDARIES, BIG_LOG_ENTRIES, OTHER_COUPLES, SEED, today

# --- boundaries -----------------------------------------------------------------------

BOUNDARY_WORDING = [
    "Tell me when your dose or schedule changes, the same day.",
    "I drive you home after every infusion, and you don't drive until the next day.",
    "I won't ask what happened in a session unless you bring it up.",
    "If one of us is worried, we say so plainly and the other listens first.",
    "We talk about the dependence worry once a month, calmly, not in a fight.",
    "Sunday evening is mine: time with my friends, without guilt.",
    "You tell me if a session is moved or cancelled.",
    "We keep the safety plan on the fridge and read it together each month.",
]


def _boundary_rows(couple, count, rng, span_days):
    from journal.boundaries.models import Action, Boundary, BoundaryEvent, Category, State

    treatment, supporting = couple["treatment"], couple["supporting"]
    categories = list(Category.values)
    # Mostly agreed, as in a couple that has used the app for years; every state present.
    states = [State.AGREED] * 12 + [
        State.PROPOSED,
        State.REVISIT_REQUESTED,
        State.PAUSED,
        State.RETIRED,
        State.DECLINED,
    ]
    now = timezone.now()
    boundaries, histories = [], []
    for n in range(count):
        state = states[n % len(states)]
        created = now - timedelta(days=rng.randint(1, span_days))
        author, other = (treatment, supporting) if n % 2 else (supporting, treatment)
        wording = f"{BOUNDARY_WORDING[n % len(BOUNDARY_WORDING)]} ({n + 1})"
        steps = [(Action.PROPOSED, author, State.PROPOSED)]
        if state != State.PROPOSED:
            if state == State.DECLINED:
                steps.append((Action.DECLINED, other, State.DECLINED))
            else:
                steps.append((Action.AGREED, other, State.AGREED))
                # A few rounds of rewording and agreeing again, as years go by.
                for _ in range(n % 3):
                    steps.append((Action.REWORDED, author, State.PROPOSED))
                    steps.append((Action.AGREED, other, State.AGREED))
                if state == State.REVISIT_REQUESTED:
                    steps.append((Action.REVISIT_REQUESTED, author, State.REVISIT_REQUESTED))
                elif state == State.PAUSED:
                    steps.append((Action.PAUSED, author, State.PAUSED))
                elif state == State.RETIRED:
                    steps.append((Action.RETIRED, author, State.RETIRED))
        waiting_on = None
        if state == State.PROPOSED or state == State.REVISIT_REQUESTED:
            waiting_on = other
        revisit_on = today() + timedelta(days=rng.randint(-60, 300))
        boundary = Boundary(
            partnership=couple["partnership"],
            wording=wording,
            why="So neither of us is surprised, and we both know what we agreed.",
            category=categories[n % len(categories)],
            revisit_on=revisit_on,
            state=state,
            proposed_by=author,
            waiting_on=waiting_on,
            agreed_at=created + timedelta(days=1) if state != State.PROPOSED else None,
            version=len(steps),
            created_at=created,
            updated_at=created + timedelta(days=len(steps)),
        )
        boundaries.append(boundary)
        histories.append(
            [
                BoundaryEvent(
                    actor=actor,
                    action=action,
                    created_at=created + timedelta(days=i),
                    wording=wording,
                    why=boundary.why,
                    category=boundary.category,
                    revisit_on=revisit_on,
                    state=after,
                    note="Talked it over at dinner." if i % 2 else "",
                    version=i + 1,
                )
                for i, (action, actor, after) in enumerate(steps)
            ]
        )
    return boundaries, histories


def build_boundaries(couples):
    from journal.boundaries.models import Boundary, BoundaryEvent

    rng = random.Random(SEED)
    boundaries, histories = [], []
    plan = [(couples["big"], BIG_BOUNDARIES, 5 * 365), (couples["small"], 3, 6)]
    plan += [(couple, 6, 365) for couple in couples.others()]
    for couple, count, span in plan:
        rows, history = _boundary_rows(couple, count, rng, span)
        boundaries += rows
        histories += history
    Boundary.objects.bulk_create(boundaries, batch_size=2000)
    events = []
    for boundary, history in zip(boundaries, histories, strict=True):
        for event in history:
            event.boundary = boundary
            events.append(event)
    BoundaryEvent.objects.bulk_create(events, batch_size=5000)
    return {"boundaries": len(boundaries), "events": len(events)}


# --- treatment log --------------------------------------------------------------------


def _treatment_rows(couple, count, span_days, rng):
    from journal.treatment.models import CHANGE_KINDS, Driver, Kind, Status, TreatmentEntry

    rows = []
    start = today() - timedelta(days=span_days)
    session_kinds = [Kind.IV_INFUSION, Kind.ESKETAMINE, Kind.THERAPY, Kind.OTHER_KETAMINE]
    for n in range(count):
        on_date = start + timedelta(days=(span_days * n) // max(count, 1))
        is_change = n % 7 == 3
        kind = CHANGE_KINDS[n % len(CHANGE_KINDS)] if is_change else session_kinds[n % 4]
        needs_ride = kind in (Kind.IV_INFUSION, Kind.ESKETAMINE, Kind.OTHER_KETAMINE)
        created = datetime.combine(on_date, clock(9), tzinfo=timezone.get_current_timezone())
        rows.append(
            TreatmentEntry(
                partnership=couple["partnership"],
                author=couple["treatment"],
                kind=kind,
                status=Status.CANCELLED if n % 41 == 5 and not is_change else Status.DONE,
                on_date=on_date,
                at_time=None if is_change else clock(9 + n % 8, 30),
                place="" if is_change else "Riverside clinic, room 2",
                note="Felt tired afterwards, better by the evening." if n % 3 else "",
                driver=Driver.PARTNER if needs_ride else "",
                pickup_time=clock(12, 15) if needs_ride else None,
                aftercare="No driving until tomorrow. Quiet evening." if needs_ride else "",
                driver_confirmed_by=couple["supporting"] if needs_ride else None,
                driver_confirmed_at=created if needs_ride else None,
                created_at=created,
                updated_at=created,
            )
        )
    # What is coming up: planned sessions, some still waiting for "I'll drive".
    for n in range(3):
        on_date = today() + timedelta(days=2 + 3 * n)
        rows.append(
            TreatmentEntry(
                partnership=couple["partnership"],
                author=couple["treatment"],
                kind=Kind.IV_INFUSION if n != 1 else Kind.THERAPY,
                status=Status.PLANNED,
                on_date=on_date,
                at_time=clock(10, 0),
                place="Riverside clinic",
                driver=Driver.PARTNER if n != 1 else "",
                pickup_time=clock(12, 30) if n != 1 else None,
                driver_confirmed_by=couple["supporting"] if n == 0 else None,
                driver_confirmed_at=timezone.now() if n == 0 else None,
            )
        )
    rng.shuffle(rows)
    return rows


def build_treatment(couples):
    from journal.treatment.models import TreatmentEntry

    rng = random.Random(SEED + 1)
    rows = _treatment_rows(couples["big"], BIG_LOG_ENTRIES - 3, 5 * 365, rng)
    rows += _treatment_rows(couples["small"], 1, 6, rng)
    for couple in couples.others():
        rows += _treatment_rows(couple, 20, 365, rng)
    TreatmentEntry.objects.bulk_create(rows, batch_size=5000)
    return {"entries": len(rows)}


# --- safety plan ----------------------------------------------------------------------


def build_safety(couples):
    from journal.safety.models import PART_PROMPTS, SafetyPlan, SafetyPlanSuggestion

    text = {
        "warning_signs": "Sleeping badly for more than three nights. Cancelling plans.",
        "coping_on_my_own": "A long walk by the river. Music, loud. A cold shower.",
        "people_and_places": "My sister's kitchen. The climbing gym on Thursdays.",
        "people_to_ask": "Alex, any time. My sister: 07700 900123.",
        "clinicians_and_lines": "Riverside clinic: 020 7946 0000. Samaritans: 116 123.",
        "safer_surroundings": "Alex keeps the spare medication. No alcohol at home.",
    }
    plans, suggestions = [], []
    for couple in couples.all():
        plans.append(
            SafetyPlan(
                partnership=couple["partnership"],
                alert_on_unsafe_now=True,
                updated_by=couple["treatment"],
                **text,
            )
        )
    parts = list(PART_PROMPTS)
    for label, count in (("big", 60), ("small", 1)):
        couple = couples[label]
        for n in range(count):
            suggestions.append(
                SafetyPlanSuggestion(
                    partnership=couple["partnership"],
                    author=couple["supporting"],
                    part=parts[n % len(parts)],
                    text="Maybe add: call me from the car park if it was a hard session.",
                    state=(
                        SafetyPlanSuggestion.State.PENDING
                        if n < 2
                        else SafetyPlanSuggestion.State.ACCEPTED
                    ),
                    created_at=timezone.now() - timedelta(days=30 * n),
                )
            )
    SafetyPlan.objects.bulk_create(plans, batch_size=2000)
    SafetyPlanSuggestion.objects.bulk_create(suggestions)
    return {"plans": len(plans), "suggestions": len(suggestions)}


# --- notices --------------------------------------------------------------------------


def build_notices(couples):
    from journal.notices.models import Notice

    kinds = list(Notice.Kind.values)
    rows = []
    now = timezone.now()
    for label, count in [("big", 2000), ("small", 4)] + [
        (f"c{i:04d}", 50) for i in range(OTHER_COUPLES)
    ]:
        couple = couples[label]
        for n in range(count):
            recipient = couple["treatment"] if n % 2 else couple["supporting"]
            created = now - timedelta(hours=6 * n)
            rows.append(
                Notice(
                    partnership=couple["partnership"],
                    recipient=recipient,
                    kind=kinds[n % len(kinds)],
                    message="Your partner added something for you to see.",
                    link="/home/",
                    created_at=created,
                    read_at=None if n < 12 else created + timedelta(hours=1),
                )
            )
    Notice.objects.bulk_create(rows, batch_size=5000)
    return {"notices": len(rows)}
