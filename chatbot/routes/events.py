"""`GET /api/{user_id}/events`: the user's task events as Server-Sent Events, from every door and every instance."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from chatbot import store
from chatbot.routes.common import SSE_HEADERS, app_state, authorize
from chatbot.validation import digits

PAGE = 100


async def events(request: Request) -> Response:
    """Every change to the user's tasks as it happens; with `Last-Event-ID`, first what a reconnect missed."""
    user_id = await authorize(request)
    state = app_state(request)
    said = (request.headers.get("last-event-id") or "").strip()
    if digits(said) and len(said) <= 18:
        after = int(said)
    else:
        async with state.pool.connection() as conn:
            after = await store.last_task_event(conn, user_id)  # a new stream starts from now
    subscription = state.events.subscribe(user_id)

    async def stream() -> AsyncIterator[str]:
        nonlocal after
        try:
            yield "retry: 3000\n\n"
            while True:
                # A connection only while reading: none is held while the stream waits.
                async with state.pool.connection() as conn:
                    found = await store.task_events_after(conn, user_id, after, PAGE)
                for event in found:
                    after = event["id"]
                    yield f"id: {event['id']}\ndata: {json.dumps(_event(event))}\n\n"
                if len(found) == PAGE:
                    continue
                heard = await _wait(request, subscription, state.events.wait_seconds)
                if heard == "gone":
                    return  # the client left: its stream ends within a second, not at the next ping
                if heard == "quiet":
                    yield ": ping\n\n"
        finally:
            state.events.unsubscribe(subscription)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=SSE_HEADERS)


async def _wait(request: Request, subscription, seconds: float) -> str:
    """Until the stream's user has "news", `seconds` pass "quiet", or the client is "gone" (looked at every second)."""
    waited = 0.0
    while waited < seconds:
        if await subscription.wait(min(1.0, seconds - waited)):
            return "news"
        waited += 1.0
        if await request.is_disconnected():
            return "gone"
    return "quiet"


def _event(row: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"type": row["type"]}
    body |= {"task_id": row["task_id"]} if row["task"] is None else {"task": row["task"]}
    return body | (row["detail"] or {}) | {"at": row["at"].isoformat()}  # a reminder adds remind_at and late


routes = [Route("/api/{user_id}/events", events, methods=["GET"])]
