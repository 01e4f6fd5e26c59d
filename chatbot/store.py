"""Typed functions over the named queries; the caller passes the connection and owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal, TypedDict

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from chatbot.db import execute, fetch_all, fetch_one
from chatbot.errors import Conflict, NotFound
from chatbot.planning import (
    DEFAULT_TIMEZONE,
    DueRange,
    Planning,
    local_moment,
    next_due,
    now_in,
    resolve_remind,
    shifted_reminder,
)

TaskStatus = Literal["all", "pending", "completed"]
Role = Literal["user", "assistant", "tool"]
_COMPLETED_FILTER = {"all": None, "pending": False, "completed": True}


class Task(TypedDict):
    id: int
    title: str
    description: str | None
    completed: bool
    created_at: datetime
    updated_at: datetime
    due_date: date | None
    due_time: time | None
    priority: str
    tags: list[str]
    recurrence: str | None
    completed_at: datetime | None
    remind_at: datetime | None
    reminded_at: datetime | None


class Conversation(TypedDict):
    id: int
    title: str | None
    created_at: datetime
    updated_at: datetime


class StoredMessage(TypedDict):
    id: int
    role: Role
    content: str | None
    tool_calls: list[dict[str, Any]] | None
    tool_call_id: str | None
    created_at: datetime


async def ensure_user(conn: AsyncConnection, user_id: str) -> None:
    """Create the user's row if this is their first request."""
    await execute(conn, "ensure_user", user_id=user_id)


async def add_task(
    conn: AsyncConnection,
    user_id: str,
    title: str,
    description: str | None = None,
    plan: Planning | None = None,
    *,
    follows: int | None = None,
) -> Task:
    """Create a task, with the planning fields `plan` gives (`follows`: the repeating task whose completion made it)."""
    plan = plan or Planning()
    return await fetch_one(
        conn,
        "add_task",
        remind_at=await _exact_reminder(conn, user_id, plan),
        user_id=user_id,
        title=title,
        description=description,
        due_date=plan.due_date,
        due_time=plan.due_time,
        priority=plan.priority or "none",
        tags=plan.tags or [],
        recurrence=plan.recurrence,
        follows=follows,
    )


@dataclass
class TaskPage:
    """Some of the user's tasks, and how many match in all."""

    tasks: list[Task]
    total: int


def _stem(query: str) -> str:
    """One word searched for without its plural ending, so "boilers" finds "Fix boiler" and "groceries" "grocery"."""
    word = query.lower()
    if " " in word or len(word) < 5:
        return query
    for ending, cut in (("ies", 3), ("sses", 2), ("shes", 2), ("ches", 2), ("xes", 2)):
        if word.endswith(ending):
            return query[:-cut]
    return query[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else query


async def list_tasks(
    conn: AsyncConnection,
    user_id: str,
    status: TaskStatus = "all",
    query: str | None = None,
    *,
    due: DueRange | None = None,
    tag: str | None = None,
    priority: str | None = None,
    reminders: bool = False,
    sort: str = "created",
    limit: int = 1000,
    offset: int = 0,
) -> TaskPage:
    """A page of the user's tasks, filtered by status, words in the title or description, due dates, tag,
    priority and whether a reminder is still to come, ordered by `sort` (oldest first by default)."""
    pattern = None if not query else "%" + _escape_like(_stem(query.strip())) + "%"
    due = due or DueRange()
    rows = await fetch_all(
        conn,
        "list_tasks",
        user_id=user_id,
        completed=_COMPLETED_FILTER[status],
        pattern=pattern,
        due_first=due.first,
        due_last=due.last,
        no_due=due.no_date,
        tag=tag,
        priority=priority,
        reminders=reminders,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    tasks = [{k: v for k, v in row.items() if k not in ("total", "rank")} for row in rows if row["id"] is not None]
    return TaskPage(tasks, rows[0]["total"])


async def turn_context(conn: AsyncConnection, user_id: str, limit: int) -> tuple[str, list[dict[str, Any]], int]:
    """The user's timezone, up to `limit` open tasks (soonest due first) and how many are open in all: one statement."""
    rows = await fetch_all(conn, "turn_context", user_id=user_id, limit=limit)
    tasks = [{k: v for k, v in r.items() if k not in ("open_count", "timezone")} for r in rows if r["id"] is not None]
    return rows[0]["timezone"] or DEFAULT_TIMEZONE, tasks, (rows[0]["open_count"] or 0)


async def user_timezone(conn: AsyncConnection, user_id: str) -> str:
    """The user's IANA timezone; UTC for a user not seen yet."""
    row = await fetch_one(conn, "user_timezone", user_id=user_id)
    return row["timezone"] if row else DEFAULT_TIMEZONE


async def user_today(conn: AsyncConnection, user_id: str) -> date:
    """The date it is now where the user is."""
    return now_in(await user_timezone(conn, user_id)).date()


async def set_user_timezone(conn: AsyncConnection, user_id: str, timezone: str) -> None:
    """Remember the user's timezone (already checked)."""
    await execute(conn, "set_user_timezone", user_id=user_id, timezone=timezone)


async def get_task(conn: AsyncConnection, user_id: str, task_id: int) -> Task | None:
    """One task, or None when it is not the user's."""
    return await fetch_one(conn, "get_task", user_id=user_id, task_id=task_id)


@dataclass
class Completion:
    """A completed task, and the next occurrence its repeat rule made (if it repeats)."""

    task: Task
    next: Task | None = None


async def complete_task(conn: AsyncConnection, user_id: str, task_id: int) -> Completion | None:
    """Mark a task complete; a repeating one gets its next occurrence, in the same transaction.

    None when the task is not the user's. Completing a task done already changes nothing and adds nothing.
    """
    async with conn.transaction():
        before = await fetch_one(conn, "lock_task", user_id=user_id, task_id=task_id)
        if before is None:
            return None
        task = await update_task(conn, user_id, task_id, completed=True)
        if before["completed"] or not before["recurrence"]:
            return Completion(task)
        if await fetch_one(conn, "open_occurrence", user_id=user_id, task_id=task_id) is not None:
            return Completion(task)  # ticked, unticked and ticked again: its next occurrence is there already
        # The next one falls after this one's due date, or after the user's today when it had none or is
        # long overdue (the next one is still ahead, not in the past).
        timezone = await user_timezone(conn, user_id)
        today = now_in(timezone).date()
        after = max(before["due_date"] or today, today)
        if (following_day := next_due(before["recurrence"], after)) is None:
            return Completion(task)  # the last day the calendar holds: done, with nothing after it
        plan = Planning(
            due_date=following_day,
            due_time=before["due_time"],
            priority=before["priority"],
            tags=before["tags"],
            recurrence=before["recurrence"],
        )
        if before["remind_at"] is not None and before["due_date"] is not None:
            # The next one is reminded as long before its due as this one was.
            plan.remind_at = shifted_reminder(
                before["remind_at"],
                local_moment(before["due_date"], before["due_time"], timezone),
                local_moment(following_day, before["due_time"], timezone),
                timezone,
            )
        following = await add_task(conn, user_id, before["title"], before["description"], plan, follows=task_id)
        return Completion(task, following)


async def reopen_task(conn: AsyncConnection, user_id: str, task_id: int) -> Task | None:
    """Open a completed task again; the occurrence its completion made goes with the completion while nobody has
    changed it (a checkbox ticked and unticked leaves one task, not two). None when the task is not the user's."""
    async with conn.transaction():
        if (before := await fetch_one(conn, "lock_task", user_id=user_id, task_id=task_id)) is None:
            return None
        made = await fetch_one(conn, "open_occurrence", user_id=user_id, task_id=task_id) if before["completed"] else None
        if made is not None and made["untouched"]:
            await delete_task(conn, user_id, made["id"])
        return await update_task(conn, user_id, task_id, completed=False)


async def update_task(
    conn: AsyncConnection,
    user_id: str,
    task_id: int,
    *,
    title: str | None = None,
    description: str | None = None,
    set_description: bool = False,
    completed: bool | None = None,
    plan: Planning | None = None,
) -> Task | None:
    """Change the given fields of a task; None when it is not the user's. A task whose due moves keeps its reminder
    as long before the new due as it was before the old one, unless the change sets the reminder itself."""
    plan = plan or Planning()
    if plan.sets("due") and plan.due_date is not None and not plan.sets("remind_at"):
        await _move_reminder(conn, user_id, task_id, plan)
    return await fetch_one(
        conn,
        "update_task",
        set_remind=plan.sets("remind_at"),
        remind_at=await _exact_reminder(conn, user_id, plan),
        user_id=user_id,
        task_id=task_id,
        title=title,
        description=description,
        set_description=set_description,
        completed=completed,
        set_due=plan.sets("due"),
        due_date=plan.due_date,
        due_time=plan.due_time,
        priority=(plan.priority or "none") if plan.sets("priority") else None,
        set_tags=plan.sets("tags"),
        tags=plan.tags or [],
        set_recurrence=plan.sets("recurrence"),
        recurrence=plan.recurrence,
    )


async def _move_reminder(conn: AsyncConnection, user_id: str, task_id: int, plan: Planning) -> None:
    """Carry an armed reminder along with a task's due date ("move the rent to tomorrow, same time")."""
    before = await get_task(conn, user_id, task_id)
    if before is None or before["remind_at"] is None or before["reminded_at"] is not None or before["due_date"] is None:
        return
    timezone = await user_timezone(conn, user_id)
    plan.remind_at = shifted_reminder(
        before["remind_at"],
        local_moment(before["due_date"], before["due_time"], timezone),
        local_moment(plan.due_date, plan.due_time, timezone),
        timezone,
    )
    plan.given.add("remind_at")


async def _exact_reminder(conn: AsyncConnection, user_id: str, plan: Planning) -> datetime | None:
    """The plan's reminder as an exact moment: a wall-clock time said is the user's own (one read of their zone)."""
    if plan.remind_at is None or plan.remind_at.tzinfo is not None:
        return plan.remind_at
    return resolve_remind(plan.remind_at, await user_timezone(conn, user_id))


async def delete_task(conn: AsyncConnection, user_id: str, task_id: int) -> Task | None:
    """Delete a task and return what it was; None when it is not the user's."""
    return await fetch_one(conn, "delete_task", user_id=user_id, task_id=task_id)


async def get_conversation(conn: AsyncConnection, user_id: str, conversation_id: int) -> Conversation:
    """One of the user's conversations; 404 otherwise."""
    found = await fetch_one(conn, "get_conversation", user_id=user_id, conversation_id=conversation_id)
    if found is None:
        raise NotFound(f"Conversation {conversation_id} was not found.")
    return found


async def list_conversations(conn: AsyncConnection, user_id: str, limit: int = 200) -> list[Conversation]:
    """The user's conversations, most recently active first."""
    return await fetch_all(conn, "list_conversations", user_id=user_id, limit=limit)


async def delete_conversation(conn: AsyncConnection, user_id: str, conversation_id: int) -> None:
    """Delete one of the user's conversations; 404 when it is not theirs, 409 while a turn runs in it."""
    if await fetch_one(conn, "delete_conversation", user_id=user_id, conversation_id=conversation_id) is None:
        await get_conversation(conn, user_id, conversation_id)  # 404 when it is not theirs
        # A running turn would go on adding tasks for a conversation the user saw deleted.
        raise Conflict(
            "A turn of this conversation is still running; delete it when the turn ends.", code="turn_in_progress", retry_after=2
        )


async def add_message(
    conn: AsyncConnection,
    user_id: str,
    conversation_id: int,
    role: Role,
    content: str | None,
    tool_calls: list[dict[str, Any]] | None = None,
    tool_call_id: str | None = None,
) -> int:
    """Append a message to one of the user's conversations and return its id; 404 otherwise."""
    row = await fetch_one(
        conn,
        "add_message",
        user_id=user_id,
        conversation_id=conversation_id,
        role=role,
        content=content,
        tool_calls=None if tool_calls is None else Jsonb(tool_calls),
        tool_call_id=tool_call_id,
    )
    if row is None:
        raise NotFound(f"Conversation {conversation_id} was not found.")
    return row["id"]


async def list_messages(
    conn: AsyncConnection, user_id: str, conversation_id: int, *, limit: int, before: int | None = None
) -> list[StoredMessage]:
    """The newest `limit` messages of a conversation before the message `before` (or of all of it), oldest first."""
    return await fetch_all(conn, "list_messages", user_id=user_id, conversation_id=conversation_id, limit=limit, before=before)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def count_turn(conn: AsyncConnection, user_id: str, limit: int, window_seconds: int) -> float | None:
    """Count a turn in the user's window: None when it fits, else seconds until the window ends."""
    if await fetch_one(conn, "count_turn", user_id=user_id, limit=limit, window_seconds=window_seconds) is not None:
        return None
    row = await fetch_one(conn, "turn_window_wait", user_id=user_id, window_seconds=window_seconds)
    return float(row["wait_seconds"]) if row else float(window_seconds)


async def claim_turn_key(
    conn: AsyncConnection, user_id: str, key: str, lease_seconds: float, request_hash: str
) -> dict[str, Any] | None:
    """Claim an idempotency key for the request `request_hash` names; None when claimed now, else what became of
    the turn that has it."""
    claimed = await fetch_one(
        conn, "claim_turn_key", user_id=user_id, key=key, lease_seconds=lease_seconds, request_hash=request_hash
    )
    if claimed is not None:
        return None
    return await fetch_one(conn, "get_turn_key", user_id=user_id, key=key)


async def retake_turn_key(conn: AsyncConnection, user_id: str, key: str, lease_seconds: float) -> bool:
    """Run a keyed turn again that failed or died; False when another request retook it first."""
    return await fetch_one(conn, "retake_turn_key", user_id=user_id, key=key, lease_seconds=lease_seconds) is not None


async def finish_turn_key(
    conn: AsyncConnection, user_id: str, key: str, conversation_id: int, response: dict[str, Any] | None
) -> None:
    """Record a keyed turn's answer (None: it failed, and a retry may run it again)."""
    await execute(
        conn,
        "finish_turn_key",
        user_id=user_id,
        key=key,
        conversation_id=conversation_id,
        status="failed" if response is None else "done",
        response=None if response is None else Jsonb(response),
    )


async def start_conversation(conn: AsyncConnection, user_id: str, title: str, content: str, lease_seconds: float) -> int:
    """Start a conversation with the user's first message, leased to its turn; its id."""
    row = await fetch_one(conn, "start_conversation", user_id=user_id, title=title, content=content, lease_seconds=lease_seconds)
    return row["conversation_id"]


async def continue_conversation(
    conn: AsyncConnection, user_id: str, conversation_id: int, content: str, lease_seconds: float, history: int
) -> list[StoredMessage] | None:
    """Lease a conversation to this turn and store the user's message; the newest `history` messages
    before it, or None when the conversation is not the user's or another turn holds it."""
    rows = await fetch_all(
        conn,
        "continue_conversation",
        user_id=user_id,
        conversation_id=conversation_id,
        content=content,
        lease_seconds=lease_seconds,
        limit=history,
    )
    if not rows:
        return None
    return [row for row in rows if row["id"] is not None]


async def finish_turn(conn: AsyncConnection, user_id: str, conversation_id: int, content: str) -> None:
    """Store a turn's closing reply and free the conversation for the next turn."""
    await execute(conn, "finish_turn", user_id=user_id, conversation_id=conversation_id, content=content)


async def record_effect(conn: AsyncConnection, user_id: str, key: str, name: str, arguments: dict[str, Any], result: Any) -> None:
    """Remember what a change of the keyed turn `key` did (call it in the change's own transaction)."""
    await execute(conn, "record_effect", user_id=user_id, key=key, name=name, arguments=Jsonb(arguments), result=Jsonb(result))


async def turn_effects(conn: AsyncConnection, user_id: str, key: str) -> list[dict[str, Any]]:
    """What the changes of the keyed turn `key` did, in order."""
    return await fetch_all(conn, "turn_effects", user_id=user_id, key=key)


async def note_key_conversation(conn: AsyncConnection, user_id: str, key: str, conversation_id: int) -> None:
    """Note the conversation a keyed turn runs in, so that a retry after a crash answers in it."""
    await execute(conn, "key_conversation", user_id=user_id, key=key, conversation_id=conversation_id)


INTERRUPTED_CALL = "Error: interrupted: the service stopped before this call finished."


async def close_interrupted_calls(conn: AsyncConnection, user_id: str, conversation_id: int) -> int:
    """Store an "interrupted" result for each tool call a dead turn left open in the conversation; how many."""
    return await execute(
        conn, "close_interrupted_calls", user_id=user_id, conversation_id=conversation_id, content=INTERRUPTED_CALL
    )


async def task_events_after(conn: AsyncConnection, user_id: str, after: int, limit: int = 100) -> list[dict[str, Any]]:
    """The user's task events after the event `after`, oldest first."""
    return await fetch_all(conn, "task_events_after", user_id=user_id, after=after, limit=limit)


async def last_task_event(conn: AsyncConnection, user_id: str) -> int:
    """The id of the user's newest task event, 0 when there is none."""
    return (await fetch_one(conn, "last_task_event", user_id=user_id))["id"]


async def prune_task_events(conn: AsyncConnection) -> None:
    """Forget task events older than a day."""
    await execute(conn, "prune_task_events")
