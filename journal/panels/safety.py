"""Dashboard panel for the safety plan: how much is written, the alert choice, suggestions.

One query: the partnership row with its plan (if any) joined, and the number of
suggestions waiting for the partner in treatment counted in a subquery.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from journal.models import SafetyPlanSuggestion
from journal.models.safety import PART_PROMPTS
from partners.models import Partnership


def context(couple):
    waiting_count = (
        SafetyPlanSuggestion.objects.filter(partnership=OuterRef("pk"))
        .pending()
        .order_by()
        .values("partnership")
        .annotate(total=Count("pk"))
        .values("total")
    )
    row = (
        Partnership.objects.filter(pk=couple.partnership.pk)
        .select_related("safety_plan")
        .annotate(waiting=Coalesce(Subquery(waiting_count, output_field=IntegerField()), 0))
        .get()
    )
    plan = getattr(row, "safety_plan", None)
    written = sum(1 for name in PART_PROMPTS if plan and getattr(plan, name).strip())
    return {
        "safety_plan": plan,
        "safety_parts_written": written,
        "safety_parts_total": len(PART_PROMPTS),
        # Suggestions are the partner in treatment's to answer; the supporter sees none.
        "safety_suggestions_waiting": row.waiting if couple.me.is_in_treatment else 0,
    }
