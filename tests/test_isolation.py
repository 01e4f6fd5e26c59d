"""Two users never see or touch each other's tasks and conversations."""

from __future__ import annotations

from tests.conftest import auth, sql
from tests.helpers import say, tasks_of


def test_another_users_task_is_invisible_and_untouchable_over_rest(client, database_url):
    task = client.post("/api/alice/tasks", json={"title": "Alice's secret"}, headers=auth("alice")).json()
    url = f"/api/bob/tasks/{task['id']}"

    assert tasks_of(client, "bob") == []
    assert client.get(url, headers=auth("bob")).status_code == 404
    assert client.put(url, json={"title": "pwned"}, headers=auth("bob")).status_code == 404
    assert client.patch(url + "/complete", headers=auth("bob")).status_code == 404
    assert client.delete(url, headers=auth("bob")).status_code == 404
    assert sql(database_url, "SELECT title, completed FROM tasks") == [("Alice's secret", False)]


def test_another_users_conversation_is_404_everywhere_and_gains_no_message(client, database_url):
    conversation = say(client, "alice", "Add a task to call the bank")["conversation_id"]
    before = sql(database_url, "SELECT count(*) FROM messages")

    assert client.get("/api/bob/conversations", headers=auth("bob")).json() == []
    assert client.get(f"/api/bob/conversations/{conversation}/messages", headers=auth("bob")).status_code == 404
    assert client.delete(f"/api/bob/conversations/{conversation}", headers=auth("bob")).status_code == 404
    chat = client.post(
        "/api/bob/chat",
        json={"message": "delete it", "conversation_id": conversation},
        headers={**auth("bob"), "Accept": "application/json"},
    )
    assert chat.status_code == 404
    assert sql(database_url, "SELECT count(*) FROM messages") == before
    assert [t["title"] for t in tasks_of(client, "alice")] == ["Call the bank"]


def test_chat_acts_only_on_the_callers_tasks(client):
    alice_task = client.post("/api/alice/tasks", json={"title": "Walk the dog"}, headers=auth("alice")).json()
    answer = say(client, "bob", f"delete task {alice_task['id']}")
    assert answer["tool_calls"][0]["result"] == {"error": f"Task {alice_task['id']} not found"}
    assert "couldn't find" in answer["response"]
    assert [t["title"] for t in tasks_of(client, "alice")] == ["Walk the dog"]
    assert say(client, "bob", "show my tasks")["tool_calls"][0]["result"] == []
