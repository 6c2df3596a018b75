"""A time zone is a place (review finding: the shared time zone accepted "localtime", which
follows the server's own clock, so a couple's week would depend on where the app runs)."""

import pytest
from django.core.exceptions import ValidationError

from partners.models import time_zone_choices, validate_time_zone


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_names_that_are_not_places_are_refused(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)
    assert name not in dict(time_zone_choices())


@pytest.mark.parametrize("name", ["Europe/London", "America/New_York", "Europe/Dublin", "UTC"])
def test_places_are_accepted(name):
    validate_time_zone(name)
    assert name in dict(time_zone_choices())
