"""The MCP server: five thin tools over the store, each acting for the `user_id` it is given."""

from __future__ import annotations

from typing import Annotated, Literal

from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from psycopg_pool import AsyncConnectionPool
from pydantic import Field

from chatbot import store
from chatbot.errors import ChatbotError
from chatbot.store import Task
from chatbot.validation import MAX_DESCRIPTION, MAX_TITLE, clean_description, clean_text

TOOL_NAMES = ("add_task", "list_tasks", "complete_task", "delete_task", "update_task")
# Enough for any person's list in one answer, bounded so a huge list cannot flood the model.
LIST_LIMIT = 200

UserId = Annotated[str, Field(min_length=1, description="The user whose tasks these are.")]
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
        user_id: UserId,
        title: Annotated[str, Field(description=f"Short title, 1 to {MAX_TITLE} characters.")],
        description: Annotated[str | None, Field(description=f"Optional details, up to {MAX_DESCRIPTION} characters.")] = None,
    ) -> TaskChange:
        """Add a new task to the user's todo list."""
        title, description = _checked(lambda: (clean_text("title", title, MAX_TITLE), clean_description(description)))
        async with pool.connection() as conn:
            task = await store.add_task(conn, user_id, title, description)
        return _change(task, "created")

    @server.tool()
    async def list_tasks(
        user_id: UserId,
        status: Annotated[Literal["all", "pending", "completed"], Field(description="Which tasks to show.")] = "all",
        query: Annotated[str | None, Field(description="Only tasks whose title or description contains this text.")] = None,
    ) -> list[TaskItem]:
        """List the user's tasks, oldest first, with their ids and whether they are completed."""
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

    @server.tool()
    async def complete_task(user_id: UserId, task_id: TaskId) -> TaskChange:
        """Mark one of the user's tasks as completed."""
        async with pool.connection() as conn:
            task = await store.complete_task(conn, user_id, task_id)
        return _change(_found(task, task_id), "completed")

    @server.tool()
    async def delete_task(user_id: UserId, task_id: TaskId) -> TaskChange:
        """Delete one of the user's tasks for good."""
        async with pool.connection() as conn:
            task = await store.delete_task(conn, user_id, task_id)
        return _change(_found(task, task_id), "deleted")

    @server.tool()
    async def update_task(
        user_id: UserId,
        task_id: TaskId,
        title: Annotated[str | None, Field(description="The new title, if it changes.")] = None,
        description: Annotated[str | None, Field(description="The new description, if it changes.")] = None,
    ) -> TaskChange:
        """Change the title and/or description of one of the user's tasks."""
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
