"""The service's front door and its health."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chatbot import __version__, migrate
from chatbot.db import DATABASE_ERRORS
from chatbot.routes.common import app_state

log = logging.getLogger("chatbot.health")
HEALTH_WAIT_SECONDS = 2.0
EXPECTED_SCHEMA = migrate.expected()


async def root(request: Request) -> Response:
    return JSONResponse(
        {
            "message": "Todo API - Phase 3",
            "version": __version__,
            "app": "/app",
            "docs": "/docs",
            "redoc": "/redoc",
            "openapi": "/openapi.json",
            "health": "/health",
            "chat": "/api/{user_id}/chat",
            "tasks": "/api/{user_id}/tasks",
            "conversations": "/api/{user_id}/conversations",
            "mcp": "/api/mcp",
            "mcp_tools": "/api/mcp/tools",
        }
    )


async def health(request: Request) -> Response:
    """Whether the database answers and its schema is the one this code needs; 503 otherwise."""
    pool = app_state(request).pool
    schema = None
    try:
        async with pool.connection(timeout=HEALTH_WAIT_SECONDS) as conn:
            applied = await migrate.applied(conn)
        database_ok = True
        schema = {
            "version": applied[-1] if applied else None,
            "expected": EXPECTED_SCHEMA[-1],
            "up_to_date": set(EXPECTED_SCHEMA) <= set(applied),
        }
    except DATABASE_ERRORS as error:
        log.warning("health check: database unavailable", extra={"error": type(error).__name__})
        database_ok = False
    healthy = database_ok and schema["up_to_date"]
    stats = pool.get_stats()
    pool_status = {key: stats.get(key, 0) for key in ("pool_min", "pool_max", "pool_size", "pool_available", "requests_waiting")}
    body = {
        "status": "healthy" if healthy else "unhealthy",
        "database_ok": database_ok,
        "schema": schema,
        "pool_status": pool_status,
    }
    if database_ok and not healthy:
        body["hint"] = "The database schema is older than this code: run `chatbot migrate`."
    return JSONResponse(body, status_code=200 if healthy else 503, headers={} if healthy else {"Retry-After": "5"})


async def mcp_health(request: Request) -> Response:
    tools = await app_state(request).mcp_client.list_tools()
    return JSONResponse({"status": "healthy", "tools": len(tools.tools)})


async def mcp_tools(request: Request) -> Response:
    tools = await app_state(request).mcp_client.list_tools()
    return JSONResponse(
        {"tools": [{"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in tools.tools]}
    )


routes = [
    Route("/", root, methods=["GET"]),
    Route("/health", health, methods=["GET"]),
    Route("/api/mcp/health", mcp_health, methods=["GET"]),
    Route("/api/mcp/tools", mcp_tools, methods=["GET"]),
]
