"""Small helpers the HTTP tests share: sending turns and reading SSE streams."""

from __future__ import annotations

import json
from typing import Any

from starlette.testclient import TestClient

from tests.conftest import auth


def sse_events(client: TestClient, user: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> list[dict]:
    """Send a streamed turn and return its events, one dict per `data:` line."""
    with client.stream("POST", f"/api/{user}/chat", json=body, headers={**auth(user), **(headers or {})}) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return [json.loads(line[len("data: "):]) for line in response.iter_lines() if line.startswith("data: ")]


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
