"""The service's promises under retries, concurrency, limits and faults (README: Guarantees)."""

from __future__ import annotations

import dataclasses
import time

import anyio
import httpx
import psycopg
import pytest
from starlette.testclient import TestClient

from chatbot.app import create_app
from chatbot.model import ModelReply, TextDelta
from chatbot.serving import serve_in_thread
from tests.conftest import auth, sql
from tests.fakes import ScriptedModel, Stall, calls, text
from tests.helpers import in_thread, json_turn, stream_turn, wait_until

# ---- idempotent retries


def test_a_repeated_idempotency_key_returns_the_first_answer_and_repeats_no_tool_call(client, database_url):
    first = json_turn(client, "Add a task to buy groceries", key="k-1")
    again = json_turn(client, "Add a task to buy groceries", key="k-1")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(1,)]
    assert sql(database_url, "SELECT count(*) FROM messages WHERE role = 'user'") == [(1,)]
    other = json_turn(client, "Add a task to buy groceries", key="k-2")
    assert other.status_code == 200 and sql(database_url, "SELECT count(*) FROM tasks") == [(2,)]


def test_a_replayed_streamed_turn_ends_with_the_same_done_event(client):
    first = json_turn(client, "Add a task to water the plants", key="stream-1")
    _, events = stream_turn(client, "Add a task to water the plants", headers={"Idempotency-Key": "stream-1"})
    assert events[-1] == {"done": True, **first.json()}


def test_the_same_key_while_the_first_turn_runs_is_409(make_client, database_url):
    stall = Stall(2.0)
    client = make_client(ScriptedModel(stall))
    first, results = in_thread(lambda: json_turn(client, "slow", key="same"))
    stall.wait_entered()
    second = json_turn(client, "slow", key="same")
    first.join()
    assert second.status_code == 409 and second.json()["error"]["code"] == "turn_in_progress"
    assert results["result"].status_code == 200
    assert sql(database_url, "SELECT count(*) FROM messages WHERE role = 'user'") == [(1,)]


def test_a_failed_keyed_turn_may_be_retried(make_client, database_url):
    client = make_client(ScriptedModel(Stall(5.0), text("Second time lucky.")), agent_turn_timeout_seconds=1.0)
    assert json_turn(client, "hello", key="retry-me").status_code == 503
    retried = json_turn(client, "hello", key="retry-me")
    assert retried.status_code == 200 and retried.json()["response"] == "Second time lucky."


def test_a_malformed_idempotency_key_is_400(client):
    response = client.post("/api/alice/chat", json={"message": "hi"}, headers={**auth("alice"), "Idempotency-Key": "x" * 201})
    assert response.status_code == 400


# ---- one turn at a time per conversation


def test_a_second_turn_on_a_busy_conversation_is_409_and_interleaves_nothing(make_client, database_url):
    stall = Stall(2.0)
    client = make_client(ScriptedModel(text("first"), stall, text("third")))
    conversation = json_turn(client, "one").json()["conversation_id"]
    slow, results = in_thread(lambda: json_turn(client, "two", conversation))
    stall.wait_entered()
    busy = json_turn(client, "three", conversation)
    slow.join()

    assert busy.status_code == 409 and busy.headers["Retry-After"]
    assert results["result"].status_code == 200
    rows = sql(database_url, "SELECT role, content FROM messages ORDER BY id")
    assert [c for r, c in rows if r == "user"] == ["one", "two"]
    assert json_turn(client, "three", conversation).status_code == 200, "free again once the turn ended"


def test_a_crashed_turns_lease_runs_out_by_itself(client, database_url):
    conversation = json_turn(client, "hi").json()["conversation_id"]
    with psycopg.connect(database_url) as conn:  # as if a turn died holding it
        conn.execute("UPDATE conversations SET lease_until = now() + interval '1 minute' WHERE id = %s", (conversation,))
    assert json_turn(client, "again", conversation).status_code == 409
    with psycopg.connect(database_url) as conn:  # the minute gone by, as the lease's own clock tells it
        conn.execute("UPDATE conversations SET lease_until = now() - interval '1 second' WHERE id = %s", (conversation,))
    assert json_turn(client, "again", conversation).status_code == 200


# ---- rate limits


def test_turns_past_the_rate_limit_are_429_with_retry_after_and_store_nothing(make_client, database_url):
    client = make_client(chat_turns_per_minute=3)
    for number in range(3):
        assert json_turn(client, f"hello {number}").status_code == 200
    limited = json_turn(client, "one too many")
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited"
    assert sql(database_url, "SELECT count(*) FROM messages WHERE content = 'one too many'") == [(0,)]
    assert json_turn(client, "someone else", user="bob").status_code == 200, "the limit is per user"


def test_the_rate_limit_holds_across_instances(settings, database_url):
    limited = dataclasses.replace(settings, chat_turns_per_minute=2)
    with TestClient(create_app(limited)) as first, TestClient(create_app(limited)) as second:
        assert json_turn(first, "a").status_code == 200
        assert json_turn(second, "b").status_code == 200
        assert json_turn(first, "c").status_code == 429
        assert json_turn(second, "d").status_code == 429


# ---- faults


def test_an_exhausted_pool_answers_503_after_a_bounded_wait_never_hangs(settings, database_url):
    configured = dataclasses.replace(settings, db_pool_size=1, db_pool_timeout_seconds=1.0)
    with serve_in_thread(create_app(configured)) as url, httpx.Client(base_url=url, timeout=20) as http:
        http.post("/api/alice/tasks", json={"title": "t"}, headers=auth("alice"))
        locker = psycopg.connect(database_url)
        locker.execute("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE")  # the app's one connection will block on it
        stuck, _ = in_thread(lambda: http.get("/api/alice/tasks", headers=auth("alice")))
        wait_until(lambda: _waiting_on_a_lock(database_url), what="the app's one connection to block on the lock")
        started = time.monotonic()
        waiting = http.get("/api/alice/conversations", headers=auth("alice"))
        waited = time.monotonic() - started
        locker.rollback()
        locker.close()
        stuck.join()
        assert waiting.status_code == 503 and waiting.headers["Retry-After"]
        assert waiting.json()["error"]["code"] == "database_unavailable"
        assert waited < 5
        assert http.get("/api/alice/conversations", headers=auth("alice")).status_code == 200


class SlowTalker(ScriptedModel):
    """Streams its answer a word at a time, slowly enough for a client to hang up in between."""

    async def stream(self, messages, tools, *, streaming=True):
        self.seen.append(messages)
        reply = self.replies.popleft()
        if reply.tool_calls:
            yield reply
            return
        for word in reply.text.split(" "):
            await anyio.sleep(0.1)
            yield TextDelta(word + " ")
        yield ModelReply(text=reply.text, finish_reason="stop")


def test_a_client_that_hangs_up_mid_stream_still_gets_its_turn_stored_and_the_pool_goes_idle(settings, database_url):
    model = SlowTalker(calls(("add_task", {"title": "Survive hang-up"})), text("Added it for you, all done now."))
    with serve_in_thread(create_app(settings, model=model)) as url, httpx.Client(base_url=url, timeout=20) as http:
        with http.stream("POST", "/api/alice/chat", json={"message": "add it"}, headers=auth("alice")) as response:
            for line in response.iter_lines():
                if '"content"' in line:
                    break  # hang up after the first words

        def last_message():
            rows = sql(database_url, "SELECT role, content FROM messages ORDER BY id")
            return rows[-1] if rows else None

        wait_until(lambda: (last_message() or ("", ""))[0] == "assistant" and last_message()[1], what="the closing reply")
        assert last_message() == ("assistant", "Added it for you, all done now.")
        assert sql(database_url, "SELECT title FROM tasks") == [("Survive hang-up",)]
        pool = http.get("/health").json()["pool_status"]
        assert pool["requests_waiting"] == 0 and pool["pool_available"] == pool["pool_size"]
        assert sql(database_url, "SELECT lease_until FROM conversations") == [(None,)]


def test_the_model_failing_leaves_a_consistent_conversation_that_can_go_on(make_client, database_url):
    client = make_client(
        ScriptedModel(calls(("add_task", {"title": "Half done"})), Stall(5), text("ok")), agent_turn_timeout_seconds=1.0
    )
    failed = json_turn(client, "add half done")
    assert failed.status_code == 503
    conversation = sql(database_url, "SELECT id FROM conversations")[0][0]
    assert json_turn(client, "and now?", conversation).status_code == 200
    stored = sql(database_url, "SELECT role, content FROM messages ORDER BY id")
    assert [role for role, _ in stored] == ["user", "assistant", "tool", "assistant", "user", "assistant"]
    assert stored[3][1].startswith("Sorry, I couldn't finish that: The assistant took too long"), "a failed turn still closes"


@pytest.mark.parametrize("path_user", ["al ice", "ALICE", "alice%00", "%E2%80%AE", "a" * 300, "..", "alice/../bob"])
def test_odd_path_users_never_reach_another_users_data(client, database_url, path_user):
    client.post("/api/alice/tasks", json={"title": "secret"}, headers=auth("alice"))
    response = client.get(f"/api/{path_user}/tasks", headers=auth("alice"))
    assert response.status_code in (403, 404)
    assert "secret" not in response.text


def test_the_next_message_sent_the_moment_an_answer_arrives_finds_the_conversation_free(client):
    conversation = json_turn(client, "add a task to start").json()["conversation_id"]
    statuses = [json_turn(client, f"add a task to step {n}", conversation).status_code for n in range(15)]
    assert statuses == [200] * 15


def _waiting_on_a_lock(database_url: str) -> bool:
    rows = sql(
        database_url, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    return rows[0][0] > 0


def test_a_tool_that_hits_a_database_error_is_503_database_unavailable_and_changes_nothing(make_client, database_url):
    client = make_client(ScriptedModel(calls(("add_task", {"title": "Blocked"})), text("ok")), db_statement_timeout_seconds=1.0)
    with psycopg.connect(database_url) as locker:
        locker.execute("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE")  # the tool's INSERT waits, then is cancelled
        response = json_turn(client, "add blocked")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.json()["error"]["code"] == "database_unavailable"
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_an_idempotency_key_reused_with_another_message_is_a_422_and_runs_nothing(client, database_url):
    first = json_turn(client, "Add a task to book the vet", key="reused-1")
    assert first.status_code == 200
    again = json_turn(client, "Add a task to book the vet", key="reused-1")
    assert again.json() == first.json()  # the same request: the first answer
    other = json_turn(client, "Add a task to buy bread", key="reused-1")
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert sql(database_url, "SELECT title FROM tasks") == [("Book the vet",)]


def test_a_keyed_turn_that_died_after_its_change_committed_is_answered_from_it_not_run_again(make_client, database_url):
    # The turn adds a task, then its model call stalls past the turn's time: the change is committed, the turn fails.
    model = ScriptedModel(calls(("add_task", {"title": "Renew the passport"})), Stall(5.0), text("never"))
    client = make_client(model, agent_turn_timeout_seconds=1.0, agent_fast_path=False)
    assert json_turn(client, "add renew the passport", key="died-1").status_code == 503
    assert sql(database_url, "SELECT name FROM turn_effects") == [("add_task",)]  # noted with the change
    retried = json_turn(client, "add renew the passport", key="died-1")
    assert retried.status_code == 200, retried.text
    assert "Renew the passport" in retried.json()["response"] and "interrupted" in retried.json()["response"]
    assert sql(database_url, "SELECT title FROM tasks") == [("Renew the passport",)]  # not added twice
    assert json_turn(client, "add renew the passport", key="died-1").json() == retried.json()  # and kept as the answer


def test_a_keyed_turn_killed_mid_turn_is_answered_from_what_it_committed(client, database_url):
    answer = json_turn(client, "add buy stamps", key="killed-1").json()
    assert [call["name"] for call in answer["tool_calls"]] == ["add_task"]
    sql(  # as a kill -9 after the change leaves it: the key running with its lease over, no answer stored
        database_url,
        "UPDATE turn_keys SET status = 'running', response = NULL, lease_until = now() - interval '1 second' "
        "WHERE key = 'killed-1' RETURNING key",
    )
    sql(database_url, "UPDATE conversations SET lease_until = now() - interval '1 second' RETURNING id")
    retried = json_turn(client, "add buy stamps", key="killed-1")
    assert retried.status_code == 200 and retried.json()["conversation_id"] == answer["conversation_id"]
    assert "Buy stamps" in retried.json()["response"]
    assert sql(database_url, "SELECT title FROM tasks") == [("Buy stamps",)]


def test_one_users_burst_is_held_to_its_share_and_others_are_still_served(make_client, database_url):
    stall = Stall(3.0)
    client = make_client(ScriptedModel(stall, repeat_last=True), agent_fast_path=False, chat_max_turns_per_user=2)
    started = [in_thread(lambda n=n: json_turn(client, f"list everything {n}")) for n in range(2)]
    stall.wait_entered()
    wait_until(lambda: sql(database_url, "SELECT count(*) FROM conversations WHERE lease_until > now()")[0][0] == 2)
    third = json_turn(client, "and one more")
    assert third.status_code == 429 and third.json()["error"]["code"] == "turns_in_progress"
    assert "Retry-After" in third.headers
    assert client.get("/api/bob/tasks", headers=auth("bob")).status_code == 200  # another user is not held up
    for thread, _ in started:
        thread.join()
