"""The last twelve weeks as charts, a summary in words, and the numbers in tables."""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET

from journal import weeks
from journal.checkins import answers as checkin_answers
from journal.checkins import chart as svg_chart
from journal.checkins import hooks as checkin_hooks
from journal.checkins import questionnaires
from journal.checkins import rules as checkins
from journal.checkins.as_seen import as_seen
from journal.checkins.meaning import SENSE
from journal.compiled import DAY, DAY_2, DAY_3, ID, ID_2, CompiledQuery
from partners.access import couple_required, get_couple_or_404
from partners.models import Role
from partners.page_cache import couple_page

WEEKS_SHOWN = 12


def _twelve_weeks(
    partnership_id: int, user_id: int, aligned: date, first: date, last: date
) -> QuerySet:
    """The weeks charted, as the viewer may see them: `visible_to`'s own statement
    (journal.checkins.as_seen), compiled once per process."""
    return (
        as_seen(partnership_id, user_id, aligned)
        .filter(week_start__gte=first, week_start__lte=last)
        .order_by("week_start")
    )


TWELVE_WEEKS = CompiledQuery(
    _twelve_weeks, partnership_id=ID, user_id=ID_2, aligned=DAY, first=DAY_2, last=DAY_3
)


@couple_required
@couple_page
@require_GET
def trends(request):
    couple = get_couple_or_404(request)
    week = checkins.current_week(couple)
    starts = weeks.week_starts_back(week.start, WEEKS_SHOWN)
    rows = TWELVE_WEEKS.rows(
        partnership_id=couple.partnership.pk,
        user_id=request.user.pk,
        aligned=weeks.aligned_start(couple.partnership),
        first=starts[0],
        last=week.start,
    )
    by_role = {Role.IN_TREATMENT: [None] * WEEKS_SHOWN, Role.SUPPORTING: [None] * WEEKS_SHOWN}
    if not rows:
        # Nothing either may see yet (a new couple): what will appear, and when, instead of
        # twelve weeks of empty charts.
        return render(
            request,
            "journal/checkins/trends_first_week.html",
            {
                "couple": couple,
                "week": week,
                "mine": checkins.this_week(couple).mine,
                "treated_name": couple.in_treatment.user.name,
                "supporter_name": couple.supporting.user.name,
                "subnav": "trends",
            },
        )
    for checkin in rows:
        index = checkins.week_bucket(starts, checkin.week_start)
        if index is not None:
            by_role[checkin.role][index] = checkin

    markers = [[] for _ in starts]
    for marker in checkin_hooks.week_markers(couple, starts[0], week.end - timedelta(days=1)):
        index = checkins.week_bucket(starts, marker.day)
        if index is not None:
            markers[index].append(marker.label)

    labels = [format_date(start, "j M") for start in starts]
    treated, supporter = by_role[Role.IN_TREATMENT], by_role[Role.SUPPORTING]
    treated_name = couple.in_treatment.user.name
    supporter_name = couple.supporting.user.name

    def values(checkins_by_week, name):
        return [getattr(c, name) if c else None for c in checkins_by_week]

    charts = [
        svg_chart.line_chart(
            "treatment",
            f"{treated_name}: mood, anxiety and sleep",
            labels,
            [
                svg_chart.Series("Mood", values(treated, "mood")),
                svg_chart.Series("Anxiety", values(treated, "anxiety"), sense=SENSE["anxiety"]),
                svg_chart.Series("Sleep", values(treated, "sleep")),
            ],
            markers=markers,
        ),
        svg_chart.line_chart(
            "supporting",
            f"{supporter_name}: how {treated_name} seemed, and {supporter_name}'s own stress",
            labels,
            [
                svg_chart.Series(
                    f"{treated_name}'s mood, as it seemed", values(supporter, "seemed_mood")
                ),
                svg_chart.Series(
                    f"{treated_name}'s sleep, as it seemed", values(supporter, "seemed_sleep")
                ),
                svg_chart.Series(f"{treated_name}'s energy", values(supporter, "seemed_energy")),
                svg_chart.Series(
                    f"{supporter_name}'s own stress",
                    values(supporter, "stress"),
                    sense=SENSE["stress"],
                ),
            ],
            markers=markers,
        ),
    ]
    scores = _score_rows(starts, labels, treated, supporter)
    return render(
        request,
        "journal/checkins/trends.html",
        {
            "couple": couple,
            "week": week,
            "charts": charts,
            "scores": scores,
            "treated_name": treated_name,
            "supporter_name": supporter_name,
            "instruments": questionnaires.INSTRUMENTS,
            "subnav": "trends",
        },
    )


def checkin_answers_of(checkin):
    return {
        name: getattr(checkin, name)
        for name in ("phq9", "phq9_total", "gad7", "gad7_total", "who5", "who5_total")
    }


def _score_rows(starts, labels, treated, supporter) -> list[dict]:
    """One row per week with any total: PHQ-9, GAD-7, WHO-5, and the supporter's WHO-5."""
    scores = []
    for i, start in enumerate(starts):
        row = {"start": start, "label": labels[i], "cells": []}
        for checkin, instrument in (
            (treated[i], questionnaires.PHQ9),
            (treated[i], questionnaires.GAD7),
            (treated[i], questionnaires.WHO5),
            (supporter[i], questionnaires.WHO5),
        ):
            found = None
            if checkin is not None:
                found = next(
                    (
                        score
                        for score in checkin_answers.scores(checkin_answers_of(checkin))
                        if score.instrument is instrument
                    ),
                    None,
                )
            row["cells"].append(found)
        if any(row["cells"]):
            scores.append(row)
    return scores
