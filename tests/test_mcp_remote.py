"""MCP_SERVER_URL: one instance's agent uses another instance's tools over Streamable HTTP, with the user's token."""

from __future__ import annotations

import dataclasses

import httpx

from chatbot.app import create_app
from chatbot.serving import serve_in_thread
from tests.conftest import auth, fresh_database, sql


def test_an_instance_uses_another_instances_tools_for_the_signed_in_user(settings, pg_uri, database_url):
    with fresh_database(pg_uri) as chat_database, serve_in_thread(create_app(settings)) as tools_url:
        chat_settings = dataclasses.replace(settings, database_url=chat_database, mcp_server_url=f"{tools_url}/api/mcp")
        with serve_in_thread(create_app(chat_settings)) as chat_url, httpx.Client(base_url=chat_url, timeout=30) as chat:
            first = chat.post("/api/alice/chat", json={"message": "Add a task to call the bank"},
                              headers={**auth("alice"), "Accept": "application/json"})
            assert first.status_code == 200, first.text
            second = chat.post(
                "/api/alice/chat", json={"message": "mark it done", "conversation_id": first.json()["conversation_id"]},
                headers={**auth("alice"), "Accept": "application/json"},
            )
            assert second.json()["tool_calls"][0]["result"]["status"] == "completed"
            bob = chat.post("/api/bob/chat", json={"message": "show my tasks"}, headers={**auth("bob"), "Accept": "application/json"})
            assert bob.json()["tool_calls"][0]["result"] == []

        # The tasks live with the tools' instance; the conversation with the chat's.
        assert sql(database_url, "SELECT user_id, title, completed FROM tasks") == [("alice", "Call the bank", True)]
        assert sql(chat_database, "SELECT count(*) FROM tasks") == [(0,)]
        assert sql(chat_database, "SELECT count(*) FROM messages WHERE user_id = 'alice'")[0][0] >= 6
        assert sql(database_url, "SELECT count(*) FROM messages") == [(0,)]
