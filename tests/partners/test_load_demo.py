"""`manage.py load_demo`: the demo couple and every feature's demo rows, twice the same."""

import io

import pytest
from django.core.management import CommandError, call_command

from journal.models import Boundary, CheckIn, TreatmentEntry
from partners.management.commands import load_demo
from partners.models import Membership, Partnership

pytestmark = pytest.mark.django_db


def test_the_demo_modules_are_imported_not_named():
    assert all(callable(module.load) for module in load_demo.DEMO_MODULES)


def test_it_loads_the_couple_and_each_features_rows_once(settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=io.StringIO())
    counts = [
        Partnership.objects.count(),
        Membership.objects.count(),
        CheckIn.objects.count(),
        Boundary.objects.count(),
        TreatmentEntry.objects.count(),
    ]
    call_command("load_demo", stdout=io.StringIO())

    assert counts[:2] == [1, 2]
    assert all(count > 0 for count in counts[2:])
    assert [
        Partnership.objects.count(),
        Membership.objects.count(),
        CheckIn.objects.count(),
        Boundary.objects.count(),
        TreatmentEntry.objects.count(),
    ] == counts


def test_it_refuses_outside_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG only"):
        call_command("load_demo")
