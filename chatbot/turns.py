"""The stateless chat cycle: load the conversation, store the message, run the agent, store the reply."""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import anyio
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from chatbot import engine, history, replies, store
from chatbot.agent import Agent, Event, Turn
from chatbot.errors import Conflict, ServiceUnavailable, TooManyRequests, Unprocessable
from chatbot.metrics import RATE_LIMITED
from chatbot.model import ToolOutcome
from chatbot.planning import now_in
from chatbot.toolbox import LocalToolbox, RemoteToolbox
from chatbot.validation import shorten

log = logging.getLogger("chatbot.turns")
TITLE_LENGTH = 80
RATE_WINDOW_SECONDS = 60
Toolbox = LocalToolbox | RemoteToolbox


class ConversationRecorder:
    """Stores each message of a turn as it happens, borrowing a connection only for the write."""

    def __init__(self, pool: AsyncConnectionPool, user_id: str, conversation_id: int):
        self.pool = pool
        self.user_id = user_id
        self.conversation_id = conversation_id

    async def add(self, role, content, tool_calls=None, tool_call_id=None) -> None:
        async with self.pool.connection() as conn:
            await store.add_message(conn, self.user_id, self.conversation_id, role, content, tool_calls, tool_call_id)


@dataclass
class TurnRequest:
    """One person's message, with what guards the turn it starts."""

    user_id: str
    message: str
    conversation_id: int | None = None
    idempotency_key: str | None = None
    # The IANA timezone the client is in, remembered as the user's (checked already).
    timezone: str | None = None


@dataclass
class TurnLimits:
    history: int = 50
    snapshot: int = 0
    turns_per_minute: int = 0
    lease_seconds: float = 60.0


@dataclass
class TurnStart:
    """The conversation the turn runs in and what the model reads, or the earlier answer to replay."""

    conversation_id: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    replay: dict[str, Any] | None = None


async def begin_turn(pool: AsyncConnectionPool, request: TurnRequest, limits: TurnLimits) -> TurnStart:
    """Check the key and the rate, lease the conversation and store the message, all or nothing.

    A repeated Idempotency-Key gets the first turn's answer (409 while that turn still runs);
    a user past `turns_per_minute` gets 429; a conversation another turn holds gets 409.
    """
    user_id = request.user_id
    async with pool.connection() as conn:
        if request.timezone:
            await store.set_user_timezone(conn, user_id, request.timezone)
        # Read first: the snapshot only reads tasks, and a failure here leaves nothing behind.
        if limits.snapshot:
            zone, *snapshot = await store.turn_context(conn, user_id, limits.snapshot)
        else:
            zone, snapshot = await store.user_timezone(conn, user_id), None
        now = now_in(request.timezone or zone)
        guarded = bool(request.idempotency_key or limits.turns_per_minute)
        # Unguarded, the start is one statement, atomic by itself; the guards commit or roll back with it.
        async with conn.transaction() if guarded else nullcontext():
            if guarded and (replay := await _guard(conn, request, limits)) is not None:
                return replay
            conversation_id, rows = await _start(conn, request, limits)
            if request.idempotency_key:  # a retry after a crash answers in this conversation
                await store.note_key_conversation(conn, user_id, request.idempotency_key, conversation_id)
    system = history.system_message(now, *snapshot) if snapshot else history.system_message(now)
    return TurnStart(conversation_id, [system, *history.window(rows), {"role": "user", "content": request.message}])


async def _guard(conn: AsyncConnection, request: TurnRequest, limits: TurnLimits) -> TurnStart | None:
    """The earlier answer of a repeated key, None for a turn that may run; 409 or 429 otherwise."""
    user_id, key = request.user_id, request.idempotency_key
    await store.ensure_user(conn, user_id)
    fingerprint = _fingerprint(request) if key else ""
    if key and (earlier := await store.claim_turn_key(conn, user_id, key, limits.lease_seconds, fingerprint)):
        if earlier["request_hash"] is not None and earlier["request_hash"] != fingerprint:
            # The IETF Idempotency-Key draft: a key reused with another request is the client's mistake to see.
            raise Unprocessable(
                "This Idempotency-Key was already used with a different request; use a new key for a new message.",
                code="idempotency_key_reused",
            )
        if earlier["status"] == "done":
            return TurnStart(earlier["conversation_id"], replay=earlier["response"])
        # A running key whose lease ran out belonged to a turn that died (a crash, or its end went unstored).
        retakable = earlier["status"] == "failed" or earlier["expired"]
        if retakable and earlier["conversation_id"] and (effects := await store.turn_effects(conn, user_id, key)):
            # It changed tasks before it died: answer from what it did, never do it again.
            return TurnStart(earlier["conversation_id"], replay=await _answer_from(conn, request, earlier, effects))
        if not retakable or not await store.retake_turn_key(conn, user_id, key, limits.lease_seconds):
            raise Conflict(
                "A turn with this Idempotency-Key is still running.",
                code="turn_in_progress",
                retry_after=max(1, math.ceil(earlier["lease_seconds_left"] or 1)),
            )
    if limits.turns_per_minute:
        wait = await store.count_turn(conn, user_id, limits.turns_per_minute, RATE_WINDOW_SECONDS)
        if wait is not None:
            RATE_LIMITED.labels("chat_turns").inc()
            raise TooManyRequests(
                f"You can send {limits.turns_per_minute} messages a minute; please wait a moment.",
                retry_after=max(1, math.ceil(wait)),
            )
    return None


INTERRUPTED = "(The first try was interrupted after this; ask again for anything it had not done yet.)"


async def _answer_from(
    conn: AsyncConnection, request: TurnRequest, earlier: dict[str, Any], effects: list[dict[str, Any]]
) -> dict[str, Any]:
    """The answer of a keyed turn that died after changing tasks, from the changes it made: stored as its reply and
    as the key's answer, in the transaction that retakes the key."""
    done = [ToolOutcome(effect["name"], effect["arguments"], effect["result"]) for effect in effects]
    reply = f"{replies.summarize(done)} {INTERRUPTED}"
    answer = {
        "conversation_id": earlier["conversation_id"],
        "response": reply,
        "tool_calls": [outcome.public() for outcome in done],
        "model_calls": 0,
    }
    await store.close_interrupted_calls(conn, request.user_id, earlier["conversation_id"])
    await store.finish_turn(conn, request.user_id, earlier["conversation_id"], reply)
    await store.finish_turn_key(conn, request.user_id, request.idempotency_key, earlier["conversation_id"], answer)
    return answer


def _fingerprint(request: TurnRequest) -> str:
    """What makes two requests the same one, for an idempotency key: the message, its conversation and timezone."""
    said = json.dumps([request.message, request.conversation_id, request.timezone], ensure_ascii=False)
    return hashlib.sha256(said.encode()).hexdigest()


async def _start(conn: AsyncConnection, request: TurnRequest, limits: TurnLimits) -> tuple[int, list[store.StoredMessage]]:
    """The conversation, leased to this turn with the message stored, and the history before it."""
    user_id, conversation_id = request.user_id, request.conversation_id
    if conversation_id is None:
        title = _title(request.message)
        return await store.start_conversation(conn, user_id, title, request.message, limits.lease_seconds), []
    # A turn that died mid-call left calls with no result: closed first, so they come before this turn's message.
    await store.close_interrupted_calls(conn, user_id, conversation_id)
    rows = await store.continue_conversation(
        conn, user_id, conversation_id, request.message, limits.lease_seconds, limits.history
    )
    if rows is None:
        await store.get_conversation(conn, user_id, conversation_id)  # 404 when it is not theirs
        raise Conflict(
            "Another turn of this conversation is still running; try again when it ends.", code="turn_in_progress", retry_after=2
        )
    return conversation_id, rows


async def end_turn(
    pool: AsyncConnectionPool,
    request: TurnRequest,
    conversation_id: int,
    closing: str,
    answer: dict[str, Any] | None,
    *,
    wait_seconds: float | None = None,
) -> None:
    """Store the turn's closing reply, free the conversation, and keep a keyed turn's answer (None: it failed)."""
    connection = pool.connection(timeout=wait_seconds)
    async with connection as conn, conn.transaction() if request.idempotency_key else nullcontext():
        await store.finish_turn(conn, request.user_id, conversation_id, closing)
        if request.idempotency_key:
            await store.finish_turn_key(conn, request.user_id, request.idempotency_key, conversation_id, answer)


class TurnGate:
    """At most `capacity` turns run at once in this process, and at most `per_user` of them one user's; one more is
    told at once to come back.

    A turn that starts only to wait for the pool or the CPU behind a crowd would time out half done;
    refused up front, it costs nothing and the client knows when to retry. The share per user keeps one user's
    burst (200 list turns at once) from taking the pool every other user's requests need.
    """

    def __init__(self, capacity: int, per_user: int = 4):
        self.capacity = capacity
        self.per_user = per_user
        self.running = 0
        self.by_user: dict[str, int] = {}

    def enter(self, user_id: str) -> None:
        if self.by_user.get(user_id, 0) >= self.per_user:
            RATE_LIMITED.labels("concurrent_turns").inc()
            raise TooManyRequests(
                f"You have {self.per_user} messages being answered already; send the next when one is done.",
                code="turns_in_progress",
                retry_after=1,
            )
        if self.running >= self.capacity:
            raise ServiceUnavailable(
                "The assistant is busy with other conversations; please try again in a moment.", code="server_busy", retry_after=2
            )
        self.running += 1
        self.by_user[user_id] = self.by_user.get(user_id, 0) + 1

    def leave(self, user_id: str) -> None:
        self.running -= 1
        if (left := self.by_user.get(user_id, 1) - 1) > 0:
            self.by_user[user_id] = left
        else:
            self.by_user.pop(user_id, None)


class TurnRunner:
    """Runs a turn's agent with the user's tools, recording as it goes, within the turn's time limit."""

    def __init__(
        self, agent: Agent, toolbox: Toolbox, pool: AsyncConnectionPool, timeout_seconds: float, fast: Agent | None = None
    ):
        self.agent = agent
        # The fast path: a plain command is planned by the offline engine, with no model call (chatbot/fastpath.py).
        self.fast = fast
        self.toolbox = toolbox
        self.pool = pool
        self.timeout_seconds = timeout_seconds

    async def run(self, turn: Turn, emit: Callable[[Event], None]) -> None:
        """Pass each event of the turn to `emit`; 503 past the time limit."""
        recorder = ConversationRecorder(self.pool, turn.user_id, turn.conversation_id)
        with anyio.move_on_after(self.timeout_seconds) as scope:
            agent = self.fast if self.fast is not None and engine.read(turn.messages).fast else self.agent
            log.info(
                "turn path",
                extra={
                    "user_id": turn.user_id,
                    "conversation_id": turn.conversation_id,
                    "path": "fast" if agent is self.fast else "model",
                },
            )
            async with self.toolbox.session(turn.user_id, turn.token, turn.key) as tools:
                async for event in agent.run(turn, tools, recorder):
                    emit(event)
        if scope.cancelled_caught:
            log.warning("turn timed out", extra={"user_id": turn.user_id, "conversation_id": turn.conversation_id})
            raise ServiceUnavailable(
                "The assistant took too long to answer; what it did so far is saved. Please try again.",
                code="turn_timeout",
                retry_after=5,
            )


def _title(message: str) -> str:
    first_line = message.strip().splitlines()[0] if message.strip() else "New conversation"
    return shorten(first_line, TITLE_LENGTH)
