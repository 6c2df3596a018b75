"""Dashboard panel for boundaries: what waits for my answer, and what is due for a revisit.

One query whatever the couple's history (see journal.dashboard.grouped), compiled once per
process (journal.compiled); it also counts the agreements in force, for the quiet "nothing
waits for you" line.
"""

from datetime import date

from django.db.models import Count, F, Q, QuerySet, Subquery

from journal.boundaries.models import Boundary, State
from journal.compiled import DAY, ID, ID_2, CompiledQuery
from journal.dashboard.grouped import Groups, by_group, grouped_queryset

SHOWN = 5


def _groups(user_id: int, today: date) -> Groups:
    return {
        "waiting": (Q(waiting_on_id=user_id), [F("updated_at").asc()]),
        "due": (
            Q(state=State.AGREED, revisit_on__lte=today),
            [F("revisit_on").asc(), F("created_at").asc()],
        ),
    }


def _lists(partnership_id: int, user_id: int, today: date) -> QuerySet:
    # One more than shown says whether to point at the full list, without a COUNT.
    return grouped_queryset(
        Boundary.objects.for_partnership(partnership_id),
        _groups(user_id, today),
        SHOWN + 1,
        # Not correlated with the row: counted once per part, not once per row shown.
        agreed_total=Subquery(
            Boundary.objects.filter(partnership_id=partnership_id, state=State.AGREED)
            .order_by()
            .values("partnership")
            .annotate(total=Count("pk"))
            .values("total")
        ),
    )


LISTS = CompiledQuery(_lists, partnership_id=ID, user_id=ID_2, today=DAY)


def context(couple, summary=None):
    today = couple.partnership.today()
    user_id = couple.user.pk
    rows = LISTS.rows(partnership_id=couple.partnership.pk, user_id=user_id, today=today)
    lists = by_group(rows, ("waiting", "due"))
    waiting, due = lists["waiting"], lists["due"]
    any_row = next(iter(waiting + due + lists[""]), None)
    return {
        "boundaries_waiting": waiting[:SHOWN],
        "boundaries_waiting_more": len(waiting) > SHOWN,
        "boundaries_due": due[:SHOWN],
        "boundaries_due_more": len(due) > SHOWN,
        "boundaries_agreed_count": any_row.agreed_total if any_row else 0,
    }
