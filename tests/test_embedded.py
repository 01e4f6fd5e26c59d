"""The embedded PostgreSQL: a second process joins it, the last to leave stops it, even after one was killed outright."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from chatbot import embedded

# A process holding the server of the data folder in argv[1] until its stdin closes, as `chatbot serve` does until stopped.
HOLDER = """
import sys
from pathlib import Path
from chatbot import db
print(db.start_embedded(Path(sys.argv[1])), flush=True)
sys.stdin.read()
"""

Spawn = Callable[..., subprocess.Popen]


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    """Popen for the test; what a failed test leaves running (processes, a server in tmp_path) is ended after it."""
    started: list[subprocess.Popen] = []

    def start(args: list[str], **options) -> subprocess.Popen:
        started.append(subprocess.Popen(args, text=True, **options))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
        process.wait()
    pid = postmaster_pid(tmp_path / "pgdata")
    if pid is not None and is_running(pid):
        os.kill(pid, signal.SIGQUIT)  # PostgreSQL's immediate shutdown


def hold(spawn: Spawn, data_dir: Path) -> tuple[subprocess.Popen, str]:
    """Start a process holding the server in `data_dir`; return it and the URL it got."""
    holder = spawn([sys.executable, "-c", HOLDER, str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    url = holder.stdout.readline().strip()
    assert url.startswith("postgresql://"), "the holder did not get a server"
    return holder, url


def release(holder: subprocess.Popen) -> None:
    """Let the holder exit as a stopped server does: through its exit handlers."""
    holder.communicate(timeout=30)  # closes its stdin
    assert holder.returncode == 0


def serve(spawn: Spawn, data_dir: Path) -> subprocess.Popen:
    """`chatbot serve` on the embedded server of `data_dir`, once it says it is ready."""
    with socket.socket() as probe:  # a free port, bound again by the server at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CHATBOT_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    server = spawn(
        [sys.executable, "-m", "chatbot.cli", "serve", "--port", str(port)],
        env=env,
        cwd=data_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    stuck = threading.Timer(60, server.kill)  # a server that never gets ready ends the wait below
    stuck.start()
    output = []
    try:
        for line in server.stdout:
            if line.startswith("Ready on"):
                return server
            output.append(line)
    finally:
        stuck.cancel()
    server.wait()
    raise AssertionError(f"chatbot serve exited with {server.returncode} before it was ready:\n{''.join(output)}")


def postmaster_pid(pgdata: Path) -> int | None:
    """The PID in postmaster.pid, or None when no server runs there."""
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except FileNotFoundError:
        return None


def is_running(pid: int) -> bool:
    """Whether the process is alive; a stopped postmaster may linger as a zombie until its parent reaps it."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def has_stopped(pid: int) -> bool:
    """Whether the process ends within a few seconds: it removes postmaster.pid a moment before it exits."""
    deadline = time.monotonic() + 5
    while is_running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not is_running(pid)


def handles(pgdata: Path) -> list[int]:
    return json.loads((pgdata / embedded.HANDLES).read_text())


def test_after_its_holder_is_killed_the_next_process_to_leave_stops_the_server(spawn, tmp_path):
    pgdata = tmp_path / "pgdata"
    crashed, _ = hold(spawn, tmp_path)
    server = postmaster_pid(pgdata)
    crashed.kill()  # kill -9: no exit handler runs, its PID stays in the handle list
    crashed.wait()
    assert handles(pgdata) == [crashed.pid] and is_running(server)

    survivor, _ = hold(spawn, tmp_path)
    assert postmaster_pid(pgdata) == server, "it took over the running server"
    assert handles(pgdata) == [survivor.pid]
    release(survivor)

    assert postmaster_pid(pgdata) is None
    assert has_stopped(server)


def test_a_second_process_joins_the_running_server_and_the_last_to_leave_stops_it(spawn, tmp_path):
    pgdata = tmp_path / "pgdata"
    first, first_url = hold(spawn, tmp_path)
    server = postmaster_pid(pgdata)
    second, second_url = hold(spawn, tmp_path)
    assert second_url == first_url and postmaster_pid(pgdata) == server
    assert sorted(handles(pgdata)) == sorted([first.pid, second.pid])

    release(second)
    assert is_running(server), "the first process still holds it"
    release(first)
    assert has_stopped(server)


def test_when_the_first_holder_is_killed_the_one_left_stops_the_server_as_it_leaves(spawn, tmp_path):
    pgdata = tmp_path / "pgdata"
    crashed, _ = hold(spawn, tmp_path)
    server = postmaster_pid(pgdata)
    joined, _ = hold(spawn, tmp_path)
    crashed.kill()
    crashed.wait()

    release(joined)
    assert postmaster_pid(pgdata) is None
    assert has_stopped(server)


def test_chatbot_serve_killed_outright_leaves_no_server_once_the_next_one_is_stopped(spawn, tmp_path):
    pgdata = tmp_path / "pgdata"
    crashed = serve(spawn, tmp_path)
    server = postmaster_pid(pgdata)
    crashed.kill()
    crashed.wait()

    again = serve(spawn, tmp_path)
    again.send_signal(signal.SIGINT)  # Ctrl-C
    output, _ = again.communicate(timeout=60)
    assert postmaster_pid(pgdata) is None
    assert has_stopped(server)
    assert again.returncode == 0 and "Traceback" not in output


def test_a_pid_reused_by_a_process_started_after_the_list_was_written_is_dropped(spawn, tmp_path):
    path = tmp_path / embedded.HANDLES
    newcomer = spawn([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    path.write_text(json.dumps([1, newcomer.pid]))  # PID 1 has run since the machine (or container) started
    written = psutil.Process(newcomer.pid).create_time() - 2 * embedded.CLOCK_SLACK_SECONDS
    os.utime(path, (written, written))  # as if the list were last written just before the newcomer started
    assert embedded.forget_dead_handles(tmp_path) == [newcomer.pid]
    assert handles(tmp_path) == [1]


def test_with_no_handle_list_there_is_nothing_to_forget(tmp_path):
    assert embedded.forget_dead_handles(tmp_path) == []
