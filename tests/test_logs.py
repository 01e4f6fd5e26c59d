"""One JSON line per request and per tool call, carrying ids and timings but never what people wrote."""

from __future__ import annotations

import json
import logging

from chatbot.logs import JsonFormatter
from tests.helpers import say


def test_requests_and_tool_calls_are_logged_with_ids_and_latency_but_no_message_text(client, caplog):
    caplog.set_level(logging.INFO)
    answer = say(client, "alice", "Add a task to buy secret birthday present")

    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records if record.name.startswith("chatbot")]
    tool = next(line for line in lines if line["message"] == "tool call")
    assert tool["user_id"] == "alice" and tool["conversation_id"] == answer["conversation_id"]
    assert tool["tool_name"] == "add_task" and tool["latency_ms"] >= 0
    request = next(line for line in lines if line["message"] == "request" and line["path"] == "/api/alice/chat")
    assert request["status"] == 200 and request["user_id"] == "alice" and request["latency_ms"] >= 0
    assert not any("birthday" in json.dumps(line) for line in lines)


def test_cors_allows_the_configured_origins_only(client):
    allowed = client.options(
        "/api/alice/chat",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:5173"
    refused = client.options(
        "/api/alice/chat", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in refused.headers
