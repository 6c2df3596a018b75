"""Demo treatment log and safety plan for `make run`. Idempotent: rows are keyed, not added."""

import uuid
from datetime import time, timedelta

from django.utils import timezone

from journal.models import SafetyPlan, TreatmentEntry
from journal.treatment.models import Driver, Kind, Status

# Stable keys, so a second run finds the rows it made instead of adding more.
_NAMESPACE = uuid.UUID("5b0d7a52-3c1e-4d0b-9a57-6f1f2f0c4a11")


def _key(name):
    return uuid.uuid5(_NAMESPACE, name)


def _entries(today, supporting):
    return {
        "first-infusion": {
            "kind": Kind.IV_INFUSION,
            "status": Status.DONE,
            "on_date": today - timedelta(days=24),
            "at_time": time(10, 0),
            "place": "Riverside Clinic",
            "driver": Driver.PARTNER,
            "pickup_time": time(12, 30),
            "driver_confirmed_by": supporting,
            "aftercare": "Quiet evening, early night. No driving until tomorrow.",
            "note": "Felt floaty for an hour, then tired.",
        },
        "second-infusion": {
            "kind": Kind.IV_INFUSION,
            "status": Status.DONE,
            "on_date": today - timedelta(days=17),
            "at_time": time(10, 0),
            "place": "Riverside Clinic",
            "driver": Driver.OTHER,
            "driver_name": "Mum",
            "pickup_time": time(12, 30),
            "aftercare": "Soup and a film.",
        },
        "integration": {
            "kind": Kind.THERAPY,
            "status": Status.DONE,
            "on_date": today - timedelta(days=15),
            "at_time": time(17, 30),
            "place": "Dr Patel's practice",
            "driver": Driver.NONE,
        },
        "dose-change": {
            "kind": Kind.DOSE,
            "status": Status.DONE,
            "on_date": today - timedelta(days=10),
            "note": "Up from 0.5 to 0.75 mg/kg, agreed with Dr Okafor.",
        },
        "third-infusion": {
            "kind": Kind.IV_INFUSION,
            "status": Status.DONE,
            "on_date": today - timedelta(days=3),
            "at_time": time(10, 0),
            "place": "Riverside Clinic",
            "driver": Driver.PARTNER,
            "pickup_time": time(12, 30),
            "driver_confirmed_by": supporting,
            "aftercare": "Rest tomorrow morning; a walk in the afternoon.",
        },
        "next-infusion": {
            "kind": Kind.IV_INFUSION,
            "status": Status.PLANNED,
            "on_date": today + timedelta(days=4),
            "at_time": time(10, 0),
            "place": "Riverside Clinic",
            "driver": Driver.PARTNER,
            "pickup_time": time(12, 30),
            "aftercare": "Keep the evening free; I may want company but not talking.",
        },
    }


def load(partnership, in_treatment, supporting):
    today = partnership.today()
    now = timezone.now()
    for name, fields in _entries(today, supporting).items():
        confirmed = fields.get("driver_confirmed_by")
        TreatmentEntry.objects.get_or_create(
            partnership=partnership,
            submission_key=_key(name),
            defaults={
                **fields,
                "author": in_treatment,
                "driver_confirmed_at": now if confirmed else None,
            },
        )
    SafetyPlan.objects.get_or_create(
        partnership=partnership,
        defaults={
            "warning_signs": "Sleeping badly for several nights.\nCancelling plans with friends.",
            "coping_on_my_own": "A long walk by the river.\nMusic with headphones on.",
            "people_and_places": "The allotment.\nCoffee with Jamie on Saturdays.",
            "people_to_ask": "Alex.\nMy sister Priya.",
            "clinicians_and_lines": (
                "Riverside Clinic.\nDr Okafor (prescriber).\nSamaritans: 116 123, free, 24/7."
            ),
            "safer_surroundings": "Alex keeps the spare medication.",
            "alert_on_unsafe_now": True,
            "updated_by": in_treatment,
        },
    )
