"""Several short lists from one table in one query.

The dashboard shows a few rows of several kinds from the same table (boundaries waiting
for me, and due for a revisit; upcoming sessions, and recent changes). One query with a
window function numbers the rows within each kind and keeps the first few of each, so a
panel costs one query however long the couple's history is.
"""

import operator
from functools import reduce

from django.db.models import Case, CharField, F, Value, When, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber


def first_rows_per_group(queryset, groups, limit, **extra_annotations):
    """`groups` maps a name to (condition Q, ordering expressions). Returns {name: [rows]}
    with at most `limit` rows each; rows matching no group are numbered under "" and
    dropped, after any window annotations in `extra_annotations` have seen them."""
    group = Case(
        *[When(condition, then=Value(name)) for name, (condition, _) in groups.items()],
        default=Value(""),
        output_field=CharField(),
    )
    # Each group's own ordering, as expressions that are NULL outside the group: within a
    # partition only that group's expressions vary.
    ordering = []
    for name, (_, order) in groups.items():
        for expression in order:
            if not isinstance(expression, OrderBy):
                expression = OrderBy(F(expression) if isinstance(expression, str) else expression)
            sort = Case(When(_group=name, then=expression.expression), default=Value(None))
            ordering.append(
                OrderBy(
                    sort,
                    descending=expression.descending,
                    nulls_first=expression.nulls_first,
                    nulls_last=expression.nulls_last,
                )
            )
    ordering.append(F("pk").asc())
    if not extra_annotations:
        # Only rows of some group need numbering; skipping the rest keeps the window
        # small (and the query flat) however long the history is.
        queryset = queryset.filter(reduce(operator.or_, (cond for cond, _ in groups.values())))
    rows = (
        queryset.annotate(_group=group, **extra_annotations)
        .annotate(_position=Window(RowNumber(), partition_by=[F("_group")], order_by=ordering))
        .filter(_position__lte=limit)
        .order_by("_group", "_position")
    )
    result = {name: [] for name in groups}
    result[""] = []
    for row in rows:
        result[row._group].append(row)
    return result
