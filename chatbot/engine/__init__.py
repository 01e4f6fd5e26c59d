"""The offline engine: a rule-based reader of todo-list chat, and the planner of its tool calls.

The rest of the service knows it only through `read`: the conversation in, a `Reading` out (what the
newest message asks, the next step's calls or text, and whether the fast path may serve it).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from chatbot.engine.fast import confident
from chatbot.engine.planner import Reply, note, outcomes, respond
from chatbot.engine.understand import Intent

__all__ = ["Reading", "Reply", "Intent", "outcomes", "read"]


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
