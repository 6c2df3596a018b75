"""The couple's journal. One module per part; each is imported here so Django sees it."""

from journal.models.notices import Notice
from journal.models.safety import SafetyPlan

__all__ = ["Notice", "SafetyPlan"]
