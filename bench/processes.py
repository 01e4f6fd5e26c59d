"""The processes a benchmark run starts, and what they cost: start-up time, memory and CPU."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / ".chatbot" / "bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, child: subprocess.Popen, timeout: float = 60) -> None:
    """Poll `url` until it answers below 500; fail if the child exits first."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if child.poll() is not None:
            raise RuntimeError(f"{url} exited with {child.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


@contextmanager
def running(name: str, args: list[str], env: dict[str, str], health: str, cwd: Path = ROOT, logs: Path = LOGS):
    """Run `python args...` (in `cwd`) until the block ends, once `health` answers; its output goes to LOGS/NAME.log."""
    logs.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(logs / f"{name}.log", "wb") as log:
        child = subprocess.Popen([sys.executable, *args], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(health, child)
            child.startup_seconds = time.monotonic() - started
            yield child
        finally:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    found = [pid]
    for child in children(pid):
        found += tree(child)
    return found


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its descendants (uvicorn's workers), in MiB."""
    total = 0
    for member in tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def pss_mib(pid: int) -> float:
    """A process's proportional share of memory in MiB: the pages it shares with others (its fellow workers) count
    as a share each, which RSS counts in full in every one of them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_pids(pid: int) -> list[int]:
    """uvicorn's worker processes, or the server itself when it runs in one process. Workers are spawned children,
    or the children of a fork server child (`chatbot serve --workers N` forks them from a preloaded one)."""
    workers = []
    for child in children(pid):
        command = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"spawn_main" in command:
            workers.append(child)
        elif b"forkserver" in command:
            workers += children(child)
    return workers or [pid]


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process tree, counting its reaped children (PostgreSQL's backends) too."""
    total = 0
    for member in tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / CLOCK_TICKS


def own_cpu_seconds() -> float:
    """CPU time of this process (the load generator)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU seconds each named process tree spends between `start()` and `stop()`."""

    def __init__(self, pids: dict[str, int]):
        self.pids = pids

    def _now(self) -> dict[str, float]:
        return {"load generator": own_cpu_seconds(), **{name: cpu_seconds(pid) for name, pid in self.pids.items()}}

    def start(self) -> None:
        self.started = self._now()

    def stop(self, turns: int) -> dict[str, float]:
        """Milliseconds of CPU per turn for each process tree."""
        ended = self._now()
        return {name: 1000 * (ended[name] - self.started[name]) / max(turns, 1) for name in ended}
