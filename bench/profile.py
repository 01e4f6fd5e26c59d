"""`make profile`: where the service's CPU goes in a chat turn, sampled by py-spy under load.

It starts the instant fake Gemini and `chatbot serve` (one worker) on the bench database, sends
turns from a few clients while py-spy samples the server, and prints the share of samples by
package (the frame that was running) and the functions that most samples pass through. The raw
stacks stay in .chatbot/bench/profile.txt, for a flame graph.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.load import run_load
from bench.processes import LOGS, free_port, running
from bench.run import SECRET, bench_database
from chatbot.auth import mint_token

# Frames where a thread waits rather than works.
IDLE = ("select (selectors.py", "_worker (concurrent/futures/thread.py", "wait (threading.py", "run_forever (uvloop",
        "_run_once (asyncio/base_events.py")
FRAME = re.compile(r"(?P<function>.*) \((?P<file>.*?)(?::\d+)?\)$")


def area(file: str) -> str:
    """The package a source file belongs to, or the standard library module."""
    if "/chatbot/" in file or file.startswith("chatbot/"):
        return "chatbot (ours)"
    found = re.search(r"site-packages/([^/]+)", file)
    if found:
        return found.group(1).removesuffix(".py")
    return "stdlib: " + Path(file).name


def summarize(raw: Path, top: int) -> str:
    """Self samples by package and inclusive samples by function, from py-spy's raw output."""
    by_area, through = collections.Counter(), collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")
        if any(frames[-1].startswith(idle) or idle in frames[-1] for idle in IDLE):
            continue
        samples = int(count)
        total += samples
        leaf = FRAME.match(frames[-1])
        by_area[area(leaf.group("file")) if leaf else frames[-1]] += samples
        for name in {f"{m.group('function')} ({re.sub(r'.*site-packages/', '', m.group('file'))})"
                     for m in map(FRAME.match, frames) if m}:
            through[name] += samples
    lines = [f"{total} busy samples", "", "Share by package (the frame that was running):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in by_area.most_common(15)]
    lines += ["", f"The {top} functions most samples pass through:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in through.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=600, help="turns sent while sampling (600)")
    parser.add_argument("--clients", type=int, default=4, help="clients sending at once (4)")
    parser.add_argument("--stream", action="store_true", help="SSE turns instead of JSON ones")
    parser.add_argument("--top", type=int, default=40, help="functions to list (40)")
    args = parser.parse_args()
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        sys.exit("py-spy is not installed: it comes with the bench extra (make profile installs it)")
    url, _ = bench_database()
    fake_port, port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": url, "BETTER_AUTH_SECRET": SECRET, "GOOGLE_API_KEY": "fake-key",
           "AGENT_MODEL": "gemini/gemini-2.0-flash", "CHAT_TURNS_PER_MINUTE": "0", "GEMINI_API_BASE": f"http://127.0.0.1:{fake_port}"}
    raw = LOGS / "profile.txt"
    tokens: dict[str, str] = {}

    def token_for(user: str) -> str:
        return tokens.setdefault(user, mint_token(SECRET, user, ttl_seconds=3600))

    def load(turns: int, label: str):
        return asyncio.run(run_load(f"http://127.0.0.1:{port}", lambda u: f"/api/{u}/chat", token_for, args.clients, turns,
                                    args.stream, label=label))

    with running("profile-fake", ["-m", "bench.fake_gemini_server", "--port", str(fake_port)], env, f"http://127.0.0.1:{fake_port}/"), \
         running("profile-service", ["-m", "chatbot.cli", "serve", "--port", str(port)], env, f"http://127.0.0.1:{port}/health") as server:
        load(40, f"warm-{time.time_ns()}")
        spy = subprocess.Popen([py_spy, "record", "--pid", str(server.pid), "--format", "raw", "--rate", "250", "-o", str(raw)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # py-spy attaches
        timings = load(args.turns, f"profile-{time.time_ns()}")
        spy.send_signal(subprocess.signal.SIGINT)
        spy.wait(timeout=60)
    print(f"{timings.summary()['turns']} turns, {timings.summary()['throughput']:.1f} turns/s while sampled\n")
    print(summarize(raw, args.top))
    print(f"\nRaw stacks: {raw}")


if __name__ == "__main__":
    main()
