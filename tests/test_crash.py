"""kill -9 in the middle of keyed turns and repeating completions, a restart, every key sent again: nothing lost,
nothing done twice, no key stuck past its lease."""

from __future__ import annotations

import random
import threading
import time

import httpx

from bench.processes import free_port
from tests.conftest import auth, fresh_database, sql
from tests.serving import serving

USERS = [f"crash-{n}" for n in range(4)]
ADDS = 5


def _requests() -> list[tuple[str, str, str]]:
    """(user, key, message): adds, and the completion of each user's repeating task."""
    asked = [(user, f"add-{user}-{n}", f"add buy item {user} {n}") for user in USERS for n in range(ADDS)]
    asked += [(user, f"done-{user}", "mark the water plants task as done") for user in USERS]
    return asked


def _send(base: str, user: str, key: str, message: str) -> int | None:
    headers = {**auth(user), "Accept": "application/json", "Idempotency-Key": key}
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            return client.post(f"/api/{user}/chat", json={"message": message, "timezone": "UTC"}, headers=headers).status_code
    except httpx.HTTPError:
        return None  # the server died under it


def wait_for_some_changes(url: str, timeout: float = 20.0) -> None:
    """Until some of the turns have changed tasks (and so others are still on their way)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and sql(url, "SELECT count(*) FROM tasks")[0][0] < len(USERS) + 3:
        time.sleep(0.005)


def test_kill_9_mid_turns_then_every_key_again_loses_nothing_and_doubles_nothing(pg_uri, tmp_path):
    with fresh_database(pg_uri) as url:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with serving(url, tmp_path, port=port, AGENT_MODEL="offline") as served:
            server = served.process
            with httpx.Client(base_url=base, timeout=30) as client:
                for user in USERS:
                    plan = {"title": "Water plants", "due": "2030-01-01", "recurrence": "FREQ=DAILY"}
                    assert client.post(f"/api/{user}/tasks", json=plan, headers=auth(user)).status_code == 201
            asked = _requests()
            random.Random(9).shuffle(asked)
            first: dict[str, int | None] = {}
            threads = [
                threading.Thread(target=lambda each=each: first.__setitem__(each[1], _send(base, *each))) for each in asked
            ]
            for thread in threads:
                thread.start()
            wait_for_some_changes(url)
            server.kill()  # kill -9: no handler runs, whatever was in flight stays as it was
            server.wait()
            for thread in threads:
                thread.join()
        assert None in first.values(), "the kill came after every turn had answered: it tested nothing"
        # The time the leases would take to run out, passed at once.
        sql(url, "UPDATE turn_keys SET lease_until = now() - interval '1 second' WHERE status = 'running' RETURNING key")
        sql(url, "UPDATE conversations SET lease_until = now() - interval '1 second' WHERE lease_until > now() RETURNING id")

        with serving(url, tmp_path, port=port, AGENT_MODEL="offline"):
            for user, key, message in asked:
                assert _send(base, user, key, message) == 200, key
                assert _send(base, user, key, message) == 200, key  # and once more: the kept answer

        for user in USERS:
            titles = [title for (title,) in sql(url, "SELECT title FROM tasks WHERE user_id = %s", user)]
            for n in range(ADDS):
                assert titles.count(f"Buy item {user} {n}") == 1, (user, n, titles)
            watering = sql(url, "SELECT completed FROM tasks WHERE user_id = %s AND title = 'Water plants' ORDER BY id", user)
            assert watering == [(True,), (False,)], (user, watering)  # done once, its next one made once
        assert sql(url, "SELECT count(*) FROM turn_keys WHERE status = 'running'") == [(0,)]
