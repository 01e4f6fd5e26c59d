"""What the lifespan opens and every request shares."""

from __future__ import annotations

from dataclasses import dataclass

from anyio.abc import TaskGroup
from mcp import Client
from psycopg_pool import AsyncConnectionPool
from starlette.types import ASGIApp

from chatbot.accounts import Hasher
from chatbot.auth import Authenticator
from chatbot.config import Settings
from chatbot.events import EventHub
from chatbot.turns import TurnGate, TurnRunner


@dataclass
class AppState:
    settings: Settings
    authenticator: Authenticator
    pool: AsyncConnectionPool
    # This instance's own MCP server, which /api/mcp serves and /api/mcp/tools describes.
    mcp_client: Client
    # Runs a turn's agent with its tools (this server, or the one MCP_SERVER_URL names).
    runner: TurnRunner
    # Turns run here rather than in the request, so a client that hangs up does not cut one short.
    turns: TaskGroup
    # The MCP server's Streamable HTTP handler, behind /api/mcp's authentication.
    mcp_http: ASGIApp
    # Hashes passwords a few at a time, holding no database connection.
    hasher: Hasher
    # How many turns may run at once in this process.
    gate: TurnGate
    # Open event streams, woken by any instance's changes.
    events: EventHub
