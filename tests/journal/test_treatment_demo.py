"""journal.treatment.demo.load: the demo couple's log and plan, safe to load twice."""

from journal.models import SafetyPlan, TreatmentEntry
from journal.treatment import demo as demo_treatment


def test_loads_a_log_with_an_upcoming_driven_session_and_a_plan(couple, in_treatment, supporting):
    demo_treatment.load(couple, in_treatment, supporting)
    entries = TreatmentEntry.objects.filter(partnership=couple)
    assert entries.count() == 6
    upcoming = list(TreatmentEntry.objects.upcoming(couple))
    assert len(upcoming) == 1 and upcoming[0].driver == "partner"
    assert entries.changes().filter(kind="dose").exists()
    plan = SafetyPlan.objects.get(partnership=couple)
    assert not plan.is_empty and plan.alert_on_unsafe_now


def test_loading_twice_changes_nothing(couple, in_treatment, supporting):
    demo_treatment.load(couple, in_treatment, supporting)
    demo_treatment.load(couple, in_treatment, supporting)
    assert TreatmentEntry.objects.filter(partnership=couple).count() == 6
    assert SafetyPlan.objects.filter(partnership=couple).count() == 1


def test_dates_are_relative_to_today(couple, in_treatment, supporting):
    demo_treatment.load(couple, in_treatment, supporting)
    today = couple.today()
    dates = TreatmentEntry.objects.filter(partnership=couple).values_list("on_date", flat=True)
    assert min(dates) >= today.replace(year=today.year - 1)
    assert max(dates) > today
