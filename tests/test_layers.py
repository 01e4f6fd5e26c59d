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
