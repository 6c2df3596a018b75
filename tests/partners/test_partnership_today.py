"""`Partnership.today()`: the one "today" of a couple, at their midnight."""

from datetime import UTC, date, datetime

import pytest

pytestmark = pytest.mark.django_db

# 10:30 UTC on 1 March: already 2 March on Kiritimati (UTC+14), still 1 March in Honolulu.
INSTANT = datetime(2027, 3, 1, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Pacific/Kiritimati", date(2027, 3, 2)),
        ("Pacific/Honolulu", date(2027, 3, 1)),
        ("UTC", date(2027, 3, 1)),
    ],
)
def test_today_is_the_date_where_the_couple_lives(zone, expected, couple):
    couple.time_zone = zone

    assert couple.today(INSTANT) == expected


def test_without_an_instant_it_is_now(couple):
    couple.time_zone = "Pacific/Kiritimati"

    assert couple.today() >= date.today()
