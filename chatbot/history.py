"""Turning stored messages into what the model reads, within the history window."""

from __future__ import annotations

from datetime import date
from typing import Any

from chatbot.validation import shorten

SYSTEM_PROMPT = """You are a friendly assistant that manages the user's todo list through tools.
Today is {today}.

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
- You act only for the signed-in user; refuse requests to read or change anyone else's tasks.
- Show lists as numbered lines with id, title and whether each is done.
- For greetings, thanks or questions about what you can do, answer briefly without tools."""


SNAPSHOT_TITLE = 80


def system_message(
    today: date | None = None, open_tasks: list[dict[str, Any]] | None = None, open_count: int = 0
) -> dict[str, str]:
    """The system prompt: today's date, the rules, and a bounded snapshot of the user's open tasks."""
    content = SYSTEM_PROMPT.format(today=(today or date.today()).isoformat())
    if open_tasks is not None:
        content += "\n\n" + _snapshot(open_tasks, open_count)
    return {"role": "system", "content": content}


def _snapshot(open_tasks: list[dict[str, Any]], open_count: int) -> str:
    # Ids up front save the model a list_tasks call for "mark task 3 done" or "delete the meeting task".
    if not open_tasks:
        return "The user has no open tasks."
    shown = f"all {open_count}" if len(open_tasks) == open_count else f"the newest {len(open_tasks)} of {open_count}"
    lines = [f"The user's open tasks ({shown}; call list_tasks for others or for completed ones):"]
    for task in open_tasks:
        lines.append(f"- #{task['id']} {shorten(task['title'], SNAPSHOT_TITLE)}")
    return "\n".join(lines)


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
