"""Any LiteLLM model works: an OpenAI-compatible server (Ollama, vLLM, ...) through `openai/...` and a base URL."""

from __future__ import annotations

import dataclasses
import json
import time

import httpx
import pytest
import respx
from starlette.testclient import TestClient

from chatbot.app import create_app
from tests.conftest import auth, sql
from tests.helpers import data_lines, json_turn

BASE = "http://ollama.test:11434/v1"


def chunk(delta: dict, finish: str | None = None) -> dict:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "llama3.1",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def stream(*chunks: dict) -> httpx.Response:
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})


def piece(index: int, arguments: str, call_id: str | None = None, name: str | None = None) -> dict:
    call = {"index": index, "function": {"arguments": arguments}}
    if call_id:
        call |= {"id": call_id, "type": "function"}
        call["function"]["name"] = name
    return {"tool_calls": [call]}


@pytest.fixture
def openai_client(settings, monkeypatch, litellm_over_httpx):
    monkeypatch.setenv("OPENAI_API_BASE", BASE)
    monkeypatch.setenv("OPENAI_API_KEY", "ollama")
    configured = dataclasses.replace(settings, agent_model="openai/llama3.1")
    with respx.mock(assert_all_called=False) as mock, TestClient(create_app(configured)) as client:
        yield client, mock


def test_arguments_streamed_in_pieces_are_assembled_before_the_call_runs(openai_client, database_url):
    client, mock = openai_client
    route = mock.post(f"{BASE}/chat/completions").mock(
        side_effect=[
            stream(
                chunk({"role": "assistant", **piece(0, "", "call_a", "add_task")}),
                chunk(piece(0, '{"ti')),
                chunk(piece(0, 'tle": "Buy')),
                chunk(piece(0, ' groceries"}')),
                chunk(piece(1, '{"status": ', "call_b", "list_tasks")),
                chunk(piece(1, '"pending"}')),
                chunk({}, finish="tool_calls"),
            ),
            stream(chunk({"role": "assistant", "content": "Added "}), chunk({"content": "it."}), chunk({}, finish="stop")),
        ]
    )

    with client.stream("POST", "/api/alice/chat", json={"message": "buy groceries"}, headers=auth("alice")) as response:
        events = data_lines(response.iter_lines())

    calls = [e["tool_call"] for e in events if "tool_call" in e]
    assert calls == [
        {"name": "add_task", "arguments": {"title": "Buy groceries"}},
        {"name": "list_tasks", "arguments": {"status": "pending"}},
    ]
    assert events[-1]["response"] == "Added it."
    assert sql(database_url, "SELECT title FROM tasks") == [("Buy groceries",)]
    sent = json.loads(route.calls[0].request.content)
    assert sent["model"] == "llama3.1" and {t["function"]["name"] for t in sent["tools"]} >= {"add_task"}
    follow_up = json.loads(route.calls[1].request.content)["messages"]
    assert [m["role"] for m in follow_up[-3:]] == ["assistant", "tool", "tool"]


def test_malformed_arguments_go_back_to_the_model_as_a_tool_error(openai_client, database_url):
    client, mock = openai_client
    route = mock.post(f"{BASE}/chat/completions").mock(
        side_effect=[
            stream(
                chunk({"role": "assistant", **piece(0, '{"title": "Buy', "call_a", "add_task")}), chunk({}, finish="tool_calls")
            ),
            stream(
                chunk({"role": "assistant", **piece(0, '{"title": "Buy milk"}', "call_b", "add_task")}),
                chunk({}, finish="tool_calls"),
            ),
            stream(chunk({"role": "assistant", "content": "Added milk."}), chunk({}, finish="stop")),
        ]
    )
    with client.stream("POST", "/api/alice/chat", json={"message": "buy milk"}, headers=auth("alice")) as response:
        assert response.status_code == 200
        assert '"done": true' in response.read().decode()
    tool_reply = json.loads(route.calls[1].request.content)["messages"][-1]
    assert tool_reply["role"] == "tool" and tool_reply["content"].startswith("Error:") and "JSON" in tool_reply["content"]
    assert sql(database_url, "SELECT title FROM tasks") == [("Buy milk",)]


def test_a_missing_provider_key_fails_at_once_naming_the_variable(settings, monkeypatch, litellm_over_httpx, caplog):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    configured = dataclasses.replace(settings, agent_model="openai/gpt-4o-mini")
    with respx.mock(assert_all_called=False) as mock, TestClient(create_app(configured)) as client:
        called = mock.post(url__regex=r".*").mock(return_value=httpx.Response(500))
        started = time.monotonic()
        response = json_turn(client, "add a task to buy milk")
        waited = time.monotonic() - started
    assert response.status_code == 503 and response.json()["error"]["code"] == "model_not_configured"
    assert "OPENAI_API_KEY" in response.json()["error"]["message"]
    assert waited < 1 and not called.called, "no retries, no request: the key is not there"
    assert any("OPENAI_API_KEY" in str(getattr(record, "missing", "")) for record in caplog.records)


def completion(message: dict, finish: str) -> httpx.Response:
    """A whole (not streamed) chat completion."""
    body = {"id": "c1", "object": "chat.completion", "created": 1, "model": "llama3.1"}
    return httpx.Response(200, json=body | {"choices": [{"index": 0, "message": message, "finish_reason": finish}]})


def test_a_json_turn_sends_the_key_and_reaches_the_server_without_the_openai_client(openai_client, database_url):
    client, mock = openai_client
    call = {"id": "call_a", "type": "function", "function": {"name": "add_task", "arguments": '{"title": "Buy milk"}'}}
    route = mock.post(f"{BASE}/chat/completions").mock(
        side_effect=[
            completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"),
            completion({"role": "assistant", "content": "Milk is on your list."}, "stop"),
        ]
    )
    answer = json_turn(client, "hmm, milk maybe").json()
    assert answer["response"] == "Milk is on your list." and answer["model_calls"] == 2
    assert sql(database_url, "SELECT title FROM tasks") == [("Buy milk",)]
    request = route.calls[0].request
    assert request.headers["authorization"] == "Bearer ollama"
    assert json.loads(request.content)["model"] == "llama3.1" and "stream" not in json.loads(request.content)


def test_a_busy_compatible_server_is_retried_and_a_refusal_is_not(openai_client, database_url):
    client, mock = openai_client
    busy = httpx.Response(429, json={"error": {"message": "busy"}}, headers={"retry-after": "0"})
    route = mock.post(f"{BASE}/chat/completions").mock(
        side_effect=[busy, completion({"role": "assistant", "content": "Nothing to do."}, "stop")]
    )
    answer = json_turn(client, "hello there")
    assert answer.status_code == 200 and answer.json()["response"] == "Nothing to do." and route.call_count == 2

    route.mock(side_effect=None, return_value=httpx.Response(401, json={"error": {"message": "bad key"}}))
    refused = json_turn(client, "hello again")
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "model_unavailable"
    assert route.call_count == 3, "a bad key is not retried"
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_a_compatible_server_needs_no_key(settings, monkeypatch, litellm_over_httpx):
    monkeypatch.setenv("OPENAI_API_BASE", BASE)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    configured = dataclasses.replace(settings, agent_model="openai/llama3.1")
    with respx.mock() as mock, TestClient(create_app(configured)) as client:
        mock.post(f"{BASE}/chat/completions").mock(return_value=completion({"role": "assistant", "content": "Hi!"}, "stop"))
        answer = json_turn(client, "hello there")
    assert answer.status_code == 200 and answer.json()["response"] == "Hi!"


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("<html>Bad gateway</html>", "text/html"),
        ("not json at all", "application/json"),
        ('{"choices": "nope"}', "application/json"),
    ],
)
def test_a_model_answer_that_is_not_a_completion_is_a_503_model_unavailable_and_never_a_500(
    openai_client, database_url, body, content_type
):
    client, mock = openai_client
    mock.post(f"{BASE}/chat/completions").mock(
        return_value=httpx.Response(200, text=body, headers={"content-type": content_type})
    )
    answer = json_turn(client, "what should I do today?")
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == "model_unavailable"
    # Streamed, LiteLLM reads such a body as an empty answer (it closes every stream with a "stop" of its own, so an
    # empty answer and no answer look alike there): the turn ends with the engine's "didn't catch that", no 500.
    streamed = client.post("/api/alice/chat", json={"message": "what now?"}, headers=auth("alice"))
    assert streamed.status_code in (200, 503) and ('"done"' in streamed.text or '"model_unavailable"' in streamed.text)
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]
