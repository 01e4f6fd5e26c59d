"""The fast path's two adaptors to the loop: the offline engine as a model, and the closer that writes a reply
from a round's results when the engine reads the message as asking for exactly those changes.

Which turns the fast path takes is the engine's call (`chatbot.engine.read(...).fast`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from chatbot import engine, replies
from chatbot.model import HANDOVER, MUTATING_TOOLS, ModelReply, TextDelta, ToolCall, ToolOutcome


class Engine:
    """The offline engine as the loop's model, called directly (no LiteLLM): the fast path's planner."""

    counts_as_model = False
    # An unsure reading hands the turn to the configured model; the ids its calls get.
    hands_over = True
    call_prefix = "fast"

    async def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, streaming: bool = True
    ) -> AsyncIterator[TextDelta | ModelReply]:
        reply = engine.read(messages).reply
        if reply.unsure and self.hands_over:
            # The engine couldn't settle the request: the model, when the loop has one, takes the turn from here.
            yield ModelReply("", [], HANDOVER)
            return
        calls = [
            ToolCall(f"{self.call_prefix}_{uuid.uuid4().hex[:12]}", name, json.dumps(arguments), arguments)
            for name, arguments in reply.calls
        ]
        if reply.text:
            # Word by word when streaming, as a model writes: the page shows the reply arriving.
            pieces = reply.text.split(" ") if streaming else [reply.text]
            for number, piece in enumerate(pieces):
                yield TextDelta(piece if number == 0 else " " + piece)
        yield ModelReply(reply.text, calls, "tool_calls" if calls else "stop")


class OfflineModel(Engine):
    """The offline engine as the configured model (no key set): every reply its own, a question included, and
    counted as a model call. Called directly, so the default service never loads LiteLLM."""

    counts_as_model = True
    hands_over = False
    call_prefix = "call"


def reply_without_model(asked_for: list[dict[str, Any]], outcomes: list[ToolOutcome]) -> str | None:
    """The closing reply, written from the results, when a round was only successful changes the engine reads
    the message as asking for, exactly; None (ask the model) for anything else."""
    if not outcomes or any(o.is_error or o.name not in MUTATING_TOOLS for o in outcomes):
        return None
    reading = engine.read(asked_for)
    if [_key(name, arguments) for name, arguments in reading.reply.calls] != [_key(o.name, o.arguments) for o in outcomes]:
        return None
    return replies.summarize(outcomes) + (f" {reading.note}" if reading.note else "")


def _key(name: str, arguments: dict[str, Any]) -> tuple[str, str]:
    """What makes two calls the same request: the tool, and the task it names (by id) or the title it adds."""
    if name == "add_task":
        return name, str(arguments.get("title", "")).strip().strip("'\"").rstrip(".!").lower()
    return name, json.dumps({k: v for k, v in sorted(arguments.items()) if k != "user_id"})
