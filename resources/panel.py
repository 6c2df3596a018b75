"""Dashboard panel for the library: what each partner has read, and suggestions both ways.

Four queries whatever the couple's history: suggestions to me, suggestions from me,
the latest reading marks of each partner (one windowed query), and the read counts.
"""

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

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


def context(couple):
    me, partner = couple.user, couple.partner_user
    to_me = list(_suggestions(couple).pending().filter(suggested_to=me)[:SHOWN])
    from_me = list(_suggestions(couple).filter(suggested_by=me).order_by("-created_at")[:SHOWN])
    marks = ReadingMark.objects.filter(published_q("article__"), partnership=couple.partnership)
    recent = list(
        marks.select_related("article__live_revision")
        .defer(*_BODIES)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("user_id")], order_by=F("read_at").desc())
        )
        .filter(position__lte=SHOWN)
        .order_by("-read_at")
    )
    counts = marks.aggregate(
        mine=Count("id", filter=Q(user=me)), theirs=Count("id", filter=Q(user=partner))
    )
    return {
        "library_suggested_to_me": to_me,
        "library_suggested_by_me": from_me,
        "library_my_reading": [mark for mark in recent if mark.user_id == me.pk],
        "library_partner_reading": [mark for mark in recent if mark.user_id == partner.pk],
        "library_my_read_count": counts["mine"],
        "library_partner_read_count": counts["theirs"],
        "library_partner": partner,
    }
