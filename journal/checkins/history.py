"""The couple's past weeks, newest first, each week's two check-ins side by side."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from journal.checkins import rules as checkins
from journal.checkins.views import card, extras_display
from journal.models import CheckIn
from partners.access import couple_required, get_couple_or_404
from partners.page_cache import couple_page

WEEKS_PER_PAGE = 4


def page_number(request):
    """The ?page= value, with anything odd (NUL bytes, huge strings) treated as page 1."""
    value = request.GET.get("page", "")
    return value if value.isdigit() and len(value) < 7 else 1


@couple_required
@couple_page
@require_GET
def history(request):
    couple = get_couple_or_404(request)
    visible = CheckIn.objects.visible_to(request.user, couple)
    week_starts = visible.order_by("-week_start").values_list("week_start", flat=True).distinct()
    page = Paginator(week_starts, WEEKS_PER_PAGE).get_page(page_number(request))
    starts = list(page.object_list)
    rows = list(visible.filter(week_start__in=starts))
    extras = extras_display(couple, rows)
    by_week = {}
    for checkin in rows:
        by_week.setdefault(checkin.week_start, {})[checkin.role] = card(couple, checkin, extras)
    current_start = checkins.current_week(couple).start
    members = [couple.in_treatment, couple.supporting]
    weeks = [
        {
            "start": start,
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
