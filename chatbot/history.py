"""Turning stored messages into what the model reads, within the history window."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from chatbot.validation import shorten

SYSTEM_PROMPT = """You are a friendly assistant that manages the user's todo list through tools.
{now}

Rules:
- Use the tools for every change; never say a task was added, completed, changed or deleted
  unless a tool result in this conversation says so.
- Confirm each change in one short sentence that names the task and its id.
- Task ids come only from tool results or from the user: never invent one. To act on a task
  named by words, call list_tasks (with `query` when useful) to find its id first.
- When several tasks could match, ask which one, naming them with their ids, and change nothing.
  When none matches, say so and change nothing.
- "it" or "that" means the task this conversation last acted on.
- To reopen a completed task ("mark it as not done"), call update_task with completed=false.
- Dates and times are the user's own, in their timezone: work "tomorrow", "on Friday" or "at 5pm"
  out from the local date and time above, and pass `due` as YYYY-MM-DD or YYYY-MM-DDTHH:MM.
  Put priorities, tags ('#work' is the tag work) and repeat rules in their own arguments, never
  in the title. "What's due today?" is list_tasks with due=today; "find X" uses query.
- Reminders: `remind_at` (YYYY-MM-DDTHH:MM, the user's time) is when the user is told. "Remind me
  at 5pm to X" adds X due then with remind_at then; "remind me about X on Friday at 9" sets it on
  X; "30 minutes before" counts back from X's due; "don't remind me" sets remind_at to null;
  "what reminders do I have?" is list_tasks with reminders=true.
- You act only for the signed-in user; refuse requests to read or change anyone else's tasks.
- Show lists as numbered lines with id, title and whether each is done.
- For greetings, thanks or questions about what you can do, answer briefly without tools."""


SNAPSHOT_TITLE = 80


# The line that tells the model (and the offline engine, which reads it back with LOCAL_NOW) the user's now.
NOW_LINE = "Now, where the user is: {weekday} {date} {clock} ({timezone})."
LOCAL_NOW = re.compile(r"^Now, where the user is: \w+ (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) \(([^)]+)\)\.$", re.MULTILINE)


def system_message(
    now: datetime | None = None, open_tasks: list[dict[str, Any]] | None = None, open_count: int = 0
) -> dict[str, str]:
    """The system prompt: the user's local date, time and timezone, the rules, and a bounded snapshot of open tasks."""
    now = now or datetime.now().astimezone()
    line = NOW_LINE.format(
        weekday=now.strftime("%A"), date=now.date().isoformat(), clock=now.strftime("%H:%M"), timezone=_zone_name(now)
    )
    content = SYSTEM_PROMPT.format(now=line)
    if open_tasks is not None:
        content += "\n\n" + _snapshot(open_tasks, open_count)
    return {"role": "system", "content": content}


def local_clock(messages: list[dict[str, Any]]) -> datetime | None:
    """The user's local date and time (to the minute, no zone attached), from the system message this module wrote."""
    for message in messages:
        if message.get("role") == "system" and (found := LOCAL_NOW.search(message.get("content") or "")):
            return datetime.fromisoformat(f"{found.group(1)}T{found.group(2)}")
    return None


def local_now(messages: list[dict[str, Any]]) -> tuple[date, str] | None:
    """The user's local date and timezone, from the system message this module wrote."""
    for message in messages:
        if message.get("role") == "system" and (found := LOCAL_NOW.search(message.get("content") or "")):
            return date.fromisoformat(found.group(1)), found.group(3)
    return None


def _zone_name(now: datetime) -> str:
    key = getattr(now.tzinfo, "key", None)
    return key or now.tzname() or "UTC"


def _snapshot(open_tasks: list[dict[str, Any]], open_count: int) -> str:
    # Ids up front save the model a list_tasks call for "mark task 3 done" or "delete the meeting task".
    if not open_tasks:
        return "The user has no open tasks."
    shown = f"all {open_count}" if len(open_tasks) == open_count else f"the newest {len(open_tasks)} of {open_count}"
    lines = [f"The user's open tasks ({shown}, soonest due first; call list_tasks for others or for completed ones):"]
    for task in open_tasks:
        lines.append(f"- #{task['id']} {shorten(task['title'], SNAPSHOT_TITLE)}{_plans(task)}")
    return "\n".join(lines)


def _plans(task: dict[str, Any]) -> str:
    """ " (due 2026-11-27 17:00, urgent)": what the snapshot says about a task's plans, compactly."""
    notes = []
    if task.get("due_date"):
        notes.append(
            f"due {task['due_date'].isoformat()}" + (f" {task['due_time'].strftime('%H:%M')}" if task.get("due_time") else "")
        )
    if task.get("priority") not in (None, "none"):
        notes.append(task["priority"])
    return f" ({', '.join(notes)})" if notes else ""


def window(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored rows as model messages, starting at a user message and with every tool call answered.

    The newest rows are loaded with a limit, which may cut between a call and its results;
    a result without its call, or a call without its results, is dropped rather than sent.
    """
    answered = {row["tool_call_id"] for row in rows if row["role"] == "tool"}
    called: set[str] = set()
    messages: list[dict[str, Any]] = []
    for row in rows:
        if not messages and row["role"] != "user":
            continue
        if row["role"] == "assistant":
            calls = [c for c in row.get("tool_calls") or [] if c.get("id") in answered]
            if not calls and not row.get("content"):
                continue
            message: dict[str, Any] = {"role": "assistant", "content": row.get("content") or ""}
            if calls:
                message["tool_calls"] = calls
                called.update(c["id"] for c in calls)
            messages.append(message)
        elif row["role"] == "tool":
            if row["tool_call_id"] in called:
                messages.append({"role": "tool", "tool_call_id": row["tool_call_id"], "content": row.get("content") or ""})
        else:
            messages.append({"role": "user", "content": row.get("content") or ""})
    return messages
