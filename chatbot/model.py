"""The plain types the loop and its models speak: calls, replies, outcomes, and tool messages."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# The tools that change a list; `list_tasks` only reads it.
MUTATING_TOOLS = frozenset({"add_task", "complete_task", "delete_task", "update_task"})
# How a failed call reads in its tool message: what a model (and the chat page) sees.
ERROR_PREFIX = "Error: "


@dataclass
class ToolCall:
    """One function call the model asked for; `arguments` is None when they were not valid JSON."""

    id: str
    name: str
    raw_arguments: str
    arguments: dict[str, Any] | None = None


@dataclass
class ModelReply:
    """What the model said in one call: its text and the function calls it asked for."""

    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None


@dataclass
class TextDelta:
    """A piece of the model's text, as it streams in."""

    text: str


@dataclass
class ToolOutcome:
    """A finished tool call: what was asked, and its result or (when `is_error`) the error's text."""

    name: str
    arguments: dict[str, Any]
    result: Any
    is_error: bool = False

    def public(self) -> dict[str, Any]:
        """The call as the API reports it."""
        result = {"error": self.result} if self.is_error else self.result
        return {"name": self.name, "arguments": self.arguments, "result": result}

    def message_content(self) -> str:
        """The outcome as the content of its tool message."""
        return ERROR_PREFIX + str(self.result) if self.is_error else json.dumps(self.result, default=str)


def read_tool_message(name: str, arguments: dict[str, Any], content: str) -> ToolOutcome:
    """The outcome a tool message's content records: the inverse of `ToolOutcome.message_content`."""
    if content.startswith(ERROR_PREFIX.rstrip()):
        return ToolOutcome(name, arguments, content.removeprefix(ERROR_PREFIX.rstrip()).strip(), True)
    try:
        return ToolOutcome(name, arguments, json.loads(content))
    except json.JSONDecodeError:
        return ToolOutcome(name, arguments, content, True)


class ModelClient(Protocol):
    """A model the loop can ask: text as it comes, then the whole reply."""

    def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, streaming: bool = True
    ) -> AsyncIterator[TextDelta | ModelReply]: ...
