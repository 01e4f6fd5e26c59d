"""A whole turn over real HTTP on both sides: our server, and LiteLLM talking to a fake Gemini via GEMINI_API_BASE."""

from __future__ import annotations

import httpx
import pytest

from chatbot.serving import serve_in_thread
from tests.conftest import auth, sql
from tests.fake_gemini import FakeGemini
from tests.helpers import data_lines
from tests.serving import serving


@pytest.fixture
def served(database_url, tmp_path):
    """Our server as people run it (`chatbot serve`, its own process: no LiteLLM state an earlier test left in this
    one), configured for Gemini at a fake Gemini server on loopback."""
    fake = FakeGemini()
    with serve_in_thread(fake.app) as gemini_url:
        gemini = {
            "AGENT_MODEL": "gemini/gemini-2.0-flash",
            "GOOGLE_API_KEY": "fake-key",
            "GEMINI_API_BASE": gemini_url,
            "AGENT_FAST_PATH": "off",
        }
        with serving(database_url, tmp_path, **gemini) as server, httpx.Client(base_url=server.base, timeout=60) as client:
            yield client, fake


def test_a_json_turn_goes_through_a_fake_gemini_server(served, database_url):
    client, fake = served
    response = client.post(
        "/api/alice/chat", json={"message": "Buy groceries"}, headers={**auth("alice"), "Accept": "application/json"}
    )

    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["tool_calls"][0]["name"] == "add_task"
    assert answer["response"] == "Done: your list is updated."
    assert sql(database_url, "SELECT user_id, title FROM tasks") == [("alice", "Buy groceries")]
    assert [path.rsplit(":", 1)[1] for path, _ in fake.requests] == ["generateContent", "generateContent"]


def test_a_streamed_turn_goes_through_a_fake_gemini_server(served, database_url):
    client, fake = served
    with client.stream("POST", "/api/alice/chat", json={"message": "Water the plants"}, headers=auth("alice")) as response:
        assert response.status_code == 200
        events = data_lines(response.iter_lines())

    assert events[0]["tool_call"]["name"] == "add_task"
    assert "".join(e.get("content", "") for e in events) == "Done: your list is updated."
    assert events[-1]["done"] is True
    assert sql(database_url, "SELECT title FROM tasks") == [("Water the plants",)]
    assert [path.rsplit(":", 1)[1] for path, _ in fake.requests] == ["streamGenerateContent"] * 2
