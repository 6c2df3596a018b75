"""Dashboard panel for the safety plan: how much is written, the alert choice, suggestions.

One query, shared with the check-in panel on the dashboard (journal.dashboard.summary): the
partnership row with its plan (if any) joined and the waiting suggestions counted.
"""

from journal.dashboard.summary import load as load_summary
from journal.safety.models import PART_PROMPTS
from journal.safety.rules import written_before


def context(couple, summary=None):
    row = summary if summary is not None else load_summary(couple)
    plan = getattr(row, "safety_plan", None)
    if plan is not None and couple.me.is_supporting and written_before(plan, couple.partnership):
        plan = None  # written before this partner joined: not theirs to read (yet)
    written = sum(1 for name in PART_PROMPTS if plan and getattr(plan, name).strip())
    return {
        "safety_plan": plan,
        "safety_parts_written": written,
        "safety_parts_total": len(PART_PROMPTS),
        # Suggestions are the partner in treatment's to answer; the supporter sees none.
        "safety_suggestions_waiting": row.suggestions_waiting if couple.me.is_in_treatment else 0,
    }
