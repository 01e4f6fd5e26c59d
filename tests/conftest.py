"""Shared fixtures: a real embedded PostgreSQL, a migrated template, and a fresh database per test."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from starlette.testclient import TestClient

from chatbot import db, migrate
from chatbot.app import create_app
from chatbot.auth import mint_token
from chatbot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-secret-" + "s" * 64  # long enough for every HMAC size, as PyJWT asks
TEMPLATE = "chatbot_template"


@pytest.fixture(scope="session")
def pg_uri(worker_id: str) -> str:
    """The embedded server for the whole run, with a migrated template database; under pytest-xdist each worker has
    its own (`.chatbot/test-gw0`, ...), so workers share nothing but the machine."""
    folder = "test" if worker_id == "master" else f"test-{worker_id}"
    admin_url = db.start_embedded(ROOT / ".chatbot" / folder)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    migrate.apply(with_database(admin_url, TEMPLATE))
    return admin_url


def with_database(url: str, name: str) -> str:
    """The same server's URL for another database."""
    head, _, query = url.partition("?")
    return head.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


@contextmanager
def fresh_database(pg_uri: str) -> Iterator[str]:
    """A new migrated database on the test server, dropped when the block ends."""
    name = "test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    try:
        yield with_database(pg_uri, name)
    finally:
        with psycopg.connect(pg_uri, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database_url(pg_uri: str) -> Iterator[str]:
    """A fresh, migrated database for one test, dropped afterwards."""
    with fresh_database(pg_uri) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        auth_secret=SECRET,
        data_dir=tmp_path,
        db_pool_size=5,
        allowed_hosts=("testserver", "127.0.0.1:*", "localhost:*"),
        # The model path is what most tests drive; tests/test_fastpath.py turns the fast path on.
        agent_fast_path=False,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def make_client(settings: Settings):
    """Open apps on changed settings (and a scripted model, if given); each is closed after the test."""
    opened = []

    def make(model=None, **changes):
        client = TestClient(create_app(dataclasses.replace(settings, **changes), model=model))
        opened.append(client.__enter__())
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def litellm_over_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    """LiteLLM's HTTP calls through httpx, where respx sees them; restored after the test."""
    import litellm

    monkeypatch.setattr(litellm, "disable_aiohttp_transport", True)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def auth(user_id: str) -> dict[str, str]:
    """Headers carrying a valid token for `user_id`."""
    return {"Authorization": "Bearer " + mint_token(SECRET, user_id)}


def sql(database_url: str, query: str, *params: Any) -> list[tuple]:
    """Rows of a query run straight on the test database, to check what was stored."""
    with psycopg.connect(database_url) as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for a module of browser tests (they skip themselves where there is none)."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import launch

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
