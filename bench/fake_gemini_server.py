"""A lean fake Gemini for the benchmark: `python -m bench.fake_gemini_server --port P --delay S`.

It answers as tests/fake_gemini.py does (a function call, then text) but as a bare ASGI app, so
the machine's two cores go to the service under test rather than to the fake.
"""

from __future__ import annotations

import argparse
import asyncio
import json

import uvicorn

from tests.fake_gemini import default_answer

JSON_HEADERS = [(b"content-type", b"application/json")]
SSE_HEADERS = [(b"content-type", b"text/event-stream")]


def fake_gemini(delay: float):
    """The ASGI app: every POST is a `generateContent` (or `streamGenerateContent`) call."""

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
        answer = json.dumps(default_answer(json.loads(body) if body else {"contents": [{"parts": []}]}))
        streamed = scope["path"].endswith(":streamGenerateContent")
        payload = f"data: {answer}\r\n\r\n" if streamed else answer
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS if streamed else JSON_HEADERS})
        await send({"type": "http.response.body", "body": payload.encode()})

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each model call takes")
    args = parser.parse_args()
    uvicorn.run(
        fake_gemini(args.delay), host="127.0.0.1", port=args.port, log_level="warning", access_log=False, timeout_keep_alive=75
    )


if __name__ == "__main__":
    main()
