"""The front door and the health routes."""

from __future__ import annotations

import dataclasses

from starlette.testclient import TestClient

from chatbot.app import create_app


def test_root_names_the_api(client):
    body = client.get("/").json()
    assert body["message"] == "Todo API - Phase 3"


def test_health_reports_the_database_and_the_pool(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy" and body["database_ok"] is True
    assert body["pool_status"]["pool_max"] == 5


def test_mcp_health_and_tools(client):
    assert client.get("/api/mcp/health").json() == {"status": "healthy", "tools": 5}
    tools = {t["name"]: t for t in client.get("/api/mcp/tools").json()["tools"]}
    assert set(tools) == {"add_task", "list_tasks", "complete_task", "delete_task", "update_task"}
    assert tools["complete_task"]["input_schema"]["required"] == ["task_id"]


def test_with_the_database_down_health_and_chat_answer_503_with_retry_after(settings, tmp_path):
    gone = dataclasses.replace(settings, database_url=f"postgresql://postgres@/nowhere?host={tmp_path}&connect_timeout=1")
    with TestClient(create_app(gone)) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["database_ok"] is False and health.headers["Retry-After"]

        from tests.conftest import auth

        chat = client.post("/api/alice/chat", json={"message": "hi"}, headers=auth("alice"))
        assert chat.status_code == 503
        assert chat.json()["error"]["code"] == "database_unavailable"
        assert chat.headers["Retry-After"]
