"""Dashboard panel for boundaries: what waits for my answer, and what is due for a revisit.

Three queries whatever the couple's history: two short lists and one count.
"""

from journal.boundaries import couple_today
from journal.models.boundaries import Boundary

SHOWN = 5


def context(couple):
    mine = Boundary.objects.for_partnership(couple.partnership)
    today = couple_today(couple.partnership)
    # One more than shown says whether to point at the full list, without a COUNT.
    waiting = list(mine.waiting_for(couple.user).order_by("updated_at")[: SHOWN + 1])
    due = list(mine.due_for_revisit(today).order_by("revisit_on", "created_at")[: SHOWN + 1])
    return {
        "boundaries_waiting": waiting[:SHOWN],
        "boundaries_waiting_more": len(waiting) > SHOWN,
        "boundaries_due": due[:SHOWN],
        "boundaries_due_more": len(due) > SHOWN,
        "boundaries_agreed_count": mine.agreed().count(),
    }
