"""The offline engine: a rule-based reader of todo-list chat, and the planner of its tool calls.

The rest of the service knows it only through `read`: the conversation in, a `Reading` out (what the
newest message asks, the next step's calls or text, and whether the fast path may serve it).
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from chatbot.engine.fast import confident
from chatbot.engine.planner import Reply, note, outcomes, respond
from chatbot.engine.slots import take_slots
from chatbot.engine.understand import Intent, clean_title

__all__ = ["Reading", "Reply", "Intent", "draft", "outcomes", "read"]


class Reading:
    """The engine's reading of a conversation: the next step it plans, and whether it may serve the turn alone."""

    def __init__(self, messages: list[dict[str, Any]]):
        self.messages = messages

    @cached_property
    def reply(self) -> Reply:
        """The next step: the tool calls to make, or the text to answer with."""
        return respond(self.messages)

    @cached_property
    def note(self) -> str:
        """What a reply written from the results must add: "... so I added the first 50." (or nothing)."""
        return note(self.messages)

    @cached_property
    def fast(self) -> bool:
        """Whether the newest message is one plain command the engine may serve with no model."""
        return confident(self.messages)


def read(messages: list[dict[str, Any]]) -> Reading:
    """The engine's reading of the conversation as it stands."""
    return Reading(messages)


def draft(line: str, today: date) -> dict[str, Any]:
    """A new task read from one quick-add line ("pay rent friday !high #home"): its title and the plans said."""
    rest, slots = take_slots(line, today)
    return {
        "title": clean_title(rest),
        "due_date": slots.due_date.isoformat() if slots.due_date else None,
        "due_time": slots.due_time,
        "priority": slots.priority or "none",
        "tags": slots.tags,
        "recurrence": slots.recurrence,
    }
