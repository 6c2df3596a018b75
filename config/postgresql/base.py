"""Django's PostgreSQL backend, with a health check that costs no round trip when idle.

`CONN_HEALTH_CHECKS` makes Django send `SELECT 1` before the first query of every request,
so a connection PostgreSQL dropped (a restart, an idle timeout, a killed backend) is
replaced instead of failing the request. That round trip was a tenth of the signed-in
floor's time (bench/findings.md). A healthy idle connection has nothing to read: when the
server ends one it first sends an error (`FATAL: terminating connection ...`) or closes the
socket, and either makes the socket readable. So the check looks at the socket first and
only asks the server when there is something there, or when psycopg already knows the
connection is not idle and open.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._idle_and_silent()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _idle_and_silent(self):
        connection = self.connection
        if connection.closed or connection.pgconn.status != pq.ConnStatus.OK:
            return False
        if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        poller = select.poll()
        poller.register(connection.pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
        return not poller.poll(0)
