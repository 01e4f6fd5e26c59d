"""The MCP tools as one turn uses them: bound to the signed-in user, in process or over HTTP."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from chatbot.errors import ServiceUnavailable
from chatbot.model import ToolOutcome
from chatbot.tools import NOT_SHOWN, TURN_KEY, UNAVAILABLE

log = logging.getLogger("chatbot.toolbox")

# JSON Schema keywords that Gemini's function declarations reject.
_UNSUPPORTED_SCHEMA_KEYS = {"additionalProperties", "$schema", "title", "default", "examples", "$defs", "$ref"}


def tool_schemas(tools: list[Any], hidden: str = "user_id") -> list[dict[str, Any]]:
    """OpenAI-style function declarations from MCP tools, without the `hidden` argument."""
    declarations = []
    for tool in tools:
        schema = clean_schema(tool.input_schema)
        schema.get("properties", {}).pop(hidden, None)
        if hidden in schema.get("required", []):
            schema["required"] = [name for name in schema["required"] if name != hidden]
        if not schema.get("required"):
            schema.pop("required", None)
        declarations.append(
            {"type": "function", "function": {"name": tool.name, "description": tool.description or "", "parameters": schema}}
        )
    return declarations


def clean_schema(schema: Any) -> Any:
    """A copy of a JSON Schema holding only what Gemini accepts; `X | None` becomes `X`."""
    if isinstance(schema, list):
        return [clean_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    options = schema.get("anyOf")
    if isinstance(options, list):
        concrete = [option for option in options if option.get("type") != "null"]
        if len(concrete) == 1:
            merged = {k: v for k, v in schema.items() if k != "anyOf"} | concrete[0]
            return clean_schema(merged)
    cleaned = {}
    for key, value in schema.items():
        if key in _UNSUPPORTED_SCHEMA_KEYS:
            continue
        if key == "properties":
            cleaned[key] = {name: clean_schema(prop) for name, prop in value.items()}
        else:
            cleaned[key] = clean_schema(value)
    return cleaned


class ToolSession:
    """One user's tools: schemas without `user_id`, every call with the user written in."""

    def __init__(
        self,
        client: Client,
        user_id: str,
        timeout_seconds: float,
        schemas: list[dict[str, Any]] | None = None,
        turn_key: str | None = None,
    ):
        # A keyed turn's calls carry its key: each change is noted under it (chatbot/tools.py).
        self.meta = {TURN_KEY: turn_key} if turn_key else None
        self.client = client
        self.user_id = user_id
        self.timeout_seconds = timeout_seconds
        self._schemas = schemas

    async def schemas(self) -> list[dict[str, Any]]:
        """The function declarations the model sees."""
        if self._schemas is None:
            listed = await self.client.list_tools()
            self._schemas = tool_schemas(listed.tools)
        return self._schemas

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolOutcome:
        """Run a tool as this session's user.

        A tool that refuses, or fails at the protocol level (it timed out, say), is an error the model
        reads; the database being away is the turn's 503.
        """
        try:
            result = await self.client.call_tool(
                name, {**arguments, "user_id": self.user_id}, read_timeout_seconds=self.timeout_seconds, meta=self.meta
            )
        except MCPError as error:
            if error.code == UNAVAILABLE:
                data = error.data if isinstance(error.data, dict) else {}
                raise ServiceUnavailable(
                    error.message, code=data.get("code", "tools_unavailable"), retry_after=data.get("retry_after", 5)
                ) from None
            return ToolOutcome(name, arguments, f"The tool could not be run: {error.message}", True)
        if result.is_error:
            # Our tools refuse in their own words; the SDK's own refusals (bad arguments) are passed on whole.
            return ToolOutcome(name, arguments, " ".join(getattr(part, "text", "") for part in result.content).strip(), True)
        not_shown = (result.meta or {}).get(NOT_SHOWN, 0)
        structured = result.structured_content
        if structured is not None:
            # One named field holds the value ("tasks" for list_tasks; "result" from servers that wrap a bare list).
            value = structured[next(iter(structured))] if set(structured) in ({"tasks"}, {"result"}) else structured
            return ToolOutcome(name, arguments, value, not_shown=not_shown)
        texts = [getattr(part, "text", "") for part in result.content]
        return ToolOutcome(name, arguments, json.loads(texts[0]) if len(texts) == 1 else texts, not_shown=not_shown)


class LocalToolbox:
    """The in-process MCP server, through the one client the app opened for all requests."""

    def __init__(self, client: Client, timeout_seconds: float):
        self.client = client
        self.timeout_seconds = timeout_seconds
        self._schemas: list[dict[str, Any]] | None = None

    @asynccontextmanager
    async def session(self, user_id: str, token: str | None = None, turn_key: str | None = None) -> AsyncIterator[ToolSession]:
        if self._schemas is None:
            self._schemas = await ToolSession(self.client, user_id, self.timeout_seconds).schemas()
        yield ToolSession(self.client, user_id, self.timeout_seconds, self._schemas, turn_key)


class RemoteToolbox:
    """An external MCP server over Streamable HTTP, reached with the user's own bearer token."""

    def __init__(self, url: str, timeout_seconds: float):
        self.url = url
        self.timeout_seconds = timeout_seconds
        # The tools are the same for every user: listed on the first turn, reused after.
        self._schemas: list[dict[str, Any]] | None = None

    @asynccontextmanager
    async def session(self, user_id: str, token: str | None = None, turn_key: str | None = None) -> AsyncIterator[ToolSession]:
        # One connection per turn: the token, and so the user, differs from one turn to the next.
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            async with (
                httpx2.AsyncClient(headers=headers, timeout=self.timeout_seconds) as http,
                Client(streamable_http_client(self.url, http_client=http), read_timeout_seconds=self.timeout_seconds) as client,
            ):
                session = ToolSession(client, user_id, self.timeout_seconds, self._schemas, turn_key)
                self._schemas = await session.schemas()
                yield session
        except* (httpx2.HTTPError, MCPError) as group:
            log.error("the MCP server is unreachable", extra={"url": self.url, "error": repr(group.exceptions[0])[:200]})
            raise ServiceUnavailable(
                "The task tools are unreachable right now; please try again shortly.", code="tools_unavailable"
            ) from None
