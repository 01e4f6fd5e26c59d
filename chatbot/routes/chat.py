"""One chat turn, streamed as Server-Sent Events or answered as one JSON object."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import AsyncIterator
from typing import Any

import anyio
from anyio.abc import ObjectReceiveStream, ObjectSendStream
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from chatbot import contract
from chatbot.agent import ToolCallStarted, Turn, TurnDone
from chatbot.auth import bearer_token
from chatbot.errors import BadRequest
from chatbot.metrics import TURN_SECONDS, Timer
from chatbot.model import TextDelta, ToolOutcome
from chatbot.planning import clean_timezone
from chatbot.routes.common import SSE_HEADERS, app_state, authorize, id_field, read_json
from chatbot.routes.failures import DATABASE_DOWN, DATABASE_ERRORS, INTERNAL_ERROR, Failure, failure_of
from chatbot.state import AppState
from chatbot.turns import TurnLimits, TurnRequest, begin_turn, end_turn
from chatbot.validation import MAX_MESSAGE, clean_text

log = logging.getLogger("chatbot.chat")
SNAPSHOT_SIZE = 25
MAX_IDEMPOTENCY_KEY = 200
# A crashed turn's lease runs out this long after the turn's own time limit.
LEASE_MARGIN_SECONDS = 30
# How long a turn that failed for want of the database tries to close itself.
CLOSE_WAIT_SECONDS = 0.5


async def chat(request: Request) -> Response:
    user_id = await authorize(request)
    body = contract.read(contract.ChatRequest, await read_json(request))
    asked = TurnRequest(
        user_id=user_id,
        message=clean_text("message", body.message, MAX_MESSAGE),
        conversation_id=id_field(body.model_dump(), "conversation_id", "Conversation"),
        idempotency_key=_idempotency_key(request),
        timezone=clean_timezone(body.timezone) if body.timezone is not None else None,
    )
    state = app_state(request)
    settings = state.settings
    limits = TurnLimits(
        history=settings.max_conversation_history,
        # The offline engine finds tasks with list_tasks; a real model reads the snapshot and saves a call.
        snapshot=0 if settings.uses_offline_model else SNAPSHOT_SIZE,
        turns_per_minute=settings.chat_turns_per_minute,
        lease_seconds=settings.agent_turn_timeout_seconds + LEASE_MARGIN_SECONDS,
    )
    wants_json = _wants_json(request)
    state.gate.enter(user_id)
    try:
        start = await begin_turn(state.pool, asked, limits)
    except BaseException:
        state.gate.leave(asked.user_id)
        raise
    if start.replay is not None:
        state.gate.leave(asked.user_id)
        return _replay(start.replay, wants_json)

    send, receive = anyio.create_memory_object_stream[Any](math.inf)
    turn = Turn(
        user_id=user_id,
        conversation_id=start.conversation_id,
        messages=start.messages,
        streaming=not wants_json,
        token=bearer_token(request.headers.get("authorization")),
        key=asked.idempotency_key,
    )
    state.turns.start_soon(_produce, state, asked, turn, send)

    first = await receive.receive()
    if isinstance(first, Failure):
        receive.close()
        return first.response()
    if wants_json:
        return await _json_answer(start.conversation_id, first, receive)
    return StreamingResponse(_sse(start.conversation_id, first, receive), media_type="text/event-stream", headers=SSE_HEADERS)


async def _produce(state: AppState, asked: TurnRequest, turn: Turn, send: ObjectSendStream) -> None:
    """Run the turn to its end whatever the client does, handing events to whoever still listens.

    The last event (done or failed) goes out only once the turn is closed in the database, so a
    client that sends its next message the moment it has the answer finds the conversation free.
    """
    last: TurnDone | Failure | None = None

    def deliver(event: Any) -> None:
        try:
            send.send_nowait(event)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass  # the client left; the turn goes on and is stored

    def emit(event: Any) -> None:
        nonlocal last
        if isinstance(event, TurnDone):
            last = event
        else:
            deliver(event)

    conversation_id = turn.conversation_id
    context = {"user_id": turn.user_id, "conversation_id": conversation_id}
    timer = Timer()
    with send:
        try:
            await state.runner.run(turn, emit)
        except Exception as error:
            last = failure_of(error, context)
        finally:
            with anyio.CancelScope(shield=True):
                done = last if isinstance(last, TurnDone) else None
                answer = _done(conversation_id, done, with_flag=False) if done else None
                # A failed turn still ends its conversation with a reply, so the history reads whole.
                closing = done.closing if done else f"Sorry, I couldn't finish that: {(last or INTERNAL_ERROR).message}"
                try:
                    # With the database just gone, one short try: the lease and key run out by themselves.
                    wait = CLOSE_WAIT_SECONDS if last == DATABASE_DOWN else None
                    await end_turn(state.pool, asked, conversation_id, closing, answer, wait_seconds=wait)
                except DATABASE_ERRORS:
                    log.warning("could not close the turn: database unavailable", extra=context)
                    if done:  # its reply is not stored: the turn did not finish
                        last = DATABASE_DOWN
                state.gate.leave(asked.user_id)
                TURN_SECONDS.labels("ok" if isinstance(last, TurnDone) else "failed").observe(timer.seconds)
                if last is not None:
                    deliver(last)


async def _events(first: Any, receive: ObjectReceiveStream) -> AsyncIterator[Any]:
    yield first
    with receive:
        async for event in receive:
            yield event


async def _json_answer(conversation_id: int, first: Any, receive: ObjectReceiveStream) -> Response:
    async for event in _events(first, receive):
        if isinstance(event, Failure):
            return event.response()
        if isinstance(event, TurnDone):
            return JSONResponse(_done(conversation_id, event, with_flag=False))
    return INTERNAL_ERROR.response()


async def _sse(conversation_id: int, first: Any, receive: ObjectReceiveStream) -> AsyncIterator[str]:
    async for event in _events(first, receive):
        payload = _sse_payload(conversation_id, event)
        if payload is not None:
            yield _sse_line(payload)


def _sse_line(payload: dict[str, Any]) -> str:
    return "data: " + json.dumps(payload, default=str) + "\n\n"


def _sse_payload(conversation_id: int, event: Any) -> dict[str, Any] | None:
    if isinstance(event, TextDelta):
        return {"content": event.text}
    if isinstance(event, ToolCallStarted):
        return {"tool_call": {"name": event.name, "arguments": event.arguments}}
    if isinstance(event, ToolOutcome):
        public = event.public()
        return {"tool_result": {"name": public["name"], "result": public["result"]}}
    if isinstance(event, TurnDone):
        return _done(conversation_id, event, with_flag=True)
    if isinstance(event, Failure):
        return event.body()
    return None


def _done(conversation_id: int, done: TurnDone, *, with_flag: bool) -> dict[str, Any]:
    body = {
        "conversation_id": conversation_id,
        "response": done.reply,
        "tool_calls": [t.public() for t in done.tool_calls],
        "model_calls": done.model_calls,
    }
    return {"done": True, **body} if with_flag else body


def _replay(answer: dict[str, Any], wants_json: bool) -> Response:
    """The first answer of a repeated turn, sent again without running anything."""
    headers = {"Idempotent-Replayed": "true"}
    if wants_json:
        return JSONResponse(answer, headers=headers)
    lines = [_sse_line({"content": answer["response"]}), _sse_line({"done": True, **answer})]
    return StreamingResponse(iter(lines), media_type="text/event-stream", headers={**SSE_HEADERS, **headers})


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise BadRequest(f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} printable characters.", code="invalid_header")
    return key


def _wants_json(request: Request) -> bool:
    if request.query_params.get("stream", "").lower() in ("false", "0", "no"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/event-stream" not in accept


routes = [Route("/api/{user_id}/chat", chat, methods=["POST"])]
