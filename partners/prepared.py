"""A database cursor whose statements PostgreSQL may prepare (plan once per connection).

Used for statements whose SQL is built once per process and run on every request with only
their values changed: the couple query (partners.access), journal.compiled, library search.
"""

from typing import Any

from django.db import connections
from django.db.backends.utils import CursorDebugWrapper


def cursor(using: str = "default") -> Any:
    """A cursor whose statements PostgreSQL may prepare, or the usual one.

    Django binds parameters on the client by default, so each statement reaches PostgreSQL
    with its values written in and is planned again every time: the couple query spent
    0.45 ms planning against 0.1 ms running. Bound on the server, the same SQL is the same
    statement, and psycopg prepares it once it has run `prepare_threshold` times on the
    connection (config/settings.py). Still Django's cursor wrapper, so every query is seen
    by the debug log and by tests counting queries.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "prepare_threshold"
    ):
        return connection.cursor()
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # What Django's own cursor() does, with a server-binding cursor in its place.
        connection.validate_thread_sharing()
        raw = ServerBindingCursor(connection.connection)
        if connection.queries_logged:
            return _LoggedStatements(raw, connection)
        return connection.make_cursor(raw)


class _LoggedStatements(CursorDebugWrapper):
    """Django's debug cursor, logging each statement with its values written in.

    Django reads the logged text back from psycopg, which keeps none for a statement bound
    on the server: the log (and every test that reads it) would get None.
    """

    def debug_sql(
        self,
        sql: Any = None,
        params: Any = None,
        use_last_executed_query: bool = False,
        many: bool = False,
    ) -> Any:
        if use_last_executed_query and sql is not None and not many:
            sql = self.db.ops.compose_sql(sql, params)
        return super().debug_sql(sql, params, False, many)
