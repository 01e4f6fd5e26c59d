"""One chat turn, streamed as Server-Sent Events or answered as one JSON object."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
import psycopg
from anyio.abc import ObjectReceiveStream, ObjectSendStream
from psycopg_pool import PoolTimeout
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from chatbot.agent import ToolCallStarted, ToolFinished, TurnDone
from chatbot.auth import bearer_token
from chatbot.errors import ChatbotError
from chatbot.llm import TextDelta
from chatbot.routes.common import app_state, authorize, id_field, read_json, text_field
from chatbot.state import AppState
from chatbot.turns import begin_turn, run_turn
from chatbot.validation import MAX_MESSAGE, clean_text

log = logging.getLogger("chatbot.chat")
SNAPSHOT_SIZE = 25


@dataclass
class TurnFailed:
    code: str
    message: str
    status: int
    headers: dict[str, str]


async def chat(request: Request) -> Response:
    user_id = await authorize(request)
    data = await read_json(request)
    message = clean_text("message", text_field(data, "message", required=True), MAX_MESSAGE)
    conversation_id = id_field(data, "conversation_id", "Conversation")
    state = app_state(request)

    conversation_id, messages = await begin_turn(
        state.pool,
        user_id,
        message,
        conversation_id,
        state.settings.max_conversation_history,
        # The offline engine finds tasks with list_tasks; a real model reads the snapshot and saves a call.
        0 if state.settings.uses_offline_model else SNAPSHOT_SIZE,
    )
    send, receive = anyio.create_memory_object_stream[Any](math.inf)
    wants_json = _wants_json(request)
    token = bearer_token(request.headers.get("authorization"))
    state.turns.start_soon(_produce, state, user_id, token, conversation_id, messages, send, not wants_json)

    first = await receive.receive()
    if isinstance(first, TurnFailed):
        receive.close()
        return _error_response(first)
    if wants_json:
        return await _json_answer(conversation_id, first, receive)
    return StreamingResponse(
        _sse(conversation_id, first, receive),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _produce(
    state: AppState, user_id: str, token: str, conversation_id: int, messages, send: ObjectSendStream, streaming: bool
) -> None:
    """Run the turn to its end whatever the client does, handing events to whoever still listens."""

    def emit(event: Any) -> None:
        try:
            send.send_nowait(event)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass  # the client left; the turn goes on and is stored

    with send:
        try:
            await run_turn(
                state.agent,
                state.toolbox,
                state.pool,
                user_id,
                token,
                conversation_id,
                messages,
                state.settings.agent_turn_timeout_seconds,
                emit,
                streaming=streaming,
            )
        except ChatbotError as error:
            emit(TurnFailed(error.code, error.message, error.status, error.headers()))
        except (psycopg.OperationalError, PoolTimeout):
            log.warning("turn stopped: database unavailable", extra={"user_id": user_id, "conversation_id": conversation_id})
            emit(TurnFailed("database_unavailable", "The database is unavailable; please try again shortly.", 503, {"Retry-After": "5"}))
        except Exception:
            log.exception("turn failed", extra={"user_id": user_id, "conversation_id": conversation_id})
            emit(TurnFailed("internal_error", "Something went wrong on our side; please try again.", 500, {}))


async def _events(first: Any, receive: ObjectReceiveStream) -> AsyncIterator[Any]:
    yield first
    with receive:
        async for event in receive:
            yield event


async def _json_answer(conversation_id: int, first: Any, receive: ObjectReceiveStream) -> Response:
    async for event in _events(first, receive):
        if isinstance(event, TurnFailed):
            return _error_response(event)
        if isinstance(event, TurnDone):
            return JSONResponse(_done(conversation_id, event, with_flag=False))
    return _error_response(TurnFailed("internal_error", "The turn ended without an answer.", 500, {}))


async def _sse(conversation_id: int, first: Any, receive: ObjectReceiveStream) -> AsyncIterator[str]:
    async for event in _events(first, receive):
        payload = _sse_payload(conversation_id, event)
        if payload is not None:
            yield "data: " + json.dumps(payload, default=str) + "\n\n"


def _sse_payload(conversation_id: int, event: Any) -> dict[str, Any] | None:
    if isinstance(event, TextDelta):
        return {"content": event.text}
    if isinstance(event, ToolCallStarted):
        return {"tool_call": {"name": event.name, "arguments": event.arguments}}
    if isinstance(event, ToolFinished):
        public = event.public()
        return {"tool_result": {"name": public["name"], "result": public["result"]}}
    if isinstance(event, TurnDone):
        return _done(conversation_id, event, with_flag=True)
    if isinstance(event, TurnFailed):
        return {"error": {"code": event.code, "message": event.message}}
    return None


def _done(conversation_id: int, done: TurnDone, *, with_flag: bool) -> dict[str, Any]:
    body = {"conversation_id": conversation_id, "response": done.reply, "tool_calls": [t.public() for t in done.tool_calls]}
    return {"done": True, **body} if with_flag else body


def _error_response(failed: TurnFailed) -> Response:
    return JSONResponse(
        {"error": {"code": failed.code, "message": failed.message}}, status_code=failed.status, headers=failed.headers
    )


def _wants_json(request: Request) -> bool:
    if request.query_params.get("stream", "").lower() in ("false", "0", "no"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/event-stream" not in accept


routes = [Route("/api/{user_id}/chat", chat, methods=["POST"])]
