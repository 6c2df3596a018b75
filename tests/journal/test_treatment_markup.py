"""The treatment log's markup written out in Python (journal/treatment/markup.py) gives, byte
for byte, what its templates gave (tests/journal/reference/treatment/: _when, _status, _ride
and the log's entry as they were): every kind of entry, status, ride answer, reader, with and
without times, places, notes, pick-up times, and text that needs escaping."""

import itertools
import uuid
from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.template import Context, Engine

from journal.treatment import markup
from journal.treatment.models import Driver, Kind, Status, TreatmentEntry
from tests.journal.test_checkin_card import REFERENCE

TODAY = date(2026, 12, 4)
ME_ID = 7

# The log's entry as log.html wrote it before, around the reference partials.
OLD_ENTRY = (
    '<li class="entry card">\n'
    '        <h2 class="entry-title"><a href="{% url \'treatment_entry\' entry.public_id %}">'
    "{{ entry.get_kind_display }}</a></h2>\n"
    '        <p class="entry-meta">{% include "_when.html" %} {% include "_status.html" %}'
    "{% if entry.place %} · {{ entry.place }}{% endif %}</p>\n"
    '        {% if entry.note %}<p class="entry-note">{{ entry.note|truncatechars:240 }}</p>'
    "{% endif %}\n"
    '        {% if entry.needs_ride and entry.status != "cancelled" %}'
    '{% include "_ride.html" with back_to="entry" %}{% endif %}\n'
    "      </li>"
)


def _engine():
    return Engine(
        dirs=[str(REFERENCE / "treatment")],
        libraries={"treatment_tags": "journal.templatetags.treatment_tags"},
        autoescape=True,
    )


def _couple(supporting):
    return SimpleNamespace(
        me=SimpleNamespace(is_supporting=supporting),
        supporting=SimpleNamespace(user=SimpleNamespace(name="Alex <A> & 'co'")),
        in_treatment=SimpleNamespace(user=SimpleNamespace(name='Sam "S"')),
    )


def _entries():
    kinds = [Kind.IV_INFUSION, Kind.THERAPY, Kind.DOSE]
    days = [date(2026, 12, 8), date(2026, 11, 2)]
    for kind, status, on_date, driver, confirmed, extras in itertools.product(
        kinds,
        Status.values,
        days,
        Driver.values,
        [False, True],
        [
            {},
            {
                "at_time": time(9, 5),
                "pickup_time": time(13, 30),
                "place": "Clinic <North> & co",
                "note": "Long & <odd> note. " * 20,
                "driver_name": "Jo O'Neil",
            },
        ],
    ):
        yield TreatmentEntry(
            public_id=uuid.uuid4(),
            kind=kind,
            status=status,
            on_date=on_date,
            driver=driver,
            driver_confirmed_at=datetime(2026, 11, 1, 8) if confirmed else None,
            driver_confirmed_by_id=ME_ID if confirmed else None,
            **extras,
        )


ENTRIES = list(_entries())


@pytest.mark.parametrize("supporting", [True, False])
@pytest.mark.parametrize("me", [ME_ID, ME_ID + 1])
def test_the_log_entry_and_its_parts_are_the_templates_they_replaced(supporting, me):
    engine = _engine()
    old_entry = engine.from_string(OLD_ENTRY)
    old_ride = engine.get_template("_ride.html")
    for entry in ENTRIES:
        values = {
            "entry": entry,
            "couple": _couple(supporting),
            "today": TODAY,
            "user": SimpleNamespace(pk=me),
            "csrf_token": "tok-123",
            "back_to": "dashboard",
        }
        assert markup.log_entry(entry, Context(values)) == old_entry.render(Context(values))
        assert markup.ride(entry, Context(values)) == old_ride.render(Context(values))
        when = engine.get_template("_when.html").render(Context(values))
        assert markup.when(entry) == when
        assert markup.status(entry) == engine.get_template("_status.html").render(Context(values))
