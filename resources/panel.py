"""Dashboard panel for the library: what each partner has read, and suggestions both ways.

Two queries whatever the couple's history: suggestions to and from me, and each partner's
latest reading marks with their totals (see journal.dashboard.grouped).
"""

from django.db.models import Count, F, OuterRef, Q, Subquery

from journal.dashboard.grouped import first_rows_per_group
from resources.models import ReadingMark, Suggestion, published_q

SHOWN = 5
# Lists show titles only; never load article bodies for them.
_BODIES = [
    "article__live_revision__body",
    "article__live_revision__body_html",
    "article__live_revision__body_text",
    "article__live_revision__search_vector",
    "article__live_revision__talk_prompts",
]


def _suggestions(couple):
    return (
        Suggestion.objects.filter(published_q("article__"), partnership=couple.partnership)
        .select_related("article__live_revision")
        .defer(*_BODIES)
    )


def context(couple, summary=None):
    me, partner = couple.user, couple.partner_user
    suggestions = first_rows_per_group(
        _suggestions(couple),
        {
            "to_me": (Q(suggested_to=me, opened_at__isnull=True), [F("created_at").desc()]),
            "from_me": (Q(suggested_by=me), [F("created_at").desc()]),
        },
        SHOWN,
    )
    marks = ReadingMark.objects.filter(published_q("article__"), partnership=couple.partnership)
    # Each row also carries its reader's total, so no separate COUNT is needed.
    total = Subquery(
        marks.filter(user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(total=Count("pk"))
        .values("total")
    )
    reading = first_rows_per_group(
        marks.select_related("article__live_revision").defer(*_BODIES).annotate(total=total),
        {
            "mine": (Q(user=me), [F("read_at").desc()]),
            "theirs": (Q(user=partner), [F("read_at").desc()]),
        },
        SHOWN,
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
