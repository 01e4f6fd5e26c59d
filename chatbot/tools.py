"""The MCP server: five thin tools over the store, each acting for the `user_id` it is given."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from psycopg_pool import AsyncConnectionPool
from pydantic import Field
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from chatbot import store
from chatbot.auth import USER_SCOPE_KEY
from chatbot.errors import ChatbotError
from chatbot.store import Task
from chatbot.validation import MAX_DESCRIPTION, MAX_TITLE, clean_description, clean_text

# Enough for any person's list in one answer, bounded so a huge list cannot flood the model.
LIST_LIMIT = 200

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


def create_mcp_server(pool: AsyncConnectionPool) -> MCPServer:
    """The todo MCP server, its tools reading and writing through `pool`."""
    server = MCPServer("todo", instructions="Manage one user's todo list.", warn_on_duplicate_tools=True)

    @server.tool()
    async def add_task(
        title: Annotated[str, Field(description=f"Short title, 1 to {MAX_TITLE} characters.")],
        ctx: Context,
        description: Annotated[str | None, Field(description=f"Optional details, up to {MAX_DESCRIPTION} characters.")] = None,
        user_id: UserId = None,
    ) -> TaskChange:
        """Add a new task to the user's todo list."""
        user_id = caller(ctx, user_id)
        title, description = _checked(lambda: (clean_text("title", title, MAX_TITLE), clean_description(description)))
        async with pool.connection() as conn:
            task = await store.add_task(conn, user_id, title, description)
        return _change(task, "created")

    @server.tool()
    async def list_tasks(
        ctx: Context,
        status: Annotated[Literal["all", "pending", "completed"], Field(description="Which tasks to show.")] = "all",
        query: Annotated[str | None, Field(description="Only tasks whose title or description contains this text.")] = None,
        user_id: UserId = None,
    ) -> list[TaskItem]:
        """List the user's tasks, oldest first, with their ids and whether they are completed."""
        user_id = caller(ctx, user_id)
        query = _checked(lambda: clean_text("query", query, MAX_TITLE, allow_blank=True)) if query else None
        async with pool.connection() as conn:
            tasks = await store.list_tasks(conn, user_id, status, query, limit=LIST_LIMIT)
        return [
            TaskItem(
                id=t["id"],
                title=t["title"],
                description=t["description"],
                completed=t["completed"],
                created_at=t["created_at"].isoformat(),
            )
            for t in tasks
        ]

    async def change_one(ctx: Context, user_id: str | None, task_id: int, change, status: str) -> TaskChange:
        user_id = caller(ctx, user_id)
        async with pool.connection() as conn:
            task = await change(conn, user_id, task_id)
        return _change(_found(task, task_id), status)

    @server.tool()
    async def complete_task(task_id: TaskId, ctx: Context, user_id: UserId = None) -> TaskChange:
        """Mark one of the user's tasks as completed."""
        return await change_one(ctx, user_id, task_id, store.complete_task, "completed")

    @server.tool()
    async def delete_task(task_id: TaskId, ctx: Context, user_id: UserId = None) -> TaskChange:
        """Delete one of the user's tasks for good."""
        return await change_one(ctx, user_id, task_id, store.delete_task, "deleted")

    @server.tool()
    async def update_task(
        task_id: TaskId,
        ctx: Context,
        title: Annotated[str | None, Field(description="The new title, if it changes.")] = None,
        description: Annotated[str | None, Field(description="The new description, if it changes.")] = None,
        user_id: UserId = None,
    ) -> TaskChange:
        """Change the title and/or description of one of the user's tasks."""
        user_id = caller(ctx, user_id)
        if title is None and description is None:
            raise ToolError("Give a new title or a new description to change.")
        title = _checked(lambda: clean_text("title", title, MAX_TITLE)) if title is not None else None
        new_description = _checked(lambda: clean_description(description))
        async with pool.connection() as conn:
            task = await store.update_task(
                conn, user_id, task_id, title=title, description=new_description, set_description=description is not None
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


def _checked(check):
    try:
        return check()
    except ChatbotError as error:
        raise ToolError(error.message) from None
