"""bench/results.json, the tables of bench/README.md, and bench/latency.png, from one run's results.

`python -m bench.report` rewrites README.md and the plot from results.json (and, when present,
results-before.json, the run the "before and after" table compares with) without measuring again.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.findings import INTRO, findings

MODEL_CALLS_PER_TURN = 2
HERE = Path(__file__).resolve().parent
TARGET_CONCURRENCY = "10"


def write_report(results: dict, folder: Path) -> None:
    results = json.loads(json.dumps(results, default=str))  # keys as JSON has them, whether fresh or reloaded
    (folder / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    before_path = folder / "results-before.json"
    before = json.loads(before_path.read_text()) if before_path.exists() else None
    (folder / "README.md").write_text(markdown(results, before))
    plot(results, folder / "latency.png")


def model_ms(results: dict, model: str) -> float:
    """The fake model's own time in one turn: two calls, each a raw call's median."""
    key = "slow_raw_call_p50_ms" if model == "slow" else "raw_call_p50_ms"
    return MODEL_CALLS_PER_TURN * results["model_call"][key]


def overhead(point: dict, results: dict, model: str, percentile: str = "p50_ms") -> float | None:
    """A turn's end-to-end time minus the fake model's time."""
    if point.get(percentile) is None:
        return None
    return point[percentile] - model_ms(results, model)


def _fmt(value, digits=1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(results: dict, before: dict | None = None) -> str:
    delay_ms = 1000 * results["delay_s"]
    lines = [INTRO.format(delay_ms=delay_ms), f"Run of {results['date']} on {results['machine']}.", ""]
    lines += targets(results)
    lines += [
        "",
        "## Turns",
        "",
        f"The instant model answers at once; the slow one takes {delay_ms:.0f} ms a call, like a real one.",
        "",
        "| model | workers | mode | clients | turns/s | p50 ms | p95 ms | p99 ms | first byte p50 ms "
        "| overhead p50 ms | overhead p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"].values():
        for mode in ("json", "sse"):
            for concurrency, point in run[mode].items():
                lines.append(
                    f"| {run['model']} | {run['workers']} | {mode.upper()} | {concurrency} | {_fmt(point['throughput'])} "
                    f"| {_fmt(point['p50_ms'])} | {_fmt(point['p95_ms'])} | {_fmt(point['p99_ms'])} "
                    f"| {_fmt(point['ttfb_p50_ms'])} | {_fmt(overhead(point, results, run['model']))} "
                    f"| {_fmt(overhead(point, results, run['model'], 'p99_ms'))} | {point['errors']} |"
                )
    lines += floor_table(results) + cpu_table(results) + figures(results)
    if before is not None:
        lines += before_and_after(before, results)
    slow_at = {c: overhead(point, results, "slow") for c, point in results["runs"]["1-slow"]["json"].items()}
    lines += ["", findings(results, litellm_ms_per_turn(results), target_rows(results), slow_at)]
    return "\n".join(lines) + "\n"


def floor_table(results: dict) -> list[str]:
    """The floor beside the service's overhead, warm (instant model) and after pauses as long as the slow model's."""
    lines = [
        "",
        "## The floor, beside one worker (JSON)",
        "",
        "The paused floor's clients wait as long between requests as the slow model takes in a turn, so its",
        "CPU idles as the service's does.",
        "",
        "| clients | floor | floor p50 ms | floor turns/s | service overhead p50 ms | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for key, model, label in (("floor", "instant", "warm (instant model)"), ("floor_paused", "slow", "paused (slow model)")):
        for concurrency, point in results.get(key, {}).items():
            over = overhead(results["runs"][f"1-{model}"]["json"][concurrency], results, model)
            ratio = over / point["p50_ms"] if point["p50_ms"] else None
            lines.append(
                f"| {concurrency} | {label} | {_fmt(point['p50_ms'])} | {_fmt(point['throughput'])} | {_fmt(over)} "
                f"| {_fmt(ratio, 2)}x |"
            )
    return lines


def cpu_table(results: dict) -> list[str]:
    """Where the machine's CPU goes per turn, by process, at 10 clients."""
    rows = [("floor", results["floor"][TARGET_CONCURRENCY])]
    rows += [
        (f"service, {run['workers']} worker(s), {run['model']} model, {mode.upper()}", run[mode][TARGET_CONCURRENCY])
        for run in results["runs"].values()
        for mode in ("json", "sse")
    ]
    names = ["service", "floor", "PostgreSQL", "fake model", "load generator"]
    lines = [
        "",
        f"## CPU per turn, by process ({TARGET_CONCURRENCY} clients)",
        "",
        "Milliseconds of CPU each process spent per turn (user + system, from /proc), summed over its workers.",
        "",
        "| run | " + " | ".join(names) + " |",
        "|---" * (len(names) + 1) + "|",
    ]
    for label, point in rows:
        cpu = point["cpu_ms_per_turn"]
        lines.append(f"| {label} | " + " | ".join(_fmt(cpu.get(name), 2) for name in names) + " |")
    return lines


def figures(results: dict) -> list[str]:
    one, two, slow = results["runs"]["1-instant"], results["runs"]["2-instant"], results["runs"]["1-slow"]
    calls = results["model_call"]
    at50 = slow["json"]["50"]
    return [
        "",
        "## Figures",
        "",
        "| figure | value |",
        "|---|---|",
        f"| a model call's time (p50): through `litellm.acompletion` / a raw HTTP call / LiteLLM's own share | "
        f"{_fmt(calls['litellm_call_p50_ms'])} / {_fmt(calls['raw_call_p50_ms'])} / {_fmt(calls['litellm_overhead_p50_ms'])} ms |",
        f"| a model call's CPU: through `litellm.acompletion` / a raw HTTP call / LiteLLM's own share | "
        f"{_fmt(calls['litellm_cpu_ms_per_call'], 2)} / {_fmt(calls['raw_cpu_ms_per_call'], 2)} / "
        f"{_fmt(calls['litellm_cpu_ms_per_call'] - calls['raw_cpu_ms_per_call'], 2)} ms |",
        f"| SQL statements per turn (service / floor) | {_fmt(one['statements_per_turn'])} / {_fmt(results['floor_statements_per_turn'])} |",
        f"| start-up to first healthy answer, 1 / 2 workers | {_fmt(one['startup_seconds'], 2)} / {_fmt(two['startup_seconds'], 2)} s |",
        f"| memory, 1 worker (whole process) | {_fmt(one['rss_mib_total'])} MiB |",
        f"| memory, 2 workers (each worker) | {', '.join(_fmt(v) for v in two['workers_rss_mib'])} MiB |",
        f"| {1000 * results['delay_s']:.0f} ms model, 50 clients, JSON: turns/s (target ≥ {_fmt(throughput_target(results))}) "
        f"| {_fmt(at50['throughput'])}, p50 {_fmt(at50['p50_ms'])} ms, errors {at50['errors']} |",
    ]


def throughput_target(results: dict) -> float:
    """80% of what 50 clients can reach when no connection is held while the model thinks."""
    return 0.8 * 50 / (MODEL_CALLS_PER_TURN * results["delay_s"])


def litellm_ms_per_turn(results: dict) -> float:
    """LiteLLM's own CPU in a turn: two calls, each what it costs beyond a raw HTTP call."""
    calls = results["model_call"]
    return MODEL_CALLS_PER_TURN * (calls["litellm_cpu_ms_per_call"] - calls["raw_cpu_ms_per_call"])


def target_rows(results: dict) -> dict[str, tuple[str, bool, str, str]]:
    """Each target by key: its name, whether it is met, the measured value, and the value without LiteLLM's own CPU."""
    slow = results["runs"]["1-slow"]
    floor1 = results["floor"]["1"]["p50_ms"]
    over1 = overhead(results["runs"]["1-instant"]["json"]["1"], results, "instant")
    errors_100 = sum(run[mode]["100"]["errors"] for run in results["runs"].values() for mode in ("json", "sse"))
    at50 = slow["json"]["50"]
    delay = f"{1000 * results['delay_s']:.0f} ms"
    litellm = litellm_ms_per_turn(results)
    rows = {}
    for mode in ("json", "sse"):
        at10 = slow[mode][TARGET_CONCURRENCY]
        for percentile, limit in (("p50", 10), ("p99", 40)):
            value = overhead(at10, results, "slow", f"{percentile}_ms")
            rows[f"{mode}_{percentile}"] = (
                f"overhead {percentile} ≤ {limit} ms at 10 clients (1 worker, {delay} model, {mode.upper()})",
                value <= limit,
                f"{value:.1f} ms",
                f"{value - litellm:.1f} ms",
            )
    rows["floor_ratio"] = (
        "overhead ≤ 3x the floor at 1 client (instant model, JSON)",
        over1 <= 3 * floor1,
        f"{over1 / floor1:.2f}x",
        f"{(over1 - litellm) / floor1:.2f}x",
    )
    rows["errors"] = ("no error at 100 clients (every run)", errors_100 == 0, f"{errors_100} errors", "")
    rows["throughput"] = (
        f"{delay} model at 50 clients reaches 80% of 50 / (2 x {results['delay_s']} s)",
        at50["throughput"] >= throughput_target(results),
        f"{at50['throughput']:.1f} turns/s",
        "",
    )
    return rows


def targets(results: dict) -> list[str]:
    lines = [
        "## Targets",
        "",
        f"The last column takes out LiteLLM's own CPU, {litellm_ms_per_turn(results):.1f} ms a turn (two calls; "
        "see Figures): what the rest of the service costs.",
        "",
        "| target | met | measured | without LiteLLM's own CPU |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {name} | {'yes' if met else '**no**'} | {value} | {without} |"
        for name, met, value, without in target_rows(results).values()
    ]
    return lines


def before_and_after(before: dict, after: dict) -> list[str]:
    """Key figures of the run in results-before.json beside this one."""

    def pick(results: dict) -> list[tuple[str, float | None]]:
        one, slow = results["runs"]["1-instant"], results["runs"]["1-slow"]
        return [
            ("service CPU per turn, ms (instant, 10 clients, JSON)", one["json"]["10"]["cpu_ms_per_turn"]["service"]),
            ("PostgreSQL CPU per turn, ms (instant, 10 clients, JSON)", one["json"]["10"]["cpu_ms_per_turn"]["PostgreSQL"]),
            ("overhead p50 at 1 client, ms (instant, JSON)", overhead(one["json"]["1"], results, "instant")),
            ("overhead p50 at 10 clients, ms (slow, JSON)", overhead(slow["json"]["10"], results, "slow")),
            ("overhead p99 at 10 clients, ms (slow, JSON)", overhead(slow["json"]["10"], results, "slow", "p99_ms")),
            ("turns/s at 10 clients (instant, JSON)", one["json"]["10"]["throughput"]),
            ("turns/s at 50 clients (instant, JSON)", one["json"]["50"]["throughput"]),
            ("SQL statements per turn", one["statements_per_turn"]),
        ]

    lines = [
        "",
        "## Before and after",
        "",
        f"Before: the run of {before['date']} (`bench/results-before.json`), made with this same harness "
        "before the changes described below.",
        "",
        "| figure | before | after |",
        "|---|---|---|",
    ]
    for (name, old), (_, new) in zip(pick(before), pick(after), strict=False):
        lines.append(f"| {name} | {_fmt(old)} | {_fmt(new)} |")
    return lines


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (instant, slow) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)
    for run in results["runs"].values():
        axis = slow if run["model"] == "slow" else instant
        for mode, style in (("json", "-o"), ("sse", "--s")):
            points = sorted((int(c), p["p50_ms"]) for c, p in run[mode].items() if p["p50_ms"] is not None)
            axis.plot(
                [c for c, _ in points], [v for _, v in points], style, label=f"{run['workers']} worker(s), {mode.upper()} p50"
            )
            p99 = sorted((int(c), p["p99_ms"]) for c, p in run[mode].items() if p["p99_ms"] is not None)
            axis.plot(
                [c for c, _ in p99],
                [v for _, v in p99],
                style,
                alpha=0.35,
                label=f"{run['workers']} worker(s), {mode.upper()} p99",
            )
    floor = sorted((int(c), p["p50_ms"]) for c, p in results["floor"].items())
    instant.plot([c for c, _ in floor], [v for _, v in floor], ":^", label="floor (SQL only) p50")
    slow.axhline(model_ms(results, "slow"), color="grey", linestyle=":", label="the model's own time")
    instant.set_title("Instant fake model: capacity")
    slow.set_title(f"Fake model taking {1000 * results['delay_s']:.0f} ms a call")
    for axis in (instant, slow):
        axis.set_xscale("log")
        axis.set_xlabel("concurrent clients")
        axis.set_ylabel("turn latency, ms")
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7)
    figure.suptitle("Chat turn latency against a fake Gemini (2 model calls per turn)")
    figure.tight_layout()
    figure.savefig(path)


if __name__ == "__main__":
    write_report(json.loads((HERE / "results.json").read_text()), HERE)
