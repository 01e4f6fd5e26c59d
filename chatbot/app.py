"""`create_app(settings)`: the routes, the error handler, and the lifespan that opens what requests share."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from mcp import Client
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from chatbot import db, logs
from chatbot.accounts import Hasher
from chatbot.agent import Agent
from chatbot.auth import Authenticator
from chatbot.better_auth import SessionStore, SessionTable
from chatbot.config import Settings, load_settings
from chatbot.db import DATABASE_ERRORS, SCHEMA_ERRORS
from chatbot.errors import ChatbotError
from chatbot.events import EventHub
from chatbot.fastpath import Engine, reply_without_model
from chatbot.logs import RequestLog
from chatbot.metrics import watch_pool
from chatbot.model import ModelClient
from chatbot.provider import LoadingModel, close_provider_clients, configured_model
from chatbot.reminders import Scheduler
from chatbot.routes import accounts, chat, conversations, docs, events, health, mcp_http, metrics, page, tasks
from chatbot.routes.failures import error_response
from chatbot.state import AppState
from chatbot.toolbox import LocalToolbox, RemoteToolbox
from chatbot.tools import create_mcp_server
from chatbot.turns import TurnGate, TurnRunner

log = logging.getLogger("chatbot.app")
# Passwords hashed at once (scrypt: about 16 MiB and a core for ~50 ms each), and how many may wait.
HASHING_THREADS = max(1, (os.cpu_count() or 2) // 2)
HASHING_QUEUE = 64


def create_app(settings: Settings, *, model: ModelClient | None = None) -> Starlette:
    """The ASGI app; `model` replaces the configured model (tests pass a scripted one)."""

    # Better Auth's session cookie as the token: looked up in its session table, through the pool the lifespan opens.
    sessions = SessionStore(
        SessionTable(
            settings.better_auth_session_table,
            settings.better_auth_token_column,
            settings.better_auth_user_column,
            settings.better_auth_expires_column,
        )
    )
    authenticator = Authenticator(
        settings.auth_secret,
        settings.jwt_algorithm,
        jwks_url=settings.auth_jwks_url,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        sessions=sessions,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, AppState]]:
        url = settings.database_url or await anyio.to_thread.run_sync(db.start_embedded, settings.data_dir)
        pool = await db.open_pool(url, settings.db_pool_size, settings.database_bounds)
        sessions.pool = pool
        watch_pool(pool)
        try:
            server = create_mcp_server(pool)
            server.streamable_http_app(
                stateless_http=True,
                json_response=True,
                # DNS-rebinding protection stays on: only the configured hosts and browser origins get in.
                transport_security=TransportSecuritySettings(
                    allowed_hosts=list(settings.allowed_hosts), allowed_origins=list(settings.cors_origins)
                ),
            )
            mcp_http = StreamableHTTPASGIApp(server.session_manager)
            async with (
                server.session_manager.run(),
                Client(server, read_timeout_seconds=settings.mcp_timeout_seconds) as client,
            ):
                toolbox = (
                    RemoteToolbox(settings.mcp_server_url, settings.mcp_timeout_seconds)
                    if settings.mcp_server_url
                    else LocalToolbox(client, settings.mcp_timeout_seconds)
                )
                closer = reply_without_model if settings.agent_fast_path else None
                chosen = model or configured_model(settings)
                agent = Agent(chosen, settings.agent_max_steps, closer)
                fast = Agent(Engine(), settings.agent_max_steps, handover=agent.model) if settings.agent_fast_path else None
                runner = TurnRunner(agent, toolbox, pool, settings.agent_turn_timeout_seconds, fast)
                hub = EventHub(pool.conninfo, pool)
                async with anyio.create_task_group() as background:
                    background.start_soon(hub.run)  # the listener runs until the app stops
                    if isinstance(chosen, LoadingModel):
                        background.start_soon(chosen.load)  # LiteLLM loads while the server already answers
                    if settings.reminder_scheduler:
                        reminders = Scheduler(pool, settings.reminder_webhook_url, settings.reminder_webhook_secret)
                        background.start_soon(reminders.run)
                    async with anyio.create_task_group() as turns:
                        hasher = Hasher(HASHING_THREADS, HASHING_QUEUE)
                        yield {
                            "chatbot": AppState(
                                settings,
                                authenticator,
                                pool,
                                client,
                                runner,
                                turns,
                                mcp_http,
                                hasher,
                                TurnGate(settings.chat_max_concurrent_turns, settings.chat_max_turns_per_user),
                                hub,
                            )
                        }

                    background.cancel_scope.cancel()
        finally:
            await pool.close()
            await close_provider_clients()

    return Starlette(
        routes=[
            *health.routes,
            *docs.routes,
            *page.routes,
            *accounts.routes,
            *mcp_http.routes,
            *chat.routes,
            *tasks.routes,
            *conversations.routes,
            *events.routes,
            *metrics.routes,
        ],
        middleware=[
            Middleware(RequestLog),
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                allow_headers=["Authorization", "Content-Type", "Accept", "Idempotency-Key"],
                expose_headers=["Retry-After", "X-Total-Count", "Link"],
            ),
        ],
        # One handler for all: handled errors, exception groups wrapping them, and bugs (500).
        exception_handlers={
            error: _error_response
            for error in (ChatbotError, HTTPException, *DATABASE_ERRORS, *SCHEMA_ERRORS, ExceptionGroup, Exception)
        },
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """The app configured from the environment: the factory `chatbot serve` hands to uvicorn."""
    settings = load_settings()
    logs.configure(settings.log_level)
    app = create_app(settings)
    # Start-up leaves some 350,000 objects that live as long as the process, most of them LiteLLM's.
    # Frozen, they are out of the garbage collector's way: a full collection scanned them all,
    # stalling every request for about 180 ms (the benchmark's p99 showed it).
    gc.freeze()
    return app


async def _error_response(request: Request, error: Exception) -> Response:
    return error_response(error, {"path": request.url.path})
