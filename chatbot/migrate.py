"""Schema migrations with yoyo, from the package's own `migrations/` folder (so a wheel carries them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psycopg import AsyncConnection
from yoyo import get_backend, read_migrations
from yoyo.backends import DatabaseBackend

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def yoyo_url(url: str) -> str:
    """The URL with the scheme yoyo needs to drive psycopg 3."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise ValueError("DATABASE_URL must start with postgresql:// or postgres://")
    return "postgresql+psycopg://" + rest


@contextmanager
def _backend(url: str) -> Iterator[DatabaseBackend]:
    backend = get_backend(yoyo_url(url))
    try:
        with backend.lock():
            yield backend
    finally:
        backend.connection.close()


def expected() -> list[str]:
    """The ids of every migration this code has, oldest first: the schema it needs."""
    return sorted(
        path.name.removesuffix(".sql") for path in MIGRATIONS_DIR.glob("*.sql") if not path.name.endswith(".rollback.sql")
    )


async def applied(conn: AsyncConnection) -> list[str]:
    """The ids of the migrations applied to the database, oldest first (none on an empty database)."""
    table = await (await conn.execute("SELECT to_regclass('_yoyo_migration') AS found")).fetchone()
    if table["found"] is None:
        return []
    cursor = await conn.execute("SELECT migration_id FROM _yoyo_migration ORDER BY migration_id")
    return [row["migration_id"] for row in await cursor.fetchall()]


def apply(url: str) -> list[str]:
    """Apply every pending migration; return the ids applied."""
    with _backend(url) as backend:
        pending = backend.to_apply(read_migrations(str(MIGRATIONS_DIR)))
        backend.apply_migrations(pending)
    return [m.id for m in pending]


def rollback(url: str, count: int) -> list[str]:
    """Roll back the newest `count` applied migrations; return the ids rolled back."""
    with _backend(url) as backend:
        applied = backend.to_rollback(read_migrations(str(MIGRATIONS_DIR)))[:count]
        backend.rollback_migrations(applied)
    return [m.id for m in applied]
