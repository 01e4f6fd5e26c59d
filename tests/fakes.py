"""A scripted model, passed into the app in place of LiteLLM (simonw/llm's MockModel, in spirit)."""

from __future__ import annotations

import copy
import json
import threading
from collections import deque
from typing import Any

import anyio

from chatbot.model import ModelReply, TextDelta, ToolCall


def text(reply: str) -> ModelReply:
    return ModelReply(text=reply, finish_reason="stop")


def calls(*pairs: tuple[str, dict[str, Any] | str]) -> ModelReply:
    """A reply asking for function calls; a string instead of a dict is sent as raw (bad) arguments."""
    made = []
    for number, (name, arguments) in enumerate(pairs):
        raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
        parsed = None if isinstance(arguments, str) else arguments
        made.append(ToolCall(id=f"call_{number}_{name}", name=name, raw_arguments=raw, arguments=parsed))
    return ModelReply(tool_calls=made, finish_reason="tool_calls")


class Stall:
    """A reply that never comes in time; `entered` is set when a turn starts waiting on it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.entered = threading.Event()

    def wait_entered(self, timeout: float = 10.0) -> None:
        """Block the test until a turn is inside this stall."""
        assert self.entered.wait(timeout), "no turn reached the stalled model call"


class ScriptedModel:
    """Answers each model call with the next scripted reply, and remembers what it was shown."""

    def __init__(self, *replies: ModelReply | Stall, repeat_last: bool = False):
        self.replies = deque(replies)
        self.repeat_last = repeat_last
        self.seen: list[list[dict[str, Any]]] = []

    async def stream(self, messages, tools, *, streaming: bool = True):
        self.seen.append(copy.deepcopy(messages))
        reply = self.replies[0] if self.repeat_last and len(self.replies) == 1 else self.replies.popleft()
        if isinstance(reply, Stall):
            reply.entered.set()
            await anyio.sleep(reply.seconds)
            reply = text("too late")
        if reply.text:
            yield TextDelta(reply.text)
        yield reply
