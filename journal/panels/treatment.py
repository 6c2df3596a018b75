"""Dashboard panel for the treatment log: upcoming sessions and recent changes.

Two queries whatever the size of the log: both lists are sliced in the database.
"""

from datetime import timedelta

from journal.models.treatment import TreatmentEntry, couple_today

UPCOMING = 3
RECENT_CHANGE_DAYS = 14
RECENT_CHANGES = 3


def context(couple):
    today = couple_today(couple.partnership)
    entries = TreatmentEntry.objects.for_partnership(couple.partnership)
    return {
        "treatment_today": today,
        "treatment_upcoming": list(TreatmentEntry.objects.upcoming(couple.partnership)[:UPCOMING]),
        "treatment_changes": list(
            entries.changes()
            .filter(on_date__gte=today - timedelta(days=RECENT_CHANGE_DAYS), on_date__lte=today)
            .newest_first()[:RECENT_CHANGES]
        ),
    }
