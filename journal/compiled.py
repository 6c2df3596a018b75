"""Querysets whose SQL never changes shape, compiled once per process and database.

Building a queryset and compiling it to SQL costs Django several times what PostgreSQL
spends running a small indexed query (bench/findings.md: ~30% of the dashboard's CPU went to
compiling its panels' queries). A statement a page runs on every request, with only its
values changing (a partnership id, a user id, today's date), can be compiled once: the
queryset is built with placeholder values, its SQL and parameters are kept, and each call
runs that same SQL with its own values in the placeholders' places. The rows are built with
Django's own populators, as the ORM builds them.

The queryset is still written with the ORM, through the same managers and helpers as
anywhere else, so every rule stays written in its one place; only the compiling is shared
(`partners.access.couple_rows` does the same for the couple query).

A value that would change the SQL's shape cannot be a placeholder: `None` (the ORM writes
`IS NULL`), a list (`IN (...)` grows with it), a model instance (pass its id). A call with
`None` for a value runs the ORM's own query instead. Anything else the shape depends on (a
setting) goes in `shape`, a function whose result is part of the cache key.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]
    FlatValuesListIterable,
    ModelIterable,
    get_related_populators,
)

from partners import prepared

# Placeholder values of each kind: no real row has these ids, and no couple lives on these
# days, so they cannot be mistaken for a constant of the query.
ID = -914_271_101
ID_2 = -914_271_102
ID_3 = -914_271_103
DAY = date(1901, 2, 3)
DAY_2 = date(1901, 4, 5)
DAY_3 = date(1901, 6, 7)


@dataclass(frozen=True)
class _Statement:
    compiler: Any
    sql: str
    params: tuple[Any, ...]
    positions: dict[str, tuple[int, ...]]
    init_list: list[str]
    start: int
    end: int
    flat: bool = False  # values_list(one field, flat=True): the values, not model rows


def _adapt(connection: Any, value: Any) -> Any:
    """A value as the ORM hands it to this database's driver (SQLite wants text dates)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _other(value: Any) -> Any:
    """Another placeholder of the same kind, for the check that the shape never changes."""
    if isinstance(value, date):  # dates and datetimes
        return value.replace(year=value.year + 11)
    if isinstance(value, int):
        return value - 7_777
    raise TypeError("Placeholders are ids, dates or datetimes.")


class CompiledQuery:
    """`build(**values)`, a queryset of model rows (or of one column, `values_list(...,
    flat=True)`), compiled once with `placeholders`.

    `CompiledQuery(build, partnership_id=ID, today=DAY).rows(partnership_id=7, today=...)`
    returns what `list(build(partnership_id=7, today=...))` would, without building or
    compiling the queryset again.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        shape: Callable[[], Hashable] | None = None,
        **placeholders: Any,
    ) -> None:
        if len(set(placeholders.values())) != len(placeholders):
            raise ValueError("Each placeholder needs a value of its own.")
        self.build = build
        self.shape = shape
        self.placeholders = placeholders
        self._statements: dict[tuple[Hashable, ...], _Statement] = {}

    def _statement(self, using: str) -> _Statement:
        connection = connections[using]
        key = (using, connection.vendor, self.shape() if self.shape else None)
        statement = self._statements.get(key)
        if statement is None:
            statement = self._compile(using)
            self._statements[key] = statement
        return statement

    def _compile(self, using: str) -> _Statement:
        queryset = self.build(**self.placeholders)
        # Built again with other placeholders, the statement must differ only in the
        # placeholders' places: a value worked out from one (`today - 14 days`) would
        # otherwise be kept as a constant. Such a value must be a placeholder of its own.
        other = self.build(**{name: _other(value) for name, value in self.placeholders.items()})
        flat = queryset._iterable_class is FlatValuesListIterable
        if (
            (queryset._iterable_class is not ModelIterable and not flat)
            or getattr(queryset, "_known_related_objects", None)
            or getattr(queryset, "_prefetch_related_lookups", None)
        ):
            raise TypeError("Only model rows or values_list(flat=True) can be compiled once.")
        connection = connections[using]
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        positions = {}
        for name, placeholder in self.placeholders.items():
            adapted = _adapt(connection, placeholder)
            found = tuple(
                i
                for i, value in enumerate(params)
                if type(value) is type(adapted) and value == adapted
            )
            if not found:
                raise ValueError(f"The query does not use {name}.")
            positions[name] = found
        other_sql, other_params = other.query.get_compiler(using).as_sql()
        fixed = set(range(len(params))) - {i for found in positions.values() for i in found}
        if other_sql != sql or any(params[i] != other_params[i] for i in fixed):
            raise ValueError("The query's SQL or constants depend on a placeholder's value.")
        if flat:
            return _Statement(compiler, sql, tuple(params), positions, [], 0, 0, flat=True)
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in compiler.select[start:end]]
        return _Statement(compiler, sql, tuple(params), positions, init_list, start, end)

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[Any]:
        if values.keys() != self.placeholders.keys():
            raise TypeError(f"Give exactly these values: {', '.join(self.placeholders)}.")
        if any(value is None for value in values.values()):
            # NULL is `IS NULL` to the ORM, another shape: let it write that query.
            return list(self.build(**values).using(using))
        statement = self._statement(using)
        connection = connections[using]
        params = list(statement.params)
        for name, positions in statement.positions.items():
            adapted = _adapt(connection, values[name])
            for position in positions:
                params[position] = adapted
        # The same SQL every time: PostgreSQL may plan it once per connection.
        with prepared.cursor(using) as cursor:
            cursor.execute(statement.sql, params)
            results = cursor.fetchall()
        compiler = statement.compiler
        if statement.flat:
            return [row[0] for row in compiler.results_iter(results=[results])]
        model = compiler.klass_info["model"]
        populators = get_related_populators(compiler.klass_info, compiler.select, using)
        annotations = list((compiler.annotation_col_map or {}).items())
        start, end, init_list = statement.start, statement.end, statement.init_list
        rows = []
        for row in compiler.results_iter(results=[results]):
            obj = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            rows.append(obj)
        return rows
