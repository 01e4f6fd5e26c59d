"""`GET /api/{user_id}/events`: every change from every door and every instance reaches open streams, and a reconnect
with Last-Event-ID loses nothing."""

from __future__ import annotations

import json
import queue
import threading
import time
from contextlib import contextmanager

import anyio
import anyio.from_thread
import httpx

from chatbot.app import create_app
from chatbot.serving import serve_in_thread
from tests.conftest import auth

WITHIN_SECONDS = 1.0  # the promise: a change reaches open streams within a second


@contextmanager
def listening(base: str, user: str = "alice", last_event_id: str | None = None):
    """An open event stream, read in a thread of its own; yields a queue of its events ({"id", ...data}) and the
    response's status. Leaving the block hangs up at once (the reading task is cancelled)."""
    events: queue.Queue = queue.Queue()
    opened = threading.Event()
    status: dict[str, int] = {}
    headers = auth(user) | ({"Last-Event-ID": last_event_id} if last_event_id else {})
    stop: dict[str, object] = {}

    async def read() -> None:
        stop["scope"] = anyio.CancelScope()
        with stop["scope"]:
            async with httpx.AsyncClient(timeout=httpx.Timeout(10, read=60)) as client:
                async with client.stream("GET", f"{base}/api/{user}/events", headers=headers) as response:
                    status["code"] = response.status_code
                    opened.set()
                    event_id = None
                    async for line in response.aiter_lines():
                        if line.startswith("id: "):
                            event_id = int(line[4:])
                        elif line.startswith("data: "):
                            events.put({"id": event_id, **json.loads(line[6:])})
        opened.set()

    with anyio.from_thread.start_blocking_portal() as portal:
        reading = portal.start_task_soon(read)
        assert opened.wait(10)
        time.sleep(0.2)  # the stream is registered before the test makes its change
        try:
            yield events, status.get("code")
        finally:
            portal.call(lambda: stop["scope"].cancel())
            reading.result(timeout=5)


def next_event(events: queue.Queue, within: float = WITHIN_SECONDS) -> dict:
    return events.get(timeout=within)


def test_a_change_on_one_instance_reaches_a_stream_on_another_within_a_second(settings):
    with serve_in_thread(create_app(settings)) as first, serve_in_thread(create_app(settings)) as second:
        with listening(first) as (events, status):
            assert status == 200
            made = httpx.post(f"{second}/api/alice/tasks", json={"title": "Buy milk"}, headers=auth("alice")).json()
            created = next_event(events)
            assert created["type"] == "task.created" and created["task"]["title"] == "Buy milk"
            assert created["task"]["id"] == made["id"] and set(created["task"]) == set(made)

            httpx.patch(f"{second}/api/alice/tasks/{made['id']}/complete", headers=auth("alice"))
            assert next_event(events)["type"] == "task.completed"
            answer = httpx.post(
                f"{second}/api/alice/chat",
                json={"message": "add call the plumber"},
                headers={**auth("alice"), "Accept": "application/json"},
            )
            assert answer.status_code == 200
            assert next_event(events)["task"]["title"] == "Call the plumber"  # from chat, through the tools


def test_a_reconnect_with_last_event_id_gets_everything_it_missed_in_order(settings):
    with serve_in_thread(create_app(settings)) as base:
        with listening(base) as (events, _):
            made = httpx.post(f"{base}/api/alice/tasks", json={"title": "Water plants"}, headers=auth("alice")).json()
            last_seen = next_event(events)["id"]
        url = f"{base}/api/alice/tasks/{made['id']}"
        httpx.put(url, json={"title": "Water the plants"}, headers=auth("alice"))
        httpx.patch(f"{url}/complete", headers=auth("alice"))
        httpx.patch(f"{url}/complete", json={"completed": False}, headers=auth("alice"))
        httpx.put(url, json={"title": "Water the plants"}, headers=auth("alice"))  # the same again: nothing happens
        httpx.delete(url, headers=auth("alice"))
        with listening(base, last_event_id=str(last_seen)) as (events, _):
            missed = [next_event(events) for _ in range(4)]
            assert [event["type"] for event in missed] == ["task.updated", "task.completed", "task.reopened", "task.deleted"]
            assert missed[-1]["task_id"] == made["id"]
            assert [event["id"] for event in missed] == sorted(event["id"] for event in missed)
            assert events.empty()


def test_streams_are_the_users_own_and_bounded(settings):
    with serve_in_thread(create_app(settings)) as base:
        assert httpx.get(f"{base}/api/alice/events").status_code == 401
        assert httpx.get(f"{base}/api/alice/events", headers=auth("bob")).status_code == 403
        with listening(base, "bob") as (bobs, _):
            streams = [listening(base) for _ in range(5)]
            opened = [stream.__enter__() for stream in streams]
            try:
                assert all(status == 200 for _, status in opened)
                sixth = httpx.get(f"{base}/api/alice/events", headers=auth("alice"))
                assert sixth.status_code == 429 and sixth.json()["error"]["code"] == "too_many_streams"
                httpx.post(f"{base}/api/alice/tasks", json={"title": "Alice's own"}, headers=auth("alice"))
                assert all(next_event(events)["task"]["title"] == "Alice's own" for events, _ in opened)
                assert bobs.empty()  # nothing of alice's reaches bob
            finally:
                for stream in streams:
                    stream.__exit__(None, None, None)
