"""Factory functions for treatment-log and safety-plan tests."""

from datetime import time, timedelta

from journal.models import SafetyPlan, TreatmentEntry
from journal.treatment.models import Driver, Kind, Status


def make_entry(partnership, author=None, **fields):
    today = partnership.today()
    values = {
        "kind": Kind.IV_INFUSION,
        "status": Status.DONE,
        "on_date": today - timedelta(days=1),
        "at_time": time(10, 0),
    }
    values.update(fields)
    if author is None:
        author = partnership.members.get(role="in_treatment").user
    return TreatmentEntry.objects.create(partnership=partnership, author=author, **values)


def make_planned(partnership, days_ahead=3, **fields):
    values = {
        "status": Status.PLANNED,
        "on_date": partnership.today() + timedelta(days=days_ahead),
        "driver": Driver.PARTNER,
        "pickup_time": time(12, 30),
    }
    values.update(fields)
    return make_entry(partnership, **values)


def make_history(partnership, count):
    """`count` entries spread over the past years, alternating sessions and changes."""
    today = partnership.today()
    author = partnership.members.get(role="in_treatment").user
    kinds = [Kind.IV_INFUSION, Kind.DOSE, Kind.THERAPY, Kind.MEDICATION_CHANGED]
    TreatmentEntry.objects.bulk_create(
        TreatmentEntry(
            partnership=partnership,
            author=author,
            kind=kinds[n % len(kinds)],
            status=Status.DONE,
            on_date=today - timedelta(days=3 + n * 3),
            at_time=time(9, 0),
            note=f"Entry {n}",
            driver=Driver.PARTNER if n % 2 == 0 else Driver.OTHER,
            driver_name="" if n % 2 == 0 else "Mum",
        )
        for n in range(count)
    )
    # Plus future sessions, so the dashboard's "coming up" list is full too.
    for days in (2, 5, 9, 12):
        make_planned(partnership, days_ahead=days)


def make_plan(partnership, **fields):
    values = {"warning_signs": "Sleeping badly.", "coping_on_my_own": "A long walk."}
    # Owned by the partner in treatment, as every plan is (see journal.safety.models).
    treated = partnership.members.filter(role="in_treatment").first()
    values.setdefault("owner", treated.user if treated else None)
    values.update(fields)
    return SafetyPlan.objects.create(partnership=partnership, **values)
