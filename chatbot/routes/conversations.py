"""Conversations and their messages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chatbot import store
from chatbot.routes.common import app_state, authorize, conversation_json, message_json, path_id


async def list_conversations(request: Request) -> Response:
    user_id = await authorize(request)
    async with app_state(request).pool.connection() as conn:
        conversations = await store.list_conversations(conn, user_id)
    return JSONResponse([conversation_json(c) for c in conversations])


async def list_messages(request: Request) -> Response:
    user_id = await authorize(request)
    conversation_id = path_id(request, "conversation_id", "Conversation")
    async with app_state(request).pool.connection() as conn:
        await store.get_conversation(conn, user_id, conversation_id)
        messages = await store.list_messages(conn, user_id, conversation_id)
    return JSONResponse([message_json(m) for m in messages])


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
