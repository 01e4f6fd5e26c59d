"""bench/results.json, the table in bench/README.md, and bench/latency.png, from one run's results."""

from __future__ import annotations

import json
from pathlib import Path

MODEL_CALLS_PER_TURN = 2

INTRO = """# Benchmark

`make bench` (about five minutes; `make bench ARGS=--quick` for a smoke run) measures, side by
side in one run on this machine:

- the service (`chatbot serve`, 1 and 2 workers) answering chat turns through the real LiteLLM
  HTTP path to a **fake Gemini** on loopback (`bench/fake_gemini_server.py`, via
  `GEMINI_API_BASE`) that answers each turn with a function call (`add_task`), then text: two
  model calls per turn, each instant unless a delay is set;
- the **floor**: a bare Starlette endpoint (`bench/floor.py`) making the same SQL round trips as
  a turn, in the same transactions, and nothing else;
- LiteLLM's own cost per call: `litellm.acompletion` against the fake, beside a raw HTTP call;
- SQL statements per turn, counted by `pg_stat_statements` on a dedicated embedded PostgreSQL.

Latencies are medians and percentiles of whole turns seen by a client in the same process
that generates the load (the machine has 2 cores, shared by the client, the fake model, the
database and the server, so absolute numbers are pessimistic; ratios measured side by side
are the fair comparison). **Overhead** is a turn's end-to-end time minus the fake model's
time (two calls, each the raw call time below).
"""


FINDINGS = """## What the numbers say, and what is next

- **Per turn, the service costs about 11 ms of CPU** at concurrency 1 (2.8x the floor's SQL
  alone; LiteLLM's own share is about 1 ms per model call, two calls a turn). With an instant
  fake model nothing waits, so at concurrency 10 and up the turns queue for the CPU: the
  latency there is that queue (about concurrency x 11 ms on one worker), which is why the
  "overhead at concurrency 10" targets are missed by a wide margin. Meeting them needs the
  per-turn CPU cut below about 1 ms, which LiteLLM alone does not allow; with a real model's
  delay the CPU is mostly idle and the overhead stays near the concurrency-1 figure.
- **No connection is held while the model thinks**: with a 400 ms model at concurrency 50 the
  service reaches the target throughput with a pool of 20 connections.
- A py-spy profile of the server under load (`py-spy record --pid <server> --format raw`,
  600 turns at concurrency 4) puts about 30% of the server's CPU in LiteLLM itself: building each
  request (its synchronous `completion()` runs in a thread for every call, converting the tool
  schemas each time) and, with no callback configured, still computing a cost and a "standard
  logging payload" for every call; psycopg statement execution and the event loop's socket work
  come next, our own modules far behind. LiteLLM offers no switch for its logging work; the
  next steps on our side are fewer round trips (the user row and the lease folded into
  statements a turn makes anyway; a cheaper connection check than one query per checkout).
- Two workers on this 2-core machine, shared with the load generator, the fake model and
  PostgreSQL, gain little over one. The first run of this benchmark showed two workers about
  40 ms slower than one at concurrency 1: uvicorn's shared socket left Nagle's algorithm on,
  so small responses waited for delayed ACKs; `chatbot serve --workers N` now sets
  `TCP_NODELAY` on its listening socket (measured before: 56 ms p50; after: 14 ms).
- The rare transport errors at concurrency 100 were connections closed by the server's
  5-second keep-alive just as the client reused them; `chatbot serve` now keeps connections
  for 75 s.
"""


def write_report(results: dict, folder: Path) -> None:
    results = json.loads(json.dumps(results, default=str))  # keys as JSON has them, whether fresh or reloaded
    (folder / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (folder / "README.md").write_text(markdown(results))
    plot(results, folder / "latency.png")


def overhead(run: dict, results: dict) -> float | None:
    if run.get("p50_ms") is None:
        return None
    return run["p50_ms"] - MODEL_CALLS_PER_TURN * results["litellm"]["raw_call_p50_ms"]


def _fmt(value, digits=1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(results: dict) -> str:
    lines = [INTRO, f"Run of {results['date']} on {results['machine']}.", "", "## Turns (JSON and SSE)", "",
             "| workers | mode | concurrency | turns/s | p50 ms | p95 ms | p99 ms | first byte p50 ms | overhead p50 ms | errors |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for workers, run in results["runs"].items():
        for mode in ("json", "sse"):
            for concurrency, point in run[mode].items():
                lines.append(
                    f"| {workers} | {mode.upper()} | {concurrency} | {_fmt(point['throughput'])} | {_fmt(point['p50_ms'])} | "
                    f"{_fmt(point['p95_ms'])} | {_fmt(point['p99_ms'])} | {_fmt(point['ttfb_p50_ms'])} | "
                    f"{_fmt(overhead(point, results))} | {point['errors']} |"
                )
    floor = results["floor"]
    lines += ["", "## The floor, beside one worker", "",
              "| concurrency | floor p50 ms | floor turns/s | turn p50 ms (1 worker, JSON) | ratio |", "|---|---|---|---|---|"]
    for concurrency, point in floor.items():
        turn = results["runs"]["1"]["json"][concurrency]
        ratio = turn["p50_ms"] / point["p50_ms"] if point["p50_ms"] else None
        lines.append(f"| {concurrency} | {_fmt(point['p50_ms'])} | {_fmt(point['throughput'])} | {_fmt(turn['p50_ms'])} | {_fmt(ratio, 2)}x |")
    one, two = results["runs"]["1"], results["runs"]["2"]
    litellm = results["litellm"]
    slow = results["delayed_400ms_c50"]
    lines += ["", "## Figures", "",
              "| figure | value |", "|---|---|",
              f"| LiteLLM per call (p50): through `litellm.acompletion` / raw HTTP / LiteLLM's own share | "
              f"{_fmt(litellm['litellm_call_p50_ms'])} / {_fmt(litellm['raw_call_p50_ms'])} / {_fmt(litellm['litellm_overhead_p50_ms'])} ms |",
              f"| SQL statements per turn (service / floor) | {_fmt(one['statements_per_turn'])} / {_fmt(results['floor_statements_per_turn'])} |",
              f"| start-up to first healthy answer, 1 / 2 workers | {_fmt(one['startup_seconds'], 2)} / {_fmt(two['startup_seconds'], 2)} s |",
              f"| memory, 1 worker (whole process) | {_fmt(one['rss_mib_total'])} MiB |",
              f"| memory, 2 workers (each worker) | {', '.join(_fmt(v) for v in two['workers_rss_mib'])} MiB |",
              f"| 400 ms model, concurrency 50: turns/s (target ≥ {_fmt(slow['target'])}) | {_fmt(slow['throughput'])}, p50 {_fmt(slow['p50_ms'])} ms, errors {slow['errors']} |",
              ""]
    lines += targets(results)
    lines += ["", FINDINGS]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[str]:
    one = results["runs"]["1"]["json"]
    at10, at1, floor1 = one["10"], one["1"], results["floor"]["1"]
    over_p50 = overhead(at10, results)
    over_p99 = at10["p99_ms"] - MODEL_CALLS_PER_TURN * results["litellm"]["raw_call_p50_ms"]
    ratio = at1["p50_ms"] / floor1["p50_ms"]
    errors_100 = sum(run[mode]["100"]["errors"] for run in results["runs"].values() for mode in ("json", "sse"))
    slow = results["delayed_400ms_c50"]
    rows = [
        ("overhead p50 ≤ 10 ms at concurrency 10 (1 worker)", over_p50 <= 10, f"{over_p50:.1f} ms"),
        ("overhead p99 ≤ 40 ms at concurrency 10 (1 worker)", over_p99 <= 40, f"{over_p99:.1f} ms"),
        ("overhead ≤ 3x the floor at concurrency 1", ratio <= 3, f"{ratio:.2f}x"),
        ("no error at concurrency 100", errors_100 == 0, f"{errors_100} errors"),
        ("400 ms model at c=50 reaches 80% of 50 / (2 x 0.4 s)", slow["throughput"] >= slow["target"], f"{slow['throughput']:.1f} turns/s"),
    ]
    lines = ["## Targets", "", "| target | met | measured |", "|---|---|---|"]
    lines += [f"| {name} | {'yes' if met else '**no**'} | {value} |" for name, met, value in rows]
    return lines


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4.2), dpi=110)
    for workers, run in results["runs"].items():
        for mode, style in (("json", "-o"), ("sse", "--s")):
            points = sorted((int(c), p["p50_ms"]) for c, p in run[mode].items() if p["p50_ms"] is not None)
            axis.plot([c for c, _ in points], [v for _, v in points], style, label=f"{workers} worker(s), {mode.upper()} p50")
    floor = sorted((int(c), p["p50_ms"]) for c, p in results["floor"].items())
    axis.plot([c for c, _ in floor], [v for _, v in floor], ":^", label="floor (SQL only) p50")
    axis.set_xscale("log")
    axis.set_xlabel("concurrent clients")
    axis.set_ylabel("turn latency, ms")
    axis.set_title("Chat turn latency against a fake Gemini (2 model calls per turn)")
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
