"""`chatbot serve` in a process of its own, as people run it: the one way the tests start a real server process."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import free_port, running
from tests.conftest import SECRET

# Keys that would send a served app's turns to a real model.
_MODEL_KEYS = ("GOOGLE_API_KEY", "GEMINI_API_KEY", "OPENAI_API_KEY")


@dataclass
class Served:
    """A running `chatbot serve`: where it answers, its process, and what it wrote (read once it ended)."""

    base: str
    process: subprocess.Popen
    port: int
    _log: Path = field(repr=False)

    def stderr(self) -> str:
        return self._log.read_text(errors="replace")


@contextmanager
def serving(database_url: str, data_dir: Path, *args: str, port: int | None = None, **settings: str) -> Iterator[Served]:
    """`chatbot serve` (with `args`) on `database_url` until the block ends; `settings` are environment variables."""
    env = {key: value for key, value in os.environ.items() if key not in _MODEL_KEYS}
    env |= {
        "DATABASE_URL": database_url,
        "BETTER_AUTH_SECRET": SECRET,
        "CHAT_TURNS_PER_MINUTE": "0",
        "CHATBOT_DATA_DIR": str(data_dir),
        "DB_POOL_SIZE": "20",
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    serve = ["-m", "chatbot.cli", "serve", "--port", str(port), *args]
    with running("serve", serve, env, f"{base}/health", logs=data_dir) as process:
        yield Served(base, process, port, data_dir / "serve.log")
