"""The real model path: LiteLLM's own HTTP calls to Gemini, answered by respx in Gemini's wire format."""

from __future__ import annotations

import dataclasses
import json

import httpx
import pytest
import respx
from starlette.testclient import TestClient

from chatbot.app import create_app
from tests.conftest import auth, sql
from tests.fake_gemini import candidate, function_call
from tests.helpers import data_lines

GENERATE = r"https://generativelanguage\.googleapis\.com/v1beta/models/gemini-2\.0-flash:generateContent.*"
STREAM = r"https://generativelanguage\.googleapis\.com/v1beta/models/gemini-2\.0-flash:streamGenerateContent.*"


def sse(*payloads: dict) -> httpx.Response:
    body = "".join(f"data: {json.dumps(p)}\r\n\r\n" for p in payloads)
    return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})


@pytest.fixture
def gemini_client(settings, litellm_over_httpx):
    gemini = dataclasses.replace(settings, agent_model="gemini/gemini-2.0-flash", model_api_key="fake-key")
    with respx.mock(assert_all_called=False) as mock, TestClient(create_app(gemini)) as client:
        yield client, mock


def test_a_gemini_function_call_adds_the_task_through_mcp_into_the_database(gemini_client, database_url):
    client, mock = gemini_client
    route = mock.post(url__regex=GENERATE).mock(
        side_effect=[
            httpx.Response(200, json=candidate(function_call("add_task", title="Buy groceries"))),
            httpx.Response(200, json=candidate({"text": "I've added 'Buy groceries' to your list."})),
        ]
    )

    response = client.post(
        "/api/alice/chat",
        json={"message": "add a task to buy groceries"},
        headers={**auth("alice"), "Accept": "application/json"},
    )

    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["response"] == "I've added 'Buy groceries' to your list."
    assert answer["tool_calls"][0]["name"] == "add_task"
    assert sql(database_url, "SELECT user_id, title FROM tasks") == [("alice", "Buy groceries")]

    first, second = (json.loads(call.request.content) for call in route.calls)
    declarations = {d["name"]: d for d in first["tools"][0]["function_declarations"]}
    assert set(declarations) == {"add_task", "list_tasks", "complete_task", "delete_task", "update_task"}
    sent_schema = json.dumps(declarations["add_task"]["parameters"])
    assert "user_id" not in sent_schema, "the model must never see the user_id argument"
    for rejected in ('"additionalProperties"', '"$schema"', '"title": "', '"default"'):
        assert rejected not in sent_schema
    function_response = [p for c in second["contents"] for p in c["parts"] if "function_response" in p or "functionResponse" in p]
    assert function_response, "the tool result must go back to Gemini"


def test_a_streamed_gemini_turn_sends_content_events(gemini_client, database_url):
    client, mock = gemini_client
    mock.post(url__regex=STREAM).mock(
        side_effect=[
            sse(candidate(function_call("add_task", title="Water the plants"))),
            sse(candidate({"text": "Added "}), candidate({"text": "'Water the plants'."})),
        ]
    )

    with client.stream("POST", "/api/alice/chat", json={"message": "water the plants"}, headers=auth("alice")) as response:
        events = data_lines(response.iter_lines())

    assert [e["tool_call"]["name"] for e in events if "tool_call" in e] == ["add_task"]
    assert "".join(e["content"] for e in events if "content" in e) == "Added 'Water the plants'."
    assert events[-1]["done"] is True
    assert sql(database_url, "SELECT title FROM tasks") == [("Water the plants",)]


def test_a_gemini_call_naming_another_user_still_acts_for_the_caller(gemini_client, database_url):
    client, mock = gemini_client
    mock.post(url__regex=GENERATE).mock(
        side_effect=[
            httpx.Response(200, json=candidate(function_call("add_task", title="Sneaky", user_id="bob"))),
            httpx.Response(200, json=candidate({"text": "Done."})),
        ]
    )
    response = client.post(
        "/api/alice/chat", json={"message": "add Sneaky for bob"}, headers={**auth("alice"), "Accept": "application/json"}
    )
    assert response.status_code == 200
    assert sql(database_url, "SELECT user_id, title FROM tasks") == [("alice", "Sneaky")]


def test_gemini_plans_a_task_with_a_due_date_priority_tags_and_a_repeat_rule(gemini_client, database_url):
    client, mock = gemini_client
    route = mock.post(url__regex=GENERATE).mock(
        side_effect=[
            httpx.Response(
                200,
                json=candidate(
                    function_call(
                        "add_task",
                        title="Pay rent",
                        due="2027-01-01T17:00",
                        priority="urgent",
                        tags=["home"],
                        recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                    )
                ),
            ),
            httpx.Response(200, json=candidate(function_call("list_tasks", due="today", sort="priority"))),
            httpx.Response(200, json=candidate({"text": "Added 'Pay rent', due 1 January at 17:00, every month."})),
        ]
    )

    response = client.post(
        "/api/alice/chat",
        json={
            "message": "remind me to pay rent on the 1st of every month at 5pm, it's urgent #home",
            "timezone": "Europe/Berlin",
        },
        headers={**auth("alice"), "Accept": "application/json"},
    )

    assert response.status_code == 200, response.text
    rows = sql(database_url, "SELECT title, due_date::text, due_time::text, priority, tags, recurrence FROM tasks")
    assert rows == [("Pay rent", "2027-01-01", "17:00:00", "urgent", ["home"], "FREQ=MONTHLY;BYMONTHDAY=1")]
    listed = response.json()["tool_calls"][1]
    assert listed["name"] == "list_tasks" and listed["arguments"] == {"due": "today", "sort": "priority"}

    first = json.loads(route.calls[0].request.content)
    declarations = {d["name"]: d for d in first["tools"][0]["function_declarations"]}
    add = declarations["add_task"]["parameters"]["properties"]
    assert {"due", "priority", "tags", "recurrence"} <= set(add)
    assert "YYYY-MM-DD" in add["due"]["description"]
    listing = declarations["list_tasks"]["parameters"]["properties"]
    assert {"due", "tag", "priority", "query", "sort", "status"} <= set(listing)
    sent = json.dumps(first["tools"])
    for rejected in ('"additionalProperties"', '"$schema"', '"default"', '"anyOf"'):
        assert rejected not in sent
    system = json.dumps(first.get("system_instruction") or first.get("systemInstruction"))
    assert "(Europe/Berlin)" in system, "the model is told where the user is"


def test_the_server_answers_while_litellm_loads_and_a_model_turn_waits_for_it(settings, litellm_over_httpx, monkeypatch):
    """With a real model configured, /health and fast-path turns do not wait for LiteLLM; a model turn does."""
    import threading

    from chatbot import provider

    release = threading.Event()
    build = provider.LoadingModel._build
    monkeypatch.setattr(provider.LoadingModel, "_build", lambda self: (release.wait(10), build(self))[1])
    gemini = dataclasses.replace(settings, agent_model="gemini/gemini-2.0-flash", model_api_key="fake-key", agent_fast_path=True)
    headers = {**auth("alice"), "Accept": "application/json"}
    with respx.mock(assert_all_called=False) as mock, TestClient(create_app(gemini)) as client:
        mock.post(url__regex=GENERATE).mock(return_value=httpx.Response(200, json=candidate({"text": "Hello there!"})))
        assert client.get("/health").status_code == 200  # while LiteLLM is still loading
        fast = client.post("/api/alice/chat", json={"message": "add a task to buy milk"}, headers=headers)
        assert fast.status_code == 200 and fast.json()["model_calls"] == 0, fast.json()
        assert not release.is_set(), "the fast turn did not wait for LiteLLM"
        threading.Timer(0.3, release.set).start()
        talked = client.post("/api/alice/chat", json={"message": "hi, how are you today?"}, headers=headers)
        assert talked.status_code == 200, talked.text
        assert talked.json()["response"] == "Hello there!" and talked.json()["model_calls"] == 1
