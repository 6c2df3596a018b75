"""Dashboard panel for the library: what each partner has read, and suggestions both ways.

Two queries whatever the couple's history: suggestions to and from me, and each partner's
latest reading marks with their totals (see journal.dashboard.grouped). Both are compiled
once per process (journal.compiled); whether only clinically reviewed articles count is part
of their shape. Each list walks an index in its own order and stops at the rows shown, and
a reader's total is counted without joining every mark to its article (`_read_count`), so
the panel's SQL stays flat as the history grows (tests/resources/test_dashboard_panel_plan.py).
"""

from typing import Any

from django.db import connections
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from journal.compiled import ID, ID_2, ID_3, CompiledQuery
from journal.dashboard.grouped import by_group, grouped_queryset
from resources.models import ReadingMark, Suggestion, published_q
from resources.models.articles import clinical_only

SHOWN = 5
# Lists show each article's title and address only: never load bodies, vectors or the rest.
_SHOWN_ARTICLE = [
    "article",
    "article__slug",
    "article__live_revision",
    "article__live_revision__title",
]


def _suggestions(partnership_id: int, me_id: int) -> QuerySet:
    return grouped_queryset(
        Suggestion.objects.filter(published_q("article__"), partnership_id=partnership_id)
        .select_related("article__live_revision")
        .only("public_id", "note", "created_at", "opened_at", *_SHOWN_ARTICLE),
        {
            "to_me": (Q(suggested_to_id=me_id, opened_at__isnull=True), [F("created_at").desc()]),
            "from_me": (Q(suggested_by_id=me_id), [F("created_at").desc()]),
        },
        SHOWN,
    )


def _read_count(partnership_id: int, user_id: int) -> Any:
    """How many published articles this reader has marked read, as a scalar subquery.

    Every mark is on an article, so the published ones are all the reader's marks less
    those on articles that are not published: the first is counted from an index of marks
    alone, the second starts from the few unpublished articles (a partial index) instead
    of joining every mark of years of reading to its article. When only clinically
    reviewed articles count, most articles may be "not published", and the marks are
    joined to their articles' reviews instead.
    """
    marks = ReadingMark.objects.filter(partnership_id=partnership_id, user_id=user_id)
    if clinical_only():
        return _count(marks.filter(published_q("article__")))
    return _count(marks) - _count(marks.filter(article__live_revision__isnull=True))


def _count(marks: QuerySet) -> Subquery:
    # COUNT without GROUP BY: one row, 0 when there are no marks (never NULL).
    return Subquery(
        marks.order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def _reading(partnership_id: int, me_id: int, partner_id: int) -> QuerySet:
    marks = ReadingMark.objects.filter(published_q("article__"), partnership_id=partnership_id)
    groups = {
        "mine": (Q(user_id=me_id), [F("read_at").desc()]),
        "theirs": (Q(user_id=partner_id), [F("read_at").desc()]),
    }
    if not connections[marks.db].features.supports_slicing_ordering_in_compound:
        # Each row also carries its reader's total, so no separate COUNT is needed.
        total = Subquery(
            marks.filter(user=OuterRef("user"))
            .order_by()
            .values("user")
            .annotate(total=Count("pk"))
            .values("total")
        )
        rows = marks.select_related("article__live_revision").only("read_at", *_SHOWN_ARTICLE)
        return grouped_queryset(rows.annotate(total=total), groups, SHOWN)
    # Each reader's latest marks walk readingmark_latest_idx and stop at the fifth on a
    # published article; the reader's total is computed once per reader (not per row).
    parts = [
        marks.filter(user_id=user_id)
        .select_related("article__live_revision")
        .only("read_at", *_SHOWN_ARTICLE)
        .annotate(
            total=_read_count(partnership_id, user_id),
            _group=Value(name, output_field=CharField()),
        )
        .order_by(*order, "pk")[:SHOWN]
        for name, user_id, order in (
            ("mine", me_id, groups["mine"][1]),
            ("theirs", partner_id, groups["theirs"][1]),
        )
    ]
    return parts[0].union(parts[1], all=True)


SUGGESTIONS = CompiledQuery(_suggestions, shape=clinical_only, partnership_id=ID, me_id=ID_2)
READING = CompiledQuery(
    _reading, shape=clinical_only, partnership_id=ID, me_id=ID_2, partner_id=ID_3
)


def context(couple, summary=None):
    me, partner = couple.user, couple.partner_user
    partnership_id = couple.partnership.pk
    suggestions = by_group(
        SUGGESTIONS.rows(partnership_id=partnership_id, me_id=me.pk), ("to_me", "from_me")
    )
    reading = by_group(
        READING.rows(
            partnership_id=partnership_id, me_id=me.pk, partner_id=partner.pk if partner else None
        ),
        ("mine", "theirs"),
    )
    mine, theirs = reading["mine"], reading["theirs"]
    return {
        "library_suggested_to_me": suggestions["to_me"],
        "library_suggested_by_me": suggestions["from_me"],
        "library_my_reading": mine,
        "library_partner_reading": theirs,
        "library_my_read_count": mine[0].total if mine else 0,
        "library_partner_read_count": theirs[0].total if theirs else 0,
        "library_partner": partner,
    }
