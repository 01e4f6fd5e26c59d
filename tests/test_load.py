"""2,000 turns at concurrency 50 against a real server process: no 5xx, and exactly the rows they should make."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import anyio
import httpx

from tests.conftest import SECRET, auth, sql

USERS, TURNS_PER_USER, CONCURRENCY = 200, 10, 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_two_thousand_turns_at_concurrency_fifty(database_url, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BETTER_AUTH_SECRET": SECRET,
        "CHAT_TURNS_PER_MINUTE": "0",
        "CHATBOT_DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
        "DB_POOL_SIZE": "20",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "chatbot.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        statuses = anyio.run(run_load, base)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)

    assert len(statuses) == USERS * TURNS_PER_USER
    assert [s for s in statuses if s >= 500] == [], errors.decode()[-2000:]
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
