"""Guards under attack: exact under concurrency, untouched by deletes, never starving signed-in users."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import httpx

from chatbot.app import create_app
from chatbot.serving import serve_in_thread
from tests.conftest import auth, sql
from tests.helpers import json_turn

ALICE = {"email": "alice@example.com", "password": "correct horse battery"}


def at_once(count: int, call) -> list:
    """`call(n)` for n in range(count), all at the same time; their results in order."""
    with ThreadPoolExecutor(max_workers=count) as threads:
        return list(threads.map(call, range(count)))


# ---- idempotency keys


def test_a_key_whose_turn_died_running_can_be_retried_after_its_lease(client, database_url):
    sql(database_url, "INSERT INTO users (id) VALUES ('alice') RETURNING id")
    sql(  # as a kill -9 mid-turn leaves it: running, its lease over
        database_url,
        "INSERT INTO turn_keys (user_id, key, status, lease_until) VALUES ('alice', 'k', 'running', now() - interval '1 second') RETURNING key",
    )
    retried = json_turn(client, "add a task to call mum", key="k")
    assert retried.status_code == 200 and retried.json()["tool_calls"][0]["name"] == "add_task"
    assert json_turn(client, "add a task to call mum", key="k").json() == retried.json()
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(1,)]


def test_a_running_keys_409_says_when_to_come_back(client, database_url):
    sql(database_url, "INSERT INTO users (id) VALUES ('alice') RETURNING id")
    sql(
        database_url,
        "INSERT INTO turn_keys (user_id, key, status, lease_until) VALUES ('alice', 'k', 'running', now() + interval '20 seconds') RETURNING key",
    )
    busy = json_turn(client, "hello", key="k")
    assert busy.status_code == 409 and 1 <= int(busy.headers["Retry-After"]) <= 20


# ---- the chat rate limit


def test_deleting_conversations_does_not_reset_the_rate_limit(make_client):
    client = make_client(chat_turns_per_minute=3)
    for number in range(3):
        conversation = json_turn(client, f"hello {number}").json()["conversation_id"]
        assert client.delete(f"/api/alice/conversations/{conversation}", headers=auth("alice")).status_code == 204
    assert json_turn(client, "one more").status_code == 429


def test_concurrent_turns_on_two_instances_admit_exactly_the_limit(settings, database_url):
    limited = dataclasses.replace(settings, chat_turns_per_minute=5, db_pool_size=10)
    with serve_in_thread(create_app(limited)) as first, serve_in_thread(create_app(limited)) as second:
        with httpx.Client(timeout=30) as http:
            statuses = at_once(
                24,
                lambda n: (
                    http.post(
                        f"{(first, second)[n % 2]}/api/alice/chat",
                        json={"message": f"hello {n}"},
                        headers={**auth("alice"), "Accept": "application/json"},
                    ).status_code
                ),
            )
    assert statuses.count(200) == 5 and statuses.count(429) == 19
    assert sql(database_url, "SELECT count(*) FROM messages WHERE role = 'user'") == [(5,)]


# ---- signing in


def test_concurrent_guesses_are_limited_exactly_and_the_right_password_then_waits(settings):
    with serve_in_thread(create_app(dataclasses.replace(settings, db_pool_size=10))) as url, httpx.Client(timeout=60) as http:
        assert http.post(f"{url}/api/auth/register", json=ALICE).status_code == 201
        guesses = at_once(30, lambda n: http.post(f"{url}/api/auth/login", json={**ALICE, "password": f"guess {n:04d}"}))
        statuses = [guess.status_code for guess in guesses]
        assert statuses.count(401) == 5 and statuses.count(429) + statuses.count(503) == 25
        right = http.post(f"{url}/api/auth/login", json=ALICE)
        assert right.status_code == 429 and int(right.headers["Retry-After"]) > 0


def test_a_correct_sign_in_does_not_count_against_the_limit(client):
    assert client.post("/api/auth/register", json=ALICE).status_code == 201
    for _ in range(8):
        assert client.post("/api/auth/login", json=ALICE).status_code == 200


def test_a_flood_of_sign_ins_does_not_starve_signed_in_users(settings, database_url):
    small = dataclasses.replace(settings, db_pool_size=2, db_pool_timeout_seconds=1.0)
    with serve_in_thread(create_app(small)) as url, httpx.Client(timeout=60) as http:
        http.post(f"{url}/api/alice/tasks", json={"title": "Mine"}, headers=auth("alice"))

        def one(n: int) -> int:
            if n % 5 == 0:  # a signed-in user among the crowd
                return http.get(f"{url}/api/alice/tasks", headers=auth("alice")).status_code
            return http.post(
                f"{url}/api/auth/login", json={"email": f"nobody{n}@example.com", "password": "guess guess"}
            ).status_code

        statuses = at_once(60, one)
    assert [status for n, status in enumerate(statuses) if n % 5 == 0] == [200] * 12
    assert set(status for n, status in enumerate(statuses) if n % 5) <= {401, 503}
