"""`/api/mcp` driven by the official MCP client over Streamable HTTP, the bearer token deciding the user."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from chatbot.app import create_app
from chatbot.serving import serve_in_thread
from tests.conftest import auth

pytestmark = pytest.mark.anyio


@pytest.fixture
def base_url(settings):
    with serve_in_thread(create_app(settings)) as url:
        yield url


@asynccontextmanager
async def mcp_client(base_url: str, user: str):
    """The official client on /api/mcp, with `user`'s token on every request."""
    async with httpx2.AsyncClient(headers=auth(user), timeout=10) as http:
        async with Client(streamable_http_client(f"{base_url}/api/mcp", http_client=http)) as client:
            yield client


def payload(result):
    assert not result.is_error, result.content
    structured = result.structured_content
    return structured["tasks"] if set(structured) == {"tasks"} else structured


async def test_the_official_client_lists_the_tools_and_adds_a_task_the_rest_api_shows(base_url):
    async with mcp_client(base_url, "alice") as client:
        tools = await client.list_tools()
        assert sorted(t.name for t in tools.tools) == ["add_task", "complete_task", "delete_task", "list_tasks", "update_task"]
        added = payload(await client.call_tool("add_task", {"title": "Via MCP"}))

    async with httpx.AsyncClient(base_url=base_url) as http:
        tasks = (await http.get("/api/alice/tasks", headers=auth("alice"))).json()
    assert [(t["id"], t["title"]) for t in tasks] == [(added["task_id"], "Via MCP")]


async def test_every_tool_works_over_http(base_url):
    async with mcp_client(base_url, "alice") as client:
        task_id = payload(await client.call_tool("add_task", {"title": "One", "user_id": "alice"}))["task_id"]
        assert payload(await client.call_tool("update_task", {"task_id": task_id, "title": "Uno"}))["title"] == "Uno"
        assert payload(await client.call_tool("complete_task", {"task_id": task_id}))["status"] == "completed"
        listed = payload(await client.call_tool("list_tasks", {"status": "completed"}))
        assert [t["title"] for t in listed] == ["Uno"]
        assert payload(await client.call_tool("delete_task", {"task_id": task_id}))["status"] == "deleted"
        assert payload(await client.call_tool("list_tasks", {})) == []


async def test_a_user_id_naming_someone_else_is_refused_and_changes_nothing(base_url):
    async with mcp_client(base_url, "bob") as bob:
        bobs_task = payload(await bob.call_tool("add_task", {"title": "Bob's"}))["task_id"]
    async with mcp_client(base_url, "alice") as alice:
        refused = await alice.call_tool("add_task", {"title": "Planted", "user_id": "bob"})
        assert refused.is_error and "your own" in refused.content[0].text
        peek = await alice.call_tool("list_tasks", {"user_id": "bob"})
        assert peek.is_error
        steal = await alice.call_tool("delete_task", {"task_id": bobs_task})
        assert steal.is_error and f"Task {bobs_task} not found" in steal.content[0].text
    async with mcp_client(base_url, "bob") as bob:
        assert [t["title"] for t in payload(await bob.call_tool("list_tasks", {}))] == ["Bob's"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic x"}])
async def test_no_or_a_bad_token_is_401_with_a_bearer_challenge(base_url, headers):
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.post(
            "/api/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={**headers, "Accept": "application/json, text/event-stream"},
        )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] in ("missing_token", "invalid_token")


async def test_dns_rebinding_protection_refuses_a_foreign_host(base_url):
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.post(
            "/api/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={**auth("alice"), "Host": "evil.example", "Accept": "application/json, text/event-stream"},
        )
    assert response.status_code in (403, 421)


async def test_the_transports_own_refusals_come_back_as_json_errors(base_url):
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.post("/api/mcp", content=b"{}", headers={**auth("alice"), "Content-Type": "text/plain"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_mcp_request"


async def test_clients_see_the_version_titles_hints_and_a_named_list(base_url):
    from chatbot import __version__

    async with mcp_client(base_url, "alice") as client:
        assert client.server_info is not None and client.server_info.version == __version__ != ""
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert tools["list_tasks"].annotations.read_only_hint is True
        assert tools["delete_task"].annotations.destructive_hint is True
        assert tools["complete_task"].annotations.idempotent_hint is True
        assert tools["add_task"].annotations.idempotent_hint is False
        assert all(t.title and t.annotations.title == t.title for t in tools.values())
        assert set(tools["list_tasks"].output_schema["properties"]) == {"tasks"}

        empty = await client.call_tool("list_tasks", {})
        assert [c.text for c in empty.content] == ["[]"], "an empty list is one text block, never no content"
        assert empty.structured_content == {"tasks": []}
        await client.call_tool("add_task", {"title": "Named"})
        listed = await client.call_tool("list_tasks", {})
        assert [t["title"] for t in listed.structured_content["tasks"]] == ["Named"]
        assert [t["title"] for t in json.loads(listed.content[0].text)] == ["Named"]


async def test_oauth_aware_clients_find_the_resource_metadata_and_a_clean_challenge(settings):
    """The MCP SDK's own discovery code path: the challenge's resource_metadata, then RFC 9728 metadata."""
    import dataclasses

    from mcp.client.auth.utils import (
        build_protected_resource_metadata_discovery_urls,
        extract_field_from_www_auth,
        extract_resource_metadata_from_www_auth,
        handle_protected_resource_response,
    )

    configured = dataclasses.replace(settings, mcp_authorization_server="https://auth.example.com/api/auth")
    with serve_in_thread(create_app(configured)) as base:
        server_url = f"{base}/api/mcp"
        async with httpx2.AsyncClient(timeout=10) as http:
            tools_list = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
            accept = {"Accept": "application/json, text/event-stream"}
            bare = await http.post(server_url, json=tools_list, headers=accept)
            assert bare.status_code == 401
            assert extract_field_from_www_auth(bare, "error") is None, "no token: a challenge without error= (RFC 6750)"
            pointer = extract_resource_metadata_from_www_auth(bare)
            assert pointer == f"{base}/.well-known/oauth-protected-resource/api/mcp"

            bad = await http.post(server_url, json=tools_list, headers={**accept, "Authorization": "Bearer nonsense"})
            assert extract_field_from_www_auth(bad, "error") == "invalid_token"
            assert extract_resource_metadata_from_www_auth(bad) == pointer

            urls = build_protected_resource_metadata_discovery_urls(pointer, server_url)
            assert urls[1] == pointer and urls[2] == f"{base}/.well-known/oauth-protected-resource"
            for url in urls:
                metadata = await handle_protected_resource_response(await http.get(url))
                assert metadata is not None, url
                assert str(metadata.resource) == server_url
                assert [str(a) for a in metadata.authorization_servers] == ["https://auth.example.com/api/auth"]
                assert metadata.bearer_methods_supported == ["header"]

    # With no authorization server configured, the metadata still says how to send a token, and names none.
    with serve_in_thread(create_app(settings)) as base:
        plain = httpx.get(f"{base}/.well-known/oauth-protected-resource/api/mcp").json()
    assert plain["resource"] == f"{base}/api/mcp" and plain["bearer_methods_supported"] == ["header"]
    assert "authorization_servers" not in plain


@pytest.mark.parametrize("path", ["/.well-known/oauth-protected-resource/api/mcp", "/.well-known/oauth-protected-resource"])
def test_the_resource_metadata_never_names_a_host_taken_from_the_request(make_client, path):
    client = make_client()
    refused = client.get(path, headers={"Host": "evil.example"})
    assert refused.status_code == 421 and "evil.example" not in refused.text
    challenged = client.post("/api/mcp", json={}, headers={"Host": "evil.example"})
    assert challenged.status_code == 421 and "evil.example" not in str(challenged.headers)

    configured = make_client(public_url="https://todo.example.com")
    metadata = configured.get(path, headers={"Host": "evil.example"})
    assert metadata.json()["resource"] == "https://todo.example.com/api/mcp"
    assert metadata.headers["Cache-Control"] == "public, max-age=3600"
    challenge = configured.post("/api/mcp", json={}).headers["WWW-Authenticate"]
    assert 'resource_metadata="https://todo.example.com/.well-known/oauth-protected-resource/api/mcp"' in challenge
