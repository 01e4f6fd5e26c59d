"""The fast path: a message the offline engine reads as one plain command is served by it, with no model call.

"mark task 12 done", "add buy milk", "delete the dentist task", "show my pending tasks": the engine's
plan runs through the same MCP tools, recorded the same way, and its reply is written from the results.
Anything less certain (a pronoun, a correction, two requests in one, a question that is not about the
list) goes to the model as before. `AGENT_FAST_PATH=off` turns it off.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

from chatbot import history, offline, phrases, replies
from chatbot.model import MUTATING_TOOLS, ModelReply, TextDelta, ToolCall, ToolOutcome
from chatbot.reading import normalize
from chatbot.understand import parse, reading_on

log = logging.getLogger("chatbot.fastpath")

# What a plain command may ask for; the rest (undo, corrections, bulk, "the other one") needs the model's judgement.
CONFIDENT_KINDS = ("add", "list", "complete", "delete", "reopen", "update")


def confident(messages: list[dict[str, Any]]) -> bool:
    """Whether the last user message is one plain command the engine reads for sure."""
    said = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), None)
    if not isinstance(said, str) or not said.strip() or "\n" in said.strip():
        return False
    text = phrases.POLITE.sub("", normalize(said)).strip().rstrip(".!")
    now = history.local_now(messages)
    try:
        with reading_on(now[0] if now else None):
            intent = parse(said)
    except Exception:  # a bug in the reading: the model (or the engine's own apology) answers instead
        log.exception("the fast path could not read a message")
        return False
    if intent.kind not in CONFIDENT_KINDS:
        return False
    if intent.kind == "list":
        # A question about the list, asked as one: "show my pending tasks", "what's due today?".
        return bool(phrases.LIST.match(text.lower())) and not re.search(r"[,;]|\band\b", text)
    if intent.ref is not None and (
        intent.ref.pronoun or intent.ref.ordinal is not None or intent.ref.ordinals or intent.ref.loose
    ):
        return False  # "it", "the second one": what they point at is the conversation's to say
    if "?" in text or re.search(r"[,;]", text) and intent.kind != "add":
        return False
    # An order, said as one: it starts with its verb ("add", "delete", "mark", "rename", ...).
    return bool(phrases.COMMAND.match(text) or phrases.ADD.match(text) and phrases.ADD.match(text).end() > 0)


class Engine:
    """The offline engine as the loop's model, called directly (no LiteLLM): the fast path's planner."""

    counts_as_model = False

    async def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, streaming: bool = True
    ) -> AsyncIterator[TextDelta | ModelReply]:
        reply = offline.respond(messages)
        calls = [
            ToolCall(f"fast_{uuid.uuid4().hex[:12]}", name, json.dumps(arguments), arguments) for name, arguments in reply.calls
        ]
        if reply.text:
            # Word by word when streaming, as a model writes: the page shows the reply arriving.
            pieces = reply.text.split(" ") if streaming else [reply.text]
            for number, piece in enumerate(pieces):
                yield TextDelta(piece if number == 0 else " " + piece)
        yield ModelReply(reply.text, calls, "tool_calls" if calls else "stop")


def reply_without_model(asked_for: list[dict[str, Any]], outcomes: list[ToolOutcome]) -> str | None:
    """The closing reply, written from the results, when a round was only successful changes the engine reads
    the message as asking for, exactly; None (ask the model) for anything else."""
    if not outcomes or any(o.is_error or o.name not in MUTATING_TOOLS for o in outcomes):
        return None
    planned = offline.respond(asked_for).calls
    if [_key(name, arguments) for name, arguments in planned] != [_key(o.name, o.arguments) for o in outcomes]:
        return None
    return replies.summarize(outcomes)


def _key(name: str, arguments: dict[str, Any]) -> tuple[str, str]:
    """What makes two calls the same request: the tool, and the task it names (by id) or the title it adds."""
    if name == "add_task":
        return name, str(arguments.get("title", "")).strip().strip("'\"").rstrip(".!").lower()
    return name, json.dumps({k: v for k, v in sorted(arguments.items()) if k != "user_id"})
