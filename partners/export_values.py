"""Values as they go into a person's data download: JSON-safe, and nothing else.

Its own module so that every app's `data_export` can use it while `partners.my_data`
imports those modules directly (no import cycle, no module named by a string).
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Model


def plain(value: object) -> Any:
    """JSON-safe values for the export."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def row(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: plain(getattr(instance, name)) for name in fields}
