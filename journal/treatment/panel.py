"""Dashboard panel for the treatment log: upcoming sessions and recent changes.

One query whatever the size of the log (see journal.dashboard.grouped), compiled once per
process (journal.compiled).
"""

from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from journal.compiled import DAY, DAY_2, ID, CompiledQuery
from journal.dashboard.grouped import Groups, by_group, grouped_queryset
from journal.treatment.models import (
    CHANGE_KINDS,
    SESSION_KINDS,
    Status,
    TreatmentEntry,
)

UPCOMING = 3
RECENT_CHANGE_DAYS = 14
RECENT_CHANGES = 3


def _groups(today: date, changes_since: date) -> Groups:
    return {
        "upcoming": (
            Q(kind__in=SESSION_KINDS, status=Status.PLANNED, on_date__gte=today),
            [F("on_date").asc(), F("at_time").asc(nulls_first=True), F("created_at").asc()],
        ),
        "changes": (
            Q(kind__in=CHANGE_KINDS, on_date__gte=changes_since, on_date__lte=today),
            [F("on_date").desc(), F("at_time").desc(nulls_last=True), F("created_at").desc()],
        ),
    }


def _lists(partnership_id: int, today: date, changes_since: date) -> QuerySet:
    return grouped_queryset(
        TreatmentEntry.objects.for_partnership(partnership_id),
        _groups(today, changes_since),
        max(UPCOMING, RECENT_CHANGES),
    )


LISTS = CompiledQuery(_lists, partnership_id=ID, today=DAY, changes_since=DAY_2)


def context(couple, summary=None):
    today = couple.partnership.today()
    changes_since = today - timedelta(days=RECENT_CHANGE_DAYS)
    rows = LISTS.rows(
        partnership_id=couple.partnership.pk, today=today, changes_since=changes_since
    )
    lists = by_group(rows, ("upcoming", "changes"))
    return {
        "treatment_today": today,
        "treatment_upcoming": lists["upcoming"][:UPCOMING],
        "treatment_changes": lists["changes"][:RECENT_CHANGES],
    }
