"""The loop speaks plain types: importing it loads no model provider."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_agent_does_not_load_litellm():
    probe = "import sys, chatbot.agent; print(sorted(m for m in sys.modules if m.split('.')[0] == 'litellm'))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_importing_the_offline_engine_does_not_load_litellm():
    probe = "import sys, chatbot.engine; print(sorted(m for m in sys.modules if m.split('.')[0] == 'litellm'))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_the_default_service_serves_a_turn_without_ever_importing_litellm(database_url, tmp_path):
    """The offline engine is called directly: the default deployment never pays LiteLLM's import."""
    probe = f"""
import sys
from starlette.testclient import TestClient
from chatbot.app import create_app
from chatbot.auth import mint_token
from chatbot.config import Settings
settings = Settings(database_url={database_url!r}, auth_secret="s" * 64, data_dir={str(tmp_path)!r})
with TestClient(create_app(settings)) as client:
    headers = {{"Authorization": "Bearer " + mint_token("s" * 64, "alice"), "Accept": "application/json"}}
    for message in ("add a task to buy milk", "hmm, what do you think?"):  # a fast-path turn, and one for the model
        answer = client.post("/api/alice/chat", json={{"message": message}}, headers=headers)
        assert answer.status_code == 200, answer.text
    assert answer.json()["model_calls"] == 1
print(sorted(m for m in sys.modules if m.split(".")[0] in ("litellm", "openai", "tiktoken")))
"""
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert loaded.stdout.strip().splitlines()[-1] == "[]"
