"""A lean fake model for the benchmark: `python -m bench.fake_model_server --port P --delay S`.

One bare ASGI app speaks both wire formats a turn can use, with the same turn shape (a function
call to the user's words, then text once it has the tool's result), so the machine's two cores go
to the service under test rather than to the fake:
- Gemini's `POST .../models/M:generateContent` (and `:streamGenerateContent`), through GEMINI_API_BASE;
- the OpenAI-compatible `POST .../chat/completions` (JSON, or SSE with `stream: true`), through
  OPENAI_API_BASE, as Ollama, vLLM or a peer implementation's fake would answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

import uvicorn

from tests.fake_gemini import default_answer

JSON_HEADERS = [(b"content-type", b"application/json")]
SSE_HEADERS = [(b"content-type", b"text/event-stream")]
OPENAI_REPLY = "Done: your list is updated."


def openai_answer(body: dict[str, Any]) -> dict[str, Any]:
    """The OpenAI-compatible twin of `default_answer`: a tool result gets a sentence, anything else `add_task`."""
    last = (body.get("messages") or [{}])[-1]
    if last.get("role") == "tool":
        message: dict[str, Any] = {"role": "assistant", "content": OPENAI_REPLY}
        finish = "stop"
    else:
        said = last.get("content") if isinstance(last.get("content"), str) else ""
        arguments = json.dumps({"title": said.strip()[:100] or "Something"})
        call = {"id": "call_1", "type": "function", "function": {"name": "add_task", "arguments": arguments}}
        message, finish = {"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"
    return {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 8, "total_tokens": 58},
    }


def openai_stream(answer: dict[str, Any]) -> str:
    """The answer as OpenAI's stream sends it: one delta chunk, a finishing chunk, then [DONE]."""
    choice = answer["choices"][0]
    message = choice["message"]
    delta: dict[str, Any] = {"role": "assistant", "content": message.get("content")}
    if message.get("tool_calls"):
        delta["tool_calls"] = [call | {"index": number} for number, call in enumerate(message["tool_calls"])]
    base = {key: answer[key] for key in ("id", "created", "model")} | {"object": "chat.completion.chunk"}
    chunks = [
        base | {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
        base | {"choices": [{"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}]},
    ]
    return "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks) + "data: [DONE]\n\n"


def fake_model(delay: float):
    """The ASGI app: every POST is a model call, in Gemini's format or OpenAI's by its path."""

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if delay:
            await asyncio.sleep(delay)
        request = json.loads(body) if body else {}
        if scope["path"].endswith("/chat/completions"):
            answer = openai_answer(request)
            streamed = bool(request.get("stream"))
            payload = openai_stream(answer) if streamed else json.dumps(answer)
        else:
            answer = default_answer(request if "contents" in request else {"contents": [{"parts": []}]})
            streamed = scope["path"].endswith(":streamGenerateContent")
            payload = f"data: {json.dumps(answer)}\r\n\r\n" if streamed else json.dumps(answer)
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS if streamed else JSON_HEADERS})
        await send({"type": "http.response.body", "body": payload.encode()})

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each model call takes")
    args = parser.parse_args()
    uvicorn.run(
        fake_model(args.delay), host="127.0.0.1", port=args.port, log_level="warning", access_log=False, timeout_keep_alive=75
    )


if __name__ == "__main__":
    main()
