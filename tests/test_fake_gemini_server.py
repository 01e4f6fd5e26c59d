"""A whole turn over real HTTP on both sides: our server, and LiteLLM talking to a fake Gemini via GEMINI_API_BASE."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from bench.processes import free_port, wait_until_up
from chatbot.serving import serve_in_thread
from tests.conftest import ROOT, SECRET, auth, sql
from tests.fake_gemini import FakeGemini
from tests.helpers import data_lines


@pytest.fixture
def served(database_url, tmp_path):
    """Our server as people run it (`chatbot serve`, its own process: no LiteLLM state an earlier test left in this
    one), configured for Gemini at a fake Gemini server on loopback."""
    fake = FakeGemini()
    with serve_in_thread(fake.app) as gemini_url:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "BETTER_AUTH_SECRET": SECRET,
            "AGENT_MODEL": "gemini/gemini-2.0-flash",
            "GOOGLE_API_KEY": "fake-key",
            "GEMINI_API_BASE": gemini_url,
            "AGENT_FAST_PATH": "off",
            "LOG_LEVEL": "WARNING",
            "CHATBOT_DATA_DIR": str(tmp_path),
        }
        command = [sys.executable, "-m", "chatbot.cli", "serve", "--port", str(port)]
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", child)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                yield client, fake
        finally:
            child.terminate()
            child.wait(timeout=30)


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
