"""Live task events: one LISTEN per process on the outbox's channel, and each open stream woken when its user's
events arrive, whichever instance made the change.

The events themselves are rows the database writes in each change's own transaction (a trigger on `tasks`,
migration 0009), so a stream reads them from the table: a missed NOTIFY costs at most one ping's wait, never an event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import anyio
import psycopg
from psycopg_pool import AsyncConnectionPool

from chatbot import store
from chatbot.errors import TooManyRequests

log = logging.getLogger("chatbot.events")

CHANNEL = "task_events"
# A comment line this often keeps proxies from closing an idle stream; a stream also looks for events then.
PING_SECONDS = 15.0
# While the LISTEN connection is down, streams look for events this often instead.
POLL_SECONDS = 1.0
# Open streams one user may have in one process (a few windows and devices).
MOST_STREAMS_PER_USER = 5
PRUNE_SECONDS = 3600.0


@dataclass(eq=False)
class Subscription:
    """One open stream: woken when its user's events may have arrived."""

    user_id: str
    woken: anyio.Event = field(default_factory=anyio.Event)

    async def wait(self, seconds: float) -> bool:
        """Until woken or `seconds` pass; whether it was woken."""
        with anyio.move_on_after(seconds):
            await self.woken.wait()
        woken = self.woken.is_set()
        self.woken = anyio.Event()
        return woken


class EventHub:
    """This process's open streams by user, and the LISTEN connection that wakes them."""

    def __init__(self, conninfo: str, pool: AsyncConnectionPool):
        self.conninfo = conninfo
        self.pool = pool
        self.streams: dict[str, set[Subscription]] = {}
        self.listening = False

    @property
    def wait_seconds(self) -> float:
        return PING_SECONDS if self.listening else POLL_SECONDS

    def subscribe(self, user_id: str) -> Subscription:
        mine = self.streams.setdefault(user_id, set())
        if len(mine) >= MOST_STREAMS_PER_USER:
            raise TooManyRequests(
                f"At most {MOST_STREAMS_PER_USER} event streams may be open at once; close one first.",
                code="too_many_streams",
                retry_after=5,
            )
        subscription = Subscription(user_id)
        mine.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        mine = self.streams.get(subscription.user_id, set())
        mine.discard(subscription)
        if not mine:
            self.streams.pop(subscription.user_id, None)

    def wake(self, user_id: str) -> None:
        for subscription in self.streams.get(user_id, ()):
            subscription.woken.set()

    async def run(self) -> None:
        """LISTEN for changes until cancelled, reconnecting with back-off; prune old events on the way."""
        delay = 0.5
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(self._prune)
            while True:
                try:
                    async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True, connect_timeout=5) as conn:
                        await conn.execute(f"LISTEN {CHANNEL}")
                        self.listening, delay = True, 0.5
                        for user_id in list(self.streams):
                            self.wake(user_id)  # whatever happened while not listening
                        async for notice in conn.notifies():
                            self.wake(notice.payload)
                except psycopg.Error as error:
                    log.warning("event listener lost its connection", extra={"error": type(error).__name__})
                finally:
                    self.listening = False
                await anyio.sleep(delay)
                delay = min(delay * 2, 30.0)

    async def _prune(self) -> None:
        while True:
            try:
                async with self.pool.connection() as conn:
                    await store.prune_task_events(conn)
            except psycopg.Error as error:
                log.warning("could not prune old events", extra={"error": type(error).__name__})
            await anyio.sleep(PRUNE_SECONDS)
