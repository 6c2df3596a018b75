"""Dashboard panel for the safety plan: how much is written, the alert choice, suggestions.

One query for the supporter, two for the partner in treatment (who also sees how many
suggestions wait for an answer); never more as the plan's history grows.
"""

from journal.models import SafetyPlan, SafetyPlanSuggestion
from journal.models.safety import PART_PROMPTS


def context(couple):
    plan = SafetyPlan.objects.filter(partnership=couple.partnership).first()
    written = sum(1 for name in PART_PROMPTS if plan and getattr(plan, name).strip())
    waiting = 0
    if couple.me.is_in_treatment:
        waiting = (
            SafetyPlanSuggestion.objects.filter(partnership=couple.partnership).pending().count()
        )
    return {
        "safety_plan": plan,
        "safety_parts_written": written,
        "safety_parts_total": len(PART_PROMPTS),
        "safety_suggestions_waiting": waiting,
    }
