"""bench/results.json, the tables of bench/README.md, and bench/latency.png, from one run's results.

`python -m bench.report` rewrites README.md and the plot from results.json (and, when present,
results-before.json, the run the "before and after" table compares with) without measuring again.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.findings import INTRO, findings

HERE = Path(__file__).resolve().parent
TARGET_CONCURRENCY = "10"
SHAPE_NAMES = {"fast": "fast path", "one_call": "one call", "two_call": "two calls"}
# What issue 18 measured before its changes, where this harness could not run then (bench/README.md).
STARTUP_BEFORE_S = 2.99
IDLE_MEMORY_BEFORE_MIB = 253.2


def write_report(results: dict, folder: Path) -> None:
    results = json.loads(json.dumps(results, default=str))  # keys as JSON has them, whether fresh or reloaded
    (folder / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    before_path = folder / "results-before.json"
    before = json.loads(before_path.read_text()) if before_path.exists() else None
    (folder / "README.md").write_text(markdown(results, before))
    plot(results, folder / "latency.png")


def run_of(results: dict, provider: str, model: str, workers: int = 1) -> dict | None:
    """One run's results; runs recorded before the providers were named are Gemini's, keyed `workers-model`."""
    runs = results["runs"]
    return runs.get(f"{provider}-{model}-{workers}") or (runs.get(f"{workers}-{model}") if provider == "gemini" else None)


def point(results: dict, provider: str, model: str, shape: str, mode: str, clients: int | str, workers: int = 1) -> dict | None:
    """One measured point, or None when the run did not measure it.

    Runs recorded before the fast path had one shape, a function call then the model's text: two calls.
    """
    run = run_of(results, provider, model, workers)
    if run is None:
        return None
    points = run.get(shape, {}).get(mode) if shape in run else (run.get(mode) if shape == "two_call" else None)
    return (points or {}).get(str(clients))


def calls_of(results: dict, provider: str) -> dict:
    """The model-call figures of one provider (runs before the OpenAI fake recorded Gemini's alone)."""
    calls = results["model_call"]
    return calls.get(provider, {}) if "gemini" in calls else (calls if provider == "gemini" else {})


def model_calls(sample: dict) -> float:
    """Mean model calls per turn at a point (2 for runs recorded before the service counted them)."""
    value = sample.get("model_calls_per_turn")
    return 2.0 if value is None and "model_calls_per_turn" not in sample else (value or 0.0)


def overhead(sample: dict | None, results: dict, provider: str, model: str, percentile: str = "p50_ms") -> float | None:
    """A turn's end-to-end time minus the fake model's own time: its model calls, each a raw call's median."""
    if sample is None or sample.get(percentile) is None:
        return None
    key = "slow_raw_call_p50_ms" if model == "slow" else "raw_call_p50_ms"
    return sample[percentile] - model_calls(sample) * calls_of(results, provider).get(key, 0.0)


def cpu(sample: dict | None, process: str = "service") -> float | None:
    return None if sample is None else sample["cpu_ms_per_turn"].get(process)


def _fmt(value, digits=1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(results: dict, before: dict | None = None) -> str:
    delay_ms = 1000 * results["delay_s"]
    lines = [INTRO.format(delay_ms=delay_ms), f"Run of {results['date']} on {results['machine']}.", ""]
    rows = target_rows(results, before)
    if "engine" in results:
        lines += targets_table("## The offline engine (issue 23)", engine_rows(results["engine"]))
    lines += targets_table("## Targets (issue 18)", rows)
    lines += targets_table("## Earlier targets", earlier_target_rows(results))
    lines += turns_table(results) + floor_table(results) + cpu_table(results)
    lines += model_call_table(results) + eval_table(results) + figures(results) + startup_table(results)
    if before is not None:
        lines += before_and_after(before, results)
    lines += ["", findings(results, rows)]
    return "\n".join(lines) + "\n"


def engine_rows(engine: dict) -> dict[str, tuple[str, bool | None, str]]:
    """Issue 23's targets for the engine, from `bench.engine`."""
    per, big, near = engine["per_message"], engine["hostile_5000"], engine["hostile_under_limit"]
    rows = {
        "cpu": (
            "CPU per message, p95, over every case saying (read cold) <= 0.5 ms",
            per["p95_ms"] <= 0.5,
            f"p50 {per['p50_ms']:.3f} ms, p95 {per['p95_ms']:.3f} ms ({per['sayings']} sayings)",
        ),
        "hostile": (
            "the worst hostile 5,000-character message <= 20 ms",
            big["worst_ms"] <= 20,
            f"{big['worst_ms']:.2f} ms ({big['worst']}); just under the reading limit {near['worst_ms']:.2f} ms ({near['worst']})",
        ),
    }
    if listed := engine.get("hostile_after_listing"):
        rows["listed"] = (
            "the worst hostile message's next step after a listing of 200 tasks with long notes <= 20 ms",
            listed["worst_ms"] <= 20,
            f"{listed['worst_ms']:.2f} ms ({listed['worst']})",
        )
    if served := engine.get("service"):
        rows["health"] = (
            "/health under 50 ms while hostile messages arrive",
            served["health_busy_p95_ms"] < 50,
            f"p50 {served['health_busy_p50_ms']:.1f} ms, p95 {served['health_busy_p95_ms']:.1f} ms, "
            f"max {served['health_busy_max_ms']:.1f} ms ({served['hostile_turns_sent']} hostile turns)",
        )
        rows["fast"] = (
            "a fast-path turn <= 5x /health",
            served["fast_over_health"] <= 5,
            f"{served['fast_turn_p50_ms']:.1f} ms against {served['health_p50_ms']:.1f} ms: {served['fast_over_health']:.1f}x",
        )
    return rows


def targets_table(title: str, rows: dict[str, tuple[str, bool | None, str]]) -> list[str]:
    lines = ["", title, "", "| target | met | measured |", "|---|---|---|"]
    verdict = {True: "yes", False: "**no**", None: "not measurable here"}
    return lines + [f"| {name} | {verdict[met]} | {value} |" for name, met, value in rows.values()]


def target_rows(results: dict, before: dict | None) -> dict[str, tuple[str, bool | None, str]]:
    """Issue 18's targets by key: the target, whether it is met (None: this bench cannot tell), what was measured."""
    delay = f"{1000 * results['delay_s']:.0f} ms"
    rows: dict[str, tuple[str, bool | None, str]] = {}
    fast1 = point(results, "gemini", "slow", "fast", "json", 1)
    fast_cpu = cpu(fast1)
    rows["fast_p50"] = (
        f"a fast-path turn: p50 ≤ 5 ms end to end at 1 client ({delay} model configured, JSON)",
        fast1["p50_ms"] <= 5,
        f"{fast1['p50_ms']:.1f} ms, {model_calls(fast1):.2f} model calls a turn",
    )
    rows["fast_cpu"] = ("a fast-path turn: server CPU ≤ 2.5 ms (1 client)", fast_cpu <= 2.5, f"{fast_cpu:.2f} ms")
    for shape in ("two_call", "one_call"):
        sample = point(results, "gemini", "instant", shape, "json", TARGET_CONCURRENCY)
        turn_cpu = cpu(sample)
        rows[f"gemini_cpu_{shape}"] = (
            f"a model turn on the fake-Gemini path, {SHAPE_NAMES[shape]}: server CPU ≤ 5 ms (instant model, 10 clients, JSON)",
            turn_cpu <= 5,
            f"{turn_cpu:.2f} ms",
        )
    for shape in ("two_call", "one_call"):
        value = overhead(point(results, "gemini", "slow", shape, "json", TARGET_CONCURRENCY), results, "gemini", "slow")
        rows[f"overhead_{shape}"] = (
            f"a model turn, {SHAPE_NAMES[shape]}: overhead p50 ≤ 10 ms at 10 clients ({delay} model, JSON)",
            value <= 10,
            f"{value:.1f} ms",
        )
    one = point(results, "gemini", "slow", "one_call", "json", 1)
    one_call_ms = calls_of(results, "gemini")["slow_raw_call_p50_ms"]
    rows["one_call"] = (
        f"a one-tool add with a {delay} model takes one model call: p50 ≤ one call + 25 ms (1 client, JSON)",
        model_calls(one) == 1 and one["p50_ms"] <= one_call_ms + 25,
        f"{model_calls(one):.2f} calls, p50 {one['p50_ms']:.1f} ms (one call {one_call_ms:.1f} ms)",
    )
    on = results["eval"]["on"]
    coverage = 100 * on["fast_turns"] / on["turns"]
    rows["coverage"] = (
        f"fast-path coverage ≥ 60% of the shared and own eval turns ({results['eval']['files']} files)",
        coverage >= 60,
        f"{coverage:.1f}% of {on['turns']} turns",
    )
    rows["precision"] = (
        "fast-path precision 100% (every turn it served did what its case expected)",
        on["fast_passed"] == on["fast_turns"],
        f"{on['fast_passed']}/{on['fast_turns']}",
    )
    for shape in ("two_call", "one_call"):
        sample = point(results, "openai", "instant", shape, "json", 50)
        rows[f"openai_cpu_{shape}"] = (
            f"the OpenAI-compatible path, {SHAPE_NAMES[shape]}: server CPU per turn ≤ 8 ms (instant model, 50 clients, JSON)",
            cpu(sample) <= 8,
            f"{cpu(sample):.2f} ms, {sample['throughput']:.1f} turns/s",
        )
    rows["peer"] = (
        "≥ 3x the peer's turns/s (OpenAI-compatible fake, instant model, 50 clients)",
        None,
        "the peer is not part of this bench; our turns/s are in the row above",
    )
    litellm = {provider: calls_of(results, provider) for provider in ("gemini", "openai")}
    rows["litellm"] = (
        "LiteLLM's own CPU per call halved (beyond a raw HTTP call; as we call it, against LiteLLM's defaults)",
        all(own_cpu(c, "litellm") <= own_cpu(c, "litellm_default") / 2 for c in litellm.values()),
        ", ".join(
            f"{provider}: {own_cpu(c, 'litellm'):.2f} against {own_cpu(c, 'litellm_default'):.2f} ms"
            for provider, c in litellm.items()
        ),
    )
    startup = run_of(results, "gemini", "instant")["startup_seconds"]
    idle = run_of(results, "gemini", "instant")["idle_rss_mib_total"]
    rows["startup"] = (
        f"start-up to the first healthy answer not worse than before ({STARTUP_BEFORE_S} s; 1 worker, 10% noise allowed)",
        startup <= 1.1 * STARTUP_BEFORE_S,
        f"{startup:.2f} s",
    )
    rows["memory"] = (
        f"idle memory not worse than before ({IDLE_MEMORY_BEFORE_MIB} MiB; 1 worker, 5% noise allowed)",
        idle <= 1.05 * IDLE_MEMORY_BEFORE_MIB,
        f"{idle:.1f} MiB",
    )
    return rows


def own_cpu(calls: dict, label: str) -> float:
    """LiteLLM's own CPU in one call: what a call through it costs beyond a raw HTTP call."""
    return calls[f"{label}_cpu_ms_per_call"] - calls["raw_cpu_ms_per_call"]


def earlier_target_rows(results: dict) -> dict[str, tuple[str, bool | None, str]]:
    """The targets of the earlier performance work, on the one-call turn a bare to-do now makes."""
    delay = f"{1000 * results['delay_s']:.0f} ms"
    rows: dict[str, tuple[str, bool | None, str]] = {}
    for mode in ("json", "sse"):
        value = overhead(point(results, "gemini", "slow", "one_call", mode, 10), results, "gemini", "slow", "p99_ms")
        rows[f"{mode}_p99"] = (
            f"overhead p99 ≤ 40 ms at 10 clients (1 worker, {delay} model, one call, {mode.upper()})",
            value <= 40,
            f"{value:.1f} ms",
        )
    floor1 = results["floor"]["1"]["p50_ms"]
    over1 = overhead(point(results, "gemini", "instant", "one_call", "json", 1), results, "gemini", "instant")
    rows["floor_ratio"] = (
        "overhead ≤ 3x the floor at 1 client (instant model, one call, JSON)",
        over1 <= 3 * floor1,
        f"{over1 / floor1:.2f}x",
    )
    errors_100 = sum(
        sample["errors"]
        for run in results["runs"].values()
        for shape in SHAPE_NAMES
        for mode in ("json", "sse")
        for sample in run.get(shape, {}).get(mode, {}).values()
    )
    rows["errors"] = ("no error in any run (up to 100 clients)", errors_100 == 0, f"{errors_100} errors")
    at50 = point(results, "gemini", "slow", "one_call", "json", 50)
    target = 0.8 * 50 / results["delay_s"]
    rows["throughput"] = (
        f"{delay} model at 50 clients, one call a turn, reaches 80% of 50 / {results['delay_s']} s",
        at50["throughput"] >= target,
        f"{at50['throughput']:.1f} turns/s (target {target:.1f})",
    )
    return rows


def turns_table(results: dict) -> list[str]:
    delay_ms = 1000 * results["delay_s"]
    lines = [
        "",
        "## Turns",
        "",
        f"The instant model answers at once; the slow one takes {delay_ms:.0f} ms a call, like a real one. "
        'The shapes: **fast path** ("add buy item N": the offline engine plans it, no model call), '
        '**one call** ("buy item N": the model\'s function call, then the reply written from its result), '
        '**two calls** ("hmm, item N maybe": the function call, then the model\'s own text; the shape every '
        "turn had before the fast path).",
        "",
        "| provider | model | workers | shape | mode | clients | model calls a turn | turns/s | p50 ms | p95 ms | p99 ms "
        "| first byte p50 ms | overhead p50 ms | overhead p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"].values():
        for shape, name in SHAPE_NAMES.items():
            for mode in ("json", "sse"):
                for clients, sample in run.get(shape, {}).get(mode, {}).items():
                    provider, model = run["provider"], run["model"]
                    lines.append(
                        f"| {provider} | {model} | {run['workers']} | {name} | {mode.upper()} | {clients} "
                        f"| {_fmt(model_calls(sample), 2)} | {_fmt(sample['throughput'])} | {_fmt(sample['p50_ms'])} "
                        f"| {_fmt(sample['p95_ms'])} | {_fmt(sample['p99_ms'])} | {_fmt(sample['ttfb_p50_ms'])} "
                        f"| {_fmt(overhead(sample, results, provider, model))} "
                        f"| {_fmt(overhead(sample, results, provider, model, 'p99_ms'))} | {sample['errors']} |"
                    )
    return lines


def floor_table(results: dict) -> list[str]:
    """The floor beside the service's overhead, warm (instant model) and after pauses as long as the slow model's."""
    lines = [
        "",
        "## The floor, beside one worker (Gemini, one call, JSON)",
        "",
        "The paused floor's clients wait as long between requests as the slow model takes in a turn, so its",
        "CPU idles as the service's does.",
        "",
        "| clients | floor | floor p50 ms | floor turns/s | service overhead p50 ms | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for key, model, label in (("floor", "instant", "warm (instant model)"), ("floor_paused", "slow", "paused (slow model)")):
        for clients, sample in results.get(key, {}).items():
            over = overhead(point(results, "gemini", model, "one_call", "json", clients), results, "gemini", model)
            ratio = over / sample["p50_ms"] if over is not None and sample["p50_ms"] else None
            lines.append(
                f"| {clients} | {label} | {_fmt(sample['p50_ms'])} | {_fmt(sample['throughput'])} | {_fmt(over)} "
                f"| {_fmt(ratio, 2)}x |"
            )
    return lines


def cpu_table(results: dict) -> list[str]:
    """Where the machine's CPU goes per turn, by process, at 10 clients."""
    rows = [("floor", results["floor"][TARGET_CONCURRENCY])]
    for run in results["runs"].values():
        for shape, name in SHAPE_NAMES.items():
            for mode in ("json", "sse"):
                sample = run.get(shape, {}).get(mode, {}).get(TARGET_CONCURRENCY)
                if sample is not None:
                    label = f"{run['provider']}, {run['model']} model, {run['workers']} worker(s), {name}, {mode.upper()}"
                    rows.append((label, sample))
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
    for label, sample in rows:
        lines.append(f"| {label} | " + " | ".join(_fmt(cpu(sample, name), 2) for name in names) + " |")
    return lines


def model_call_table(results: dict) -> list[str]:
    lines = [
        "",
        "## One model call, on its own",
        "",
        "A turn's first call (the system prompt and the five tools), JSON, in the bench's own process: through",
        "`chatbot.llm.Model` as the service makes it, through a plain `litellm.acompletion` with LiteLLM's defaults,",
        "and as a raw HTTP call to the same fake. LiteLLM's own share is what a call costs beyond the raw one.",
        "",
        "| provider | time p50: ours / default / raw ms | CPU: ours / default / raw ms | LiteLLM's own CPU: ours / default ms |",
        "|---|---|---|---|",
    ]
    for provider in ("gemini", "openai"):
        calls = calls_of(results, provider)
        if not calls:
            continue
        lines.append(
            f"| {provider} | {_fmt(calls.get('litellm_call_p50_ms'), 2)} / {_fmt(calls.get('litellm_default_call_p50_ms'), 2)} "
            f"/ {_fmt(calls.get('raw_call_p50_ms'), 2)} | {_fmt(calls.get('litellm_cpu_ms_per_call'), 2)} "
            f"/ {_fmt(calls.get('litellm_default_cpu_ms_per_call'), 2)} / {_fmt(calls.get('raw_cpu_ms_per_call'), 2)} "
            f"| {_fmt(own_cpu(calls, 'litellm'), 2)} / {_fmt(own_cpu(calls, 'litellm_default'), 2)} |"
        )
    return lines


def eval_table(results: dict) -> list[str]:
    evaluated = results["eval"]
    lines = [
        "",
        "## The eval cases, fast path on and off",
        "",
        f"Every case of `chatbot/cases` and `tests/eval` ({evaluated['files']} files), each a fresh user, through an",
        "in-process server with the offline engine as the model (it answers as Gemini does: the function",
        "call first, the text after).",
        "",
        "| AGENT_FAST_PATH | turns passed | served without a model | fast-path turns that passed | model calls a turn |",
        "|---|---|---|---|---|",
    ]
    for switch in ("on", "off"):
        run = evaluated[switch]
        lines.append(
            f"| {switch} | {run['passed']}/{run['turns']} | {100 * run['fast_turns'] / run['turns']:.1f}% "
            f"| {run['fast_passed']}/{run['fast_turns']} | {run['model_calls_per_turn']:.2f} |"
        )
    return lines


def figures(results: dict) -> list[str]:
    lines = [
        "",
        "## Start-up, memory, statements",
        "",
        "| run | start-up to healthy s | idle memory MiB | memory after load MiB "
        "| each worker MiB (RSS) | each worker's share MiB (PSS) | SQL statements a turn (one call, JSON) |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"].values():
        statements = run.get("one_call", {}).get("json_statements_per_turn")
        lines.append(
            f"| {run['provider']}, {run['model']} model, {run['workers']} worker(s) | {_fmt(run['startup_seconds'], 2)} "
            f"| {_fmt(run.get('idle_rss_mib_total'))} | {_fmt(run['rss_mib_total'])} "
            f"| {', '.join(_fmt(v) for v in run['workers_rss_mib'])} "
            f"| {', '.join(_fmt(v) for v in run.get('workers_pss_mib', []))} | {_fmt(statements)} |"
        )
    lines.append(f"| floor | – | – | – | – | – | {_fmt(results['floor_statements_per_turn'])} |")
    return lines


def startup_table(results: dict) -> list[str]:
    """Issue 29: start-up to a healthy /health and memory, with no model key and with Gemini configured."""
    if "startup" not in results:
        return []
    from bench.startup import table

    found = results["startup"]
    offline, gemini = found.get("now, offline default", {}), found.get("now, gemini (a fake at once)", {})
    met = offline and offline["healthy_seconds"] <= 2 and offline["idle_rss_mib"] <= 130
    return [
        "",
        "## Start-up and idle memory (issue 29)",
        "",
        "Targets: the offline default healthy within 2 s at 130 MiB or less (issue 29 measured 5-6 s and 253 MB before);",
        f"with Gemini configured, healthy within 2 s. Offline default: **{'met' if met else 'not met'}**; "
        f"Gemini healthy in {gemini.get('healthy_seconds', float('nan')):.2f} s. Each start is measured beside the code",
        "before issue 29 (its commit checked out in a worktree, rounds alternating, medians); `python -m bench.startup",
        "--before REF` does the same for any commit.",
        "",
        *table(found),
        *_startup_ratios(found),
    ]


def _startup_ratios(found: dict) -> list[str]:
    """Now against before, as ratios (the absolute figures wander with the machine)."""
    before = {key.split(", ", 1)[1]: row for key, row in found.items() if key.startswith("before")}
    lines = []
    for key, row in found.items():
        if not key.startswith("now, ") or key[5:] not in before:
            continue
        old = before[key[5:]]
        lines.append(
            f"- {key[5:]}: healthy in {row['healthy_seconds'] / old['healthy_seconds']:.2f}x the time, "
            f"{row['idle_rss_mib'] / old['idle_rss_mib']:.2f}x the idle memory"
        )
    return ["", *lines] if lines else []


def before_and_after(before: dict, after: dict) -> list[str]:
    """Key figures of the run in results-before.json beside this one, on the same turn shape."""

    def pick(results: dict) -> list[tuple[str, float | None]]:
        def at(model, shape, clients, mode="json"):
            return point(results, "gemini", model, shape, mode, clients)

        return [
            ("service CPU per turn, ms (instant, 10 clients, JSON)", cpu(at("instant", "two_call", 10))),
            ("overhead p50 at 10 clients, ms (slow, JSON)", overhead(at("slow", "two_call", 10), results, "gemini", "slow")),
            (
                "overhead p99 at 10 clients, ms (slow, JSON)",
                overhead(at("slow", "two_call", 10), results, "gemini", "slow", "p99_ms"),
            ),
            (
                "overhead p50 at 10 clients, ms (slow, SSE)",
                overhead(at("slow", "two_call", 10, "sse"), results, "gemini", "slow"),
            ),
            ("turn p50 at 1 client, ms (slow, JSON)", (at("slow", "two_call", 1) or {}).get("p50_ms")),
            ("turns/s at 10 clients (instant, JSON)", (at("instant", "two_call", 10) or {}).get("throughput")),
            ("LiteLLM's own CPU per Gemini call, ms", own_cpu(calls_of(results, "gemini"), "litellm")),
        ]

    lines = [
        "",
        "## Before and after",
        "",
        f"Before: the run of {before['date']} (`bench/results-before.json`), made before issue 18's changes,",
        "when every turn was the two-call shape; the rows below compare that shape. The one-call and fast-path",
        "turns a person mostly sends now are in the tables above.",
        "",
        "| figure (two-call turns) | before | after |",
        "|---|---|---|",
    ]
    for (name, old), (_, new) in zip(pick(before), pick(after), strict=True):
        lines.append(f"| {name} | {_fmt(old)} | {_fmt(new)} |")
    return lines


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (instant, slow) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)
    for run in results["runs"].values():
        axis = slow if run["model"] == "slow" else instant
        for shape, name in SHAPE_NAMES.items():
            for mode, style in (("json", "-o"), ("sse", "--s")):
                points = sorted((int(c), p["p50_ms"]) for c, p in run.get(shape, {}).get(mode, {}).items() if p["p50_ms"])
                if len(points) > 1:
                    label = f"{run['provider']}, {run['workers']}w, {name}, {mode.upper()} p50"
                    axis.plot([c for c, _ in points], [v for _, v in points], style, label=label)
    floor = sorted((int(c), p["p50_ms"]) for c, p in results["floor"].items())
    instant.plot([c for c, _ in floor], [v for _, v in floor], ":^", label="floor (SQL only) p50")
    one_call = calls_of(results, "gemini")["slow_raw_call_p50_ms"]
    slow.axhline(one_call, color="grey", linestyle=":", label="one model call's own time")
    slow.axhline(2 * one_call, color="grey", linestyle="-.", label="two model calls' own time")
    instant.set_title("Instant fake model: capacity")
    slow.set_title(f"Fake model taking {1000 * results['delay_s']:.0f} ms a call")
    for axis in (instant, slow):
        axis.set_xscale("log")
        axis.set_xlabel("concurrent clients")
        axis.set_ylabel("turn latency, ms")
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=6)
    figure.suptitle("Chat turn latency against fake models, by turn shape")
    figure.tight_layout()
    figure.savefig(path)


if __name__ == "__main__":
    write_report(json.loads((HERE / "results.json").read_text()), HERE)
