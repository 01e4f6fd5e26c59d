"""`/api/mcp`: the MCP server over Streamable HTTP, for clients that bring their own bearer token."""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from chatbot.auth import USER_SCOPE_KEY, bearer_token
from chatbot.errors import Unauthorized
from chatbot.routes.common import app_state
from chatbot.routes.failures import error_body, error_response


class McpEndpoint:
    """Authenticates the caller, then hands the request to the MCP session manager the lifespan runs."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope["state"]["chatbot"]
        try:
            user_id = await state.authenticator.user_of(bearer_token(Headers(scope=scope).get("authorization")))
        except Unauthorized as error:
            # RFC 9728: the challenge says where to read how to get a token for this resource.
            response = error_response(error)
            response.headers["WWW-Authenticate"] = challenge(error, metadata_url(Request(scope)))
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


def metadata_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/.well-known/oauth-protected-resource/api/mcp"


async def protected_resource(request: Request) -> Response:
    """RFC 9728 metadata for /api/mcp: the resource, how to send a token, and who issues tokens (when configured)."""
    base = str(request.base_url).rstrip("/")
    document = {
        "resource": f"{base}/api/mcp",
        "resource_name": "Todo list (MCP)",
        "bearer_methods_supported": ["header"],
        "resource_documentation": f"{base}/docs",
    }
    if server := app_state(request).settings.mcp_authorization_server:
        document["authorization_servers"] = [server]
    return JSONResponse(document, headers={"Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*"})


# Stateless Streamable HTTP: every message is a POST answered in full, so there is no event stream to
# GET and no session to DELETE; both are 405, which the protocol allows and clients expect.
routes = [
    Route("/api/mcp", McpEndpoint(), methods=["POST"]),
    # OAuth-aware MCP clients ask the path-based location first, then the root one (RFC 9728 section 3.1).
    Route("/.well-known/oauth-protected-resource/api/mcp", protected_resource, methods=["GET"]),
    Route("/.well-known/oauth-protected-resource", protected_resource, methods=["GET"]),
]
