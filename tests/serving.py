"""`chatbot serve` in a process of its own, as people run it: the one way the tests start a real server process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import free_port, wait_until_up
from tests.conftest import ROOT, SECRET

# Keys that would send a served app's turns to a real model.
_MODEL_KEYS = ("GOOGLE_API_KEY", "GEMINI_API_KEY", "OPENAI_API_KEY")


@dataclass
class Served:
    """A running `chatbot serve`: where it answers, its process, and what it wrote to stderr (read once it ended)."""

    base: str
    process: subprocess.Popen
    port: int
    _stderr: Path = field(repr=False)

    def stderr(self) -> str:
        return self._stderr.read_text(errors="replace")


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
    with tempfile.NamedTemporaryFile(prefix="serve-", suffix=".log", dir=data_dir, delete=False) as log:
        stderr = Path(log.name)
        process = subprocess.Popen(
            [sys.executable, "-m", "chatbot.cli", "serve", "--port", str(port), *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process)
        yield Served(f"http://127.0.0.1:{port}", process, port, stderr)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
