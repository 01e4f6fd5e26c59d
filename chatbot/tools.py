"""The MCP server: five thin tools over the store, each acting for the `user_id` it is given."""

from __future__ import annotations

import functools
import json
from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent
from psycopg_pool import AsyncConnectionPool
from pydantic import Field
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from chatbot import store
from chatbot.auth import USER_SCOPE_KEY
from chatbot.db import DATABASE_ERRORS, SCHEMA_ERRORS, unavailable
from chatbot.errors import ChatbotError
from chatbot.model import LIST_LIMIT, MAX_LIST_LIMIT
from chatbot.store import Task
from chatbot.validation import MAX_DESCRIPTION, MAX_TITLE, clean_description, clean_text

# The JSON-RPC error a tool call answers while the database is away (-32000 to -32099 are the
# server's own); `data.code` is the service's error code, so a client tells it apart without reading words.
UNAVAILABLE = -32050
# Where a cut list's result says how many matching tasks it leaves out (`_meta` of the result).
NOT_SHOWN = "not_shown"

UserId = Annotated[
    str | None,
    Field(description="The user whose tasks these are. Over HTTP the bearer token decides, and may be omitted."),
]
TaskId = Annotated[int, Field(ge=1, le=2**63 - 1, description="The task's id, as list_tasks shows it.")]


class TaskChange(TypedDict):
    task_id: int
    status: str
    title: str


class TaskItem(TypedDict):
    id: int
    title: str
    description: str | None
    completed: bool
    created_at: str


def _answering(tool):
    """A tool whose refusals reach the caller in our own words, and a database outage as a protocol error."""

    @functools.wraps(tool)
    async def run(*args, **kwargs):
        try:
            return await tool(*args, **kwargs)
        except (ToolError, ChatbotError) as error:
            message = error.message if isinstance(error, ChatbotError) else str(error)
            return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)
        except (*DATABASE_ERRORS, *SCHEMA_ERRORS) as error:
            failure = unavailable(error)
            data = {"code": failure.code, "retry_after": failure.retry_after}
            raise MCPError(UNAVAILABLE, failure.message, data=data) from None

    return run


def create_mcp_server(pool: AsyncConnectionPool) -> MCPServer:
    """The todo MCP server, its tools reading and writing through `pool`."""
    server = MCPServer("todo", instructions="Manage one user's todo list.", warn_on_duplicate_tools=True)

    def tool(function):
        return server.tool()(_answering(function))

    @tool
    async def add_task(
        title: Annotated[str, Field(description=f"Short title, 1 to {MAX_TITLE} characters.")],
        ctx: Context,
        description: Annotated[str | None, Field(description=f"Optional details, up to {MAX_DESCRIPTION} characters.")] = None,
        user_id: UserId = None,
    ) -> TaskChange:
        """Add a new task to the user's todo list."""
        user_id = caller(ctx, user_id)
        title, description = clean_text("title", title, MAX_TITLE), clean_description(description)
        async with pool.connection() as conn:
            task = await store.add_task(conn, user_id, title, description)
        return _change(task, "created")

    @tool
    async def list_tasks(
        ctx: Context,
        status: Annotated[Literal["all", "pending", "completed"], Field(description="Which tasks to show.")] = "all",
        query: Annotated[str | None, Field(description="Only tasks whose title or description contains this text.")] = None,
        limit: Annotated[
            int, Field(ge=1, le=MAX_LIST_LIMIT, description=f"At most this many tasks (default {LIST_LIMIT}), oldest first.")
        ] = LIST_LIMIT,
        user_id: UserId = None,
    ) -> list[TaskItem]:
        """List the user's tasks, oldest first, with their ids and whether they are completed.

        When more tasks match than `limit`, the result's `_meta.not_shown` says how many were left out.
        """
        user_id = caller(ctx, user_id)
        query = clean_text("query", query, MAX_TITLE, allow_blank=True) if query else None
        async with pool.connection() as conn:
            page = await store.list_tasks(conn, user_id, status, query, limit=limit)
        items = [
            TaskItem(
                id=t["id"],
                title=t["title"],
                description=t["description"],
                completed=t["completed"],
                created_at=t["created_at"].isoformat(),
            )
            for t in page.tasks
        ]
        return CallToolResult(
            content=[TextContent(type="text", text=json.dumps(items))],
            structured_content={"result": items},
            _meta={NOT_SHOWN: page.total - len(items)} if page.total > len(items) else None,
        )

    async def change_one(ctx: Context, user_id: str | None, task_id: int, change, status: str) -> TaskChange:
        user_id = caller(ctx, user_id)
        async with pool.connection() as conn:
            task = await change(conn, user_id, task_id)
        return _change(_found(task, task_id), status)

    @tool
    async def complete_task(task_id: TaskId, ctx: Context, user_id: UserId = None) -> TaskChange:
        """Mark one of the user's tasks as completed."""
        return await change_one(ctx, user_id, task_id, store.complete_task, "completed")

    @tool
    async def delete_task(task_id: TaskId, ctx: Context, user_id: UserId = None) -> TaskChange:
        """Delete one of the user's tasks for good."""
        return await change_one(ctx, user_id, task_id, store.delete_task, "deleted")

    @tool
    async def update_task(
        task_id: TaskId,
        ctx: Context,
        title: Annotated[str | None, Field(description="The new title, if it changes.")] = None,
        description: Annotated[str | None, Field(description="The new description, if it changes.")] = None,
        completed: Annotated[
            bool | None, Field(description="false reopens a completed task; true completes it (as complete_task does).")
        ] = None,
        user_id: UserId = None,
    ) -> TaskChange:
        """Change the title and/or description of one of the user's tasks, or reopen it with completed=false."""
        user_id = caller(ctx, user_id)
        if title is None and description is None and completed is None:
            raise ToolError("Give a new title or a new description (or completed) to change.")
        title = clean_text("title", title, MAX_TITLE) if title is not None else None
        new_description = clean_description(description)
        async with pool.connection() as conn:
            task = await store.update_task(
                conn,
                user_id,
                task_id,
                title=title,
                description=new_description,
                set_description=description is not None,
                completed=completed,
            )
        return _change(_found(task, task_id), "updated")

    return server


def caller(ctx: Context, user_id: str | None) -> str:
    """Whom a call acts for: over HTTP the bearer token's user, in process the `user_id` the loop wrote in."""
    request = ctx.request_context.request
    if request is not None:
        token_user = request.scope.get(USER_SCOPE_KEY)
        if token_user is None:  # the HTTP endpoint authenticates first; this is a wiring bug
            raise ToolError("This call is not authenticated.")
        if user_id is not None and user_id != token_user:
            raise ToolError("You can only act on your own tasks: user_id must be yours or left out.")
        return token_user
    if not user_id:
        raise ToolError("user_id is required.")
    return user_id


def _change(task: Task, status: str) -> TaskChange:
    return TaskChange(task_id=task["id"], status=status, title=task["title"])


def _found(task: Task | None, task_id: int) -> Task:
    # One message for "missing" and "someone else's": whether a task exists is not the caller's to learn.
    if task is None:
        raise ToolError(f"Task {task_id} not found")
    return task
