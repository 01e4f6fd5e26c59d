"""Guards under attack: exact under concurrency, untouched by deletes, never starving signed-in users."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import httpx

from chatbot.app import create_app
from chatbot.serving import serve_in_thread
from tests.conftest import auth, sql
from tests.fakes import ScriptedModel, Stall, calls, text
from tests.helpers import in_thread, json_turn

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


# ---- bounded work


def test_a_turn_past_the_concurrency_bound_is_refused_at_once_and_stores_nothing(make_client, database_url):
    stall = Stall(2.0)
    client = make_client(ScriptedModel(stall, text("later")), chat_max_concurrent_turns=1)
    slow, results = in_thread(lambda: json_turn(client, "slow"))
    stall.wait_entered()
    refused = json_turn(client, "me too", user="bob")
    slow.join()
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "server_busy" and refused.headers["Retry-After"]
    assert sql(database_url, "SELECT count(*) FROM messages WHERE user_id = 'bob'") == [(0,)]
    assert results["result"].status_code == 200
    assert json_turn(client, "now?", user="bob").status_code == 200


# ---- crash leftovers


def test_a_conversation_cannot_be_deleted_while_its_turn_runs(make_client, database_url):
    stall = Stall(2.0)
    client = make_client(ScriptedModel(text("hi"), calls(("add_task", {"title": "Mid-turn"})), stall, text("done")))
    conversation = json_turn(client, "hello").json()["conversation_id"]
    running, results = in_thread(lambda: json_turn(client, "add mid-turn", conversation))
    stall.wait_entered()
    refused = client.delete(f"/api/alice/conversations/{conversation}", headers=auth("alice"))
    running.join()
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "turn_in_progress"
    assert results["result"].status_code == 200
    assert client.delete(f"/api/alice/conversations/{conversation}", headers=auth("alice")).status_code == 204


def test_a_tool_call_left_without_its_result_by_a_crash_is_closed_as_interrupted_before_the_next_turn(make_client, database_url):
    model = ScriptedModel(text("hi"), text("carrying on"))
    client = make_client(model)
    conversation = json_turn(client, "hello").json()["conversation_id"]
    dangling = '[{"id": "call_lost", "type": "function", "function": {"name": "add_task", "arguments": "{}"}}]'
    sql(  # as a kill -9 between storing a call and its result leaves it
        database_url,
        "INSERT INTO messages (conversation_id, user_id, role, content, tool_calls) VALUES (%s, 'alice', 'assistant', NULL, %s) RETURNING id",
        conversation,
        dangling,
    )
    assert json_turn(client, "and now", conversation).status_code == 200
    shown = model.seen[-1]
    # The model reads the call with its stored "interrupted" result, before the new message: never a call left open.
    calls = [m for m in shown if m.get("tool_calls")]
    results = [m for m in shown if m["role"] == "tool"]
    assert [r["tool_call_id"] for r in results] == ["call_lost"] and "interrupted" in results[0]["content"]
    assert shown.index(calls[0]) < shown.index(results[0]) < len(shown) - 1
    assert [m["content"] for m in shown if m["role"] == "user"] == ["hello", "and now"]
    stored = client.get(f"/api/alice/conversations/{conversation}/messages", headers=auth("alice")).json()
    assert [m["role"] for m in stored[-4:]] == ["assistant", "tool", "user", "assistant"]
