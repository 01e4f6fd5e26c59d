"""MCP_SERVER_URL: one instance's agent uses another instance's tools over Streamable HTTP, with the user's token."""

from __future__ import annotations

import dataclasses
import socket

import httpx
import psycopg

from chatbot.app import create_app
from chatbot.errors import ServiceUnavailable
from chatbot.serving import serve_in_thread
from tests.conftest import auth, fresh_database, sql
from tests.fakes import calls


def test_an_instance_uses_another_instances_tools_for_the_signed_in_user(settings, pg_uri, database_url):
    with fresh_database(pg_uri) as chat_database, serve_in_thread(create_app(settings)) as tools_url:
        chat_settings = dataclasses.replace(settings, database_url=chat_database, mcp_server_url=f"{tools_url}/api/mcp")
        with serve_in_thread(create_app(chat_settings)) as chat_url, httpx.Client(base_url=chat_url, timeout=30) as chat:
            first = chat.post(
                "/api/alice/chat",
                json={"message": "Add a task to call the bank"},
                headers={**auth("alice"), "Accept": "application/json"},
            )
            assert first.status_code == 200, first.text
            second = chat.post(
                "/api/alice/chat",
                json={"message": "mark it done", "conversation_id": first.json()["conversation_id"]},
                headers={**auth("alice"), "Accept": "application/json"},
            )
            assert second.json()["tool_calls"][0]["result"]["status"] == "completed"
            bob = chat.post(
                "/api/bob/chat", json={"message": "show my tasks"}, headers={**auth("bob"), "Accept": "application/json"}
            )
            assert bob.json()["tool_calls"][0]["result"] == []

        # The tasks live with the tools' instance; the conversation with the chat's.
        assert sql(database_url, "SELECT user_id, title, completed FROM tasks") == [("alice", "Call the bank", True)]
        assert sql(chat_database, "SELECT count(*) FROM tasks") == [(0,)]
        assert sql(chat_database, "SELECT count(*) FROM messages WHERE user_id = 'alice'")[0][0] >= 6
        assert sql(database_url, "SELECT count(*) FROM messages") == [(0,)]


def test_an_unreachable_mcp_server_is_503_and_the_conversation_stays_consistent(settings, database_url):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    configured = dataclasses.replace(settings, mcp_server_url=f"http://127.0.0.1:{dead}/api/mcp")
    with serve_in_thread(create_app(configured)) as url, httpx.Client(base_url=url, timeout=30) as chat:
        response = chat.post(
            "/api/alice/chat",
            json={"message": "Add a task to call the bank"},
            headers={**auth("alice"), "Accept": "application/json"},
        )
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert response.json()["error"]["code"] == "tools_unavailable"
        assert sql(database_url, "SELECT lease_until FROM conversations") == [(None,)]


class Unavailable:
    async def stream(self, messages, tools, *, streaming=True):
        raise ServiceUnavailable("The language model is not available right now.", code="model_unavailable")
        yield  # an async generator, like a real model


def test_a_model_failure_inside_a_remote_tool_session_is_still_its_own_503(settings, pg_uri, database_url):
    with fresh_database(pg_uri) as chat_database, serve_in_thread(create_app(settings)) as tools_url:
        chat_settings = dataclasses.replace(settings, database_url=chat_database, mcp_server_url=f"{tools_url}/api/mcp")
        with serve_in_thread(create_app(chat_settings, model=Unavailable())) as chat_url, httpx.Client(base_url=chat_url) as chat:
            response = chat.post(
                "/api/alice/chat", json={"message": "hi"}, headers={**auth("alice"), "Accept": "application/json"}
            )
    assert response.status_code == 503 and response.json()["error"]["code"] == "model_unavailable"


class DatabaseGoesAway:
    """Asks for a tool call, and takes the chat's database away just before answering."""

    def __init__(self, admin_url: str, database: str):
        self.admin_url, self.database = admin_url, database

    async def stream(self, messages, tools, *, streaming=True):
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {self.database} ALLOW_CONNECTIONS false")
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (self.database,))
        yield calls(("add_task", {"title": "Never recorded"}))


def test_a_database_outage_inside_a_remote_tool_session_is_503_like_a_local_one(settings, pg_uri, database_url):
    with fresh_database(pg_uri) as chat_database, serve_in_thread(create_app(settings)) as tools_url:
        name = chat_database.partition("?")[0].rsplit("/", 1)[1]
        chat_settings = dataclasses.replace(
            settings, database_url=chat_database, mcp_server_url=f"{tools_url}/api/mcp", db_pool_timeout_seconds=1.0
        )
        model = DatabaseGoesAway(pg_uri, name)
        with serve_in_thread(create_app(chat_settings, model=model)) as chat_url, httpx.Client(base_url=chat_url) as chat:
            response = chat.post(
                "/api/alice/chat", json={"message": "hi"}, headers={**auth("alice"), "Accept": "application/json"}
            )
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.json()["error"]["code"] == "database_unavailable"
