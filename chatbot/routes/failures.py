"""The one mapping from an exception to the JSON error a client reads: status, code, message, headers."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from chatbot.db import DATABASE_ERRORS, SCHEMA_ERRORS, unavailable
from chatbot.errors import ChatbotError, DatabaseUnavailable

log = logging.getLogger("chatbot.failures")

_HANDLED = (ChatbotError, HTTPException, *DATABASE_ERRORS, *SCHEMA_ERRORS)
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}
_HTTP_MESSAGES = {404: "There is nothing at this address.", 405: "This address does not accept that method."}


@dataclass(frozen=True)
class Failure:
    """An error as the client receives it."""

    status: int
    code: str
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, dict[str, str]]:
        return error_body(self.code, self.message)

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """`{"error": {"code", "message"}}`, the shape of every error this service answers."""
    return {"error": {"code": code, "message": message}}


INTERNAL_ERROR = Failure(500, "internal_error", "Something went wrong on our side; please try again.")


def failure_of(error: BaseException, context: dict[str, Any] | None = None) -> Failure:
    """What the client is told about `error`; a bug (anything unexpected) is logged with its traceback."""
    error = _meaningful(error)
    if isinstance(error, ChatbotError):
        return Failure(error.status, error.code, error.message, error.headers())
    if isinstance(error, HTTPException):
        code = _HTTP_CODES.get(error.status_code, "http_error")
        message = _HTTP_MESSAGES.get(error.status_code, str(error.detail))
        return Failure(error.status_code, code, message, dict(error.headers or {}))
    if (database := unavailable(error)) is not None:
        if isinstance(error, SCHEMA_ERRORS):
            log.error(
                "the database schema is behind the code: run `chatbot migrate`",
                extra={"error": str(error)[:200], **(context or {})},
            )
        else:
            log.warning("database unavailable", extra={"error": type(error).__name__, **(context or {})})
        return failure_of(database)
    log.error("unhandled error", exc_info=error, extra=context or {})
    return INTERNAL_ERROR


def error_response(error: BaseException, context: dict[str, Any] | None = None) -> JSONResponse:
    """The JSON response for `error`."""
    return failure_of(error, context).response()


def _meaningful(error: BaseException) -> BaseException:
    """The error inside exception groups (anyio task groups, the MCP client): a handled one first."""
    leaves = list(_leaves(error))
    return next((leaf for leaf in leaves if isinstance(leaf, _HANDLED)), leaves[0])


def _leaves(error: BaseException):
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _leaves(inner)
    else:
        yield error


# What a turn that failed for want of the database answers.
DATABASE_DOWN = failure_of(DatabaseUnavailable())
