"""Dashboard panel for the treatment log: upcoming sessions and recent changes.

One query whatever the size of the log (see journal.dashboard.grouped).
"""

from datetime import timedelta

from django.db.models import F, Q

from journal.dashboard.grouped import first_rows_per_group
from journal.treatment.models import (
    CHANGE_KINDS,
    SESSION_KINDS,
    Status,
    TreatmentEntry,
)

UPCOMING = 3
RECENT_CHANGE_DAYS = 14
RECENT_CHANGES = 3


def context(couple, summary=None):
    today = couple.partnership.today()
    lists = first_rows_per_group(
        TreatmentEntry.objects.for_partnership(couple.partnership),
        {
            "upcoming": (
                Q(kind__in=SESSION_KINDS, status=Status.PLANNED, on_date__gte=today),
                [F("on_date").asc(), F("at_time").asc(nulls_first=True), F("created_at").asc()],
            ),
            "changes": (
                Q(
                    kind__in=CHANGE_KINDS,
                    on_date__gte=today - timedelta(days=RECENT_CHANGE_DAYS),
                    on_date__lte=today,
                ),
                [F("on_date").desc(), F("at_time").desc(nulls_last=True), F("created_at").desc()],
            ),
        },
        max(UPCOMING, RECENT_CHANGES),
    )
    return {
        "treatment_today": today,
        "treatment_upcoming": lists["upcoming"][:UPCOMING],
        "treatment_changes": lists["changes"][:RECENT_CHANGES],
    }
