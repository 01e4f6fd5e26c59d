"""The wheel works on its own: built, installed in a fresh environment, it migrates and chats with what it carries."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from chatbot import migrate
from tests.conftest import ROOT, SECRET


def run(*command: str | Path, cwd: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done


def test_the_wheel_carries_its_migrations_and_cases_and_serves_from_a_fresh_environment(tmp_path, database_url):
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        ROOT,
        "--no-deps",
        "--no-build-isolation",
        "--quiet",
        "-w",
        tmp_path / "dist",
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("chatbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "chatbot/migrations/0001.initial-schema.sql" in names and "chatbot/cases/chat_cases.jsonl" in names
    assert "chatbot/static/app.js" in names and "chatbot/sql/tasks.sql" in names

    # A fresh environment with the wheel alone; its dependencies are borrowed from the test environment
    # by path (a .pth line adds a folder, it does not run that folder's own start-up files, so the
    # editable install of the source tree stays out of sight).
    fresh = tmp_path / "venv"
    run(sys.executable, "-m", "venv", fresh, cwd=tmp_path)
    python = fresh / "bin" / "python"
    fresh_site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).stdout.strip())
    (fresh_site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=tmp_path)

    workdir = tmp_path / "elsewhere"  # nowhere near the source tree
    workdir.mkdir()
    env = {**os.environ, "DATABASE_URL": database_url, "BETTER_AUTH_SECRET": SECRET, "CHATBOT_DATA_DIR": str(workdir / "data")}
    where = run(python, "-c", "import chatbot; print(chatbot.__file__, chatbot.__version__)", cwd=workdir, env=env).stdout
    assert str(fresh_site) in where and "0.1.0" in where

    chatbot = fresh / "bin" / "chatbot"
    run(chatbot, "migrate", "--rollback", str(len(migrate.expected())), cwd=workdir, env=env)  # every one, rollbacks tried
    assert f"Applied {len(migrate.expected())} migration" in run(chatbot, "migrate", cwd=workdir, env=env).stdout
    # `chatbot eval` with no --cases reads the shared cases from the package, and runs every turn as a chat turn.
    report = run(chatbot, "eval", cwd=workdir, env=env).stdout
    assert "39/39 turns passed" in report, report[-1500:]
