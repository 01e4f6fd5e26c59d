"""Conversations and their messages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chatbot import store
from chatbot.routes.common import MAX_ID, app_state, authorize, conversation_json, int_query, message_json, path_id

# The most one page holds, and its size unless `limit` asks for fewer.
PAGE_SIZE = 200
MOST_ON_A_PAGE = 1000


async def list_conversations(request: Request) -> Response:
    """The user's conversations, most recently active first: at most `limit` (200 unless asked)."""
    user_id = await authorize(request)
    limit = int_query(request, "limit", PAGE_SIZE, low=1, high=MOST_ON_A_PAGE)
    async with app_state(request).pool.connection() as conn:
        conversations = await store.list_conversations(conn, user_id, limit)
    return JSONResponse([conversation_json(c) for c in conversations])


async def list_messages(request: Request) -> Response:
    """A conversation's newest messages, oldest first, a page at a time: `limit` (200 unless asked), and `before`
    the oldest id of the page shown to go further back; `Link: <...>; rel="prev"` says where the earlier page is."""
    user_id = await authorize(request)
    conversation_id = path_id(request, "conversation_id", "Conversation")
    limit = int_query(request, "limit", PAGE_SIZE, low=1, high=MOST_ON_A_PAGE)
    before = int_query(request, "before", 0, low=1, high=MAX_ID) if "before" in request.query_params else None
    async with app_state(request).pool.connection() as conn:
        await store.get_conversation(conn, user_id, conversation_id)
        messages = await store.list_messages(conn, user_id, conversation_id, limit=limit + 1, before=before)
    headers = {}
    if len(messages) > limit:  # one more than asked: there is an earlier page
        messages = messages[1:]
        earlier = request.url.include_query_params(before=messages[0]["id"], limit=limit)
        headers["Link"] = f'<{earlier.path}?{earlier.query}>; rel="prev"'
    return JSONResponse([message_json(m) for m in messages], headers=headers)


async def delete_conversation(request: Request) -> Response:
    user_id = await authorize(request)
    conversation_id = path_id(request, "conversation_id", "Conversation")
    async with app_state(request).pool.connection() as conn:
        await store.delete_conversation(conn, user_id, conversation_id)
    return Response(status_code=204)


routes = [
    Route("/api/{user_id}/conversations", list_conversations, methods=["GET"]),
    Route("/api/{user_id}/conversations/{conversation_id:id}/messages", list_messages, methods=["GET"]),
    Route("/api/{user_id}/conversations/{conversation_id:id}", delete_conversation, methods=["DELETE"]),
]
