"""Dashboard panel for the library: what each partner has read, and suggestions both ways.

Two queries whatever the couple's history: suggestions to and from me, and each partner's
latest reading marks with their totals (see journal.dashboard.grouped). Both are compiled
once per process (journal.compiled); whether only clinically reviewed articles count is part
of their shape.
"""

from django.db import connections
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value

from journal.compiled import ID, ID_2, ID_3, CompiledQuery
from journal.dashboard.grouped import by_group, grouped_queryset
from resources.models import ReadingMark, Suggestion, published_q
from resources.models.articles import clinical_only

SHOWN = 5
# Lists show titles only; never load article bodies for them.
_BODIES = [
    "article__live_revision__body",
    "article__live_revision__body_html",
    "article__live_revision__body_text",
    "article__live_revision__search_vector",
    "article__live_revision__talk_prompts",
]


def _suggestions(partnership_id: int, me_id: int) -> QuerySet:
    return grouped_queryset(
        Suggestion.objects.filter(published_q("article__"), partnership_id=partnership_id)
        .select_related("article__live_revision")
        .defer(*_BODIES),
        {
            "to_me": (Q(suggested_to_id=me_id, opened_at__isnull=True), [F("created_at").desc()]),
            "from_me": (Q(suggested_by_id=me_id), [F("created_at").desc()]),
        },
        SHOWN,
    )


def _reading(partnership_id: int, me_id: int, partner_id: int) -> QuerySet:
    marks = ReadingMark.objects.filter(published_q("article__"), partnership_id=partnership_id)
    # Each row also carries its reader's total, so no separate COUNT is needed.
    total = Subquery(
        marks.filter(user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(total=Count("pk"))
        .values("total")
    )
    groups = {
        "mine": (Q(user_id=me_id), [F("read_at").desc()]),
        "theirs": (Q(user_id=partner_id), [F("read_at").desc()]),
    }
    if not connections[marks.db].features.supports_slicing_ordering_in_compound:
        rows = marks.select_related("article__live_revision").defer(*_BODIES)
        return grouped_queryset(rows.annotate(total=total), groups, SHOWN)
    # Each reader's latest marks are chosen first (a mark and its article), and only those
    # few are joined to their revisions for the titles; the reader's total is counted once
    # (not once per row shown). Joining every mark of years of reading to its revision
    # before picking five was the panel's slowest statement.
    parts = [
        ReadingMark.objects.filter(
            pk__in=marks.filter(condition).order_by(*order, "pk").values("pk")[:SHOWN]
        )
        .select_related("article__live_revision")
        .defer(*_BODIES)
        .annotate(
            total=Subquery(
                marks.filter(condition)
                .order_by()
                .values("partnership")
                .annotate(total=Count("pk"))
                .values("total")
            ),
            _group=Value(name, output_field=CharField()),
        )
        .order_by(*order, "pk")
        for name, (condition, order) in groups.items()
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
