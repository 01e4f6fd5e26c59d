"""`/api/mcp`: the MCP server over Streamable HTTP, for clients that bring their own bearer token."""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from chatbot.auth import USER_SCOPE_KEY, bearer_token
from chatbot.errors import MisdirectedRequest, Unauthorized
from chatbot.routes.common import app_state
from chatbot.routes.failures import error_body, error_response


class McpEndpoint:
    """Authenticates the caller, then hands the request to the MCP session manager the lifespan runs."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope["state"]["chatbot"]
        request = Request(scope)
        try:
            base = public_base(request)  # before the token: a challenge must never name a host we do not serve
            user_id = await state.authenticator.user_of(bearer_token(Headers(scope=scope).get("authorization")))
        except MisdirectedRequest as error:
            await error_response(error)(scope, receive, send)
            return
        except Unauthorized as error:
            # RFC 9728: the challenge says where to read how to get a token for this resource.
            response = error_response(error)
            response.headers["WWW-Authenticate"] = challenge(error, f"{base}{METADATA_PATH}")
            await response(scope, receive, send)
            return
        # The tools read the caller from here: the token decides, never an argument.
        scope[USER_SCOPE_KEY] = user_id
        await state.mcp_http(scope, receive, _json_errors(send))


def _json_errors(send: Send) -> Send:
    """Pass the MCP transport's answers through, rewriting its plain-text HTTP errors as our JSON error body."""
    rewriting: dict | None = None

    async def wrapped(message: dict) -> None:
        nonlocal rewriting
        if message["type"] == "http.response.start" and message["status"] >= 400:
            content_type = dict(message.get("headers", [])).get(b"content-type", b"")
            if not content_type.startswith(b"application/json"):
                rewriting = {"start": message, "body": b""}
                return
        if rewriting is None:
            await send(message)
            return
        rewriting["body"] += message.get("body", b"")
        if not message.get("more_body"):
            start = rewriting["start"]
            text = rewriting["body"].decode("utf-8", "replace").strip() or "The MCP request was refused."
            body = json.dumps(error_body("invalid_mcp_request", text)).encode()
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-type", b"content-length")]
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": start["status"], "headers": headers})
            await send({"type": "http.response.body", "body": body})

    return wrapped


def challenge(error: Unauthorized, resource_metadata: str) -> str:
    """A bearer challenge: no `error=` when no token was sent (RFC 6750 section 3.1), `invalid_token` otherwise."""
    parts = ['Bearer realm="todo"']
    if error.code != "missing_token":
        parts.append('error="invalid_token"')
    parts.append(f'resource_metadata="{resource_metadata}"')
    return ", ".join(parts)


METADATA_PATH = "/.well-known/oauth-protected-resource/api/mcp"


def public_base(request: Request) -> str:
    """Where clients reach the service: PUBLIC_URL, or else the request's own origin when its host is one the service
    answers for (ALLOWED_HOSTS); 421 otherwise, so no answer ever names a host an attacker wrote into the request."""
    settings = app_state(request).settings
    if settings.public_url:
        return settings.public_url
    if not host_allowed(request.headers.get("host", ""), settings.allowed_hosts):
        raise MisdirectedRequest("This service does not answer for that host; set PUBLIC_URL or ALLOWED_HOSTS to include it.")
    return str(request.base_url).rstrip("/")


def host_allowed(host: str, patterns: tuple[str, ...]) -> bool:
    """Whether a Host header is one of `patterns` ("localhost:*" is localhost on any port)."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 or host.startswith("[") and "]:" in host else host
    return any(host == pattern or (pattern.endswith(":*") and name == pattern[:-2]) for pattern in patterns)


async def protected_resource(request: Request) -> Response:
    """RFC 9728 metadata for /api/mcp: the resource, how to send a token, and who issues tokens (when configured)."""
    base = public_base(request)
    document = {
        "resource": f"{base}/api/mcp",
        "resource_name": "Todo list (MCP)",
        "bearer_methods_supported": ["header"],
        "resource_documentation": f"{base}/docs",
    }
    if server := app_state(request).settings.mcp_authorization_server:
        document["authorization_servers"] = [server]
    # Shared caches may keep it only when it names the configured address, not one taken from the request.
    caching = "public, max-age=3600" if app_state(request).settings.public_url else "no-store"
    return JSONResponse(document, headers={"Cache-Control": caching, "Access-Control-Allow-Origin": "*"})


# Stateless Streamable HTTP: every message is a POST answered in full, so there is no event stream to
# GET and no session to DELETE; both are 405, which the protocol allows and clients expect.
routes = [
    Route("/api/mcp", McpEndpoint(), methods=["POST"]),
    # OAuth-aware MCP clients ask the path-based location first, then the root one (RFC 9728 section 3.1).
    Route("/.well-known/oauth-protected-resource/api/mcp", protected_resource, methods=["GET"]),
    Route("/.well-known/oauth-protected-resource", protected_resource, methods=["GET"]),
]
