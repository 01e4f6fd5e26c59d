"""The MCP server: five thin tools over the store, each acting for the `user_id` it is given."""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from pydantic import ConfigDict, Field, ValidationError

from chatbot import __version__, contract, store
from chatbot.auth import USER_SCOPE_KEY
from chatbot.contract import TaskChange, TaskCompletion, TaskItem, TaskList
from chatbot.db import DATABASE_ERRORS, SCHEMA_ERRORS, unavailable
from chatbot.errors import ChatbotError
from chatbot.model import LIST_LIMIT, MAX_LIST_LIMIT
from chatbot.planning import DueWindow, Priority, Sort, clean_tag, due_range, plans_json, read_planning
from chatbot.store import Task
from chatbot.validation import MAX_DESCRIPTION, MAX_TITLE, clean_description, clean_text

# The JSON-RPC error a tool call answers while the database is away (-32000 to -32099 are the
# server's own); `data.code` is the service's error code, so a client tells it apart without reading words.
UNAVAILABLE = -32050
# Where a cut list's result says how many matching tasks it leaves out (`_meta` of the result).
NOT_SHOWN = "not_shown"
# The `_meta` field a keyed chat turn's calls carry: each change is noted under that key in its own transaction.
TURN_KEY = "todo.chatbot/turn-key"

UserId = Annotated[
    str | None,
    Field(description="The user whose tasks these are. Over HTTP the bearer token decides, and may be omitted."),
]
TaskId = Annotated[int, Field(ge=1, le=2**63 - 1, description="The task's id, as list_tasks shows it.")]
Due = Annotated[
    str | None,
    Field(
        description="When it is due, in the user's own timezone: YYYY-MM-DD, or YYYY-MM-DDTHH:MM with a time. "
        "Work relative dates ('tomorrow', 'on Friday') out from the user's today given in the instructions."
    ),
]
PriorityArg = Annotated[Priority | None, Field(description="none, low, medium, high or urgent.")]
Tags = Annotated[list[str] | None, Field(description="Lower-case labels without '#', e.g. ['work', 'errands']; at most 10.")]
Recurrence = Annotated[
    str | None,
    Field(
        description="How it repeats, as an RRULE: FREQ=DAILY, FREQ=WEEKLY;BYDAY=MO,TH, FREQ=MONTHLY;BYMONTHDAY=15, "
        "FREQ=YEARLY, with INTERVAL=N for every N days/weeks/months/years; weekdays are FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR."
    ),
]
RemindAt = Annotated[
    str | None,
    Field(
        description="When to remind the user, in their own timezone: YYYY-MM-DDTHH:MM (or an ISO timestamp with an "
        "offset); null clears it. 'Remind me at 5pm to X' is a task due then with remind_at then; '30 minutes before' "
        "is remind_at 30 minutes before the task's due."
    ),
]
DueDate = Annotated[str | None, Field(description="The due date alone, as list_tasks shows it (YYYY-MM-DD); due says it whole.")]
DueTime = Annotated[str | None, Field(description="The due time (HH:MM), with due_date.")]


class StrictTool(Tool):
    """A tool that refuses an argument it does not take (its input schema says `additionalProperties: false`), and
    says what is wrong with its arguments in our words: pydantic's own text never reaches a client."""

    @classmethod
    def of(cls, function, **options: Any) -> StrictTool:
        tool = cls.from_function(function, **options)
        lenient = tool.fn_metadata.arg_model
        tool.fn_metadata.arg_model = type(
            lenient.__name__, (lenient,), {"model_config": ConfigDict(**lenient.model_config, extra="forbid")}
        )
        tool.parameters["additionalProperties"] = False
        return tool

    async def run(self, arguments: dict[str, Any], context: Context, convert_result: bool = False) -> Any:
        try:
            return await super().run(arguments, context, convert_result)
        except ToolError as error:
            if isinstance(error.__cause__, ValidationError):
                raise ToolError(contract.refusal(error.__cause__, self.fn_metadata.arg_model).message) from None
            raise


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
    tools: list[Tool] = []

    @asynccontextmanager
    async def changing(ctx: Context, user_id: str, name: str) -> AsyncIterator[_Change]:
        """A transaction for one change of the tool `name`."""
        async with pool.connection() as conn, conn.transaction():
            yield _Change(conn, ctx, user_id, name)

    def tool(title: str, **hints: bool):
        # Every tool acts on this service's own list only: a closed world.
        annotations = ToolAnnotations(title=title, openWorldHint=False, **hints)

        def register(function):
            tools.append(StrictTool.of(_answering(function), title=title, annotations=annotations))
            return function

        return register

    @tool("Add a task", readOnlyHint=False, destructiveHint=False, idempotentHint=False)
    async def add_task(
        title: Annotated[str, Field(description=f"Short title, 1 to {MAX_TITLE} characters.")],
        ctx: Context,
        description: Annotated[str | None, Field(description=f"Optional details, up to {MAX_DESCRIPTION} characters.")] = None,
        due: Due = None,
        priority: PriorityArg = None,
        tags: Tags = None,
        recurrence: Recurrence = None,
        remind_at: RemindAt = None,
        user_id: UserId = None,
        due_date: DueDate = None,
        due_time: DueTime = None,
    ) -> TaskChange:
        """Add a new task to the user's todo list, optionally with a due date, priority, tags, a repeat rule and a
        reminder."""
        user_id = caller(ctx, user_id)
        title, description = clean_text("title", title, MAX_TITLE), clean_description(description)
        plan = read_planning(
            _plans_given(
                ctx,
                due=due,
                priority=priority,
                tags=tags,
                recurrence=recurrence,
                remind_at=remind_at,
                due_date=due_date,
                due_time=due_time,
            )
        )
        async with changing(ctx, user_id, "add_task") as change:
            return await change.done(_change(await store.add_task(change.conn, user_id, title, description, plan), "created"))

    @tool("List tasks", readOnlyHint=True, idempotentHint=True)
    async def list_tasks(
        ctx: Context,
        status: Annotated[Literal["all", "pending", "completed"], Field(description="Which tasks to show.")] = "all",
        query: Annotated[str | None, Field(description="Only tasks whose title or description contains this text.")] = None,
        due: Annotated[
            DueWindow | None,
            Field(
                description="Only tasks due today, overdue (before today), upcoming (after today), this_week, or none (no date)."
            ),
        ] = None,
        tag: Annotated[str | None, Field(description="Only tasks with this tag.")] = None,
        priority: PriorityArg = None,
        reminders: Annotated[
            bool, Field(description="Only tasks with a reminder still to come ('what reminders do I have?').")
        ] = False,
        sort: Annotated[
            Sort, Field(description="created (oldest first), due (soonest first), or priority (most urgent first).")
        ] = "created",
        limit: Annotated[
            int, Field(ge=1, le=MAX_LIST_LIMIT, description=f"At most this many tasks (default {LIST_LIMIT}).")
        ] = LIST_LIMIT,
        user_id: UserId = None,
    ) -> TaskList:
        """List the user's tasks with their ids, state, due dates, priorities and tags, filtered and sorted as asked.

        "Today" is the user's today, in their timezone. When more tasks match than `limit`, the result's
        `_meta.not_shown` says how many were left out.
        """
        user_id = caller(ctx, user_id)
        query = clean_text("query", query, MAX_TITLE, allow_blank=True) if query else None
        tag = clean_tag(tag) if tag else None
        async with pool.connection() as conn:
            window = due_range(due, await store.user_today(conn, user_id)) if due else None
            page = await store.list_tasks(
                conn, user_id, status, query, due=window, tag=tag, priority=priority, reminders=reminders, sort=sort, limit=limit
            )
            # Reminders are shown to the model at the user's own clock time (the offset says which).
            zone = await store.user_timezone(conn, user_id) if any(t["remind_at"] for t in page.tasks) else None
        items = [task_item(t, zone) for t in page.tasks]
        return CallToolResult(
            content=[TextContent(type="text", text=json.dumps(items))],
            structured_content={"tasks": items},
            _meta={NOT_SHOWN: page.total - len(items)} if page.total > len(items) else None,
        )

    async def change_one(ctx: Context, user_id: str | None, task_id: int, act, status: str, name: str) -> TaskChange:
        user_id = caller(ctx, user_id)
        async with changing(ctx, user_id, name) as change:
            return await change.done(_change(_found(await act(change.conn, user_id, task_id), task_id), status))

    @tool("Complete a task", readOnlyHint=False, destructiveHint=False, idempotentHint=True)
    async def complete_task(task_id: TaskId, ctx: Context, user_id: UserId = None) -> TaskCompletion:
        """Mark one of the user's tasks as completed; a repeating task's next occurrence is created and returned as `next`."""
        user_id = caller(ctx, user_id)
        async with changing(ctx, user_id, "complete_task") as change:
            completion = await store.complete_task(change.conn, user_id, task_id)
            if completion is None:
                _found(None, task_id)
            result = TaskCompletion(**_change(completion.task, "completed"))
            if completion.next:
                result["next"] = task_item(completion.next)
            return await change.done(result)

    @tool("Delete a task", readOnlyHint=False, destructiveHint=True, idempotentHint=True)
    async def delete_task(task_id: TaskId, ctx: Context, user_id: UserId = None) -> TaskChange:
        """Delete one of the user's tasks for good."""
        return await change_one(ctx, user_id, task_id, store.delete_task, "deleted", "delete_task")

    @tool("Change a task", readOnlyHint=False, destructiveHint=False, idempotentHint=True)
    async def update_task(
        task_id: TaskId,
        ctx: Context,
        title: Annotated[str | None, Field(description="The new title, if it changes.")] = None,
        description: Annotated[str | None, Field(description="The new description, if it changes.")] = None,
        completed: Annotated[
            bool | None, Field(description="false reopens a completed task; true completes it (as complete_task does).")
        ] = None,
        due: Due = None,
        priority: PriorityArg = None,
        tags: Tags = None,
        recurrence: Recurrence = None,
        remind_at: RemindAt = None,
        user_id: UserId = None,
        due_date: DueDate = None,
        due_time: DueTime = None,
    ) -> TaskChange:
        """Change one of the user's tasks: its title, description, due date, priority, tags, repeat rule or reminder
        (null clears one), or reopen it with completed=false."""
        user_id = caller(ctx, user_id)
        given = _plans_given(
            ctx,
            due=due,
            priority=priority,
            tags=tags,
            recurrence=recurrence,
            remind_at=remind_at,
            due_date=due_date,
            due_time=due_time,
        )
        if title is None and description is None and completed is None and not given:
            raise ToolError(
                "Give something to change: a title, description, due, priority, tags, recurrence, remind_at or completed."
            )
        title = clean_text("title", title, MAX_TITLE) if title is not None else None
        new_description = clean_description(description)
        plan = read_planning(given)
        async with changing(ctx, user_id, "update_task") as change:
            conn = change.conn
            if completed:
                if await store.complete_task(conn, user_id, task_id) is None:
                    _found(None, task_id)
            elif completed is False:
                _found(await store.reopen_task(conn, user_id, task_id), task_id)
            task = await store.update_task(
                conn,
                user_id,
                task_id,
                title=title,
                description=new_description,
                set_description=description is not None,
                plan=plan,
            )
            return await change.done(_change(_found(task, task_id), "updated"))

    return MCPServer(
        "todo",
        title="Todo list",
        version=__version__,
        instructions="Manage one user's todo list.",
        warn_on_duplicate_tools=True,
        tools=tools,
    )


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


@dataclass
class _Change:
    """One tool's change in its transaction; what it did is noted under the calling turn's key in the same
    transaction, so a retry of a turn that died after the change committed answers from it instead of changing again."""

    conn: AsyncConnection
    ctx: Context
    user_id: str
    name: str

    async def done(self, result: Any) -> Any:
        if key := _turn_key(self.ctx):
            await store.record_effect(self.conn, self.user_id, key, self.name, _raw_arguments(self.ctx), result)
        return result


def _turn_key(ctx: Context) -> str | None:
    """The idempotency key of the chat turn this call belongs to, when a keyed turn made it."""
    meta = ctx.request_context.meta or {}
    key = meta.get(TURN_KEY) if isinstance(meta, dict) else None
    return key if isinstance(key, str) and key else None


def _sent(ctx: Context) -> dict[str, Any] | None:
    """The arguments as the request carried them (None when the call came without the raw request)."""
    params = ctx.request_context.params or {}
    raw = params.get("arguments") if isinstance(params, dict) else None
    return raw if isinstance(raw, dict) else None


def _raw_arguments(ctx: Context) -> dict[str, Any]:
    """The arguments as the caller sent them, without whom they act for."""
    return {name: value for name, value in (_sent(ctx) or {}).items() if name != "user_id"}


def _plans_given(ctx: Context, **values: object) -> dict[str, object]:
    """The planning arguments the caller sent, an explicit null included (it clears the field), `due` said whole
    or as `due_date`/`due_time`.

    The SDK hands absent and null alike as None, so the raw arguments of the request tell them apart.
    """
    raw = _sent(ctx)
    if raw is not None:
        return contract.planning({name: values[name] for name in contract.PLANNING if name in raw})
    return contract.planning({name: value for name, value in values.items() if value is not None})


def task_item(task: Task, zone: str | None = None) -> TaskItem:
    """A task as the tools show it; a reminder at the clock time of `zone` when given."""
    return TaskItem(
        id=task["id"],
        title=task["title"],
        description=task["description"],
        completed=task["completed"],
        created_at=task["created_at"].isoformat(),
        **plans_json(task, zone),
    )


def _change(task: Task, status: str) -> TaskChange:
    return TaskChange(task_id=task["id"], status=status, title=task["title"])


def _found(task: Task | None, task_id: int) -> Task:
    # One message for "missing" and "someone else's": whether a task exists is not the caller's to learn.
    if task is None:
        raise ToolError(f"Task {task_id} not found")
    return task
