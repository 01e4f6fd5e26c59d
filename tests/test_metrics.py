"""`GET /metrics`: off by default, on by a setting or behind its own token, and counting across workers."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import auth
from tests.helpers import json_turn, wait_until
from tests.serving import serving


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """Every sample of an exposition, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_off_unless_switched_on(client):
    answer = client.get("/metrics")
    assert answer.status_code == 404 and "METRICS_ENABLED" in answer.json()["error"]["message"]


def test_metrics_count_requests_turns_model_and_tool_calls_the_pool_and_refusals(make_client):
    client = make_client(metrics_enabled=True, chat_turns_per_minute=1)
    before = samples(client.get("/metrics").text)
    assert json_turn(client, "add a task to buy milk").status_code == 200
    assert json_turn(client, "show my tasks").status_code == 429
    found = samples(client.get("/metrics").text)

    def grew(name: str, **labels: str) -> float:
        return value(found, name, **labels) - value(before, name, **labels)

    assert grew("chatbot_http_requests_total", method="POST", route="/api/{user_id}/chat", status="200") == 1
    assert grew("chatbot_http_requests_total", method="POST", route="/api/{user_id}/chat", status="429") == 1
    assert grew("chatbot_turn_seconds_count", outcome="ok") == 1
    assert grew("chatbot_model_call_seconds_count") == 2  # the tool call, then the reply
    assert grew("chatbot_tool_calls_total", tool="add_task", outcome="ok") == 1
    assert grew("chatbot_rate_limited_total", limit="chat_turns") == 1
    assert ("chatbot_db_pool_in_use", ()) in found and ("chatbot_db_pool_waiting", ()) in found
    # One series per route, never per path: the user id is not a label value.
    assert not [key for key in found if any("alice" in str(v) for _, v in key[1])]


def test_a_metrics_token_guards_the_route(make_client):
    client = make_client(metrics_token="scrape-me")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    answer = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")


def test_under_several_workers_a_scrape_adds_up_every_worker(database_url, tmp_path):
    with serving(database_url, tmp_path, "--workers", "2", METRICS_ENABLED="true") as server:
        with httpx.Client(base_url=server.base, timeout=30) as http:
            # Fresh connections each time, so the kernel spreads them over both workers.
            for number in range(12):
                with httpx.Client(base_url=server.base, timeout=30) as one:
                    assert one.get(f"/api/user{number}/tasks", headers=auth(f"user{number}")).status_code == 200

            def counted() -> float:
                found = samples(http.get("/metrics").text)
                return value(found, "chatbot_http_requests_total", method="GET", route="/api/{user_id}/tasks", status="200")

            # A worker counts a request as its response ends, so a scrape at once may come a moment before the last count.
            wait_until(lambda: counted() == 12, timeout=5, what="all 12 requests counted, whichever worker is scraped")


def test_serve_reload_starts_uvicorns_reloader(database_url, tmp_path):
    with serving(database_url, tmp_path, "--reload", LOG_LEVEL="INFO") as server:
        assert httpx.get(f"{server.base}/health").status_code == 200
    assert "reloader" in server.stderr().lower()


@pytest.mark.parametrize(
    "header, status",
    [
        ("Bearer scrape-me", 200),
        ("bearer scrape-me", 200),
        ("BEARER scrape-me", 200),
        ("scrape-me", 401),
        ("Basic scrape-me", 401),
    ],
)
def test_the_metrics_token_is_read_as_rfc_6750_says(make_client, header, status):
    client = make_client(metrics_token="scrape-me")
    assert client.get("/metrics", headers={"Authorization": header}).status_code == status
