"""Start-up to a healthy /health, and memory when idle: the offline default and a configured (unreachable) Gemini,
beside an older commit's code measured in the same run.

    python -m bench.startup [--before REF] [--rounds N]

Each round starts `chatbot serve` on an already migrated database (the embedded bench server), waits for /health,
reads the process's resident memory, for Gemini (a fake on loopback that answers at once) times a model turn sent
right after healthy (the wait for LiteLLM to load, then one quick call), and reads the memory again 5 s later. Medians of the rounds. `--before` checks REF out into a git worktree and runs its code with this
environment, alternating rounds so both see the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.processes import ROOT, free_port, rss_mib, running
from bench.run import SECRET, bench_database
from chatbot.auth import mint_token

SETTLE_SECONDS = 5.0


def one_start(code: Path, env: dict[str, str], model_url: str | None) -> dict[str, float]:
    """One start of `code`'s server: offline, or Gemini at `model_url` (a fake that answers at once)."""
    port = free_port()
    env = env | {"PYTHONPATH": str(code)}
    if model_url:
        env |= {"AGENT_MODEL": "gemini/gemini-2.0-flash", "GOOGLE_API_KEY": "fake-key", "GEMINI_API_BASE": model_url}
    serve = ["-m", "chatbot.cli", "serve", "--port", str(port)]
    name = f"startup-{'gemini' if model_url else 'offline'}"
    with running(name, serve, env, f"http://127.0.0.1:{port}/health", cwd=code) as server:
        found = {"healthy_seconds": server.startup_seconds, "idle_rss_mib": rss_mib(server.pid)}
        if model_url:  # right after healthy: the wait for LiteLLM, if any, then one fast model call
            found["first_model_turn_seconds"] = first_turn(port)
        time.sleep(SETTLE_SECONDS)
        found["settled_rss_mib"] = rss_mib(server.pid)
        return found


def first_turn(port: int) -> float:
    """A turn the fast path cannot serve, so it goes to the model: the time to its answer."""
    body = json.dumps({"message": "hmm, what do you reckon about all this?"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/bench/chat",
        body,
        {
            "Authorization": f"Bearer {mint_token(SECRET, 'bench')}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    started = time.monotonic()
    try:
        urllib.request.urlopen(request, timeout=120).read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"the first model turn answered {error.code}") from None
    return time.monotonic() - started


def measure(url: str, rounds: int, codes: dict[str, Path] | None = None) -> dict[str, dict[str, float]]:
    """Medians over `rounds` of each code's offline default and unreachable-Gemini start, rounds alternating."""
    env = {**os.environ, "DATABASE_URL": url, "BETTER_AUTH_SECRET": SECRET, "AGENT_MODEL": "offline", "LOG_LEVEL": "WARNING"}
    env.pop("GOOGLE_API_KEY", None)
    rows: dict[str, dict[str, list[float]]] = {}
    model_port = free_port()
    fake = ["-m", "bench.fake_model_server", "--port", str(model_port)]
    model_url = f"http://127.0.0.1:{model_port}"
    with running("startup-fake-model", fake, env, model_url + "/"):
        for _ in range(rounds):
            for label, code in (codes or {"now": ROOT}).items():
                for url in (None, model_url):
                    key = f"{label}, {'gemini (a fake at once)' if url else 'offline default'}"
                    for name, value in one_start(code, env, url).items():
                        rows.setdefault(key, {}).setdefault(name, []).append(value)
    return {key: {name: statistics.median(values) for name, values in found.items()} for key, found in rows.items()}


def table(found: dict[str, dict[str, float]]) -> list[str]:
    lines = ["| run | healthy (s) | idle RSS (MiB) | after 5 s (MiB) | first model turn (s) |", "|---|---|---|---|---|"]
    for key, row in found.items():
        turn = row.get("first_model_turn_seconds")
        lines.append(
            f"| {key} | {row['healthy_seconds']:.2f} | {row['idle_rss_mib']:.0f} | {row['settled_rss_mib']:.0f} | "
            + ("" if turn is None else f"{turn:.2f}")
            + " |"
        )
    return lines


# The last commit before issue 29 made start-up light: `make bench` measures it beside this code.
BEFORE = "2feb30d"


@contextmanager
def codes(before: str | None) -> Iterator[dict[str, Path]]:
    """This code, and `before`'s checked out into a git worktree beside it (when git has that commit)."""
    if not before:
        yield {"now": ROOT}
        return
    with tempfile.TemporaryDirectory() as scratch:
        old = Path(scratch) / "before"
        made = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), before], check=False, capture_output=True
        )
        if made.returncode != 0:  # a shallow clone, say: today's code alone
            print(f"bench.startup: cannot check out {before} ({made.stderr.decode().strip()}); measuring this code only")
            yield {"now": ROOT}
            return
        try:
            yield {f"before ({before})": old, "now": ROOT}
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help=f"a commit to measure beside this code, e.g. {BEFORE}")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url, _ = bench_database()
    with codes(args.before) as measured:
        found = measure(url, args.rounds, measured)
    print("\n".join(["", *table(found)]))


if __name__ == "__main__":
    main()
