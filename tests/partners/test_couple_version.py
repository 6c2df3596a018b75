"""A partnership's version goes up with every change to its couple's rows, and never down.

The couple's page cache (partners/page_cache.py) serves a kept page only while the version
it was rendered at is current, so a write the version missed would leave a page that is no
longer true. Triggers (journal migration 0014) raise it; these tests hold them to it.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from journal.models import BoundaryEvent, Notice
from partners.models import Partnership, User
from tests.factories import make_couple, make_user
from tests.journal.boundary_factories import make_boundary

TRIGGERS = importlib.import_module("journal.migrations.0014_couple_version_triggers")
COUPLE_APPS = ("partners", "journal", "resources")


COUNTERS = ("version", "library_version", "notices_version", "deliveries_version")


def _version(partnership):
    return Partnership.objects.values_list("version", flat=True).get(pk=partnership.pk)


def _counters(partnership):
    return dict(
        zip(
            COUNTERS, Partnership.objects.values_list(*COUNTERS).get(pk=partnership.pk), strict=True
        )
    )


def _changes(partnership):
    """Every counter a page may depend on, together: rises with any change of the couple."""
    return sum(_counters(partnership).values())


def _reaches_a_couple(model):
    """Whether a row of `model` belongs to a couple: its own, its parent's, or a person's."""
    if model is Partnership:
        return False  # its own trigger, tested below
    if model is User:
        return True
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        if field.related_model is Partnership:
            return True
        parent = field.related_model
        if parent is User and model._meta.app_label == "partners":
            return True  # a person's own record (sign-in events, emails sent to them)
        if any(
            f.is_relation and f.related_model is Partnership for f in parent._meta.concrete_fields
        ):
            return True
    return False


def test_every_table_of_couple_data_has_a_trigger():
    couple_tables = {
        model._meta.db_table
        for app in COUPLE_APPS
        for model in apps.get_app_config(app).get_models()
        if _reaches_a_couple(model)
    }
    listed = {table for table, *_ in TRIGGERS.TABLES}
    assert couple_tables - listed == set(), "couple data with no version trigger"
    assert listed - couple_tables == set(), "a trigger for a table that is not couple data"


@pytest.mark.django_db
def test_the_database_has_the_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'alongside_%%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE 'alongside_%'"
            )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == {table for table, *_ in TRIGGERS.TABLES} | {"partners_partnership"}


@pytest.fixture
def pair(db):
    partnership, sam, alex = make_couple()
    return partnership, sam, alex


def test_insert_update_and_delete_each_raise_the_changes(pair):
    partnership, _sam, alex = pair
    before = _changes(partnership)
    notice = Notice.objects.create(partnership=partnership, recipient=alex, message="Hello")
    after_insert = _changes(partnership)
    assert after_insert > before
    Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())  # no signal is sent
    after_update = _changes(partnership)
    assert after_update > after_insert
    Notice.objects.filter(pk=notice.pk).delete()
    assert _changes(partnership) > after_update


def test_a_bulk_insert_raises_the_changes(pair):
    partnership, _sam, alex = pair
    before = _changes(partnership)
    Notice.objects.bulk_create(
        [Notice(partnership=partnership, recipient=alex, message=f"n{i}") for i in range(3)]
    )
    assert _changes(partnership) > before


def test_a_row_reached_through_its_parent_raises_its_couples_version(pair):
    partnership, sam, alex = pair
    boundary = make_boundary(sam, alex)
    assert BoundaryEvent.objects.filter(boundary=boundary).exists()
    before = _version(partnership)
    BoundaryEvent.objects.filter(boundary=boundary).update(why="Changed in the database")
    assert _version(partnership) > before


def test_a_change_to_a_person_raises_every_partnership_they_are_in(pair):
    partnership, _sam, alex = pair
    elsewhere, _, _ = make_couple(make_user(name="Robin"), make_user(name="Kim"))
    before, other_before = _version(partnership), _version(elsewhere)
    User.objects.filter(pk=alex.pk).update(display_name="Alexandra")
    assert _version(partnership) > before
    assert _version(elsewhere) == other_before


def test_only_the_couple_whose_rows_changed_moves(pair):
    partnership, sam, _alex = pair
    elsewhere, _robin, _ = make_couple(make_user(name="Robin"), make_user(name="Kim"))
    before = _changes(elsewhere)
    Notice.objects.create(partnership=partnership, recipient=sam, message="Hello")
    assert _changes(elsewhere) == before


def test_the_version_never_goes_down_when_a_stale_copy_is_saved(pair):
    partnership, _sam, alex = pair
    stale = Partnership.objects.get(pk=partnership.pk)
    Notice.objects.create(partnership=partnership, recipient=alex, message="Hello")
    newer = _version(partnership)
    notices = _counters(partnership)["notices_version"]
    stale.time_zone = "Europe/London"
    stale.save()  # writes its old version and counters back
    assert _version(partnership) > newer
    assert _counters(partnership)["notices_version"] == notices


def test_saving_the_partnership_raises_its_version(pair):
    partnership, _sam, _alex = pair
    partnership.refresh_from_db()
    before = partnership.version
    partnership.checkin_weekday = 3
    partnership.save(update_fields=["checkin_weekday"])
    assert _version(partnership) > before


def test_saving_a_row_unchanged_leaves_the_version_on_postgresql(pair):
    partnership, _sam, alex = pair
    notice = Notice.objects.create(partnership=partnership, recipient=alex, message="Hello")
    before = _changes(partnership)
    notice.save()  # the same values again: no page changes
    if connection.vendor == "postgresql":
        assert _changes(partnership) == before
    else:  # SQLite's row triggers (development only) count every update
        assert _changes(partnership) > before
    notice.message = "Hello again"
    notice.save()
    assert _changes(partnership) > before


AREAS = importlib.import_module("journal.migrations.0015_couple_area_versions")


def _rises(partnership, change):
    before = _counters(partnership)
    change()
    after = _counters(partnership)
    return {name for name in COUNTERS if after[name] > before[name]}


def test_reading_notices_and_emails_raise_their_own_counter_only(pair):
    from partners.models import Delivery
    from resources.models import ReadingMark
    from tests.resources.builders import publish

    partnership, sam, alex = pair
    article = publish("a-page-to-read")
    assert _rises(
        partnership,
        lambda: ReadingMark.objects.create(partnership=partnership, user=sam, article=article),
    ) == {"library_version"}
    assert _rises(
        partnership,
        lambda: Notice.objects.create(partnership=partnership, recipient=alex, message="Hi"),
    ) == {"notices_version"}
    assert _rises(
        partnership,
        lambda: Delivery.objects.create(key="k1", template="t", recipient=alex, to="a@example.com"),
    ) == {"deliveries_version"}


def test_any_other_change_raises_the_version_only(pair):
    partnership, sam, alex = pair
    assert _rises(partnership, lambda: make_boundary(sam, alex)) == {"version"}
    assert _rises(
        partnership,
        lambda: User.objects.filter(pk=alex.pk).update(display_name="Alexandra"),
    ) == {"version"}


def test_only_the_listed_tables_have_a_counter_of_their_own():
    assert set(AREAS.AREAS) <= {table for table, *_ in TRIGGERS.TABLES}
    assert set(AREAS.AREAS.values()) == set(COUNTERS) - {"version"}


def test_a_stale_copy_saved_never_lowers_a_counter(pair):
    partnership, _sam, alex = pair
    stale = Partnership.objects.get(pk=partnership.pk)
    Notice.objects.create(partnership=partnership, recipient=alex, message="Hello")
    newer = _counters(partnership)
    stale.save()
    after = _counters(partnership)
    assert after["notices_version"] == newer["notices_version"]
    assert after["version"] > newer["version"]
