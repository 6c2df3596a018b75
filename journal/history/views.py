"""My history: what a person wrote, from every partnership, kept after a space closes.

Reached with or without an active partnership; everything on it comes through
journal.history.archive (filtered by author), so a former partner's writing never appears.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET

from journal.checkins import answers as checkin_answers
from journal.checkins import chart as svg_chart
from journal.checkins.models import ANSWER_FIELDS
from journal.history import archive
from journal.safety import rules as safety_plan
from partners.access import current_couple, former_memberships

SHOWN = archive.RECENT


def _trend_chart(user):
    rows = archive.own_trend(user)
    labels = [format_date(checkin.week_start, "j M") for checkin in rows]
    return svg_chart.line_chart(
        "mine",
        "My mood, week by week",
        labels,
        [
            svg_chart.Series("Mood", [checkin.mood for checkin in rows]),
            svg_chart.Series("Anxiety", [checkin.anxiety for checkin in rows]),
            svg_chart.Series("Sleep", [checkin.sleep for checkin in rows]),
        ],
    )


@login_required
@require_GET
def history(request):
    user = request.user
    context = {
        "couple": current_couple(request),
        "closed_spaces": list(former_memberships(user)),
        "checkins": list(archive.own_checkins(user)[:SHOWN]),
        "chart": _trend_chart(user),
        "entries": list(archive.own_treatment_entries(user)[:SHOWN]),
        "wordings": list(archive.own_boundary_wordings(user)[:SHOWN]),
        "plan": safety_plan.own_plan(user),
    }
    return render(request, "journal/history/history.html", context)


def _version(answers, role):
    """One version of one's own check-in, labelled as the check-in pages label it."""
    answers = {name: answers.get(name) for name in ANSWER_FIELDS}
    return {
        "groups": checkin_answers.groups(answers, role),
        "scores": checkin_answers.scores(answers, with_items=True),
        "unsafe_now": bool(answers["unsafe_now"]),
        "unsafe_at_home": bool(answers["unsafe_at_home"]),
        "note": answers["private_note"] or "",
    }


@login_required
@require_GET
def checkin(request, public_id):
    # Only its author's: the former (or current) partner's check-in is a 404 here.
    found = archive.own_checkin_or_none(request.user, public_id)
    if found is None:
        raise Http404("No such check-in of yours.")
    versions = [
        (revision, _version(revision.answers, found.role)) for revision in found.revisions.all()
    ]
    return render(
        request,
        "journal/history/checkin.html",
        {"checkin": found, "current": _version(found.answers(), found.role), "versions": versions},
    )
