"""Schema migrations with yoyo, from the `migrations/` folder of the project."""

from __future__ import annotations

from pathlib import Path

from yoyo import get_backend, read_migrations

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def yoyo_url(url: str) -> str:
    """The URL with the scheme yoyo needs to drive psycopg 3."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise ValueError("DATABASE_URL must start with postgresql:// or postgres://")
    return "postgresql+psycopg://" + rest


def apply(url: str) -> list[str]:
    """Apply every pending migration; return the ids applied."""
    backend = get_backend(yoyo_url(url))
    migrations = read_migrations(str(MIGRATIONS_DIR))
    with backend.lock():
        pending = backend.to_apply(migrations)
        backend.apply_migrations(pending)
    return [m.id for m in pending]


def rollback(url: str, count: int) -> list[str]:
    """Roll back the newest `count` applied migrations; return the ids rolled back."""
    backend = get_backend(yoyo_url(url))
    migrations = read_migrations(str(MIGRATIONS_DIR))
    with backend.lock():
        applied = backend.to_rollback(migrations)[:count]
        backend.rollback_migrations(applied)
    return [m.id for m in applied]
