"""Errors a caller can act on, each with its HTTP status and a stable code."""


class ChatbotError(Exception):
    """Base of every handled error: becomes `{"error": {"code", "message"}}` with `status`."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        """Extra response headers this error calls for."""
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}


class BadRequest(ChatbotError):
    status = 400
    code = "bad_request"


class Unauthorized(ChatbotError):
    status = 401
    code = "unauthorized"

    def headers(self) -> dict[str, str]:
        # No token sent is a bare challenge (RFC 6750 section 3.1); a token that failed is "invalid_token".
        if self.code == "missing_token":
            return {"WWW-Authenticate": 'Bearer realm="todo"'}
        return {"WWW-Authenticate": 'Bearer realm="todo", error="invalid_token"'}


class Forbidden(ChatbotError):
    status = 403
    code = "forbidden"


class NotFound(ChatbotError):
    status = 404
    code = "not_found"


class Conflict(ChatbotError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ChatbotError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ChatbotError):
    status = 415
    code = "unsupported_media_type"


class Unprocessable(ChatbotError):
    status = 422
    code = "validation_error"


class TooManyRequests(ChatbotError):
    status = 429
    code = "rate_limited"


class ServiceUnavailable(ChatbotError):
    status = 503
    code = "service_unavailable"

    def __init__(self, message: str, *, code: str | None = None, retry_after: int = 5):
        super().__init__(message, code=code, retry_after=retry_after)


class DatabaseUnavailable(ServiceUnavailable):
    code = "database_unavailable"

    def __init__(self):
        super().__init__("The database is unavailable; please try again shortly.", retry_after=5)


class SchemaOutOfDate(ServiceUnavailable):
    code = "schema_out_of_date"

    def __init__(self):
        super().__init__("The database schema is older than this version of the service; run `chatbot migrate`.", retry_after=30)


class ConfigError(Exception):
    """A setting has a bad value; the message names the variable."""


class MisdirectedRequest(ChatbotError):
    """A request for a host this service does not answer for (its Host header is not one it serves)."""

    status = 421
    code = "host_not_allowed"
