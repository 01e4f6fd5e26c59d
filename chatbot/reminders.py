"""The reminder scheduler: each second, claim the reminders whose time has come and deliver them, exactly once
however many instances run.

Delivery to the event stream is the claim itself: one statement marks the reminders delivered and writes their
`reminder` events to the outbox (`chatbot/sql/reminders.sql`), with SKIP LOCKED so instances share the work. A
webhook delivery is a row of its own, claimed with a lease, POSTed with no database connection held, and retried
with back-off (the same `webhook-id` each time, so the receiver can drop a repeat) until it is taken or given up.

SKIP LOCKED over our own two tables rather than a task-queue library (procrastinate): the claim must be in the
same statement as the outbox write to be exactly once, and a queue would add its own schema and worker model to
a job that is one UPDATE a second.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

import anyio
import httpx
import psycopg
from psycopg_pool import AsyncConnectionPool
from standardwebhooks.webhooks import Webhook

from chatbot.db import execute, fetch_all
from chatbot.metrics import REMINDERS, WEBHOOK_SECONDS

log = logging.getLogger("chatbot.reminders")

TICK_SECONDS = 1.0
# The most reminders and webhook deliveries one tick takes on: the rest wait for the next tick.
BATCH = 200
# A reminder delivered this long after its time says `"late": true` (nothing ran at its time).
LATE_AFTER_SECONDS = 60.0
WEBHOOK_TIMEOUT_SECONDS = 5.0
# Webhook POSTs in flight at once from one instance: a burst of reminders does not flood the receiver.
WEBHOOK_CONCURRENCY = 8
# A claimed webhook delivery another instance may take over when no answer was recorded by then (a crash).
WEBHOOK_LEASE_SECONDS = 30.0
# Attempts before a webhook delivery is given up on, and the waits between them (then the last wait again).
WEBHOOK_ATTEMPTS = 8
WEBHOOK_WAITS = (1.0, 5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0)
PRUNE_SECONDS = 3600.0


def webhook_id(delivery: dict) -> str:
    """The `webhook-id` of a delivery: the same on every attempt, so a receiver can drop a repeat."""
    return f"reminder_{delivery['id']}"


class Scheduler:
    """Claims due reminders through `pool` and delivers them; `run` until cancelled."""

    def __init__(
        self,
        pool: AsyncConnectionPool,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        *,
        tick: float = TICK_SECONDS,
        waits: tuple[float, ...] = WEBHOOK_WAITS,
        lease: float = WEBHOOK_LEASE_SECONDS,
    ):
        self.pool = pool
        self.webhook_url = webhook_url
        self.signer = Webhook(webhook_secret) if webhook_url and webhook_secret else None
        self.tick = tick
        self.waits = waits
        self.lease = lease

    async def run(self) -> None:
        """Claim and deliver every tick until cancelled; a database outage is logged and waited out."""
        last_prune = 0.0
        http = httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS)
        try:
            while True:
                started = time.monotonic()
                try:
                    await self.claim()
                    if self.signer is not None:
                        await self.send_webhooks(http)
                    if started - last_prune > PRUNE_SECONDS:
                        async with self.pool.connection() as conn:
                            await execute(conn, "prune_reminder_webhooks")
                        last_prune = started
                except (psycopg.Error, TimeoutError) as error:
                    log.warning("reminders could not be claimed", extra={"error": type(error).__name__})
                await anyio.sleep(max(0.0, self.tick - (time.monotonic() - started)))
        finally:
            # Cancelled at shutdown: the receiver's kept-alive connections are closed even so, not left to the loop.
            with anyio.CancelScope(shield=True):
                await http.aclose()

    async def claim(self) -> int:
        """Deliver the reminders whose time has come to the event stream (and queue their webhooks); how many."""
        async with self.pool.connection() as conn:
            claimed = await fetch_all(
                conn, "claim_reminders", limit=BATCH, late_after=LATE_AFTER_SECONDS, webhook=self.signer is not None
            )
        for reminder in claimed:
            fields = {"user_id": reminder["user_id"], "task_id": reminder["id"], "remind_at": reminder["remind_at"].isoformat()}
            if reminder["stale"]:
                REMINDERS.labels("skipped").inc()
                log.warning("reminder skipped: more than a day late", extra=fields)
            else:
                REMINDERS.labels("late" if reminder["late"] else "delivered").inc()
                log.info("reminder delivered late" if reminder["late"] else "reminder delivered", extra=fields)
        return len(claimed)

    async def send_webhooks(self, http: httpx.AsyncClient) -> int:
        """POST the webhook deliveries due now, at most a batch, together; how many were tried."""
        async with self.pool.connection() as conn:
            due = await fetch_all(conn, "claim_webhooks", limit=BATCH, lease=self.lease)
        # No connection is held while the receiver answers.
        limiter = anyio.CapacityLimiter(WEBHOOK_CONCURRENCY)
        async with anyio.create_task_group() as posts:
            for delivery in due:
                posts.start_soon(self._post, http, delivery, limiter)
        return len(due)

    async def _post(self, http: httpx.AsyncClient, delivery: dict, limiter: anyio.CapacityLimiter) -> None:
        async with limiter:
            problem = await self._send(http, delivery)
        await self._record(delivery, problem)

    async def _send(self, http: httpx.AsyncClient, delivery: dict) -> str | None:
        """POST one delivery, signed; what went wrong, or None when the receiver took it."""
        body = json.dumps(delivery["payload"], separators=(",", ":"))
        message_id = webhook_id(delivery)
        now = datetime.now(UTC)
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self.signer.sign(message_id, now, body),
        }
        started = time.monotonic()
        try:
            answer = await http.post(self.webhook_url, content=body, headers=headers)
            problem = None if answer.is_success else f"the receiver answered {answer.status_code}"
        except httpx.HTTPError as error:
            problem = f"{type(error).__name__}: {error}"[:300]
        WEBHOOK_SECONDS.observe(time.monotonic() - started)
        return problem

    async def _record(self, delivery: dict, problem: str | None) -> None:
        """Note a delivery sent, or to be tried again after a wait, or given up on."""
        fields = {"user_id": delivery["user_id"], "webhook_id": webhook_id(delivery), "attempt": delivery["attempts"]}
        async with self.pool.connection() as conn:
            if problem is None:
                await execute(conn, "webhook_sent", user_id=delivery["user_id"], id=delivery["id"])
                return
            give_up = delivery["attempts"] >= WEBHOOK_ATTEMPTS
            wait = self.waits[min(delivery["attempts"], len(self.waits)) - 1]
            await execute(
                conn, "webhook_failed", user_id=delivery["user_id"], id=delivery["id"], error=problem, give_up=give_up, wait=wait
            )
        if give_up:
            REMINDERS.labels("webhook_failed").inc()
            log.error("reminder webhook given up", extra=fields | {"error": problem})
        else:
            log.warning("reminder webhook failed; trying again", extra=fields | {"error": problem, "wait_seconds": wait})
