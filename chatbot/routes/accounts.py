"""`/api/auth/register` and `/api/auth/login`: local accounts, answered with a user id and a token."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chatbot import accounts
from chatbot.auth import DEMO_USER, USER_SCOPE_KEY, mint_token
from chatbot.errors import NotFound
from chatbot.routes.common import app_state, read_json

TOKEN_TTL_SECONDS = 12 * 3600


async def register(request: Request) -> Response:
    state = _enabled(request)
    given = accounts.credentials(await read_json(request))
    user_id = await accounts.register(state.pool, state.hasher, given)
    return JSONResponse(_signed_in(request, user_id), status_code=201)


async def login(request: Request) -> Response:
    state = _enabled(request)
    given = accounts.credentials(await read_json(request))
    user_id = await accounts.sign_in(state.pool, state.hasher, given)
    return JSONResponse(_signed_in(request, user_id))


async def options(request: Request) -> Response:
    """How people can sign in here, for the chat page."""
    settings = app_state(request).settings
    return JSONResponse({"local_accounts": settings.auth_local_accounts, "demo": settings.auth_secret_generated})


async def demo(request: Request) -> Response:
    """A token for the demo user, only while the server runs on its generated development secret."""
    if not app_state(request).settings.auth_secret_generated:
        raise NotFound("The demo sign-in exists only on a development server.")
    return JSONResponse(_signed_in(request, DEMO_USER))


def _enabled(request: Request):
    state = app_state(request)
    if not state.settings.auth_local_accounts:
        raise NotFound("Local accounts are turned off here; sign in through the site's own sign-in.")
    return state


def _signed_in(request: Request, user_id: str) -> dict[str, str]:
    settings = app_state(request).settings
    token = mint_token(settings.auth_secret, user_id, ttl_seconds=TOKEN_TTL_SECONDS, algorithm=settings.jwt_algorithm)
    request.scope[USER_SCOPE_KEY] = user_id
    return {"user_id": user_id, "token": token}


routes = [
    Route("/api/auth/options", options, methods=["GET"]),
    Route("/api/auth/demo", demo, methods=["POST"]),
    Route("/api/auth/register", register, methods=["POST"]),
    Route("/api/auth/login", login, methods=["POST"]),
]
