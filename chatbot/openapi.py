"""/openapi.json, made from the contract's models (`chatbot/contract.py`) and one row per route.

The schemas are the models' own JSON Schemas, so the document cannot say something the routes do not check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chatbot import __version__, contract

ERRORS = {
    400: "The body is not a JSON object, or a field has the wrong type.",
    401: "No token, a bad signature, an expired token or the wrong algorithm.",
    403: "The path's user is not the token's.",
    404: "Not found, or not the caller's.",
    409: "A conflict (an email already registered, or another turn of the conversation still running).",
    413: "The body is over 64 KiB.",
    415: "The body is not sent as JSON (Content-Type: application/json, UTF-8).",
    422: "A field the route does not take (named), or a value it cannot take: blank or too long text, a bad date or rule.",
    429: "Too many attempts; see Retry-After.",
    503: "The model or the database is unavailable, or the turn ran out of time; see Retry-After.",
}
AUTHED = (401, 403)
SSE = (
    'Server-Sent Events, one JSON object per `data:` line: `{"tool_call": {name, arguments}}`, '
    '`{"tool_result": {name, result}}`, `{"content": str}`, then `{"done": true, conversation_id, response, '
    'tool_calls}`; a failure mid-stream sends `{"error": {code, message}}` and ends.'
)

EVENTS = (
    'Server-Sent Events: `id: N` and `data: {"type": "task.created" | "task.updated" | "task.completed" | '
    '"task.reopened", "task": {...}, "at"}`, `{"type": "task.deleted", "task_id", "at"}` or, at a reminder\'s time, '
    '`{"type": "reminder", "task": {...}, "remind_at", "late", "at"}`; `: ping` every 15 s.'
)

# Models whose schemas are written as a client sends them; the others as the service answers with them.
WRITTEN = (contract.NewTask, contract.TaskChanges, contract.Completion, contract.ChatRequest, contract.Credentials)
READ = (
    contract.Task,
    contract.TaskDraft,
    contract.ChatResponse,
    contract.Conversation,
    contract.Message,
    contract.SignedIn,
    contract.Health,
    contract.ErrorBody,
)


@dataclass(frozen=True)
class Operation:
    """One method of one path: what it answers with, what it takes, which errors it can give."""

    method: str
    path: str
    summary: str
    answer: type[BaseModel] | tuple[type[BaseModel]] | dict[str, Any] | None = None  # a tuple: a list of them
    status: int = 200
    errors: tuple[int, ...] = ()
    body: type[BaseModel] | None = None
    auth: bool = True
    params: tuple[str, ...] = ()


OPERATIONS = (
    Operation("get", "/", "What this service is, with links", {"type": "object"}, auth=False),
    Operation("get", "/health", "Database and pool health (503 when the database is down)", contract.Health, errors=(503,), auth=False),
    Operation("get", "/api/auth/options", "How people can sign in here (local accounts, demo)", {"type": "object"}, auth=False),
    Operation(
        "post", "/api/auth/demo", "Sign in as the demo user (only on the generated development secret)", contract.SignedIn,
        errors=(404,), auth=False,
    ),
    Operation(
        "post", "/api/auth/register", "Create a local account", contract.SignedIn, 201, (400, 404, 409, 413, 415, 422),
        contract.Credentials, auth=False,
    ),
    Operation(
        "post", "/api/auth/login", "Sign in to a local account", contract.SignedIn, 200, (400, 401, 404, 413, 415, 422, 429),
        contract.Credentials, auth=False,
    ),
    Operation(
        "post", "/api/{user_id}/chat",
        "One chat turn: Server-Sent Events by default, one JSON object with Accept: application/json or ?stream=false",
        contract.ChatResponse, 200, (*AUTHED, 400, 404, 409, 413, 415, 422, 429, 503), contract.ChatRequest,
        params=("user_id", "stream"),
    ),
    Operation(
        "get", "/api/{user_id}/conversations", "The user's conversations, most recently active first", (contract.Conversation,),
        errors=(*AUTHED, 400), params=("user_id", "page_limit"),
    ),
    Operation(
        "get", "/api/{user_id}/conversations/{conversation_id}/messages",
        'A conversation\'s newest messages, oldest first, a page at a time: `Link: <...>; rel="prev"` names the page before',
        (contract.Message,), errors=(*AUTHED, 400, 404), params=("user_id", "conversation_id", "page_limit", "before"),
    ),
    Operation(
        "delete", "/api/{user_id}/conversations/{conversation_id}", "Delete a conversation", None, 204, (*AUTHED, 404, 409),
        params=("user_id", "conversation_id"),
    ),
    Operation(
        "get", "/api/{user_id}/tasks",
        "A page of the user's tasks, filtered and sorted (oldest first by default); `X-Total-Count` says how many match",
        (contract.Task,), errors=(*AUTHED, 400, 422), params=("user_id", *contract.TaskFilters.model_fields),
    ),
    Operation(
        "post", "/api/{user_id}/tasks", "Create a task", contract.Task, 201, (*AUTHED, 400, 413, 415, 422), contract.NewTask,
        params=("user_id",),
    ),
    Operation(
        "get", "/api/{user_id}/tasks/draft",
        "A new task read from one line of words with the offline engine's reading of plans ('pay rent friday !high "
        "#home'), in the user's timezone or `timezone`; nothing is saved",
        contract.TaskDraft, errors=(*AUTHED, 422), params=("user_id", "draft_text", "draft_timezone"),
    ),
    Operation("get", "/api/{user_id}/tasks/{task_id}", "One task", contract.Task, errors=(*AUTHED, 404), params=("user_id", "task_id")),
    Operation(
        "put", "/api/{user_id}/tasks/{task_id}",
        "Change a task's title, description, completion or plans (null clears a plan); what GET gave may be sent back",
        contract.Task, 200, (*AUTHED, 400, 404, 413, 415, 422), contract.TaskChanges, params=("user_id", "task_id"),
    ),
    Operation("delete", "/api/{user_id}/tasks/{task_id}", "Delete a task", None, 204, (*AUTHED, 404), params=("user_id", "task_id")),
    Operation(
        "patch", "/api/{user_id}/tasks/{task_id}/complete",
        'Mark a task done (a repeating one gets its next occurrence), or open it again with {"completed": false}',
        contract.Task, 200, (*AUTHED, 400, 404, 413, 415, 422), contract.Completion, params=("user_id", "task_id"),
    ),
    Operation(
        "get", "/api/{user_id}/events",
        "Every change to the user's tasks as Server-Sent Events, from every door and instance; Last-Event-ID replays "
        "what a reconnect missed",
        {"type": "string", "description": EVENTS}, errors=(*AUTHED, 429), params=("user_id", "last_event_id"),
    ),
    Operation(
        "post", "/api/mcp",
        "The MCP server over Streamable HTTP (JSON-RPC, stateless: GET and DELETE answer 405); the bearer token decides the user",
        {"type": "object"}, errors=(401,),
    ),
    Operation("get", "/api/mcp/health", "MCP server health", {"type": "object"}, auth=False),
    Operation("get", "/api/mcp/tools", "The MCP tools with their input schemas", {"type": "object"}, auth=False),
    Operation(
        "get", "/.well-known/oauth-protected-resource/api/mcp",
        "RFC 9728 protected-resource metadata for /api/mcp (resource, bearer_methods_supported, authorization_servers "
        "when MCP_AUTHORIZATION_SERVER is set)",
        {"type": "object"}, auth=False,
    ),
    Operation("get", "/.well-known/oauth-protected-resource", "The same metadata, at the root location", {"type": "object"}, auth=False),
    Operation(
        "get", "/metrics",
        "Prometheus metrics (text format); 404 unless METRICS_ENABLED, and with METRICS_TOKEN set only for that bearer token",
        None, errors=(401, 404), auth=False,
    ),
)  # fmt: skip


def spec() -> dict[str, Any]:
    """The OpenAPI 3.1 document served at /openapi.json."""
    _, schemas = models_json_schema(
        [(model, "validation") for model in WRITTEN] + [(model, "serialization") for model in READ],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, dict[str, Any]] = {}
    for operation in OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method] = _operation(operation)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Todo chatbot",
            "version": __version__,
            "description": "Manage a todo list by talking to it. Every /api/{user_id}/... route needs a bearer token whose "
            '`sub` is {user_id}. Errors are always `{"error": {"code", "message"}}`.',
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "parameters": _parameters(),
            "schemas": schemas["$defs"],
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _schema(answer: Any) -> dict[str, Any]:
    if isinstance(answer, tuple):
        return {"type": "array", "items": _ref(answer[0])}
    return _ref(answer) if isinstance(answer, type) else answer


def _operation(operation: Operation) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "Success"}
    if operation.answer is not None:
        ok["content"] = {"application/json": {"schema": _schema(operation.answer)}}
    if operation.path.endswith("/chat"):
        ok["content"]["text/event-stream"] = {"schema": {"type": "string", "description": SSE}}
    if operation.path.endswith("/events"):
        ok["content"] = {"text/event-stream": {"schema": operation.answer}}
    if operation.path == "/metrics":
        ok["content"] = {"text/plain": {"schema": {"type": "string"}}}
    responses = {str(operation.status): ok} | {
        str(status): {"description": ERRORS[status], "content": {"application/json": {"schema": _ref(contract.ErrorBody)}}}
        for status in operation.errors
    }
    out: dict[str, Any] = {"summary": operation.summary, "operationId": _operation_id(operation), "responses": responses}
    if operation.body is not None:
        # PATCH .../complete may come with no body at all.
        required = operation.body is not contract.Completion
        out["requestBody"] = {"required": required, "content": {"application/json": {"schema": _ref(operation.body)}}}
    if not operation.auth:
        out["security"] = []
    if operation.params:
        out["parameters"] = [{"$ref": f"#/components/parameters/{name}"} for name in operation.params]
    return out


def _operation_id(operation: Operation) -> str:
    """A name a generated client calls the operation by: `post_user_id_tasks` -> `create_task`, and so on."""
    words = [part.strip("{}") for part in operation.path.split("/") if part and part not in ("api", "{user_id}")]
    return "_".join([operation.method, *(words or ["root"])]).replace(".", "").replace("-", "_")


def _parameters() -> dict[str, Any]:
    path_ids = {"type": "integer", "minimum": 1}
    parameters: dict[str, Any] = {
        "user_id": {"name": "user_id", "in": "path", "required": True, "schema": {"type": "string"}},
        "task_id": {"name": "task_id", "in": "path", "required": True, "schema": path_ids},
        "conversation_id": {"name": "conversation_id", "in": "path", "required": True, "schema": path_ids},
        "page_limit": {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200},
            "description": "At most this many (200 unless asked, 1000 at most).",
        },
        "before": {
            "name": "before",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1},
            "description": "Only messages older than this message id: the oldest id of the page shown.",
        },
        "draft_text": {
            "name": "text",
            "in": "query",
            "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 1000},
            "description": "What the person typed.",
        },
        "draft_timezone": {
            "name": "timezone",
            "in": "query",
            "schema": {"type": "string"},
            "description": "An IANA zone for 'today' and 'friday' (the user's saved one unless given).",
        },
        "last_event_id": {
            "name": "Last-Event-ID",
            "in": "header",
            "schema": {"type": "integer", "minimum": 0},
            "description": "The id of the last event seen: the stream starts with the ones after it.",
        },
        "stream": {
            "name": "stream",
            "in": "query",
            "schema": {"type": "boolean", "default": True},
            "description": "`false` answers with one JSON object, as `Accept: application/json` does.",
        },
    }
    filters = contract.TaskFilters.model_json_schema()["properties"]
    for name, schema in filters.items():
        described = {key: value for key, value in schema.items() if key not in ("title", "description", "default")}
        if "anyOf" in described:  # an optional filter: its type without the null, as a query string has no null
            described = next(option for option in described.pop("anyOf") if option.get("type") != "null") | described
        parameters[name] = {"name": name, "in": "query", "schema": described, "description": schema.get("description", "")}
    return parameters
