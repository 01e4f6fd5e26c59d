"""Reminders: set, read and re-armed through every door, and delivered exactly once at their time, on the event
stream and to a signed webhook, however many instances run and whatever crashes between claim and delivery."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import anyio
import httpx
import psycopg
import pytest
from standardwebhooks.webhooks import Webhook

from chatbot import db
from chatbot.app import create_app
from chatbot.reminders import Scheduler
from chatbot.serving import serve_in_thread
from tests.conftest import auth, sql
from tests.helpers import wait_until
from tests.test_events import listening, next_event

WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"a reminder webhook secret, 32 by").decode()


class Receiver:
    """A local webhook receiver: answers with `answers` in turn (then 200) and keeps what it was sent."""

    def __init__(self):
        self.answers: list[int] = []
        self.got: list[tuple[dict[str, str], bytes]] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                received.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(received.answers.pop(0) if received.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.request_queue_size = 64  # fifty reminders at once arrive together
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/reminders"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, within: float) -> None:
        deadline = time.monotonic() + within
        while len(self.got) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.got) >= count, f"the receiver got {len(self.got)} of {count} within {within} s"


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


def run(url: str, query: str, *params) -> None:
    """A statement run straight on the test database, for rows a test sets up."""
    with psycopg.connect(url) as conn:
        conn.execute(query, params)


def hooked(settings, receiver):
    return dataclasses.replace(settings, reminder_webhook_url=receiver.url, reminder_webhook_secret=WEBHOOK_SECRET)


def soon(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


def test_a_reminder_arrives_once_on_the_stream_and_once_at_a_webhook_that_first_failed(settings, receiver):
    receiver.answers = [500]
    with serve_in_thread(create_app(hooked(settings, receiver))) as base, listening(base) as (events, _):
        at = soon(2)
        made = httpx.post(f"{base}/api/alice/tasks", json={"title": "Call mom", "remind_at": at}, headers=auth("alice"))
        assert made.status_code == 201, made.text
        task = made.json()
        assert datetime.fromisoformat(task["remind_at"]) == datetime.fromisoformat(at) and task["reminded_at"] is None
        assert next_event(events)["type"] == "task.created"

        reminder = next_event(events, within=8)
        arrived = datetime.now(UTC)
        assert reminder["type"] == "reminder" and reminder["task"]["id"] == task["id"]
        assert reminder["late"] is False and datetime.fromisoformat(reminder["remind_at"]) == datetime.fromisoformat(at)
        assert timedelta(0) <= arrived - datetime.fromisoformat(at) <= timedelta(seconds=5)

        receiver.wait_for(2, within=10)  # refused once, then taken when tried again
        (first, first_body), (second, second_body) = receiver.got[:2]
        assert first["webhook-id"] == second["webhook-id"]
        for headers, body in receiver.got:
            payload = Webhook(WEBHOOK_SECRET).verify(body, headers)  # signed as Standard Webhooks receivers check
            assert payload["type"] == "reminder" and payload["task"]["title"] == "Call mom" and payload["late"] is False
        # Once delivery is noted as sent, nothing is left to send again.
        wait_until(lambda: sql(settings.database_url, "SELECT status FROM reminder_webhooks") == [("sent",)], what="delivered")
        assert len(receiver.got) == 2, "a webhook the receiver took is not sent again"
        assert all(e["type"] != "reminder" for e in list(events.queue)), "one reminder, once"
        read = httpx.get(f"{base}/api/alice/tasks/{task['id']}", headers=auth("alice")).json()
        assert read["reminded_at"] is not None


def test_two_instances_deliver_fifty_reminders_due_in_one_second_exactly_once(settings, receiver):
    url = settings.database_url
    with serve_in_thread(create_app(hooked(settings, receiver))), serve_in_thread(create_app(hooked(settings, receiver))):
        at = soon(1.5)
        for n in range(50):
            run(url, "INSERT INTO users (id) VALUES (%s) ON CONFLICT DO NOTHING", f"user-{n % 5}")
            run(url, "INSERT INTO tasks (user_id, title, remind_at) VALUES (%s, %s, %s)", f"user-{n % 5}", f"Task {n}", at)
        receiver.wait_for(50, within=12)
        # every delivery noted as sent: nothing is left that either instance could send again
        wait_until(lambda: sql(url, "SELECT count(*) FROM reminder_webhooks WHERE status <> 'sent'") == [(0,)], what="all sent")
    told = sql(url, "SELECT task_id, count(*) FROM task_events WHERE type = 'reminder' GROUP BY task_id")
    assert len(told) == 50 and all(count == 1 for _, count in told)
    ids = [headers["webhook-id"] for headers, _ in receiver.got]
    assert len(ids) == 50 and len(set(ids)) == 50


@pytest.mark.anyio
async def test_a_crash_between_claim_and_webhook_is_delivered_after_the_lease(database_url, receiver, caplog):
    run(database_url, "INSERT INTO users (id) VALUES ('alice')")
    run(database_url, "INSERT INTO tasks (user_id, title, remind_at) VALUES ('alice', 'Post the letter', now())")
    pool = await db.open_pool(database_url, 2)
    try:
        crashed = Scheduler(pool, receiver.url, WEBHOOK_SECRET, lease=0.1)
        assert await crashed.claim() == 1
        async with pool.connection() as conn:  # claimed for sending, and then the process died
            claimed = await db.fetch_all(conn, "claim_webhooks", limit=10, lease=0.1)
        assert len(claimed) == 1
        after = Scheduler(pool, receiver.url, WEBHOOK_SECRET)
        async with httpx.AsyncClient() as http:
            assert await after.send_webhooks(http) == 0  # the lease still holds
            await anyio.sleep(0.15)
            assert await after.send_webhooks(http) == 1
            assert await after.send_webhooks(http) == 0
    finally:
        await pool.close()
    assert len(receiver.got) == 1 and receiver.got[0][0]["webhook-id"] == f"reminder_{claimed[0]['id']}"
    assert sql(database_url, "SELECT status, attempts FROM reminder_webhooks") == [("sent", 2)]


@pytest.mark.anyio
async def test_a_late_reminder_says_so_and_one_a_day_late_is_skipped_and_logged(database_url, caplog):
    run(database_url, "INSERT INTO users (id) VALUES ('alice')")
    for title, ago in (("Ten minutes late", "10 minutes"), ("Two days late", "2 days"), ("Done already", "1 minute")):
        run(
            database_url,
            "INSERT INTO tasks (user_id, title, remind_at, completed) VALUES ('alice', %s, now() - %s::interval, %s)",
            title, ago, title == "Done already",
        )  # fmt: skip
    pool = await db.open_pool(database_url, 2)
    try:
        with caplog.at_level(logging.INFO, logger="chatbot.reminders"):
            assert await Scheduler(pool).claim() == 2  # a completed task's reminder is cancelled
            assert await Scheduler(pool).claim() == 0
    finally:
        await pool.close()
    told = sql(database_url, "SELECT task->>'title', detail->>'late' FROM task_events WHERE type = 'reminder'")
    assert told == [("Ten minutes late", "true")]
    assert any("more than a day late" in r.message and r.remind_at for r in caplog.records)


def test_reminders_are_set_in_the_users_timezone_cleared_and_re_armed(client, database_url):
    run(database_url, "INSERT INTO users (id, timezone) VALUES ('alice', 'Europe/Berlin')")
    headers = auth("alice")
    made = client.post("/api/alice/tasks", json={"title": "Water the plants", "remind_at": "2027-01-15T08:30"}, headers=headers)
    task = made.json()
    assert made.status_code == 201 and task["remind_at"] == "2027-01-15T07:30:00+00:00"  # 08:30 in Berlin in winter
    url = f"/api/alice/tasks/{task['id']}"
    # The night the clocks go forward 02:30 never happens: it rings at 03:30, the first moment after the gap.
    assert (
        client.put(url, json={"remind_at": "2027-03-28T02:30"}, headers=headers).json()["remind_at"]
        == "2027-03-28T01:30:00+00:00"
    )
    # The night they go back 02:30 happens twice: it rings the first time.
    assert (
        client.put(url, json={"remind_at": "2027-10-31T02:30"}, headers=headers).json()["remind_at"]
        == "2027-10-31T00:30:00+00:00"
    )
    offset = client.put(url, json={"remind_at": "2027-01-15T08:30:00-05:00"}, headers=headers).json()
    assert offset["remind_at"] == "2027-01-15T13:30:00+00:00"
    assert client.put(url, json={"remind_at": None}, headers=headers).json()["remind_at"] is None
    assert [t["remind_at"] for t in client.get("/api/alice/tasks", headers=headers).json()] == [None]

    # A delivered reminder is armed again by a new time, or by reopening the task before its time.
    run(database_url, "UPDATE tasks SET remind_at = now() + interval '1 hour', reminded_at = now()")
    client.patch(url + "/complete", headers=headers)
    assert client.patch(url + "/complete", json={"completed": False}, headers=headers).json()["reminded_at"] is None
    run(database_url, "UPDATE tasks SET reminded_at = now()")
    assert client.put(url, json={"remind_at": "2027-02-01T09:00"}, headers=headers).json()["reminded_at"] is None
    got = client.get(url, headers=headers).json()
    assert client.put(url, json=got, headers=headers).json() == got  # PUT of what GET gave changes nothing


@pytest.mark.parametrize(
    "value", ["tomorrow", "2027-01-15", "2027-02-30T08:00", "2027-01-15T25:00", "10000-01-01T00:00", "2027-01-15T08:00+25:00", 5]
)
def test_a_reminder_that_is_not_a_moment_is_refused(client, value):
    made = client.post("/api/alice/tasks", json={"title": "x", "remind_at": value}, headers=auth("alice"))
    assert made.status_code in (400, 422) and "remind_at" in made.json()["error"]["message"]
    assert client.get("/api/alice/tasks", headers=auth("alice")).json() == []


def test_the_next_occurrence_is_reminded_as_long_before_its_due_across_the_clock_change(client, database_url):
    run(database_url, "INSERT INTO users (id, timezone) VALUES ('alice', 'Europe/Berlin')")
    body = {"title": "Take the pills", "due": "2027-03-27T09:00", "recurrence": "FREQ=DAILY", "remind_at": "2027-03-27T08:30"}
    task = client.post("/api/alice/tasks", json=body, headers=auth("alice")).json()
    assert task["remind_at"] == "2027-03-27T07:30:00+00:00"
    client.patch(f"/api/alice/tasks/{task['id']}/complete", headers=auth("alice"))
    [following] = client.get("/api/alice/tasks?status=pending", headers=auth("alice")).json()
    assert (following["due_date"], following["due_time"]) == ("2027-03-28", "09:00")
    assert following["remind_at"] == "2027-03-28T06:30:00+00:00"  # 08:30 in summer time: half an hour before, still
    assert following["reminded_at"] is None


@pytest.mark.anyio
async def test_the_tools_take_remind_at_and_lists_carry_it(database_url):
    from mcp import Client

    from chatbot.tools import create_mcp_server

    pool = await db.open_pool(database_url, 2)
    try:
        async with Client(create_mcp_server(pool)) as tools:
            made = await tools.call_tool("add_task", {"user_id": "alice", "title": "Call mom", "remind_at": "2027-05-01T17:00"})
            task_id = json.loads(made.content[0].text)["task_id"]
            listed = json.loads((await tools.call_tool("list_tasks", {"user_id": "alice"})).content[0].text)
            assert listed[0]["remind_at"] == "2027-05-01T17:00:00+00:00" and listed[0]["reminded_at"] is None
            await tools.call_tool("update_task", {"user_id": "alice", "task_id": task_id, "remind_at": None})
            listed = json.loads((await tools.call_tool("list_tasks", {"user_id": "alice"})).content[0].text)
            assert listed[0]["remind_at"] is None
            refused = await tools.call_tool("add_task", {"user_id": "alice", "title": "x", "remind_at": "soon"})
            assert refused.is_error and "remind_at" in refused.content[0].text
    finally:
        await pool.close()


@pytest.mark.parametrize(
    "message, ref, at, before, clear",
    [
        ("remind me about the dentist on Friday at 9", "the dentist", "2026-12-11T09:00", None, False),
        ("remind me about it tomorrow evening", "it", "2026-12-08T18:00", None, False),
        ("remind me about it 30 minutes before", "it", None, 30, False),
        ("remind me of the call an hour beforehand", "the call", None, 60, False),
        ("remind me half an hour before the standup", "the standup", None, 30, False),
        ("remind me 2 days before the flights", "the flights", None, 2880, False),
        ("don't remind me about that", "that", None, None, True),
        ("stop reminding me about the gym", "the gym", None, None, True),
        ("turn off the reminder for the bins", "the bins", None, None, True),
        ("remove the reminder from the passport task", "the passport task", None, None, True),
    ],
)
def test_words_about_being_reminded_of_a_task_are_read(message, ref, at, before, clear):
    from chatbot.engine.reminding import about_a_task

    said = about_a_task(message, datetime(2026, 12, 7).date())
    assert (said.ref, said.at, said.before, said.clear) == (ref, at, before, clear)


@pytest.mark.parametrize(
    "message",
    [
        "cancel the reminder to ring Pete",  # "reminder" is a task here: deleting it is the grammar's to read
        "kill the reminder about Pepper's vet appointment",
        "Please remove the reminder about the taxi",
        "remind me about the dentist",  # no time said
        "can you set reminders that repeat?",
        "add a reminder to call mom",
    ],
)
def test_words_that_name_a_task_a_reminder_are_left_to_the_grammar(message):
    from chatbot.engine.reminding import about_a_task

    assert about_a_task(message, datetime(2026, 12, 7).date()) is None


def test_a_reminder_moves_with_its_task_unless_the_change_sets_it(client):
    headers = auth("alice")
    body = {"title": "Dentist", "due": "2027-02-10T09:00", "remind_at": "2027-02-10T08:30"}
    task = client.post("/api/alice/tasks", json=body, headers=headers).json()
    url = f"/api/alice/tasks/{task['id']}"
    moved = client.put(url, json={"due": "2027-02-12T14:00"}, headers=headers).json()
    assert moved["remind_at"] == "2027-02-12T13:30:00+00:00"  # still half an hour before
    both = client.put(url, json={"due": "2027-02-15T10:00", "remind_at": "2027-02-14T18:00"}, headers=headers).json()
    assert both["remind_at"] == "2027-02-14T18:00:00+00:00"
    undated = client.put(url, json={"due": None}, headers=headers).json()
    assert undated["remind_at"] == "2027-02-14T18:00:00+00:00"  # no new due to count from: left where it was


@pytest.mark.parametrize(
    "message, read",
    [
        ("at 6pm remind me to feed the cat", "remind me to feed the cat at 6pm"),
        ("I need a reminder at 7:30 tomorrow morning to leave", "remind me to leave 7:30 tomorrow morning"),
        ("Set a reminder: renew the gym membership, Thursday 6pm", "remind me to renew the gym membership, thursday 6pm"),
        ("add a reminder for friday: book the restaurant", "remind me to book the restaurant friday"),
        ("remind me at lunchtime tomorrow to order the cake", "remind me to order the cake at noon tomorrow"),
        ("add a reminder to call mom", None),  # no time: a task, the grammar's to read
        ("remind me about the report to bring slides", None),
    ],
)
def test_a_new_task_to_be_reminded_of_is_put_as_the_grammar_reads_it(message, read):
    from chatbot.engine.reminding import as_an_add

    new = as_an_add(message, datetime(2026, 12, 7).date())
    assert (new.text if new else None) == read
