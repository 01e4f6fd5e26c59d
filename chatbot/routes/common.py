"""What every endpoint needs: the caller's identity, a checked JSON body, and JSON shapes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request

from chatbot.auth import USER_SCOPE_KEY, bearer_token
from chatbot.errors import BadRequest, Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType
from chatbot.planning import plans_json
from chatbot.state import AppState
from chatbot.validation import digits

MAX_BODY = 64 * 1024
# Server-Sent Events, as every stream sends them: never cached, never buffered by a proxy.
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
MAX_ID = 2**63 - 1


def app_state(request: Request) -> AppState:
    return request.state.chatbot


async def authorize(request: Request) -> str:
    """The token's user, who must be the `{user_id}` of the path."""
    user_id = await app_state(request).authenticator.user_of(bearer_token(request.headers.get("authorization")))
    request.scope[USER_SCOPE_KEY] = user_id
    if request.path_params.get("user_id") != user_id:
        raise Forbidden("This token belongs to another user.")
    return user_id


def path_id(request: Request, name: str, what: str) -> int:
    """A numeric id from the path; an id no row can have is simply not found."""
    value = request.path_params[name]
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"{what} {value} was not found.")
    return value


def int_query(request: Request, name: str, default: int, *, low: int, high: int) -> int:
    """A whole-number query parameter between `low` and `high`; 400 otherwise."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not digits(raw) or len(raw) > 19 or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}.", code="invalid_field")
    return int(raw)


async def read_body(request: Request) -> bytes:
    """The raw body, read no further than 64 KiB (413 past that), however it is sent (chunked or not)."""
    declared = request.headers.get("content-length")
    if declared and digits(declared) and int(declared) > MAX_BODY:
        raise PayloadTooLarge("The request body is larger than 64 KiB.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise PayloadTooLarge("The request body is larger than 64 KiB.")
    return bytes(body)


async def read_json(request: Request, *, optional: bool = False) -> dict[str, Any]:
    """The body as a JSON object: 413 past 64 KiB, 415 when sent as something else than JSON, 400 when not an object.

    With `optional`, an empty body is an empty object.
    """
    _check_json_type(request.headers.get("content-type"))
    body = await read_body(request)
    if optional and not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BadRequest("The body must be JSON, in UTF-8.", code="invalid_json") from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.", code="invalid_json")
    return data


def _check_json_type(content_type: str | None) -> None:
    """415 for a body declared as anything but JSON in UTF-8; no declaration is taken as JSON."""
    if content_type is None:
        return
    media_type, *parameters = (part.strip().lower() for part in content_type.split(";"))
    charset = next((p.partition("=")[2].strip('"') for p in parameters if p.startswith("charset=")), "utf-8")
    is_json = media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))
    if not is_json or charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType("Send the body as JSON: Content-Type: application/json (UTF-8).")


class IdConvertor(Convertor[int]):
    """A path id of digits; one too long for any row is 0, which no row has (404), never a 500."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        return int(value) if len(value) <= len(str(MAX_ID)) else 0

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


def id_field(data: dict[str, Any], name: str, what: str) -> int | None:
    """An optional id; 400 for a non-integer, 404 for an integer no row can have."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(f"The field '{name}' must be an integer.", code="invalid_field")
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"{what} {value} was not found.")
    return value


def timestamp(value: datetime) -> str:
    return value.isoformat()


def task_json(task: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": task["id"],
        "title": task["title"],
        "description": task["description"],
        "completed": task["completed"],
        "created_at": timestamp(task["created_at"]),
        "updated_at": timestamp(task["updated_at"]),
        **plans_json(task),
    }


def conversation_json(conversation: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": conversation["id"],
        "title": conversation["title"],
        "created_at": timestamp(conversation["created_at"]),
        "updated_at": timestamp(conversation["updated_at"]),
    }


def message_json(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": message["id"],
        "role": message["role"],
        "content": message["content"],
        "tool_calls": message["tool_calls"],
        "tool_call_id": message["tool_call_id"],
        "created_at": timestamp(message["created_at"]),
    }
