"""A printable summary of one's own check-ins, for the partner in treatment to take to a
clinician: their answers and questionnaire item scores only, never the partner's."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from journal import weeks
from journal.checkins import answers as checkin_answers
from journal.checkins import questionnaires
from journal.checkins import rules as checkins
from journal.checkins.forms import SummaryRangeForm
from journal.models import CheckIn
from partners.access import couple_required, get_couple_or_404
from partners.models import Role

DEFAULT_WEEKS = 12


@couple_required(role=Role.IN_TREATMENT)
@require_GET
def summary(request):
    couple = get_couple_or_404(request)
    week = checkins.current_week(couple)
    if request.GET:
        form = SummaryRangeForm(request.GET)
    else:
        form = SummaryRangeForm(
            {
                "start": (week.start - timedelta(weeks=DEFAULT_WEEKS - 1)).isoformat(),
                "end": week.last_day.isoformat(),
            }
        )
    entries = []
    status = 200
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        # A week belongs to the summary when it starts inside the range.
        own = (
            CheckIn.objects.visible_to(request.user, couple)
            .authored_by(request.user)
            .filter(week_start__gte=start, week_start__lte=end)
            .order_by("week_start")
        )
        for checkin in own:
            answers = checkin_answers.present(checkin, for_author=True)
            entries.append({"checkin": checkin, **answers})
    else:
        status = 400
    return render(
        request,
        "journal/checkins/summary.html",
        {
            "couple": couple,
            "form": form,
            "entries": entries,
            "include_notes": form.is_valid() and form.cleaned_data["include_notes"],
            "printed_on": weeks.local_date(timezone.now(), request.user.time_zone),
            "instruments": questionnaires.INSTRUMENTS,
            "subnav": "summary",
        },
        status=status,
    )
