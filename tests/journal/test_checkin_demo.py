"""Demo check-ins for `make run`: eight realistic weeks, loaded once however often it runs."""

from journal.checkins import demo as demo_checkins
from journal.models import CheckIn
from partners.access import load_couple


def test_loads_eight_weeks_for_both_and_is_idempotent(couple, in_treatment, supporting):
    demo_checkins.load(couple, in_treatment, supporting)
    first = list(CheckIn.objects.order_by("pk").values_list("pk", "version"))
    demo_checkins.load(couple, in_treatment, supporting)
    assert list(CheckIn.objects.order_by("pk").values_list("pk", "version")) == first
    assert CheckIn.objects.filter(author=in_treatment).count() == 8
    assert CheckIn.objects.filter(author=supporting).count() == 8


def test_demo_weeks_are_past_weeks_both_partners_can_read(couple, in_treatment, supporting):
    demo_checkins.load(couple, in_treatment, supporting)
    couple_view = load_couple(supporting)
    assert CheckIn.objects.visible_to(supporting, couple_view).count() == 16
    scored = CheckIn.objects.filter(phq9_total__isnull=False)
    assert scored.count() == 4
    assert all(c.phq9_total == sum(c.phq9) for c in scored)
