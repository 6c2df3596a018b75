"""Dashboard panel for boundaries: what waits for my answer, and what is due for a revisit.

One query whatever the couple's history (see journal.dashboard.grouped); it also counts the
agreements in force, for the quiet "nothing waits for you" line.
"""

from django.db.models import Count, F, OuterRef, Q, Subquery

from journal.boundaries.models import Boundary, State
from journal.dashboard.grouped import first_rows_per_group

SHOWN = 5


def context(couple, summary=None):
    today = couple.partnership.today()
    # One more than shown says whether to point at the full list, without a COUNT.
    lists = first_rows_per_group(
        Boundary.objects.for_partnership(couple.partnership),
        {
            "waiting": (Q(waiting_on=couple.user), [F("updated_at").asc()]),
            "due": (
                Q(state=State.AGREED, revisit_on__lte=today),
                [F("revisit_on").asc(), F("created_at").asc()],
            ),
        },
        SHOWN + 1,
        agreed_total=Subquery(
            Boundary.objects.filter(partnership=OuterRef("partnership"), state=State.AGREED)
            .order_by()
            .values("partnership")
            .annotate(total=Count("pk"))
            .values("total")
        ),
    )
    waiting, due = lists["waiting"], lists["due"]
    any_row = next(iter(waiting + due + lists[""]), None)
    return {
        "boundaries_waiting": waiting[:SHOWN],
        "boundaries_waiting_more": len(waiting) > SHOWN,
        "boundaries_due": due[:SHOWN],
        "boundaries_due_more": len(due) > SHOWN,
        "boundaries_agreed_count": any_row.agreed_total if any_row else 0,
    }
