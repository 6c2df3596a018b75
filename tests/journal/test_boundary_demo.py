"""The demo boundaries that `make run` loads."""

import pytest

from journal.boundaries import demo as demo_boundaries
from journal.boundaries.models import State
from journal.models import Boundary, BoundaryEvent, Notice

pytestmark = pytest.mark.django_db


def test_demo_boundaries_cover_several_states(couple, in_treatment, supporting):
    demo_boundaries.load(couple, in_treatment, supporting)

    states = set(Boundary.objects.filter(partnership=couple).values_list("state", flat=True))
    assert {State.AGREED, State.PROPOSED, State.RETIRED} <= states
    due = Boundary.objects.filter(partnership=couple).due_for_revisit(couple.today())
    assert due.exists()
    assert Boundary.objects.waiting_for(supporting).exists()
    # Made through the rules: every row has its history.
    for boundary in Boundary.objects.filter(partnership=couple):
        assert boundary.events.count() == boundary.version
    assert not Notice.objects.exists()


def test_loading_twice_changes_nothing(couple, in_treatment, supporting):
    demo_boundaries.load(couple, in_treatment, supporting)
    before = (Boundary.objects.count(), BoundaryEvent.objects.count())

    demo_boundaries.load(couple, in_treatment, supporting)

    assert (Boundary.objects.count(), BoundaryEvent.objects.count()) == before
