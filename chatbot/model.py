"""The plain types the loop and its models speak: calls, replies, outcomes, and tool messages."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# The tools that change a list; `list_tasks` only reads it.
MUTATING_TOOLS = frozenset({"add_task", "complete_task", "delete_task", "update_task"})
# list_tasks answers with this many tasks unless asked for more (up to the maximum): a huge list
# would flood the model and cost every turn that shows it.
LIST_LIMIT = 50
MAX_LIST_LIMIT = 200
# How a failed call reads in its tool message: what a model (and the chat page) sees.
ERROR_PREFIX = "Error: "
# A list cut short is written as {"tasks": [...], "not_shown": N}, so a model knows there is more.
CUT_LIST = "tasks"


@dataclass
class ToolCall:
    """One function call the model asked for; `arguments` is None when they were not valid JSON."""

    id: str
    name: str
    raw_arguments: str
    arguments: dict[str, Any] | None = None


# A finish reason of the fast path's planner: it could not settle the request, so the turn goes on with a model.
HANDOVER = "handover"


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
    # How many matching tasks a cut list left out.
    not_shown: int = 0

    def public(self) -> dict[str, Any]:
        """The call as the API reports it."""
        result = {"error": self.result} if self.is_error else self.result
        shown = {"name": self.name, "arguments": self.arguments, "result": result}
        return shown | {"not_shown": self.not_shown} if self.not_shown else shown

    def message_content(self) -> str:
        """The outcome as the content of its tool message."""
        if self.is_error:
            return ERROR_PREFIX + str(self.result)
        if self.not_shown:
            return json.dumps({CUT_LIST: self.result, "not_shown": self.not_shown}, default=str)
        return json.dumps(self.result, default=str)


def read_tool_message(name: str, arguments: dict[str, Any], content: str) -> ToolOutcome:
    """The outcome a tool message's content records: the inverse of `ToolOutcome.message_content`."""
    if content.startswith(ERROR_PREFIX.rstrip()):
        return ToolOutcome(name, arguments, content.removeprefix(ERROR_PREFIX.rstrip()).strip(), True)
    try:
        result = json.loads(content)
    except json.JSONDecodeError:
        return ToolOutcome(name, arguments, content, True)
    if isinstance(result, dict) and set(result) == {CUT_LIST, "not_shown"}:
        return ToolOutcome(name, arguments, result[CUT_LIST], not_shown=result["not_shown"])
    return ToolOutcome(name, arguments, result)


class ModelClient(Protocol):
    """A model the loop can ask: text as it comes, then the whole reply."""

    def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, streaming: bool = True
    ) -> AsyncIterator[TextDelta | ModelReply]: ...
