"""The tool-calling loop: ask the model, run the calls it makes through MCP, until it answers."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from chatbot import replies
from chatbot.metrics import MODEL_CALL_SECONDS, TOOL_CALLS, Timer
from chatbot.model import HANDOVER, ModelClient, ModelReply, TextDelta, ToolCall, ToolOutcome

log = logging.getLogger("chatbot.agent")


@dataclass
class Turn:
    """One run of the loop: whose it is, where it is stored, what the model reads, and how it answers."""

    user_id: str
    conversation_id: int
    messages: list[dict[str, Any]]
    # False when the client wants one JSON answer: the model is then asked for a whole reply.
    streaming: bool = True
    # The caller's bearer token, which a remote MCP server checks for itself.
    token: str | None = None
    # The turn's Idempotency-Key: its changes are noted under it, for a retry after a crash.
    key: str | None = None


@dataclass
class ToolCallStarted:
    name: str
    arguments: dict[str, Any]


@dataclass
class TurnDone:
    """The turn's answer: all it said, and its closing message, which the turn's end stores."""

    reply: str
    closing: str
    tool_calls: list[ToolOutcome] = field(default_factory=list)
    # How many times a model was asked (0 on the fast path, where the offline engine planned the turn).
    model_calls: int = 0


Event = ToolCallStarted | ToolOutcome | TextDelta | TurnDone


# Given the conversation as a turn began and one round's tool outcomes, the closing reply, or None to ask the model.
Closer = Callable[[list[dict[str, Any]], list[ToolOutcome]], "str | None"]


class Recorder(Protocol):
    async def add(
        self, role: str, content: str | None, tool_calls: list[dict] | None = None, tool_call_id: str | None = None
    ) -> None: ...


class Tools(Protocol):
    user_id: str

    async def schemas(self) -> list[dict[str, Any]]: ...

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolOutcome: ...


class Agent:
    """One turn of conversation: model ⇄ tools, at most `max_steps` model calls."""

    def __init__(self, model: ModelClient, max_steps: int, closer: Closer | None = None, handover: ModelClient | None = None):
        self.model = model
        self.max_steps = max_steps
        # Writes the reply from a round's results when the model would only have phrased them (chatbot/fastpath.py).
        self.closer = closer
        # Takes the turn over when `model` (the fast path's planner) says it can't settle the request; the fast path's
        # agent always has one.
        self.handover = handover

    async def run(self, turn: Turn, tools: Tools, recorder: Recorder) -> AsyncIterator[Event]:
        """Yield what happens as it happens; every call and result is recorded before it is reported.

        The closing reply is not recorded here: the caller stores it as it ends the turn, in one write.
        """
        messages = turn.messages
        asked_for = list(messages)  # the conversation as the turn began, for the closer to read
        schemas = await tools.schemas()
        finished: list[ToolOutcome] = []
        texts: list[str] = []
        asked = 0
        model = self.model
        counts = getattr(model, "counts_as_model", True)
        for _ in range(self.max_steps):
            asked += counts
            reply = ModelReply()
            calling = Timer()
            async for event in model.stream(messages, schemas, streaming=turn.streaming):
                if isinstance(event, TextDelta):
                    yield event
                else:
                    reply = event
            if counts:
                MODEL_CALL_SECONDS.observe(calling.seconds)
            if reply.finish_reason == HANDOVER:
                # What was read so far stays in `messages` for the model.
                model, counts = self.handover, getattr(self.handover, "counts_as_model", True)
                continue
            if reply.text.strip():
                texts.append(reply.text.strip())
            if not reply.tool_calls:
                final = reply.text.strip()
                if not final:
                    final = self._fallback(reply, finished)
                    texts.append(final)
                    yield TextDelta(final)
                yield TurnDone("\n\n".join(texts), final, finished, asked)
                return
            calls = [_wire(call) for call in reply.tool_calls]
            await recorder.add("assistant", reply.text or None, tool_calls=calls)
            messages.append({"role": "assistant", "content": reply.text or "", "tool_calls": calls})
            this_round = []
            for call in reply.tool_calls:
                yield ToolCallStarted(call.name, call.arguments or {})
                outcome = await self._dispatch(call, tools, turn.conversation_id)
                content = outcome.message_content()
                await recorder.add("tool", content, tool_call_id=call.id)
                messages.append({"role": "tool", "tool_call_id": call.id, "content": content})
                finished.append(outcome)
                this_round.append(outcome)
                yield outcome
            if self.closer is not None and (closing := self.closer(asked_for, this_round)) is not None:
                # Nothing is left to say but what the tools did: no second model call to phrase it.
                texts.append(closing)
                for number, piece in enumerate(closing.split(" ")):
                    yield TextDelta(piece if number == 0 else " " + piece)
                yield TurnDone("\n\n".join(texts), closing, finished, asked)
                return
        final = (
            f"I stopped after {self.max_steps} steps without finishing, so some of your request may not be done. "
            + replies.summarize(finished)
        )
        yield TextDelta(final)
        yield TurnDone(final, final, finished, asked)

    def _fallback(self, reply: ModelReply, finished: list[ToolOutcome]) -> str:
        if reply.finish_reason in ("content_filter", "safety"):
            return "Sorry, I can't help with that request."
        if finished:
            # Some models answer a tool result with no text at all; the person still gets a reply.
            return replies.summarize(finished)
        return "Sorry, I didn't catch that. Could you say it another way?"

    async def _dispatch(self, call: ToolCall, tools: Tools, conversation_id: int) -> ToolOutcome:
        started = time.perf_counter()
        if call.arguments is None:
            outcome = ToolOutcome(call.name, {}, f"The arguments were not a JSON object: {call.raw_arguments[:200]!r}", True)
        else:
            arguments = {k: v for k, v in call.arguments.items() if k != "user_id"}
            outcome = await tools.call(call.name, arguments)
        TOOL_CALLS.labels(call.name, "error" if outcome.is_error else "ok").inc()
        log.info(
            "tool call",
            extra={
                "user_id": tools.user_id,
                "conversation_id": conversation_id,
                "tool_name": call.name,
                "ok": not outcome.is_error,
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return outcome


def _wire(call: ToolCall) -> dict[str, Any]:
    arguments = (
        call.raw_arguments if call.arguments is None else json.dumps({k: v for k, v in call.arguments.items() if k != "user_id"})
    )
    return {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": arguments}}
