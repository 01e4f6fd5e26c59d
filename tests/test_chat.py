"""A chat turn over HTTP, streamed and as JSON, with the offline engine."""

from __future__ import annotations

from tests.conftest import auth, sql
from tests.helpers import json_turn, say, sse_events, tasks_of


def test_a_streamed_turn_sends_tool_events_content_and_a_final_done_event(client):
    events = sse_events(client, "alice", {"message": "Add a task to buy groceries"})

    assert events[0] == {"tool_call": {"name": "add_task", "arguments": {"title": "Buy groceries"}}}
    result = events[1]["tool_result"]
    assert result["name"] == "add_task" and result["result"]["status"] == "created"
    content = [e["content"] for e in events if "content" in e]
    assert len(content) > 1, "the reply should arrive in several pieces"
    done = events[-1]
    assert done["done"] is True and isinstance(done["conversation_id"], int)
    assert done["response"] == "".join(content)
    assert "Buy groceries" in done["response"] and str(result["result"]["task_id"]) in done["response"]
    assert done["tool_calls"] == [{"name": "add_task", "arguments": {"title": "Buy groceries"}, "result": result["result"]}]
    assert [t["title"] for t in tasks_of(client, "alice")] == ["Buy groceries"]


def test_a_json_turn_answers_with_one_object(client):
    answer = say(client, "alice", "Add a task to call the plumber")
    assert set(answer) == {"conversation_id", "response", "tool_calls", "model_calls"}
    assert answer["model_calls"] == 2  # the offline engine as the model: the call, then the reply
    assert answer["tool_calls"][0]["name"] == "add_task"
    assert "Call the plumber" in answer["response"]


def test_stream_false_also_answers_with_json(client):
    response = client.post("/api/alice/chat?stream=false", json={"message": "hello"}, headers=auth("alice"))
    assert response.status_code == 200
    assert response.json()["tool_calls"] == []


def test_it_refers_to_the_task_the_conversation_last_acted_on(client):
    first = say(client, "alice", "Add a task to pay rent")
    say(client, "alice", "Add a task to walk the dog")  # another conversation: must not confuse "it"
    second = say(client, "alice", "mark it done", first["conversation_id"])

    assert second["conversation_id"] == first["conversation_id"]
    assert second["tool_calls"][0]["name"] == "complete_task"
    done = {t["title"]: t["completed"] for t in tasks_of(client, "alice")}
    assert done == {"Pay rent": True, "Walk the dog": False}


def test_tool_calls_and_results_are_stored_as_messages(client, database_url):
    answer = say(client, "alice", "Add a task to buy milk")
    response = client.get(f"/api/alice/conversations/{answer['conversation_id']}/messages", headers=auth("alice"))
    messages = response.json()

    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant"]
    call = messages[1]["tool_calls"][0]
    assert call["function"]["name"] == "add_task"
    assert messages[2]["tool_call_id"] == call["id"]
    assert messages[3]["content"] == answer["response"]
    assert "user_id" not in call["function"]["arguments"]


def test_a_new_conversation_is_listed_newest_first_and_can_be_deleted(client):
    older = say(client, "alice", "Add a task to buy milk")["conversation_id"]
    newer = say(client, "alice", "what's on my list?")["conversation_id"]
    listed = client.get("/api/alice/conversations", headers=auth("alice")).json()
    assert [c["id"] for c in listed] == [newer, older]
    assert listed[1]["title"] == "Add a task to buy milk"

    assert client.delete(f"/api/alice/conversations/{older}", headers=auth("alice")).status_code == 204
    assert [c["id"] for c in client.get("/api/alice/conversations", headers=auth("alice")).json()] == [newer]
    assert client.get(f"/api/alice/conversations/{older}/messages", headers=auth("alice")).status_code == 404


def test_an_unknown_conversation_is_404_and_stores_nothing(client, database_url):
    response = client.post(
        "/api/alice/chat",
        json={"message": "hi", "conversation_id": 987654},
        headers={**auth("alice"), "Accept": "application/json"},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert sql(database_url, "SELECT count(*) FROM messages") == [(0,)]


def test_small_talk_calls_no_tool(client):
    answer = say(client, "alice", "what can you do?")
    assert answer["tool_calls"] == []
    assert "add" in answer["response"].lower()


def test_someone_elses_conversation_is_404_takes_no_message_and_stays_theirs(client, database_url):
    bobs = say(client, "bob", "Add a task to walk the dog")["conversation_id"]
    before = sql(database_url, "SELECT count(*) FROM messages")

    response = client.post(
        "/api/alice/chat",
        json={"message": "mark it done", "conversation_id": bobs},
        headers={**auth("alice"), "Accept": "application/json"},
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert sql(database_url, "SELECT count(*) FROM messages") == before
    assert sql(database_url, "SELECT count(*) FROM messages WHERE user_id = 'alice'") == [(0,)]
    assert say(client, "bob", "mark it done", bobs)["tool_calls"][0]["name"] == "complete_task", "bob's conversation is free"


def test_a_finished_turn_stores_its_closing_reply_and_frees_the_conversation(client, database_url):
    answer = say(client, "alice", "Add a task to call the plumber")
    rows = sql(database_url, "SELECT role, content FROM messages ORDER BY id")
    assert [role for role, _ in rows] == ["user", "assistant", "tool", "assistant"]
    assert rows[-1][1] == answer["response"]
    assert sql(database_url, "SELECT lease_until FROM conversations") == [(None,)]


def test_a_long_conversations_messages_come_a_page_at_a_time_newest_first(client, database_url):
    first = json_turn(client, "hello").json()
    conversation = first["conversation_id"]
    sql(
        database_url,
        "INSERT INTO messages (conversation_id, user_id, role, content) "
        "SELECT %s, 'alice', 'user', 'message ' || n FROM generate_series(1, 450) AS n RETURNING id",
        conversation,
    )
    url = f"/api/alice/conversations/{conversation}/messages"
    newest = client.get(url, headers=auth("alice"))
    assert newest.status_code == 200 and len(newest.json()) == 200  # a bounded default
    assert newest.json()[-1]["content"] == "message 450" and newest.json()[0]["content"] == "message 251"  # oldest first
    seen, page = newest.json(), newest
    while "prev" in page.links:
        page = client.get(page.links["prev"]["url"], headers=auth("alice"))
        seen = page.json() + seen
    assert len(seen) == 452 and [m["id"] for m in seen] == sorted(m["id"] for m in seen)
    small = client.get(f"{url}?limit=5", headers=auth("alice")).json()
    assert [m["content"] for m in small] == [f"message {n}" for n in range(446, 451)]
    for bad in ("limit=0", "limit=1001", "before=x", "limit=\u00b2"):
        assert client.get(f"{url}?{bad}", headers=auth("alice")).status_code == 400, bad
