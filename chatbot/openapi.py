"""The OpenAPI description of every route: request and response schemas, and the errors each can answer."""

from __future__ import annotations

from typing import Any

from chatbot import __version__
from chatbot.planning import DUE_WINDOWS, MAX_TAGS, PRIORITIES, SORTS
from chatbot.validation import MAX_DESCRIPTION, MAX_MESSAGE, MAX_TITLE

ERRORS = {
    400: "The body is not a JSON object, or a field has the wrong type.",
    401: "No token, a bad signature, an expired token or the wrong algorithm.",
    403: "The path's user is not the token's.",
    404: "Not found, or not the caller's.",
    409: "A conflict (an email already registered).",
    413: "The body is over 64 KiB.",
    415: "The body is not sent as JSON (Content-Type: application/json, UTF-8).",
    422: "A text is blank, too long, or holds a NUL character.",
    429: "Too many attempts; see Retry-After.",
    503: "The model or the database is unavailable, or the turn ran out of time; see Retry-After.",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _operation(
    summary: str,
    ok: int,
    ok_schema: dict[str, Any] | None,
    errors: tuple[int, ...],
    *,
    body: str | None = None,
    auth: bool = True,
    params: tuple[str, ...] = (),
    extra_ok: dict[str, Any] | None = None,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(ok): {"description": "Success", **(_json(ok_schema) if ok_schema else {}), **(extra_ok or {})}
    }
    for status in errors:
        responses[str(status)] = {"description": ERRORS[status], **_json(_ref("Error"))}
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if body:
        operation["requestBody"] = {"required": True, **_json(_ref(body))}
    if not auth:
        operation["security"] = []
    parameters = [{"$ref": f"#/components/parameters/{name}"} for name in params]
    if parameters:
        operation["parameters"] = parameters
    return operation


AUTHED = (401, 403)
TASK_ID = ("user_id", "task_id")


def spec() -> dict[str, Any]:
    """The OpenAPI 3.0 document served at /openapi.json."""
    text = {"type": "string"}
    timestamp = {"type": "string", "format": "date-time"}
    priority = {"type": "string", "enum": list(PRIORITIES)}
    tags = {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9_-]{1,32}$"}, "maxItems": MAX_TAGS}
    rule = {
        "type": "string",
        "description": "FREQ=DAILY|WEEKLY|MONTHLY|YEARLY with INTERVAL=N, BYDAY=MO,TH (weekly), BYMONTHDAY=15",
    }
    task = {
        "type": "object",
        "required": ["id", "title", "description", "completed", "created_at", "updated_at"],
        "properties": {
            "id": {"type": "integer"},
            "title": text,
            "description": {"type": "string", "nullable": True},
            "completed": {"type": "boolean"},
            "created_at": timestamp,
            "updated_at": timestamp,
            "due_date": {"type": "string", "format": "date", "nullable": True, "description": "The user's local date."},
            "due_time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "nullable": True},
            "priority": priority,
            "tags": tags,
            "recurrence": {**rule, "nullable": True},
            "completed_at": {**timestamp, "nullable": True},
        },
    }
    # What create and update take: `null` clears a field; 422 for a bad date, priority, tag or rule.
    planning = {
        "due": {"type": "string", "nullable": True, "description": "YYYY-MM-DD, or YYYY-MM-DDTHH:MM (local to the user)."},
        "priority": {**priority, "nullable": True},
        "tags": {**tags, "nullable": True},
        "recurrence": {**rule, "nullable": True},
    }
    tool_call = {"type": "object", "properties": {"name": text, "arguments": {"type": "object"}, "result": {}}}
    sse_events = (
        'Server-Sent Events, one JSON object per `data:` line: `{"tool_call": {name, arguments}}`, '
        '`{"tool_result": {name, result}}`, `{"content": str}`, then `{"done": true, conversation_id, response, '
        'tool_calls}`; a failure mid-stream sends `{"error": {code, message}}` and ends.'
    )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Todo chatbot",
            "version": __version__,
            "description": "Manage a todo list by talking to it. Every /api/{user_id}/... route needs a bearer token whose `sub` is {user_id}.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "parameters": {
                "user_id": {"name": "user_id", "in": "path", "required": True, "schema": text},
                "task_id": {"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                "conversation_id": {
                    "name": "conversation_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                },
                "status": {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["all", "pending", "completed"]},
                },
                "limit": {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                    "description": "At most this many tasks (default and most: 1000).",
                },
                "offset": {
                    "name": "offset",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 0},
                    "description": 'Skip this many tasks: the next page starts where `Link: <...>; rel="next"` says.',
                },
                "due": {
                    "name": "due",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(DUE_WINDOWS)},
                    "description": "Due today, overdue, upcoming (after today), this_week, or none (no date), in the user's timezone.",
                },
                "tag": {"name": "tag", "in": "query", "schema": text, "description": "Only tasks with this tag."},
                "priority": {"name": "priority", "in": "query", "schema": priority},
                "q": {"name": "q", "in": "query", "schema": text, "description": "Words in the title or description."},
                "sort": {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
                "stream": {
                    "name": "stream",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["true", "false"]},
                    "description": "`false` answers with one JSON object, like `Accept: application/json`.",
                },
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {"code": text, "message": text},
                        }
                    },
                },
                "Task": task,
                "NewTask": {
                    "type": "object",
                    "required": ["title"],
                    "properties": {
                        "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE},
                        "description": {"type": "string", "maxLength": MAX_DESCRIPTION, "nullable": True},
                        **planning,
                    },
                },
                "TaskChanges": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE},
                        "description": {"type": "string", "maxLength": MAX_DESCRIPTION, "nullable": True},
                        "completed": {"type": "boolean"},
                        **planning,
                    },
                },
                "Completion": {"type": "object", "properties": {"completed": {"type": "boolean", "default": True}}},
                "ChatRequest": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "message": {"type": "string", "minLength": 1, "maxLength": MAX_MESSAGE},
                        "conversation_id": {"type": "integer", "minimum": 1},
                        "timezone": {"type": "string", "description": "The IANA timezone the user is in; remembered as theirs."},
                    },
                },
                "ChatResponse": {
                    "type": "object",
                    "required": ["conversation_id", "response", "tool_calls"],
                    "properties": {
                        "conversation_id": {"type": "integer"},
                        "response": text,
                        "tool_calls": {"type": "array", "items": tool_call},
                        "model_calls": {
                            "type": "integer",
                            "description": "How many model calls the turn took: 0 when the fast path served it.",
                        },
                    },
                },
                "Conversation": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string", "nullable": True},
                        "created_at": timestamp,
                        "updated_at": timestamp,
                    },
                },
                "Message": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "role": {"type": "string", "enum": ["user", "assistant", "tool"]},
                        "content": {"type": "string", "nullable": True},
                        "tool_calls": {"type": "array", "nullable": True, "items": {"type": "object"}},
                        "tool_call_id": {"type": "string", "nullable": True},
                        "created_at": timestamp,
                    },
                },
                "Credentials": {
                    "type": "object",
                    "required": ["email", "password"],
                    "properties": {
                        "email": {"type": "string", "format": "email"},
                        "password": {"type": "string", "minLength": 8, "maxLength": 128},
                    },
                },
                "SignedIn": {"type": "object", "required": ["user_id", "token"], "properties": {"user_id": text, "token": text}},
                "Health": {
                    "type": "object",
                    "properties": {"status": text, "database_ok": {"type": "boolean"}, "pool_status": {"type": "object"}},
                },
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/": {"get": _operation("What this service is, with links", 200, {"type": "object"}, (), auth=False)},
            "/health": {
                "get": _operation(
                    "Database and pool health (503 when the database is down)", 200, _ref("Health"), (503,), auth=False
                )
            },
            "/api/auth/options": {
                "get": _operation("How people can sign in here (local accounts, demo)", 200, {"type": "object"}, (), auth=False)
            },
            "/api/auth/demo": {
                "post": _operation(
                    "Sign in as the demo user (only on the generated development secret)",
                    200,
                    _ref("SignedIn"),
                    (404,),
                    auth=False,
                )
            },
            "/api/auth/register": {
                "post": _operation(
                    "Create a local account",
                    201,
                    _ref("SignedIn"),
                    (400, 404, 409, 413, 415, 422),
                    body="Credentials",
                    auth=False,
                )
            },
            "/api/auth/login": {
                "post": _operation(
                    "Sign in to a local account",
                    200,
                    _ref("SignedIn"),
                    (400, 401, 404, 413, 415, 422, 429),
                    body="Credentials",
                    auth=False,
                )
            },
            "/api/{user_id}/chat": {
                "post": _operation(
                    "One chat turn: SSE by default, JSON with Accept: application/json or ?stream=false",
                    200,
                    _ref("ChatResponse"),
                    (*AUTHED, 400, 404, 413, 415, 422, 503),
                    body="ChatRequest",
                    params=("user_id", "stream"),
                    extra_ok={
                        "content": {
                            "application/json": {"schema": _ref("ChatResponse")},
                            "text/event-stream": {"schema": {"type": "string", "description": sse_events}},
                        }
                    },
                )
            },
            "/api/{user_id}/conversations": {
                "get": _operation(
                    "The user's conversations, newest first",
                    200,
                    {"type": "array", "items": _ref("Conversation")},
                    AUTHED,
                    params=("user_id",),
                )
            },
            "/api/{user_id}/conversations/{conversation_id}/messages": {
                "get": _operation(
                    "A conversation's messages, oldest first",
                    200,
                    {"type": "array", "items": _ref("Message")},
                    (*AUTHED, 404),
                    params=("user_id", "conversation_id"),
                )
            },
            "/api/{user_id}/conversations/{conversation_id}": {
                "delete": _operation("Delete a conversation", 204, None, (*AUTHED, 404), params=("user_id", "conversation_id"))
            },
            "/api/{user_id}/tasks": {
                "get": _operation(
                    "A page of the user's tasks, filtered and sorted (oldest first by default); `X-Total-Count` says how many match",
                    200,
                    {"type": "array", "items": _ref("Task")},
                    (*AUTHED, 400, 422),
                    params=("user_id", "status", "due", "tag", "priority", "q", "sort", "limit", "offset"),
                ),
                "post": _operation(
                    "Create a task", 201, _ref("Task"), (*AUTHED, 400, 413, 415, 422), body="NewTask", params=("user_id",)
                ),
            },
            "/api/{user_id}/tasks/{task_id}": {
                "get": _operation("One task", 200, _ref("Task"), (*AUTHED, 404), params=TASK_ID),
                "put": _operation(
                    "Change a task's title, description, completion or plans (null clears a plan)",
                    200,
                    _ref("Task"),
                    (*AUTHED, 400, 404, 413, 415, 422),
                    body="TaskChanges",
                    params=TASK_ID,
                ),
                "delete": _operation("Delete a task", 204, None, (*AUTHED, 404), params=TASK_ID),
            },
            "/api/{user_id}/tasks/{task_id}/complete": {
                "patch": _operation(
                    'Mark a task done (or open again with {"completed": false})',
                    200,
                    _ref("Task"),
                    (*AUTHED, 400, 404, 413, 415),
                    params=TASK_ID,
                )
            },
            "/api/mcp": {
                "post": _operation(
                    "The MCP server over Streamable HTTP (JSON-RPC, stateless: GET and DELETE answer 405); the bearer token decides the user",
                    200,
                    {"type": "object"},
                    (401,),
                )
            },
            "/api/mcp/health": {"get": _operation("MCP server health", 200, {"type": "object"}, (), auth=False)},
            "/.well-known/oauth-protected-resource/api/mcp": {
                "get": _operation(
                    "RFC 9728 protected-resource metadata for /api/mcp (resource, bearer_methods_supported, "
                    "authorization_servers when MCP_AUTHORIZATION_SERVER is set)",
                    200,
                    {"type": "object"},
                    (),
                    auth=False,
                )
            },
            "/.well-known/oauth-protected-resource": {
                "get": _operation("The same metadata, at the root location", 200, {"type": "object"}, (), auth=False)
            },
            "/metrics": {
                "get": _operation(
                    "Prometheus metrics (text format); 404 unless METRICS_ENABLED, and with METRICS_TOKEN set only for "
                    "that bearer token",
                    200,
                    None,
                    (401, 404),
                    auth=False,
                )
            },
            "/api/mcp/tools": {
                "get": _operation("The MCP tools with their input schemas", 200, {"type": "object"}, (), auth=False)
            },
        },
    }
