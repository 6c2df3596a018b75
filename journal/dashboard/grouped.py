"""Several short lists from one table in one query.

The dashboard shows a few rows of several kinds from the same table (boundaries waiting
for me, and due for a revisit; upcoming sessions, and recent changes). Each kind is its own
ordered, sliced query, and the kinds are joined with `UNION ALL` into one statement: each
part reads only its first few rows through an index, so a panel costs one query however
long the couple's history is, and Django compiles a handful of plain SELECTs instead of a
window over `Case` expressions (measured on the treatment panel with 5 years of history:
7.5 ms with the window, 2.0 ms with the union; its SQL stays flat).

SQLite cannot order or slice the parts of a compound statement, so there (development and
the quick test loop) the same lists come from one query with a window function numbering
the rows within each kind.
"""

import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.db import connections
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber

# {name: (condition, ordering expressions)}
Groups = dict[str, tuple[Q, list[Any]]]


def first_rows_per_group(
    queryset: QuerySet, groups: Groups, limit: int, **extra_annotations: Any
) -> dict[str, list[Any]]:
    """`groups` maps a name to (condition Q, ordering expressions). Returns {name: [rows]}
    with at most `limit` rows each, in each group's order. With `extra_annotations` (scalar
    subqueries, say a count), one row of any kind also comes back under "", so they can be
    read when no group has a row."""
    return by_group(grouped_queryset(queryset, groups, limit, **extra_annotations), groups)


def grouped_queryset(
    queryset: QuerySet, groups: Groups, limit: int, **extra_annotations: Any
) -> QuerySet:
    """The one query behind `first_rows_per_group`, for `by_group` to sort out; its shape
    depends only on its arguments' shapes, so it can be compiled once (journal.compiled)."""
    if connections[queryset.db].features.supports_slicing_ordering_in_compound:
        return _union(queryset, groups, limit, extra_annotations)
    return _windowed(queryset, groups, limit, extra_annotations)


def by_group(rows: Iterable[Any], groups: Iterable[str]) -> dict[str, list[Any]]:
    """The rows of a `grouped_queryset`, by group name (`groups`: the names, or the
    groups themselves), and under "" the extra row."""
    result: dict[str, list[Any]] = {name: [] for name in groups}
    result[""] = []
    for row in rows:
        result[row._group].append(row)
    return result


def _union(queryset: QuerySet, groups: Groups, limit: int, extra: dict[str, Any]) -> QuerySet:
    parts = [
        queryset.filter(condition)
        .annotate(_group=Value(name, output_field=CharField()), **extra)
        .order_by(*order, "pk")[:limit]
        for name, (condition, order) in groups.items()
    ]
    if extra:
        parts.append(
            queryset.annotate(_group=Value("", output_field=CharField()), **extra).order_by()[:1]
        )
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def _windowed(queryset: QuerySet, groups: Groups, limit: int, extra: dict[str, Any]) -> QuerySet:
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
    if not extra:
        # Only rows of some group need numbering.
        queryset = queryset.filter(reduce(operator.or_, (cond for cond, _ in groups.values())))
    return (
        queryset.annotate(_group=group, **extra)
        .annotate(_position=Window(RowNumber(), partition_by=[F("_group")], order_by=ordering))
        .filter(_position__lte=limit)
        .order_by("_group", "_position")
    )
