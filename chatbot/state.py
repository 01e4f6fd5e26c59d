"""What the lifespan opens and every request shares."""

from __future__ import annotations

from dataclasses import dataclass

from anyio.abc import TaskGroup
from psycopg_pool import AsyncConnectionPool
from starlette.types import ASGIApp

from chatbot.agent import Agent, Toolbox
from chatbot.auth import Authenticator
from chatbot.config import Settings


@dataclass
class AppState:
    settings: Settings
    authenticator: Authenticator
    pool: AsyncConnectionPool
    toolbox: Toolbox
    agent: Agent
    # Turns run here rather than in the request, so a client that hangs up does not cut one short.
    turns: TaskGroup
    # The MCP server's Streamable HTTP handler, behind /api/mcp's authentication.
    mcp_http: ASGIApp
