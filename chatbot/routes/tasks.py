"""The task REST API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chatbot import contract, engine, store
from chatbot.errors import BadRequest, NotFound, Unprocessable
from chatbot.planning import DUE_WINDOWS, PRIORITIES, SORTS, clean_tag, clean_timezone, due_range, now_in, read_planning
from chatbot.routes.common import MAX_ID, app_state, authorize, int_query, path_id, read_json, task_json
from chatbot.validation import MAX_TITLE, clean_description, clean_text

STATUSES = ("all", "pending", "completed")
# The most tasks one page holds, and the size of a page unless `limit` asks for fewer.
PAGE_SIZE = 1000
# The longest quick-add line read: a title and its plans.
MAX_DRAFT = 1000


async def list_tasks(request: Request) -> Response:
    """A page of tasks, filtered and sorted as `list_tasks` is; `X-Total-Count` says how many match, and a
    `Link` header points at the next page."""
    user_id = await authorize(request)
    query = request.query_params
    status = query.get("status", "all")
    if status not in STATUSES:
        raise BadRequest("status must be all, pending or completed.", code="invalid_field")
    due, priority, sort = query.get("due"), query.get("priority"), query.get("sort", "created")
    if due is not None and due not in DUE_WINDOWS:
        raise Unprocessable("due must be one of today, overdue, upcoming, this_week, none.")
    if priority is not None and priority not in PRIORITIES:
        raise Unprocessable("priority must be one of none, low, medium, high, urgent.")
    if sort not in SORTS:
        raise Unprocessable("sort must be created, due or priority.")
    tag = clean_tag(query["tag"]) if "tag" in query else None
    reminders = query.get("reminders", "false")
    if reminders not in ("true", "false"):
        raise Unprocessable("reminders must be true or false.")
    words = clean_text("q", query["q"], MAX_TITLE, allow_blank=True) or None if "q" in query else None
    limit = int_query(request, "limit", PAGE_SIZE, low=1, high=PAGE_SIZE)
    offset = int_query(request, "offset", 0, low=0, high=MAX_ID)
    async with app_state(request).pool.connection() as conn:
        window = due_range(due, await store.user_today(conn, user_id)) if due else None
        page = await store.list_tasks(
            conn,
            user_id,
            status,
            words,
            due=window,
            tag=tag,
            priority=priority,
            reminders=reminders == "true",
            sort=sort,
            limit=limit,
            offset=offset,
        )
    headers = {"X-Total-Count": str(page.total)}
    if offset + len(page.tasks) < page.total:
        following = request.url.include_query_params(offset=offset + len(page.tasks), limit=limit)
        headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return JSONResponse([task_json(t) for t in page.tasks], headers=headers)


async def create_task(request: Request) -> Response:
    user_id = await authorize(request)
    body = contract.read(contract.NewTask, await read_json(request))
    title = clean_text("title", body.title, MAX_TITLE)
    description = clean_description(body.description)
    plan = read_planning(body.plans())
    async with app_state(request).pool.connection() as conn:
        task = await store.add_task(conn, user_id, title, description, plan)
    return JSONResponse(task_json(task), status_code=201)


async def draft_task(request: Request) -> Response:
    """What a quick-add line would make, read as the engine reads plans in chat; nothing is saved."""
    user_id = await authorize(request)
    query = request.query_params
    if "text" not in query:
        raise Unprocessable("text is required: the words to read a task from.")
    line = clean_text("text", query["text"], MAX_DRAFT)
    if "timezone" in query:
        today = now_in(clean_timezone(query["timezone"])).date()
    else:
        async with app_state(request).pool.connection() as conn:
            today = await store.user_today(conn, user_id)
    return JSONResponse(engine.draft(line, today))


async def get_task(request: Request) -> Response:
    user_id = await authorize(request)
    task_id = path_id(request, "task_id", "Task")
    async with app_state(request).pool.connection() as conn:
        task = await store.get_task(conn, user_id, task_id)
    return JSONResponse(task_json(_found(task, task_id)))


async def update_task(request: Request) -> Response:
    user_id = await authorize(request)
    task_id = path_id(request, "task_id", "Task")
    body = contract.read(contract.TaskChanges, await read_json(request))
    title = clean_text("title", body.title, MAX_TITLE) if body.title is not None else None
    description = clean_description(body.description)
    completed = body.completed
    plan = read_planning(body.plans())
    async with app_state(request).pool.connection() as conn:
        if completed:
            await _complete(conn, user_id, task_id)
        elif completed is False:
            _found(await store.reopen_task(conn, user_id, task_id), task_id)
        task = await store.update_task(
            conn,
            user_id,
            task_id,
            title=title,
            description=description,
            set_description="description" in body.model_fields_set,
            plan=plan,
        )
    return JSONResponse(task_json(_found(task, task_id)))


async def complete_task(request: Request) -> Response:
    """Mark a task complete; a body of `{"completed": false}` opens it again."""
    user_id = await authorize(request)
    task_id = path_id(request, "task_id", "Task")
    value = contract.read(contract.Completion, await read_json(request, optional=True)).completed
    async with app_state(request).pool.connection() as conn:
        if value is False:
            task = await store.reopen_task(conn, user_id, task_id)
        else:
            task = await _complete(conn, user_id, task_id)
    return JSONResponse(task_json(_found(task, task_id)))


async def _complete(conn, user_id: str, task_id: int):
    """Complete a task as the tools do: a repeating one gets its next occurrence."""
    done = _found(await store.complete_task(conn, user_id, task_id), task_id)
    return done.task


async def delete_task(request: Request) -> Response:
    user_id = await authorize(request)
    task_id = path_id(request, "task_id", "Task")
    async with app_state(request).pool.connection() as conn:
        _found(await store.delete_task(conn, user_id, task_id), task_id)
    return Response(status_code=204)


def _found(task, task_id: int):
    if task is None:
        raise NotFound(f"Task {task_id} was not found.")
    return task


routes = [
    Route("/api/{user_id}/tasks", list_tasks, methods=["GET"]),
    Route("/api/{user_id}/tasks", create_task, methods=["POST"]),
    Route("/api/{user_id}/tasks/draft", draft_task, methods=["GET"]),
    Route("/api/{user_id}/tasks/{task_id:id}", get_task, methods=["GET"]),
    Route("/api/{user_id}/tasks/{task_id:id}", update_task, methods=["PUT"]),
    Route("/api/{user_id}/tasks/{task_id:id}", delete_task, methods=["DELETE"]),
    Route("/api/{user_id}/tasks/{task_id:id}/complete", complete_task, methods=["PATCH"]),
]
