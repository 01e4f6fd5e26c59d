"""The stateless chat cycle: load the conversation, store the message, run the agent, store the reply."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import anyio
from psycopg_pool import AsyncConnectionPool

from chatbot import history, store
from chatbot.agent import Agent, Event
from chatbot.toolbox import LocalToolbox, RemoteToolbox
from chatbot.errors import ServiceUnavailable

log = logging.getLogger("chatbot.turns")
TITLE_LENGTH = 80
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


async def begin_turn(
    pool: AsyncConnectionPool,
    user_id: str,
    message: str,
    conversation_id: int | None,
    history_limit: int,
    snapshot_size: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Open (or start) the conversation, store the user's message; return its id and what the model reads.

    With `snapshot_size`, the system prompt lists that many of the user's newest open tasks.
    """
    async with pool.connection() as conn, conn.transaction():
        await store.ensure_user(conn, user_id)
        if conversation_id is None:
            conversation = await store.create_conversation(conn, user_id, _title(message))
            conversation_id, rows = conversation["id"], []
        else:
            await store.get_conversation(conn, user_id, conversation_id)
            rows = await store.recent_messages(conn, user_id, conversation_id, history_limit)
        await store.add_message(conn, user_id, conversation_id, "user", message)
        snapshot = await store.open_tasks_snapshot(conn, user_id, snapshot_size) if snapshot_size else None
    system = history.system_message(None, *snapshot) if snapshot else history.system_message()
    messages = [system, *history.window(rows), {"role": "user", "content": message}]
    return conversation_id, messages


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
        async with toolbox.session(user_id, token) as tools:
            async for event in agent.run(messages, tools, conversation_id, recorder, streaming=streaming):
                emit(event)
    if scope.cancelled_caught:
        log.warning("turn timed out", extra={"user_id": user_id, "conversation_id": conversation_id})
        raise ServiceUnavailable(
            "The assistant took too long to answer; what it did so far is saved. Please try again.",
            code="turn_timeout",
            retry_after=5,
        )


def _title(message: str) -> str:
    first_line = message.strip().splitlines()[0] if message.strip() else "New conversation"
    return first_line if len(first_line) <= TITLE_LENGTH else first_line[: TITLE_LENGTH - 1].rstrip() + "…"
