"""The couple's journal. One module per part; each is imported here so Django sees it."""

from journal.models.alerts import SafetyAlert
from journal.models.boundaries import Boundary, BoundaryCheck, BoundaryEvent
from journal.models.checkins import CheckIn, CheckInReminder, CheckInRevision
from journal.models.notices import Notice
from journal.models.safety import SafetyPlan, SafetyPlanSuggestion
from journal.models.treatment import TreatmentEntry

__all__ = [
    "Boundary",
    "BoundaryCheck",
    "BoundaryEvent",
    "CheckIn",
    "CheckInReminder",
    "CheckInRevision",
    "Notice",
    "SafetyAlert",
    "SafetyPlan",
    "SafetyPlanSuggestion",
    "TreatmentEntry",
]
