"""One query for the facts several dashboard panels need about the partnership itself.

The safety plan (joined), the suggestions waiting for the partner in treatment, and where
this week's check-ins stand (the newest week anyone has started since the aligned start of
this week, and the partner's newest week) all hang off the
partnership row, so one query fetches them for the safety and check-in panels. It is
compiled once per process (journal.compiled).
"""

from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from journal import weeks
from journal.compiled import DAY, ID, ID_2, CompiledQuery
from journal.models import CheckIn, SafetyPlanSuggestion
from partners.models import Partnership


def _summary(partnership_id: int, partner_id: int, aligned: date) -> QuerySet:
    since = CheckIn.objects.filter(partnership=OuterRef("pk"), week_start__gte=aligned)
    partners = since.filter(author_id=partner_id).order_by("-week_start")
    waiting = (
        SafetyPlanSuggestion.objects.filter(partnership=OuterRef("pk"))
        .pending()
        .order_by()
        .values("partnership")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Partnership.objects.filter(pk=partnership_id)
        .select_related("safety_plan")
        .annotate(
            suggestions_waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
            checkin_latest=Subquery(since.order_by("-week_start").values("week_start")[:1]),
            partner_latest=Subquery(partners.values("week_start")[:1]),
            # Whether anyone has ever checked in: until then home shows the first week's
            # guide (what will appear, and when) instead of empty panels.
            has_checkins=Exists(CheckIn.objects.filter(partnership=OuterRef("pk"))),
        )
    )


SUMMARY = CompiledQuery(_summary, partnership_id=ID, partner_id=ID_2, aligned=DAY)


def load(couple, now=None):
    partnership = couple.partnership
    (row,) = SUMMARY.rows(
        partnership_id=partnership.pk,
        partner_id=couple.partner.user_id,
        aligned=weeks.aligned_start(partnership, now),
    )
    return row


def submitted_rows(couple, summary):
    """The (week_start, author_id) rows `checkins.this_week` reads, as far
    as it needs them: the newest week anyone started, and the partner's newest."""
    rows = []
    if summary.checkin_latest is not None:
        rows.append((summary.checkin_latest, None))
    if summary.partner_latest is not None:
        rows.append((summary.partner_latest, couple.partner.user_id))
    return rows
