"""The stateless chat cycle: load the conversation, store the message, run the agent, store the reply."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from psycopg_pool import AsyncConnectionPool

from chatbot import history, store
from chatbot.agent import Agent, Event
from chatbot.toolbox import LocalToolbox, RemoteToolbox
from chatbot.errors import ChatbotError, Conflict, ServiceUnavailable, TooManyRequests

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
    """In one transaction: check the key and the rate, lease the conversation, store the message.

    A repeated Idempotency-Key gets the first turn's answer (409 while that turn still runs);
    a user past `turns_per_minute` gets 429; a conversation another turn holds gets 409.
    """
    user_id = request.user_id
    async with pool.connection() as conn, conn.transaction():
        await store.ensure_user(conn, user_id)
        if request.idempotency_key and (earlier := await store.claim_turn_key(conn, user_id, request.idempotency_key)):
            if earlier["status"] == "done":
                return TurnStart(earlier["conversation_id"], replay=earlier["response"])
            if earlier["status"] == "running" or not await store.retake_turn_key(conn, user_id, request.idempotency_key):
                raise Conflict("A turn with this Idempotency-Key is still running.", code="turn_in_progress")
        if limits.turns_per_minute:
            turns, wait = await store.recent_turns(conn, user_id, RATE_WINDOW_SECONDS)
            if turns >= limits.turns_per_minute:
                raise TooManyRequests(
                    f"You can send {limits.turns_per_minute} messages a minute; please wait a moment.",
                    retry_after=max(1, math.ceil(wait)),
                )
        conversation_id = request.conversation_id
        if conversation_id is None:
            conversation = await store.create_conversation(conn, user_id, _title(request.message), limits.lease_seconds)
            conversation_id, rows = conversation["id"], []
        else:
            if not await store.take_lease(conn, user_id, conversation_id, limits.lease_seconds):
                await store.get_conversation(conn, user_id, conversation_id)  # 404 when it is not theirs
                raise Conflict("Another turn of this conversation is still running; try again when it ends.",
                               code="turn_in_progress", retry_after=2)
            rows = await store.recent_messages(conn, user_id, conversation_id, limits.history)
        await store.add_message(conn, user_id, conversation_id, "user", request.message)
        snapshot = await store.open_tasks_snapshot(conn, user_id, limits.snapshot) if limits.snapshot else None
    system = history.system_message(None, *snapshot) if snapshot else history.system_message()
    return TurnStart(conversation_id, [system, *history.window(rows), {"role": "user", "content": request.message}])


async def end_turn(
    pool: AsyncConnectionPool, request: TurnRequest, conversation_id: int, answer: dict[str, Any] | None
) -> None:
    """Free the conversation and, for a keyed turn, keep its answer (None: failed) for retries."""
    async with pool.connection() as conn, conn.transaction():
        await store.release_lease(conn, request.user_id, conversation_id)
        if request.idempotency_key:
            await store.finish_turn_key(conn, request.user_id, request.idempotency_key, conversation_id, answer)


async def run_turn(
    agent: Agent,
    toolbox: Toolbox,
    pool: AsyncConnectionPool,
    user_id: str,
    token: str | None,
    conversation_id: int,
    messages: list[dict[str, Any]],
    timeout_seconds: float,
    emit: Callable[[Event], None],
    *,
    streaming: bool = True,
) -> None:
    """Run the agent for one turn, passing each event to `emit`; 503 past `timeout_seconds`."""
    recorder = ConversationRecorder(pool, user_id, conversation_id)
    with anyio.move_on_after(timeout_seconds) as scope:
        try:
            async with toolbox.session(user_id, token) as tools:
                async for event in agent.run(messages, tools, conversation_id, recorder, streaming=streaming):
                    emit(event)
        except* ChatbotError as group:
            # A remote MCP session runs the turn inside its task group, which wraps what the turn raises.
            raise _first(group) from None
    if scope.cancelled_caught:
        log.warning("turn timed out", extra={"user_id": user_id, "conversation_id": conversation_id})
        raise ServiceUnavailable(
            "The assistant took too long to answer; what it did so far is saved. Please try again.",
            code="turn_timeout",
            retry_after=5,
        )


def _first(group: BaseException) -> BaseException:
    while isinstance(group, BaseExceptionGroup):
        group = group.exceptions[0]
    return group


def _title(message: str) -> str:
    first_line = message.strip().splitlines()[0] if message.strip() else "New conversation"
    return first_line if len(first_line) <= TITLE_LENGTH else first_line[: TITLE_LENGTH - 1].rstrip() + "…"
