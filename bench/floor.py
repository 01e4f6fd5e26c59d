"""The floor: a bare Starlette endpoint making the same SQL round trips as a chat turn, and nothing else."""

from __future__ import annotations

import argparse
import json
from contextlib import asynccontextmanager

import uvicorn
from psycopg.types.json import Jsonb
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from chatbot import db, store


def create_floor(url: str) -> Starlette:
    """One route doing the statements of a turn with one tool call, with the same connection checkouts."""

    @asynccontextmanager
    async def lifespan(app):
        pool = await db.open_pool(url, 20)
        await pool.wait()
        yield {"pool": pool}
        await pool.close()

    async def turn(request: Request):
        pool = request.state.pool
        user = request.path_params["user"]
        body = await request.json()
        message, cid = body["message"], body.get("conversation_id")
        async with pool.connection() as conn:  # begin_turn
            await db.fetch_all(conn, "turn_context", user_id=user, limit=25)
            if cid is None:
                row = await db.fetch_one(
                    conn, "start_conversation", user_id=user, title=message[:80], content=message, lease_seconds=150
                )
                cid = row["conversation_id"]
            else:
                await db.fetch_all(
                    conn, "continue_conversation", user_id=user, conversation_id=cid, content=message, lease_seconds=150, limit=50
                )
        calls = [{"id": "c1", "type": "function", "function": {"name": "add_task", "arguments": json.dumps({"title": message})}}]
        async with pool.connection() as conn:  # the assistant's call, as the agent records it
            await _message(conn, user, cid, "assistant", None, calls)
        async with pool.connection() as conn:  # the tool itself
            task = await store.add_task(conn, user, message[:200])
        async with pool.connection() as conn:
            await _message(conn, user, cid, "tool", json.dumps({"task_id": task["id"]}), None, "c1")
        async with pool.connection() as conn:  # end_turn
            await db.execute(conn, "finish_turn", user_id=user, conversation_id=cid, content="Added.")
        return JSONResponse({"conversation_id": cid, "response": "Added.", "tool_calls": []})

    return Starlette(routes=[Route("/floor/{user}", turn, methods=["POST"])], lifespan=lifespan)


async def _message(conn, user, cid, role, content, tool_calls=None, tool_call_id=None):
    await db.fetch_one(
        conn,
        "add_message",
        user_id=user,
        conversation_id=cid,
        role=role,
        content=content,
        tool_calls=None if tool_calls is None else Jsonb(tool_calls),
        tool_call_id=tool_call_id,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    uvicorn.run(
        create_floor(args.database_url),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=75,
    )


if __name__ == "__main__":
    main()
