"""Gemini's known failure modes, replayed in its wire format with respx; each must end well for the user."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging

import httpx
import pytest
import respx
from starlette.testclient import TestClient

from chatbot.app import create_app
from chatbot.llm import Model
from tests.conftest import sql
from tests.fake_gemini import candidate, function_call
from tests.helpers import json_turn, stream_turn
from tests.test_gemini import GENERATE, STREAM, sse


@pytest.fixture
def gemini(settings, litellm_over_httpx):
    """Start an app on Gemini with quick retries; yields (client, respx mock)."""
    opened = []

    def start(**changes):
        configured = dataclasses.replace(settings, agent_model="gemini/gemini-2.0-flash", model_api_key="fake-key", **changes)
        model = Model(configured)
        model.retry_delays = (0.01, 0.02, 0.03)
        mock = respx.mock(assert_all_called=False)
        mock.__enter__()
        client = TestClient(create_app(configured, model=model))
        client.__enter__()
        opened.append((client, mock))
        return client, mock

    yield start
    for client, mock in opened:
        client.__exit__(None, None, None)
        mock.__exit__(None, None, None)


GROCERIES = "add a task to buy groceries"


def ok(body):
    return httpx.Response(200, json=body)


@pytest.mark.parametrize("empty", [{"text": ""}, None], ids=["empty-text", "no-parts"])
def test_an_empty_answer_after_a_tool_call_is_replaced_by_a_reply_from_the_results(gemini, empty):
    client, mock = gemini()
    last = (
        candidate(empty)
        if empty
        else candidate() | {"candidates": [{"content": {"role": "model"}, "finishReason": "STOP", "index": 0}]}
    )
    mock.post(url__regex=GENERATE).mock(side_effect=[ok(candidate(function_call("add_task", title="Buy groceries"))), ok(last)])
    answer = json_turn(client, GROCERIES).json()
    task_id = answer["tool_calls"][0]["result"]["task_id"]
    assert answer["response"] == f"Added 'Buy groceries' (task {task_id})."


def test_an_empty_streamed_answer_also_gets_a_reply(gemini):
    client, mock = gemini()
    mock.post(url__regex=STREAM).mock(
        side_effect=[sse(candidate(function_call("add_task", title="Buy groceries"))), sse(candidate({"text": ""}))]
    )
    status, events = stream_turn(client, GROCERIES)
    assert status == 200
    assert "Added 'Buy groceries'" in "".join(e.get("content", "") for e in events)
    assert events[-1]["response"].startswith("Added 'Buy groceries'")


def test_several_function_calls_in_one_answer_all_run_in_order(gemini, database_url):
    client, mock = gemini()
    mock.post(url__regex=GENERATE).mock(
        side_effect=[
            ok(
                candidate(
                    function_call("add_task", title="First"),
                    function_call("add_task", title="Second"),
                    function_call("list_tasks", status="pending"),
                )
            ),
            ok(candidate({"text": "Added both."})),
        ]
    )
    answer = json_turn(client, "add first and second").json()
    assert [c["name"] for c in answer["tool_calls"]] == ["add_task", "add_task", "list_tasks"]
    assert [t["title"] for t in answer["tool_calls"][2]["result"]] == ["First", "Second"]
    assert sql(database_url, "SELECT title FROM tasks ORDER BY id") == [("First",), ("Second",)]


def test_function_calls_streamed_in_separate_chunks_all_run(gemini, database_url):
    client, mock = gemini()
    mock.post(url__regex=STREAM).mock(
        side_effect=[
            sse(candidate(function_call("add_task", title="One")), candidate(function_call("add_task", title="Two"))),
            sse(candidate({"text": "Done."})),
        ]
    )
    status, events = stream_turn(client, "add one and two")
    assert [e["tool_call"]["arguments"]["title"] for e in events if "tool_call" in e] == ["One", "Two"]
    assert sql(database_url, "SELECT title FROM tasks ORDER BY id") == [("One",), ("Two",)]


def test_missing_arguments_go_back_as_a_tool_error_the_model_corrects(gemini, database_url):
    client, mock = gemini()
    route = mock.post(url__regex=GENERATE).mock(
        side_effect=[
            ok(candidate(function_call("add_task"))),
            ok(candidate(function_call("add_task", title="Buy groceries"))),
            ok(candidate({"text": "Added."})),
        ]
    )
    answer = json_turn(client, GROCERIES).json()
    assert "error" in answer["tool_calls"][0]["result"]
    second_request = json.loads(route.calls[1].request.content)
    error_part = json.dumps(second_request["contents"][-1])
    assert "title" in error_part and "Error" in error_part
    assert sql(database_url, "SELECT title FROM tasks") == [("Buy groceries",)]


def test_a_model_that_keeps_calling_tools_is_stopped_at_max_steps(gemini):
    client, mock = gemini(agent_max_steps=3)
    route = mock.post(url__regex=GENERATE).mock(return_value=ok(candidate(function_call("list_tasks"))))
    answer = json_turn(client, "show me").json()
    assert route.call_count == 3
    assert "stopped after 3 steps" in answer["response"]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(
            429,
            json={"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}},
            headers={"Retry-After": "1"},
        ),
        httpx.Response(429, json={"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}),
        httpx.Response(500, json={"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}}),
        httpx.Response(503, json={"error": {"code": 503, "message": "The model is overloaded", "status": "UNAVAILABLE"}}),
    ],
    ids=["429-retry-after", "429", "500", "503"],
)
def test_busy_or_failing_gemini_is_retried_then_succeeds(gemini, failure, database_url):
    client, mock = gemini()
    route = mock.post(url__regex=GENERATE).mock(
        side_effect=[failure, ok(candidate(function_call("add_task", title="Buy groceries"))), ok(candidate({"text": "Added."}))]
    )
    response = json_turn(client, GROCERIES)
    assert response.status_code == 200, response.text
    assert route.call_count == 3
    assert sql(database_url, "SELECT title FROM tasks") == [("Buy groceries",)]


def test_gemini_failing_every_time_ends_in_503_with_retry_after(gemini, database_url):
    client, mock = gemini()
    route = mock.post(url__regex=GENERATE).mock(
        return_value=httpx.Response(503, json={"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}})
    )
    response = json_turn(client, GROCERIES)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "model_unavailable"
    assert int(response.headers["Retry-After"]) >= 1
    assert route.call_count == 4  # the first try and three retries
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_a_retry_after_longer_than_the_turn_is_not_waited_for(gemini):
    client, mock = gemini(agent_turn_timeout_seconds=2.0)
    route = mock.post(url__regex=GENERATE).mock(
        return_value=httpx.Response(429, json={"error": {"code": 429, "message": "slow down"}}, headers={"Retry-After": "30"})
    )
    response = json_turn(client, GROCERIES)
    assert response.status_code == 503 and route.call_count == 1
    assert response.headers["Retry-After"] == "30"


@pytest.mark.parametrize("status", [400, 401, 403])
def test_a_bad_key_or_model_is_not_retried_and_the_log_says_what_to_fix(gemini, caplog, status):
    client, mock = gemini()
    route = mock.post(url__regex=GENERATE).mock(
        return_value=httpx.Response(
            status, json={"error": {"code": status, "message": "API key not valid.", "status": "INVALID_ARGUMENT"}}
        )
    )
    caplog.set_level(logging.ERROR, logger="chatbot.llm")
    response = json_turn(client, GROCERIES)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "model_unavailable"
    assert route.call_count == 1
    lines = [r for r in caplog.records if r.name == "chatbot.llm"]
    assert len(lines) == 1 and "AGENT_MODEL" in lines[0].getMessage() and "key" in lines[0].getMessage()


@pytest.mark.parametrize("reason", ["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST"])
def test_a_blocked_answer_gets_a_polite_reply_and_changes_nothing(gemini, database_url, reason):
    client, mock = gemini()
    mock.post(url__regex=GENERATE).mock(
        return_value=ok(
            {
                "candidates": [{"finishReason": reason, "index": 0, "safetyRatings": []}],
                "usageMetadata": {"promptTokenCount": 5, "totalTokenCount": 5},
            }
        )
    )
    response = json_turn(client, "something nasty")
    assert response.status_code == 200, response.text
    assert response.json()["tool_calls"] == []
    assert "can't help" in response.json()["response"]
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_a_turn_that_runs_out_of_time_is_503_and_keeps_the_calls_already_made(gemini, database_url):
    client, mock = gemini(agent_turn_timeout_seconds=1.0)
    answers = iter([ok(candidate(function_call("add_task", title="Kept")))])

    async def answer(request):
        try:
            return next(answers)
        except StopIteration:
            await asyncio.sleep(10)
            return ok(candidate({"text": "too late"}))

    mock.post(url__regex=GENERATE).mock(side_effect=answer)
    response = json_turn(client, GROCERIES)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "turn_timeout"
    assert sql(database_url, "SELECT title FROM tasks") == [("Kept",)]
    roles = [r for (r,) in sql(database_url, "SELECT role FROM messages ORDER BY id")]
    assert roles == ["user", "assistant", "tool", "assistant"]  # the last says the turn could not finish
