"""The couple's journal. One module per part; each is imported here so Django sees it."""

from journal.boundaries.models import Boundary, BoundaryCheck, BoundaryEvent
from journal.checkins.models import CheckIn, CheckInReminder, CheckInRevision
from journal.clinic.models import ClinicLinkOpening, ClinicShareLink
from journal.notices.models import Notice
from journal.safety.alerts import SafetyAlert
from journal.safety.models import SafetyPlan, SafetyPlanSuggestion
from journal.treatment.models import TreatmentEntry

__all__ = [
    "Boundary",
    "BoundaryCheck",
    "BoundaryEvent",
    "CheckIn",
    "CheckInReminder",
    "CheckInRevision",
    "ClinicLinkOpening",
    "ClinicShareLink",
    "Notice",
    "SafetyAlert",
    "SafetyPlan",
    "SafetyPlanSuggestion",
    "TreatmentEntry",
]
