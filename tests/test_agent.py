"""The loop's contract, driven by a scripted model through the real HTTP API and database."""

from __future__ import annotations

from tests.conftest import auth, sql
from tests.fakes import ScriptedModel, Stall, calls, text
from tests.helpers import json_turn


def test_the_model_sees_tools_without_user_id_and_calls_run_as_the_signed_in_user(make_client, database_url):
    model = ScriptedModel(calls(("add_task", {"title": "Mine", "user_id": "bob"})), text("ok"))
    client = make_client(model)
    assert json_turn(client, "add mine").status_code == 200
    assert sql(database_url, "SELECT user_id, title FROM tasks") == [("alice", "Mine")]


def test_bad_arguments_go_back_to_the_model_as_a_tool_error_it_can_correct(make_client, database_url):
    model = ScriptedModel(
        calls(("add_task", "{not json")),
        calls(("add_task", {"title": ""})),
        calls(("add_task", {"title": "Fixed"})),
        text("Added it."),
    )
    answer = json_turn(make_client(model), "add something").json()

    tool_messages = [m for m in model.seen[1] if m["role"] == "tool"]
    assert tool_messages[-1]["content"].startswith("Error:") and "JSON" in tool_messages[-1]["content"]
    assert model.seen[2][-1]["content"].startswith("Error:") and "blank" in model.seen[2][-1]["content"]
    assert answer["response"] == "Added it."
    assert [c["result"].get("error") is None for c in answer["tool_calls"]] == [False, False, True]
    assert sql(database_url, "SELECT title FROM tasks") == [("Fixed",)]


def test_an_unknown_tool_is_an_error_the_model_reads(make_client):
    model = ScriptedModel(calls(("drop_database", {})), text("Sorry."))
    answer = json_turn(make_client(model), "do it").json()
    assert "Unknown tool" in model.seen[1][-1]["content"]
    assert answer["tool_calls"][0]["result"]["error"]


def test_a_model_that_keeps_calling_tools_is_stopped_at_max_steps_with_an_honest_reply(make_client):
    model = ScriptedModel(calls(("list_tasks", {})), repeat_last=True)
    answer = json_turn(make_client(model, agent_max_steps=3), "loop").json()
    assert len(model.seen) == 3
    assert len(answer["tool_calls"]) == 3
    assert "stopped after 3 steps" in answer["response"]


def test_an_empty_answer_after_a_tool_call_gets_a_reply_written_from_the_result(make_client):
    model = ScriptedModel(calls(("add_task", {"title": "Buy groceries"})), text(""))
    answer = json_turn(make_client(model), "add groceries").json()
    task_id = answer["tool_calls"][0]["result"]["task_id"]
    assert answer["response"] == f"Added 'Buy groceries' (task {task_id})."


def test_a_turn_past_its_time_is_503_and_keeps_the_tool_calls_already_made(make_client, database_url):
    model = ScriptedModel(calls(("add_task", {"title": "Saved"})), Stall(30))
    response = json_turn(make_client(model, agent_turn_timeout_seconds=1.0), "add saved")

    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert response.json()["error"]["code"] == "turn_timeout"
    assert sql(database_url, "SELECT title FROM tasks") == [("Saved",)]
    # ... and closes the conversation with a reply saying so.
    assert [r for (r,) in sql(database_url, "SELECT role FROM messages ORDER BY id")] == [
        "user",
        "assistant",
        "tool",
        "assistant",
    ]


def test_history_is_the_newest_messages_and_never_starts_inside_a_tool_exchange(make_client):
    script = []
    for number in range(4):
        script += [calls(("add_task", {"title": f"Task {number}"})), text(f"Added {number}.")]
    script.append(text("Here you go."))
    model = ScriptedModel(*script)
    client = make_client(model, max_conversation_history=6)

    conversation = json_turn(client, "add task 0").json()["conversation_id"]
    for number in range(1, 4):
        json_turn(client, f"add task {number}", conversation)
    json_turn(client, "and now?", conversation)

    last_view = model.seen[-1]
    assert last_view[0]["role"] == "system"
    history = last_view[1:-1]
    # 16 messages are stored before the last turn; the newest 6 are loaded and trimmed to start at a user message.
    assert history[0] == {"role": "user", "content": "add task 3"}
    assert [m["role"] for m in history] == ["user", "assistant", "tool", "assistant"]
    assert history[1]["tool_calls"][0]["id"] == history[2]["tool_call_id"]
    assert last_view[-1] == {"role": "user", "content": "and now?"}


def test_streamed_text_from_a_scripted_model_arrives_as_content_events(make_client):
    client = make_client(ScriptedModel(text("Hello there")))
    with client.stream("POST", "/api/alice/chat", json={"message": "hi"}, headers=auth("alice")) as response:
        body = response.read().decode()
    assert 'data: {"content": "Hello there"}' in body
    assert '"done": true' in body


def test_the_system_prompt_carries_the_date_the_rules_and_a_bounded_snapshot_of_open_tasks(make_client, database_url):
    import datetime

    import psycopg

    with psycopg.connect(database_url) as conn:
        conn.execute("INSERT INTO users (id) VALUES ('alice')")
        conn.execute(
            "INSERT INTO tasks (user_id, title, completed) SELECT 'alice', 'Task number ' || n || ' ' || repeat('x', 150), n % 7 = 0 "
            "FROM generate_series(1, 5000) AS n"
        )
    model = ScriptedModel(text("ok"))
    client = make_client(model, agent_model="gemini/gemini-2.0-flash")
    assert json_turn(client, "what's up").status_code == 200

    system = model.seen[0][0]["content"]
    newest_open = sql(database_url, "SELECT id FROM tasks WHERE NOT completed ORDER BY id DESC LIMIT 1")[0][0]
    open_count = sql(database_url, "SELECT count(*) FROM tasks WHERE NOT completed")[0][0]
    assert datetime.date.today().isoformat() in system
    assert "never invent" in system and "ask which one" in system
    assert f"#{newest_open} Task number" in system
    assert f"of {open_count}" in system
    assert len(system) < 5000, "the snapshot must stay bounded however many tasks there are"


def test_the_offline_engine_gets_no_snapshot(make_client):
    model = ScriptedModel(text("ok"))
    json_turn(make_client(model), "hi")
    assert "open tasks" not in model.seen[0][0]["content"]
