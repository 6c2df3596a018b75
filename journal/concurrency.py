"""Two people (or two tabs, or a double click) writing the same row at the same moment.

Two patterns, each written once here instead of by hand in every feature:

- `compare_and_set`: change a row only if it still holds what the page was drawn from
  (usually its `version`). One UPDATE ... WHERE, so the database decides who was first;
  the loser learns it from the False and shows a conflict instead of overwriting.
- `create_once`: save a new row whose natural key (usually the form's hidden
  `submission_key`) may already exist because the same form arrived twice. The unique
  constraint decides; the second submit gets the first row back instead of a 500.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def compare_and_set(
    target: models.Model | models.QuerySet[Any], expected: Mapping[str, Any], /, **changes: Any
) -> bool:
    """Apply `changes` to `target` if it still matches `expected`; True if a row changed.

    `target` is a saved instance (its row, by primary key) or a queryset narrowed to the
    rows that may change. `expected` holds the lookups the row must still satisfy, such
    as ``{"version": 3}`` or ``{"state": "pending"}``. Pass the new version among
    `changes` (``version=F("version") + 1``) when the row carries one.
    """
    if isinstance(target, models.Model):
        rows: models.QuerySet[Any] = type(target)._default_manager.filter(pk=target.pk)
    else:
        rows = target
    return bool(rows.filter(**expected).update(**changes))


def create_once(
    instance: M, *, unique: Sequence[str], then: Callable[[M], object] | None = None
) -> tuple[M, bool]:
    """Insert `instance`, or return the row already saved with the same `unique` values.

    Returns ``(row, created)``. `then` runs in the same transaction as the insert (the
    history row, the partner's notice), so a lost race leaves neither behind. When any
    `unique` value is None the row has no natural key, so there is nothing to be a
    repeat of and an IntegrityError is a real error: it propagates.
    """
    manager = type(instance)._default_manager
    columns = [instance._meta.get_field(name) for name in unique]
    if not all(isinstance(column, models.Field) for column in columns):
        raise TypeError(f"create_once needs concrete fields, got {unique!r}")
    lookup = {
        column.attname: getattr(instance, column.attname)
        for column in columns
        if isinstance(column, models.Field)
    }
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
            if then is not None:
                then(instance)
    except IntegrityError:
        existing = manager.filter(**lookup).first() if None not in lookup.values() else None
        if existing is None:
            raise
        return existing, False
    return instance, True
