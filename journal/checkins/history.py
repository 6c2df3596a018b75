"""The couple's past weeks, newest first, each week's two check-ins side by side."""

from datetime import date

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.views.decorators.http import require_GET

from journal.checkins import rules as checkins
from journal.checkins.as_seen import as_seen
from journal.checkins.cards import long_date
from journal.checkins.views import card, extras_display
from journal.compiled import DAY, DAY_2, DAY_3, ID, ID_2, CompiledQuery
from journal.weeks import aligned_start
from partners.access import couple_required, get_couple_or_404
from partners.page_cache import couple_page

WEEKS_PER_PAGE = 4


# Both statements are `visible_to`'s (journal.checkins.as_seen), compiled once per process.
def _week_starts(partnership_id: int, user_id: int, aligned: date) -> QuerySet:
    return (
        as_seen(partnership_id, user_id, aligned)
        .order_by("-week_start")
        .values_list("week_start", flat=True)
        .distinct()
    )


def _weeks(
    partnership_id: int, user_id: int, aligned: date, newest: date, oldest: date
) -> QuerySet:
    # The page's weeks are consecutive among the weeks the viewer may read, so the range
    # between its oldest and newest holds exactly them.
    return as_seen(partnership_id, user_id, aligned).filter(
        week_start__gte=oldest, week_start__lte=newest
    )


WEEK_STARTS = CompiledQuery(_week_starts, partnership_id=ID, user_id=ID_2, aligned=DAY)
WEEKS = CompiledQuery(
    _weeks, partnership_id=ID, user_id=ID_2, aligned=DAY, newest=DAY_2, oldest=DAY_3
)


def page_number(request):
    """The ?page= value, with anything odd (NUL bytes, huge strings) treated as page 1."""
    value = request.GET.get("page", "")
    return value if value.isdigit() and len(value) < 7 else 1


@couple_required
@couple_page
@require_GET
def history(request):
    couple = get_couple_or_404(request)
    seen = {
        "partnership_id": couple.partnership.pk,
        "user_id": request.user.pk,
        "aligned": aligned_start(couple.partnership),
    }
    # Every week the viewer may read, newest first (one small date per week), paged here.
    page = Paginator(WEEK_STARTS.rows(**seen), WEEKS_PER_PAGE).get_page(page_number(request))
    starts = list(page.object_list)
    rows = WEEKS.rows(**seen, newest=starts[0], oldest=starts[-1]) if starts else []
    extras = extras_display(couple, rows, compact=True)
    by_week = {}
    for checkin in rows:
        by_week.setdefault(checkin.week_start, {})[checkin.role] = card(couple, checkin, extras)
    current_start = checkins.current_week(couple).start
    members = [couple.in_treatment, couple.supporting]
    weeks = [
        {
            "start": start,
            "id": start.isoformat(),
            "label": long_date(start),
            "is_current": start == current_start,
            "columns": [(by_week.get(start, {}).get(m.role), m) for m in members],
        }
        for start in starts
    ]
    return render(
        request,
        "journal/checkins/history.html",
        {
            "couple": couple,
            "page": page,
            "weeks": weeks,
            "current_start": current_start,
            "subnav": "history",
        },
    )
