"""The load generator: clients that each hold a short conversation, turn after turn, and time every turn."""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

# Each client starts a conversation, then continues it, so both kinds of turn are measured.
TURNS_PER_CONVERSATION = 3


@dataclass
class Timings:
    """What the clients saw: each turn's latency and time to first byte, and how many failed."""

    latencies: list[float] = field(default_factory=list)
    first_bytes: list[float] = field(default_factory=list)
    errors: int = 0
    # How many times the service asked the model in each turn (`model_calls` in its answer).
    model_calls: list[int] = field(default_factory=list)
    # Each client's turns per second while it was sending: their sum is the rate with all clients busy,
    # whatever the spread of their starts.
    client_rates: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "turns": len(self.latencies),
            "errors": self.errors,
            "throughput": sum(self.client_rates),
            **percentiles(self.latencies),
            "ttfb_p50_ms": 1000 * statistics.median(self.first_bytes) if self.first_bytes else None,
            "model_calls_per_turn": statistics.fmean(self.model_calls) if self.model_calls else None,
        }


def percentiles(values: list[float]) -> dict:
    """p50, p95 and p99 of durations in seconds, in milliseconds."""
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None}
    ordered = sorted(values)

    def at(q: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"p50_ms": 1000 * statistics.median(ordered), "p95_ms": at(0.95), "p99_ms": at(0.99)}


async def run_load(
    base: str,
    path_for: Callable[[str], str],
    token_for: Callable[[str], str],
    concurrency: int,
    turns: int,
    stream: bool,
    label: str,
    spread_seconds: float = 0.0,
    pause_seconds: float = 0.0,
    say: Callable[[int], str] = lambda number: f"buy item {number}",
) -> Timings:
    """Send about `turns` turns from `concurrency` clients, as many from each, each client its own user
    and starting at its place in `spread_seconds`; `pause_seconds` is each client's wait between turns;
    `say(n)` is the n-th message sent.

    People do not all press Enter in the same millisecond: without the spread, clients of a model
    with a fixed delay would move in lockstep and every turn would queue behind all the others.
    """
    timings = Timings()
    per_client = -(-turns // concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency, keepalive_timeout=60)
    timeout = aiohttp.ClientTimeout(total=120)

    async def client(index: int, session: aiohttp.ClientSession) -> None:
        user = f"bench-{label}-{index}"
        headers = {"Authorization": "Bearer " + token_for(user)}
        if not stream:
            headers["Accept"] = "application/json"
        conversation_id, said = None, 0
        await asyncio.sleep(spread_seconds * index / concurrency)
        began, done = time.perf_counter(), 0
        for number in range(index * per_client, (index + 1) * per_client):
            body = {"message": say(number)}
            if conversation_id is not None and said < TURNS_PER_CONVERSATION:
                body["conversation_id"] = conversation_id
            else:
                conversation_id, said = None, 0
            started = time.perf_counter()
            first, chunks = None, []
            try:
                async with session.post(path_for(user), json=body, headers=headers) as response:
                    async for chunk in response.content.iter_any():
                        first = first or time.perf_counter()
                        chunks.append(chunk)
                    status = response.status
            except (TimeoutError, aiohttp.ClientError) as error:
                timings.errors += 1
                print(f"  transport error at concurrency {concurrency}: {error!r}", file=sys.stderr)
                conversation_id = None
                continue
            ended = time.perf_counter()
            if status != 200:
                timings.errors += 1
                print(f"  HTTP {status} at concurrency {concurrency}: {b''.join(chunks)[:200]!r}", file=sys.stderr)
                conversation_id = None
                continue
            timings.latencies.append(ended - started)
            timings.first_bytes.append((first or ended) - started)
            answer = _answer_of(b"".join(chunks), stream)
            conversation_id, said, done = answer.get("conversation_id"), said + 1, done + 1
            timings.model_calls.append(answer.get("model_calls", 0))
            if pause_seconds:
                await asyncio.sleep(pause_seconds)
        if done:
            timings.client_rates.append(done / (time.perf_counter() - began))

    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(client(i, session) for i in range(concurrency)))
    return timings


def _answer_of(body: bytes, stream: bool) -> dict:
    """A turn's answer (its conversation, its model calls), from its JSON body or its stream's `done` event."""
    if not stream:
        return json.loads(body)
    last = body.rstrip().rsplit(b"\n\n", 1)[-1]
    return json.loads(last.removeprefix(b"data: ")) if last.startswith(b"data: ") else {}
