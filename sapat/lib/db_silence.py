"""A PostgreSQL that goes silent mid-query answers 503 within seconds, not never.

TCP keepalives and `tcp_user_timeout` (sapat/deployment.py) notice a peer whose packets
are dropped, but not one whose kernel still acknowledges while nothing answers: a proxy
or pooler that hangs, a database host frozen under load, a backend stuck in I/O. The
statement timeout does not help either — the server never runs the statement, or its
answer never comes back. So the web server also bounds, in the client, how long it waits
for any answer from the database: `SAPAT_DB_ANSWER_TIMEOUT` seconds (by default the
statement timeout plus 2 s, so a slow but live statement is cancelled by the server
first). A wait beyond it closes the connection and raises `OperationalError`, which the
request answers as "database away" (sapat.lib.unavailable: 503, Retry-After).

`/health/` waits at most `HEALTH_ANSWER_SECONDS` (`answer_within`), so a load balancer
learns in seconds. Without a statement timeout (backups, the job worker) nothing is bounded.

Within one request, once the database has been found away (an answer that did not come, a
connection that could not be made), it is not tried again: the session save or the lookup
that follows fails at once instead of waiting out another connect timeout
(`fail_fast_in_requests`, from the `request_started` signal).
"""
from __future__ import annotations

import contextlib
import os
import threading

HEALTH_ANSWER_SECONDS = 2.0

_local = threading.local()


def answer_timeout(env=os.environ) -> float | None:
    """Seconds to wait for the database's answer; None: unbounded."""
    explicit = float(env.get("SAPAT_DB_ANSWER_TIMEOUT") or 0)
    if explicit > 0:
        return explicit
    statement = float(env.get("SAPAT_DB_STATEMENT_TIMEOUT") or 0)
    return statement + 2.0 if statement > 0 else None


@contextlib.contextmanager
def answer_within(seconds: float):
    """Within the block, this thread waits at most `seconds` for the database (or the
    process-wide bound, if shorter)."""
    previous = getattr(_local, "limit", None)
    _local.limit = seconds if previous is None else min(previous, seconds)
    try:
        yield
    finally:
        _local.limit = previous


def _limit() -> float | None:
    local = getattr(_local, "limit", None)
    default = answer_timeout()
    if local is None:
        return default
    return local if default is None else min(local, default)


def _bounded_class(base):
    import psycopg
    from psycopg import errors

    class BoundedConnection(base):
        """psycopg's connection whose every wait for the server (a query, a fetch, a
        commit) gives up after the answer timeout and closes the connection."""

        def wait(self, gen, interval=0.1, timeout=None):
            limit = _limit()
            if limit is None or (timeout is not None and timeout <= limit):
                return super().wait(gen, interval, timeout)  # the caller's own bound
            timeout = limit
            try:
                return super().wait(gen, interval, timeout)
            except errors._WaitTimeout:
                # Half a conversation: the connection cannot be used again.
                with contextlib.suppress(Exception):
                    self.pgconn.finish()
                with contextlib.suppress(Exception):
                    self.close()
                _local.away = True
                raise psycopg.OperationalError(
                    f"the database did not answer within {timeout:g} s") from None

    return BoundedConnection


_classes: dict[type, type] = {}


def bound_answers(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: from now on the connection's waits are bounded."""
    if connection.vendor != "postgresql":
        return
    raw = connection.connection
    base = type(raw)
    if base in _classes.values():
        return
    if base not in _classes:
        _classes[base] = _bounded_class(base)
    raw.__class__ = _classes[base]


def fail_fast_in_requests(sender, **kwargs) -> None:
    """`request_started` receiver: this request tries to reach an away database once."""
    from django.db import connections

    _local.away = False
    for wrapper in connections.all():
        if wrapper.vendor == "postgresql" and "get_new_connection" not in vars(wrapper):
            wrapper.get_new_connection = _once(wrapper.get_new_connection)


def request_done(sender, **kwargs) -> None:
    _local.away = False


def _once(connect):
    def get_new_connection(conn_params):
        import psycopg

        if getattr(_local, "away", False):
            raise psycopg.OperationalError("the database was away earlier in this request")
        try:
            return connect(conn_params)
        except psycopg.OperationalError:
            _local.away = True
            raise

    return get_new_connection
