"""Prometheus metrics: what the service counts and times (`routes/metrics.py` serves them).

The instruments always exist (a counter costs a lock and an add); only the route is switched on,
by `METRICS_ENABLED=true` or a `METRICS_TOKEN`. Under `chatbot serve --workers N` the CLI sets
`PROMETHEUS_MULTIPROC_DIR` before the workers start, and a scrape adds up every worker's files.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

# A turn waits on the model: seconds, from a fast tool-only turn to a slow model's.
TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60)

REQUESTS = Counter(
    "chatbot_http_requests", "HTTP requests answered, by route template and status.", ["method", "route", "status"]
)
TURN_SECONDS = Histogram("chatbot_turn_seconds", "Chat turn latency, request to last byte.", ["outcome"], buckets=TURN_BUCKETS)
MODEL_CALL_SECONDS = Histogram("chatbot_model_call_seconds", "One model call, first token to last.", buckets=TURN_BUCKETS)
TOOL_CALLS = Counter("chatbot_tool_calls", "Tool calls the agent made, by tool and outcome.", ["tool", "outcome"])
REMINDERS = Counter(
    "chatbot_reminders",
    "Reminders by what became of them: delivered, late (nothing ran at their time), skipped (a day late), "
    "webhook_failed (given up).",
    ["outcome"],
)
WEBHOOK_SECONDS = Histogram(
    "chatbot_reminder_webhook_seconds", "One reminder webhook POST, request to answer.", buckets=TURN_BUCKETS
)
RATE_LIMITED = Counter("chatbot_rate_limited", "Requests refused for going too fast (429), by what was limited.", ["limit"])


class PoolCollector(Collector):
    """The database pool's connections in use and requests waiting, read at each scrape."""

    def __init__(self):
        self.pools = []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        in_use = GaugeMetricFamily("chatbot_db_pool_in_use", "Database connections lent out now.")
        waiting = GaugeMetricFamily("chatbot_db_pool_waiting", "Requests waiting for a database connection now.")
        for pool in self.pools:
            stats = pool.get_stats()
            in_use.add_metric([], stats.get("pool_size", 0) - stats.get("pool_available", 0))
            waiting.add_metric([], stats.get("requests_waiting", 0))
        yield in_use
        yield waiting


POOLS = PoolCollector()
REGISTRY.register(POOLS)


def watch_pool(pool) -> None:
    """Report `pool` at each scrape (the app calls this when it opens its pool)."""
    POOLS.pools = [pool]


def route_of(scope: dict) -> str:
    """The route template a request matched ("/api/{user_id}/tasks"), never the raw path: one series per route."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


def count_request(scope: dict, status: int) -> None:
    REQUESTS.labels(scope.get("method", ""), route_of(scope), str(status)).inc()


class Timer:
    """Seconds since it was made."""

    def __init__(self):
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def exposition() -> bytes:
    """Every metric in Prometheus text format: this process's, or all workers' in multi-process mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(POOLS)  # this worker's pool; the gauges of the others are theirs to report
        return generate_latest(registry)
    return generate_latest(REGISTRY)
