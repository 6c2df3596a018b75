"""Loading rows into model instances without Model.__init__ (see QuickLoad)."""

from functools import lru_cache
from typing import Any, cast

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


@lru_cache(maxsize=64)
def _loaded_names(model: Any, field_names: tuple[str, ...], count: int) -> tuple:
    """The attribute of each loaded value, in the order Django's `Model.from_db` assigns
    them: the model's concrete fields, those loaded only (or all of them)."""
    fields = model._meta.concrete_fields
    if count == len(fields):
        return tuple(f.attname for f in fields)
    return tuple(f.attname for f in fields if f.attname in field_names)


class QuickLoad:
    """`Model.from_db` without `Model.__init__`: the same instance (values set as its
    attributes, deferred ones left to load when read, `_state` saying it came from `db`),
    built ~5x faster. The boundaries list loads every live agreement of the couple (300
    for the bench's couple A) to group and count them, and Django's constructor was a third
    of that page's CPU; check-ins (40 columns each, 24 on the trends page) and treatment
    entries load the same way. Falls back to Django's own when anything listens to pre_init or
    post_init (which __init__ would send).
    tests/journal/test_quick_load.py compares the instances with Django's."""

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        # Any receiver at all, for any model (none in this project): Django's own way.
        if pre_init.receivers or post_init.receivers:
            return super().from_db(db, field_names, values)  # type: ignore[misc]
        new = cls.__new__(cls)
        state = new._state = ModelState()  # type: ignore[attr-defined]
        state.adding = False
        state.db = db
        names = _loaded_names(cast(Any, cls), tuple(field_names), len(values))
        # As Django does: a value per loaded field, in the model's order (extras ignored).
        new.__dict__.update(zip(names, values, strict=False))
        return new
