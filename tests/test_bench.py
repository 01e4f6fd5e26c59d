"""The benchmark's own parts against the real app and database: its load generator, its floor, its fake model, its report."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bench.fake_model_server import fake_model
from bench.floor import create_floor
from bench.load import TURNS_PER_CONVERSATION, run_load
from bench.report import HERE, markdown
from chatbot.app import create_app
from chatbot.auth import mint_token
from chatbot.serving import serve_in_thread
from tests.conftest import SECRET, sql


def token_for(user: str) -> str:
    return mint_token(SECRET, user, ttl_seconds=600)


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
def test_the_load_generator_holds_conversations_of_three_turns_and_counts_every_turn(settings, database_url, stream):
    with serve_in_thread(create_app(settings)) as base:
        timings = asyncio.run(run_load(base, lambda user: f"/api/{user}/chat", token_for, 2, 8, stream, label="t"))

    assert timings.errors == 0 and len(timings.latencies) == len(timings.first_bytes) == 8
    assert all(first <= whole for first, whole in zip(timings.first_bytes, timings.latencies, strict=True))
    assert timings.summary()["throughput"] > 0
    # Two clients, four turns each: a conversation of three, then a new one.
    per_conversation = sql(database_url, "SELECT count(*) FROM messages WHERE role = 'user' GROUP BY conversation_id ORDER BY 1")
    assert per_conversation == [(1,), (1,), (TURNS_PER_CONVERSATION,), (TURNS_PER_CONVERSATION,)]


def test_the_floor_writes_what_a_one_tool_turn_writes(database_url):
    with serve_in_thread(create_floor(database_url)) as base, httpx.Client(base_url=base) as client:
        first = client.post("/floor/alice", json={"message": "buy milk"})
        again = client.post("/floor/alice", json={"message": "buy bread", "conversation_id": first.json()["conversation_id"]})

    assert first.status_code == again.status_code == 200
    assert (
        sql(database_url, "SELECT role FROM messages ORDER BY id") == [("user",), ("assistant",), ("tool",), ("assistant",)] * 2
    )
    assert sql(database_url, "SELECT title FROM tasks ORDER BY id") == [("buy milk",), ("buy bread",)]
    assert sql(database_url, "SELECT lease_until FROM conversations") == [(None,)]


def test_the_fake_model_calls_a_tool_then_answers_its_result():
    async def ask(contents: list) -> dict:
        transport = httpx.ASGITransport(app=fake_model(0.0))
        async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
            response = await client.post("/models/gemini-2.0-flash:generateContent", json={"contents": contents})
        return response.json()["candidates"][0]["content"]["parts"][0]

    call = asyncio.run(ask([{"role": "user", "parts": [{"text": "buy milk"}]}]))
    assert call == {"functionCall": {"name": "add_task", "args": {"title": "buy milk"}}}
    answer = asyncio.run(ask([{"role": "user", "parts": [{"functionResponse": {"name": "add_task", "response": {}}}]}]))
    assert "text" in answer


def test_the_fake_model_answers_the_openai_format_with_the_same_turn_shape():
    async def ask(messages: list, stream: bool = False) -> httpx.Response:
        transport = httpx.ASGITransport(app=fake_model(0.0))
        async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
            body = {"model": "m", "messages": messages, "stream": stream}
            return await client.post("/v1/chat/completions", json=body)

    first = asyncio.run(ask([{"role": "user", "content": "buy milk"}])).json()["choices"][0]
    assert first["finish_reason"] == "tool_calls"
    assert first["message"]["tool_calls"][0]["function"] == {"name": "add_task", "arguments": '{"title": "buy milk"}'}
    after = [{"role": "user", "content": "buy milk"}, {"role": "tool", "tool_call_id": "call_1", "content": "{}"}]
    assert asyncio.run(ask(after)).json()["choices"][0]["message"]["content"]
    streamed = asyncio.run(ask([{"role": "user", "content": "buy milk"}], stream=True)).text
    lines = [line.removeprefix("data: ") for line in streamed.split("\n\n") if line]
    assert lines[-1] == "[DONE]"
    assert json.loads(lines[0])["choices"][0]["delta"]["tool_calls"][0]["index"] == 0


def test_bench_readme_is_what_the_report_makes_of_the_recorded_results():
    results = json.loads((HERE / "results.json").read_text())
    before = json.loads((HERE / "results-before.json").read_text())
    assert (HERE / "README.md").read_text() == markdown(results, before)
