"""The service's front door and its health."""

from __future__ import annotations

import logging

import psycopg
from psycopg_pool import PoolTimeout
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chatbot.routes.common import app_state

log = logging.getLogger("chatbot.health")
HEALTH_WAIT_SECONDS = 2.0


async def root(request: Request) -> Response:
    return JSONResponse(
        {
            "message": "Todo API - Phase 3",
            "app": "/app",
            "docs": "/docs",
            "openapi": "/openapi.json",
            "health": "/health",
            "chat": "/api/{user_id}/chat",
            "tasks": "/api/{user_id}/tasks",
            "conversations": "/api/{user_id}/conversations",
            "mcp_tools": "/api/mcp/tools",
        }
    )


async def health(request: Request) -> Response:
    pool = app_state(request).pool
    try:
        async with pool.connection(timeout=HEALTH_WAIT_SECONDS) as conn:
            await conn.execute("SELECT 1")
        database_ok = True
    except (psycopg.OperationalError, PoolTimeout) as error:
        log.warning("health check: database unavailable", extra={"error": type(error).__name__})
        database_ok = False
    stats = pool.get_stats()
    pool_status = {key: stats.get(key, 0) for key in ("pool_min", "pool_max", "pool_size", "pool_available", "requests_waiting")}
    body = {"status": "healthy" if database_ok else "unhealthy", "database_ok": database_ok, "pool_status": pool_status}
    return JSONResponse(body, status_code=200 if database_ok else 503, headers={} if database_ok else {"Retry-After": "5"})


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
