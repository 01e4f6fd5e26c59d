"""Sentences a person reads about what the tools did, shared by the offline engine and the loop."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from chatbot.model import ToolOutcome

SHORT_LIST = 10
_NOT_FOUND = re.compile(r"task (\d+) not found", re.IGNORECASE)


def for_change(result: dict[str, Any]) -> str:
    """One sentence confirming an add, complete, delete or update, naming the task and its id."""
    title, task_id = result.get("title", ""), result.get("task_id")
    match result.get("status"):
        case "created":
            return f"Added '{title}' (task {task_id})."
        case "completed":
            following = result.get("next")
            if isinstance(following, dict) and following.get("id"):
                return f"Marked '{title}' (task {task_id}) as done; the next one is task {following['id']}{plans(following)}."
            return f"Marked '{title}' (task {task_id}) as done."
        case "deleted":
            return f"Deleted '{title}' (task {task_id})."
        case "updated":
            return f"Updated task {task_id}: '{title}'."
    return f"Done: '{title}' (task {task_id})."


def for_error(error: str) -> str:
    """A kind sentence for a failed tool call."""
    missing = _NOT_FOUND.search(error)
    if missing:
        return f"I couldn't find task {missing.group(1)}: it does not exist on your list."
    return f"That didn't work: {error}"


def for_list(tasks: list[dict[str, Any]], status: str = "all", not_shown: int = 0, *, filtered: bool = False) -> str:
    """The tasks as numbered lines with id, title, status and plans, and how many more there are."""
    kind = {"pending": "pending ", "completed": "completed "}.get(status, "")
    if not tasks:
        if filtered:
            return "No tasks match that."
        return f"You have no {kind}tasks." if kind else "Your list is empty."
    lines = ["Here are the matching tasks:" if filtered else f"Here are your {kind}tasks:"]
    for number, task in enumerate(tasks, start=1):
        state = "done" if task.get("completed") else "pending"
        # The position and the id, told apart: "the second one" and "task 2" may be different tasks.
        lines.append(f"{number}. {task['title']} (#{task['id']}, {state}{plans(task)})")
    if not_shown:
        lines.append(f"…and {not_shown} more not shown. Ask for pending or completed ones, or name a word to search for.")
    return "\n".join(lines)


def for_reminders(tasks: list[dict[str, Any]], not_shown: int = 0) -> str:
    """The tasks that will remind, each with when."""
    if not tasks:
        return 'You have no reminders set. Say "remind me at 5pm to call mom", or "remind me about <a task> on Friday at 9".'
    lines = ["Here are your reminders:"]
    lines += [f"{number}. {task['title']} (#{task['id']}{plans(task)})" for number, task in enumerate(tasks, start=1)]
    if not_shown:
        lines.append(f"…and {not_shown} more not shown.")
    return "\n".join(lines)


def reminder(said: Any) -> str:
    """ "Mon 7 Dec 17:00": a reminder's moment at the clock time it was given in (the user's own)."""
    try:
        when = datetime.fromisoformat(str(said))
    except ValueError:
        return str(said)
    return f"{when.strftime('%a')} {when.day} {when.strftime('%b')} {when.strftime('%H:%M')}"


def plans(task: dict[str, Any]) -> str:
    """ ", due Fri 27 Nov 17:00, urgent, #home, repeats weekly": a task's plans, compactly."""
    notes = []
    if task.get("due_date"):
        day = date.fromisoformat(task["due_date"])
        notes.append(
            f"due {day.strftime('%a')} {day.day} {day.strftime('%b')}" + (f" {task['due_time']}" if task.get("due_time") else "")
        )
    if task.get("priority") not in (None, "none"):
        notes.append(task["priority"])
    notes += [f"#{tag}" for tag in task.get("tags") or []]
    if task.get("recurrence"):
        notes.append("repeats")
    if task.get("remind_at") and not task.get("reminded_at"):
        notes.append(f"reminder {reminder(task['remind_at'])}")
    return "".join(f", {note}" for note in notes)


def for_count(tasks: list[dict[str, Any]], status: str = "all", not_shown: int = 0) -> str:
    """How many tasks there are, and of which kind."""
    total = len(tasks) + not_shown
    if status in ("pending", "completed"):
        answer = f"You have {total} {status} task{'s' if total != 1 else ''}."
    else:
        done = sum(1 for task in tasks if task.get("completed"))
        counts = f" ({len(tasks) - done} pending, {done} done)" if not not_shown and total else ""
        answer = f"You have {total} task{'s' if total != 1 else ''}{counts}."
    # A short list is worth showing with its count: its numbered lines, without for_list's heading.
    return answer + "\n" + for_list(tasks).split("\n", 1)[1] if 0 < total <= SHORT_LIST else answer


def for_detail(task: dict[str, Any]) -> str:
    """One task with its description and state."""
    state = "done" if task.get("completed") else "pending"
    about = task.get("description") or "no description"
    return f"#{task['id']} {task['title']} ({state}): {about}"


def summarize(outcomes: list[ToolOutcome]) -> str:
    """A reply written from what the tools did, for when the model gave none."""
    changes = [outcome for outcome in outcomes if outcome.name != "list_tasks"]
    sentences = []
    # A list looked up on the way to a change is not news; the change is.
    for outcome in changes or outcomes:
        if outcome.is_error:
            sentences.append(for_error(str(outcome.result)))
        elif outcome.name == "list_tasks" and isinstance(outcome.result, list):
            filtered = bool(set(outcome.arguments) - {"status", "limit", "user_id"})
            sentences.append(
                for_list(outcome.result, outcome.arguments.get("status", "all"), outcome.not_shown, filtered=filtered)
            )
        elif isinstance(outcome.result, dict) and outcome.name == "update_task" and outcome.arguments.get("completed") is False:
            sentences.append(
                f"Reopened '{outcome.result.get('title', '')}' (task {outcome.result.get('task_id')}): it is pending again."
            )
        elif isinstance(outcome.result, dict):
            sentences.append(for_change(outcome.result))
        if not outcome.is_error and outcome.name in ("add_task", "update_task") and "remind_at" in outcome.arguments:
            said = outcome.arguments["remind_at"]
            sentences.append(f"I'll remind you {reminder(said)}." if said else "I won't remind you about it.")
    return " ".join(sentences) if sentences else "Done."
