"""The offline engine's cost: `python -m bench.engine` (a minute; `make bench` runs it too).

- CPU per message over every saying of the case files, each read cold (the turn's reading cache cleared);
- the worst of a set of hostile messages, at 5,000 characters (the API's limit) and just under the
  engine's own reading limit, where it still reads them;
- the grammar alone on hostile clauses of growing length (its work grows linearly, then stops at
  `grammar.LONGEST_CLAUSE`);
- with `--service`, a `chatbot serve` on the offline engine: /health's latency idle and while clients
  send hostile messages, and a fast-path turn's latency beside /health's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import string
import time
from pathlib import Path

from chatbot import engine, evaluate
from chatbot.engine import grammar, matching, phrases, reminding, slots, understand
from chatbot.engine.reading import mend_commands, normalize

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted((ROOT / "chatbot" / "cases").glob("*.jsonl")) + sorted((ROOT / "tests" / "eval").glob("*.jsonl"))

# Messages built to make a matcher backtrack: runs of the words and marks its patterns look for.
HOSTILE_UNITS = {
    "commas": ", ",
    "add-and": "milk and ",
    "bullets": "\n- item",
    "quotes": "'",
    "mark": "mark ",
    "mark-as-done": "mark x as done ",
    "is-done": "is done ",
    "done": "done ",
    "ids": "#12 ",
    "the": "the ",
    "dashes": "add x - ",
    "is": "milk is ",
    "colons": "add: ",
    "parens": "((",
    "todo": "todo: ",
    "every": "every ",
    "at": "at 5 ",
    "tags": "#a ",
    "delete": "delete ",
    "remind": "remind me to ",
    "semicolons": "; ",
    "question": "? ",
    "not": "not ",
    "if": "if ",
    "onto-list": "x to my list ",
    "from-list": "from my list ",
    "tomorrow": "tomorrow ",
    "emoji": "\U0001f64f",
}


def hostile(length: int) -> dict[str, str]:
    """Each hostile unit repeated to `length` characters."""
    return {name: (unit * (length // len(unit) + 1))[:length] for name, unit in HOSTILE_UNITS.items()}


def read_cold(message: str) -> float:
    """The CPU milliseconds one turn's reading of `message` costs: its plan and its fast-path verdict."""
    understand._read_once.cache_clear()
    slots._slots_of.cache_clear()
    grammar._rows_saying.cache_clear()
    for cached in (phrases.without_polite, phrases.without_polite_end, normalize, mend_commands, reminding.cleaned):
        cached.cache_clear()
    messages = [{"role": "system", "content": "rules"}, {"role": "user", "content": message}]
    started = time.process_time_ns()
    reading = engine.read(messages)
    _ = reading.reply, reading.fast
    return (time.process_time_ns() - started) / 1e6


def per_message(rounds: int) -> dict:
    sayings = [turn["say"] for case in evaluate.load_cases(CASE_FILES) for turn in case["turns"]]
    timings = sorted(read_cold(saying) for _ in range(rounds) for saying in sayings)
    return {
        "sayings": len(sayings),
        "rounds": rounds,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95)],
        "max_ms": timings[-1],
    }


def worst_hostile(length: int, rounds: int = 3) -> dict:
    """The slowest hostile message of `length` characters (each the best of `rounds`, against noise)."""
    costs = {name: min(read_cold(text) for _ in range(rounds)) for name, text in hostile(length).items()}
    name = max(costs, key=costs.__getitem__)
    return {"length": length, "worst": name, "worst_ms": costs[name], "median_ms": statistics.median(costs.values())}


def _listed(count: int = 200) -> list[dict]:
    """A user's list at its longest: `count` tasks of made-up words, each with a long note."""
    chance = random.Random(1)

    def word() -> str:
        return "".join(chance.choice(string.ascii_lowercase) for _ in range(chance.randint(4, 9)))

    return [
        {"id": n + 1, "title": " ".join(word() for _ in range(8)), "description": " ".join(word() for _ in range(250))[:2000]}
        | {"completed": False, "due_date": None, "due_time": None, "priority": "none", "tags": [], "recurrence": None}
        for n in range(count)
    ]


def worst_after_listing(length: int) -> dict:
    """The slowest hostile message's next step once the list it asked for came back: 200 tasks with long notes."""
    listed, costs = json.dumps(_listed()), {}
    for name, text in hostile(length).items():
        first = engine.read([{"role": "user", "content": text}]).reply
        if not first.calls or first.calls[0][0] != "list_tasks":
            continue
        call = {"id": "c1", "type": "function", "function": {"name": "list_tasks", "arguments": json.dumps(first.calls[0][1])}}
        messages = [
            {"role": "user", "content": text},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": listed},
        ]
        costs[name] = min(_cold(messages) for _ in range(2))
    name = max(costs, key=costs.__getitem__)
    return {"length": length, "worst": name, "worst_ms": costs[name], "messages": len(costs)}


def _cold(messages: list[dict]) -> float:
    matching._lookup.cache_clear()
    started = time.process_time_ns()
    _ = engine.read(messages).reply
    return (time.process_time_ns() - started) / 1e6


def grammar_scaling() -> dict:
    """The grammar's time on hostile clauses as they grow: linear, then nothing past its longest clause."""
    out = {}
    for length in (100, 200, 400, grammar.LONGEST_CLAUSE, 1000):
        clauses = hostile(length).values()
        started = time.perf_counter()
        for clause in clauses:
            grammar.read_clause(clause, vouching=True)
        out[length] = 1000 * (time.perf_counter() - started) / len(HOSTILE_UNITS)
    return out


def service(database_url: str, env: dict[str, str] | None = None) -> dict:
    """/health while hostile messages arrive, and a fast-path turn beside /health, on `chatbot serve` (offline)."""
    from bench.processes import free_port, running
    from chatbot.auth import mint_token

    secret = "bench-engine-" + "e" * 64
    port = free_port()
    environment = {
        **(env or os.environ),
        "DATABASE_URL": database_url,
        "BETTER_AUTH_SECRET": secret,
        "AGENT_MODEL": "offline",
        "CHAT_TURNS_PER_MINUTE": "0",
        "LOG_LEVEL": "WARNING",
    }
    for key in ("GOOGLE_API_KEY", "GEMINI_API_KEY", "GEMINI_API_BASE"):
        environment.pop(key, None)
    serve = ["-m", "chatbot.cli", "serve", "--port", str(port)]
    with running("service-engine", serve, environment, f"http://127.0.0.1:{port}/health"):
        # One token a user: the path's user is the token's subject.
        users = {f"hostile-{n}": mint_token(secret, f"hostile-{n}") for n in range(4)} | {
            "hostile-fast": mint_token(secret, "hostile-fast")
        }
        return asyncio.run(_health_with_tokens(f"http://127.0.0.1:{port}", users))


async def _health_with_tokens(base: str, tokens: dict[str, str]) -> dict:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def health_times(duration: float) -> list[float]:
            times, end = [], time.monotonic() + duration
            while time.monotonic() < end:
                started = time.perf_counter()
                await client.get("/health")
                times.append(1000 * (time.perf_counter() - started))
                await asyncio.sleep(0.05)
            return times

        def headers(user: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {tokens[user]}", "Accept": "application/json"}

        idle = await health_times(2.0)
        stop = asyncio.Event()
        texts = list(hostile(5000).values()) + list(hostile(understand.READ_AT_MOST - 1).values())

        async def attacker(user: str) -> int:
            sent = 0
            while not stop.is_set():
                await client.post(f"/api/{user}/chat", json={"message": texts[sent % len(texts)]}, headers=headers(user))
                sent += 1
            return sent

        attackers = [asyncio.create_task(attacker(f"hostile-{n}")) for n in range(4)]
        busy = await health_times(6.0)
        stop.set()
        sent = sum(await asyncio.gather(*attackers))

        fast, health = [], []
        for number in range(30):
            started = time.perf_counter()
            await client.post(
                "/api/hostile-fast/chat", json={"message": f"add buy milk {number}"}, headers=headers("hostile-fast")
            )
            fast.append(1000 * (time.perf_counter() - started))
            health.extend(await health_times(0.06))
    return {
        "health_idle_p50_ms": statistics.median(idle),
        "health_busy_p50_ms": statistics.median(busy),
        "health_busy_p95_ms": sorted(busy)[int(len(busy) * 0.95)],
        "health_busy_max_ms": max(busy),
        "hostile_turns_sent": sent,
        "fast_turn_p50_ms": statistics.median(fast),
        "health_p50_ms": statistics.median(health),
        "fast_over_health": statistics.median(fast) / statistics.median(health),
    }


def measure(rounds: int = 5) -> dict:
    """Everything but the service: what `make bench` and `python -m bench.engine` both report."""
    return {
        "per_message": per_message(rounds),
        "hostile_5000": worst_hostile(5000),
        "hostile_under_limit": worst_hostile(understand.READ_AT_MOST - 1),
        "hostile_after_listing": worst_after_listing(understand.READ_AT_MOST - 1),
        "grammar_ms_by_length": grammar_scaling(),
    }


def summary(results: dict) -> str:
    per, big, near = results["per_message"], results["hostile_5000"], results["hostile_under_limit"]
    listed = results["hostile_after_listing"]
    lines = [
        f"{per['sayings']} sayings x {per['rounds']}, read cold: CPU per message p50 {per['p50_ms']:.3f} ms, "
        f"p95 {per['p95_ms']:.3f} ms, max {per['max_ms']:.3f} ms (target p95 <= 0.5 ms)",
        f"hostile, 5,000 characters: worst {big['worst_ms']:.2f} ms ({big['worst']}) (target <= 20 ms)",
        f"hostile, {near['length']} characters (just under the reading limit): worst {near['worst_ms']:.2f} ms ({near['worst']})",
        f"hostile, {listed['length']} characters, the step after a listing of 200 tasks with long notes: worst "
        f"{listed['worst_ms']:.2f} ms ({listed['worst']}, of {listed['messages']} that list first)",
        "grammar alone on a hostile clause: "
        + ", ".join(f"{length} chars {ms:.3f} ms" for length, ms in results["grammar_ms_by_length"].items()),
    ]
    if served := results.get("service"):
        lines.append(
            f"/health p50 idle {served['health_idle_p50_ms']:.1f} ms, while {served['hostile_turns_sent']} hostile turns arrived "
            f"p50 {served['health_busy_p50_ms']:.1f} ms, p95 {served['health_busy_p95_ms']:.1f} ms, max {served['health_busy_max_ms']:.1f} ms "
            "(target < 50 ms)"
        )
        lines.append(
            f"a fast-path turn p50 {served['fast_turn_p50_ms']:.1f} ms, /health p50 {served['health_p50_ms']:.1f} ms: "
            f"{served['fast_over_health']:.1f}x (target <= 5x)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="reads of every saying (5)")
    parser.add_argument("--service", action="store_true", help="also measure a served engine under hostile messages")
    args = parser.parse_args()
    results = measure(args.rounds)
    if args.service:
        from bench.run import bench_database

        results["service"] = service(bench_database()[0])
    print(summary(results))
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
