"""The couple's home page, and the page for someone who is not paired yet."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from journal.boundaries import panel as boundaries
from journal.checkins import panel as checkins
from journal.compiled import ID, ID_2, CompiledQuery
from journal.dashboard import summary as dashboard_summary
from journal.models import Notice
from journal.safety import panel as safety
from journal.treatment import panel as treatment
from partners import page_cache
from partners.access import current_couple, former_memberships
from partners.page_cache import couple_page
from resources import panel as library_panel

# The couple's own journal, in one part of the page; the reading panel and the notices
# change far more often (each article read, each notice) and are rendered around it.
JOURNAL_PANELS = [checkins, boundaries, treatment, safety]
NOTICES_SHOWN = 5


def _unread_notices(user_id, partnership_id):
    return Notice.objects.for_user(user_id, partnership_id).unread()[:NOTICES_SHOWN]


UNREAD_NOTICES = CompiledQuery(_unread_notices, user_id=ID, partnership_id=ID_2)


def _journal_panels(request, couple):
    # One query for what several panels need from the partnership row itself.
    summary = dashboard_summary.load(couple)
    context = {"couple": couple, "first_week": not summary.has_checkins}
    for panel in JOURNAL_PANELS:
        context.update(panel.context(couple, summary))
    return render_to_string("journal/panels/journal.html", context, request)


@login_required
@couple_page
@require_GET
def dashboard(request):
    couple = current_couple(request)
    if couple is None:
        # After a space closed, home says so, and keeps the safety plan at hand.
        closed = former_memberships(request.user).first()
        return render(request, "journal/unpaired.html", {"closed": closed})
    context = {"couple": couple}
    if couple.is_complete:
        context["journal_panels"] = page_cache.fragment(
            request, "dashboard-journal", lambda: _journal_panels(request, couple)
        )
        context.update(library_panel.context(couple))
        context["notices"] = UNREAD_NOTICES.rows(
            user_id=request.user.pk, partnership_id=couple.partnership.pk
        )
    else:
        context["invitation"] = couple.partnership.invitations.pending().first()
    return render(request, "journal/dashboard.html", context)
