"""journal.checkins.loading.QuickLoad builds a loaded Boundary, CheckIn or TreatmentEntry
without Model.__init__: the same attributes, deferred fields and state as Django's own
`from_db`; the instance reads its deferred fields and saves as any other; a listener to
post_init still hears of every instance."""

import pytest
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_init

from journal.boundaries.models import Boundary, State
from journal.models import CheckIn
from journal.treatment.models import TreatmentEntry
from tests.journal.boundary_factories import make_boundary
from tests.journal.checkin_factories import make_checkin
from tests.journal.treatment_factories import make_entry

pytestmark = pytest.mark.django_db


def _as_django_builds_it(query):
    compiler = query.query.get_compiler(connection.alias)
    sql, params = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    (row,) = compiler.results_iter(results=[[row]])  # the fields' converters (JSON...)
    start, end = (
        compiler.klass_info["select_fields"][0],
        compiler.klass_info["select_fields"][-1] + 1,
    )
    names = [column[0].target.attname for column in compiler.select[start:end]]
    return Model.from_db.__func__(query.model, connection.alias, names, row[start:end])


@pytest.fixture
def rows(couple, in_treatment, supporting):
    return {
        Boundary: make_boundary(in_treatment, supporting, State.AGREED, wording="Phones away"),
        CheckIn: make_checkin(couple, in_treatment, private_note="mine", phq9_total=4),
        TreatmentEntry: make_entry(couple, note="first"),
    }


def test_instances_are_the_ones_django_builds(rows):
    for model, made in rows.items():
        queries = {
            "every field": model.objects.filter(pk=made.pk),
            "some fields": model.objects.filter(pk=made.pk).only("public_id"),
            "others deferred": model.objects.filter(pk=made.pk).defer("public_id"),
        }
        for label, query in queries.items():
            quick, django = query.get(), _as_django_builds_it(query)
            mine = {k: v for k, v in vars(quick).items() if k != "_state"}
            theirs = {k: v for k, v in vars(django).items() if k != "_state"}
            assert mine == theirs, (model, label)
            assert quick.get_deferred_fields() == django.get_deferred_fields(), (model, label)
            assert (quick._state.adding, quick._state.db) == (False, connection.alias)


def test_deferred_fields_load_and_instances_save(rows):
    boundary = Boundary.objects.only("public_id").get(pk=rows[Boundary].pk)
    assert boundary.wording == "Phones away"
    boundary.wording = "Phones away at dinner"
    boundary.save(update_fields=["wording"])
    assert Boundary.objects.get(pk=boundary.pk).wording == "Phones away at dinner"
    checkin = CheckIn.objects.only("public_id").get(pk=rows[CheckIn].pk)
    assert checkin.private_note == "mine" and checkin.phq9_total == 4
    raw = next(iter(Boundary.objects.raw("SELECT id, wording FROM journal_boundary")))
    assert raw.wording == "Phones away at dinner" and raw.get_deferred_fields()


def test_a_listener_to_post_init_is_still_told(rows):
    told = []

    def listener(sender, instance, **kwargs):
        told.append(instance)

    post_init.connect(listener, sender=TreatmentEntry)
    try:
        loaded = TreatmentEntry.objects.get(pk=rows[TreatmentEntry].pk)
    finally:
        post_init.disconnect(listener, sender=TreatmentEntry)
    assert told == [loaded]
