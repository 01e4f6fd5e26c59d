"""Small helpers the HTTP tests share: sending turns and reading SSE streams."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx
from starlette.testclient import TestClient

from tests.conftest import auth


def data_lines(lines: Iterable[str]) -> list[dict[str, Any]]:
    """The events of an SSE body, one dict per `data:` line."""
    return [json.loads(line[len("data: ") :]) for line in lines if line.startswith("data: ")]


def sse_events(client: TestClient, user: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> list[dict]:
    """Send a streamed turn and return its events (asserting it was a stream)."""
    with client.stream("POST", f"/api/{user}/chat", json=body, headers={**auth(user), **(headers or {})}) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return data_lines(response.iter_lines())


def stream_turn(client: TestClient | httpx.Client, message: str, *, user: str = "alice", headers: dict[str, str] | None = None):
    """Send a streamed turn; return its status and its events (none when it was refused)."""
    with client.stream(
        "POST", f"/api/{user}/chat", json={"message": message}, headers={**auth(user), **(headers or {})}
    ) as response:
        return response.status_code, data_lines(response.iter_lines())


def json_turn(
    client: TestClient | httpx.Client,
    message: str,
    conversation_id: int | None = None,
    *,
    key: str | None = None,
    user: str = "alice",
) -> httpx.Response:
    """Send one turn in JSON mode (with an Idempotency-Key, if given) and return the response."""
    body: dict[str, Any] = {"message": message} | ({"conversation_id": conversation_id} if conversation_id else {})
    headers = {**auth(user), "Accept": "application/json"} | ({"Idempotency-Key": key} if key else {})
    return client.post(f"/api/{user}/chat", json=body, headers=headers)


def in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Start `call` in a thread; its result lands in the returned dict under "result"."""
    results: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: results.setdefault("result", call()))
    thread.start()
    return thread, results


def wait_until(condition: Callable[[], Any], timeout: float = 10.0, what: str = "the condition") -> Any:
    """Poll `condition` until it holds, and return what it gave; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (held := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
    return held


def say(client: TestClient, user: str, message: str, conversation_id: int | None = None) -> dict[str, Any]:
    """Send one turn in JSON mode and return the answer (asserting it succeeded)."""
    body: dict[str, Any] = {"message": message}
    if conversation_id is not None:
        body["conversation_id"] = conversation_id
    response = client.post(f"/api/{user}/chat", json=body, headers={**auth(user), "Accept": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()


def tasks_of(client: TestClient, user: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/{user}/tasks", headers=auth(user))
    assert response.status_code == 200, response.text
    return response.json()


def seeded(client, *titles: str) -> list[int]:
    """Tasks made through the REST API, as the person had them before talking; their ids."""
    made = [client.post("/api/alice/tasks", json={"title": title}, headers=auth("alice")) for title in titles]
    return [response.json()["id"] for response in made]


def conversation(client, *messages: str) -> list[dict]:
    """The answers to `messages`, said one after another in one conversation."""
    answers, conversation_id = [], None
    for message in messages:
        answer = json_turn(client, message, conversation_id).json()
        conversation_id = answer["conversation_id"]
        answers.append(answer)
    return answers


def changes(answer: dict) -> list[tuple[str, dict]]:
    """The tool calls of a turn that changed something, without list_tasks."""
    return [(c["name"], c["arguments"]) for c in answer["tool_calls"] if c["name"] != "list_tasks"]
