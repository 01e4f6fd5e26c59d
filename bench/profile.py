"""`make profile`: where the service's CPU goes in a chat turn, sampled by py-spy under load.

It starts a fake model (Gemini's wire format, or `--provider openai`) and `chatbot serve` (one worker)
on the bench database, sends turns of one shape (`--shape`, bench/run.py's SHAPES) from a few clients while py-spy samples the server, and prints the share of samples by
layer (our code, or the library it was calling into) and the functions most samples pass through. The raw
stacks stay in .chatbot/bench/profile.txt, for a flame graph.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.load import run_load
from bench.processes import LOGS, free_port, running
from bench.run import PROVIDERS, SHAPES, Bench, chat_path

# Frames where a thread waits rather than works.
IDLE = ("select (selectors.py", "_worker (concurrent/futures/thread.py", "wait (threading.py")
FRAME = re.compile(r"(?P<function>.*) \((?P<file>.*?)(?::\d+)?\)$")
# Where the standard library only passes control on, the layer is the package beyond it.
PASS_THROUGH = {"<frozen runpy>", "threading.py", "concurrent", "asyncio", "contextlib.py", "runpy.py"}
RUN_LOOP = "asyncio/runners.py"


def package(file: str) -> str:
    """py-spy names files by their last two path parts: the first is the package, mostly."""
    return file.split("/", 1)[0] if "/" in file else file


def below_run_loop(frames: list) -> list:
    """The frames above the event loop's run: those below it are the same in every sample and say nothing."""
    files = [frame.group("file") for frame in frames]
    return frames[len(files) - files[::-1].index(RUN_LOOP) :] if RUN_LOOP in files else frames


def layer(files: list[str]) -> str:
    """Who a sample's time belongs to: our code, or the library our deepest frame was calling into."""
    if not files:
        return "event loop (uvloop's own work)"
    ours = [i for i, file in enumerate(files) if file.startswith("chatbot/")]
    if ours and ours[-1] == len(files) - 1:
        return "chatbot (ours)"
    beyond = files[ours[-1] + 1 :] if ours else files
    return next((package(file) for file in beyond if package(file) not in PASS_THROUGH), package(beyond[0]))


def summarize(raw: Path, top: int) -> str:
    """Busy samples by layer, and by the functions they pass through, from py-spy's raw output."""
    by_layer, through = collections.Counter(), collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [m for m in map(FRAME.match, stack.split(";")) if m]
        if not frames or any(frames[-1].group(0).startswith(idle) for idle in IDLE):
            continue
        samples = int(count)
        total += samples
        working = below_run_loop(frames)
        by_layer[layer([frame.group("file") for frame in working])] += samples
        for name in {f"{frame.group('function')} ({frame.group('file')})" for frame in working}:
            through[name] += samples
    lines = [f"{total} busy samples", "", "Share by layer (our code, or the library our deepest frame was in):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in by_layer.most_common(15)]
    lines += ["", f"The {top} functions most samples pass through:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in through.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=600, help="turns sent while sampling (600)")
    parser.add_argument("--clients", type=int, default=4, help="clients sending at once (4)")
    parser.add_argument("--stream", action="store_true", help="SSE turns instead of JSON ones")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each model call takes (0: instant)")
    parser.add_argument("--gil", action="store_true", help="only samples holding the GIL: Python's own CPU, without waits")
    parser.add_argument("--top", type=int, default=40, help="functions to list (40)")
    parser.add_argument("--provider", choices=sorted(PROVIDERS), default="gemini", help="the fake model's wire format (gemini)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="one_call", help="the turns sent (one_call; see bench/run.py)")
    args = parser.parse_args()
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        sys.exit("py-spy is not installed: it comes with the bench extra (make profile installs it)")
    bench = Bench(quick=False, delay=args.delay)
    fake_port, port = free_port(), free_port()
    variable, suffix, name = PROVIDERS[args.provider]
    env = {**bench.base_env, "AGENT_MODEL": name, variable: f"http://127.0.0.1:{fake_port}{suffix}", "OPENAI_API_KEY": "fake"}
    say, calls = SHAPES[args.shape]
    raw = LOGS / "profile.txt"

    def load(turns: int, label: str):
        return asyncio.run(
            run_load(
                f"http://127.0.0.1:{port}",
                chat_path,
                bench.token_for,
                args.clients,
                turns,
                args.stream,
                label=label,
                spread_seconds=calls * args.delay,
                say=say,
            )
        )

    fake = ["-m", "bench.fake_model_server", "--port", str(fake_port), "--delay", str(args.delay)]
    with (
        running("profile-fake", fake, env, f"http://127.0.0.1:{fake_port}/"),
        running(
            "profile-service", ["-m", "chatbot.cli", "serve", "--port", str(port)], env, f"http://127.0.0.1:{port}/health"
        ) as server,
    ):
        load(40, f"warm-{time.time_ns()}")
        spy = subprocess.Popen(
            [
                py_spy,
                "record",
                "--pid",
                str(server.pid),
                "--format",
                "raw",
                "--rate",
                "250",
                "-o",
                str(raw),
                *(["--gil"] if args.gil else []),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)  # py-spy attaches
        timings = load(args.turns, f"profile-{time.time_ns()}")
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=60)
    print(f"{timings.summary()['turns']} turns, {timings.summary()['throughput']:.1f} turns/s while sampled\n")
    print(summarize(raw, args.top))
    print(f"\nRaw stacks: {raw}")


if __name__ == "__main__":
    main()
