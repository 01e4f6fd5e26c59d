"""A fake Gemini API on loopback: LiteLLM's real HTTP path runs against it through GEMINI_API_BASE."""

from __future__ import annotations

import json
from collections import deque
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route


def candidate(*parts: dict[str, Any], finish: str = "STOP") -> dict[str, Any]:
    """A `generateContent` answer with the given parts."""
    return {
        "candidates": [{"content": {"role": "model", "parts": list(parts)}, "finishReason": finish, "index": 0}],
        "usageMetadata": {"promptTokenCount": 50, "candidatesTokenCount": 8, "totalTokenCount": 58},
        "modelVersion": "gemini-2.0-flash",
    }


def function_call(name: str, **args: Any) -> dict[str, Any]:
    return {"functionCall": {"name": name, "args": args}}


def default_answer(body: dict[str, Any]) -> dict[str, Any]:
    """Answer a tool result with a sentence, and anything else with `add_task` of the user's words."""
    last = body["contents"][-1]["parts"]
    if any("functionResponse" in part or "function_response" in part for part in last):
        return candidate({"text": "Done: your list is updated."})
    said = " ".join(part.get("text", "") for part in last).strip()
    return candidate(function_call("add_task", title=said[:100] or "Something"))


class FakeGemini:
    """Scripted answers first, then `default_answer`; each call waits `delay` seconds, like a real model."""

    def __init__(self, *answers: dict[str, Any], delay: float = 0.0):
        self.answers = deque(answers)
        self.delay = delay
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.app = Starlette(routes=[Route("/{path:path}", self.handle, methods=["POST"])])

    async def handle(self, request: Request) -> Response:
        body = json.loads(await request.body())
        self.requests.append((request.url.path, body))
        if self.delay:
            await anyio.sleep(self.delay)
        answer = self.answers.popleft() if self.answers else default_answer(body)
        if request.url.path.endswith(":streamGenerateContent"):
            return StreamingResponse(iter([f"data: {json.dumps(answer)}\r\n\r\n"]), media_type="text/event-stream")
        return JSONResponse(answer)
