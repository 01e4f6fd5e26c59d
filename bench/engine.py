"""The offline engine's CPU per model call, on every saying of the chat cases: `python -m bench.engine`."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from chatbot import engine, evaluate

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted((ROOT / "chatbot" / "cases").glob("*.jsonl")) + sorted((ROOT / "tests" / "eval").glob("*.jsonl"))


def main(rounds: int = 20) -> None:
    sayings = [turn["say"] for case in evaluate.load_cases(CASE_FILES) for turn in case["turns"]]
    timings = []
    for _ in range(rounds):
        for saying in sayings:
            messages = [{"role": "system", "content": "rules"}, {"role": "user", "content": saying}]
            started = time.process_time_ns()
            _ = engine.read(messages).reply
            timings.append((time.process_time_ns() - started) / 1e6)
    timings.sort()
    print(
        f"{len(sayings)} sayings x {rounds}: engine CPU per call "
        f"p50 {statistics.median(timings):.3f} ms, p95 {timings[int(len(timings) * 0.95)]:.3f} ms, max {timings[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
