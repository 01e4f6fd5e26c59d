"""The five MCP tools, called through the official in-memory client on a real database."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from chatbot import db
from chatbot.tools import create_mcp_server
from tests.conftest import sql

pytestmark = pytest.mark.anyio


@pytest.fixture
async def tools(database_url):
    pool = await db.open_pool(database_url, 3)
    await pool.wait()
    async with pool.connection() as conn:
        for user in ("alice", "bob"):
            await conn.execute("INSERT INTO users (id) VALUES (%s)", (user,))
    async with Client(create_mcp_server(pool)) as client:
        yield client
    await pool.close()


async def call(client, name, **arguments):
    result = await client.call_tool(name, arguments)
    if result.is_error:
        return {"error": result.content[0].text}
    structured = result.structured_content
    return structured["tasks"] if set(structured) == {"tasks"} else structured


async def test_the_server_offers_exactly_the_five_tools(tools):
    listed = await tools.list_tools()
    assert sorted(t.name for t in listed.tools) == sorted(
        ["add_task", "list_tasks", "complete_task", "delete_task", "update_task"]
    )


async def test_add_task_stores_the_task_and_reports_it(tools, database_url):
    added = await call(tools, "add_task", user_id="alice", title="  Buy groceries ", description="Milk, eggs")
    assert added == {"task_id": added["task_id"], "status": "created", "title": "Buy groceries"}
    assert sql(database_url, "SELECT user_id, title, description, completed FROM tasks") == [
        ("alice", "Buy groceries", "Milk, eggs", False)
    ]


async def test_list_tasks_filters_by_status_and_text(tools):
    first = await call(tools, "add_task", user_id="alice", title="Buy groceries")
    await call(tools, "add_task", user_id="alice", title="Call mom", description="about the 100% plan")
    await call(tools, "complete_task", user_id="alice", task_id=first["task_id"])

    every = await call(tools, "list_tasks", user_id="alice")
    assert [t["title"] for t in every] == ["Buy groceries", "Call mom"]
    assert set(every[0]) == {"id", "title", "description", "completed", "created_at"} | {
        "due_date", "due_time", "priority", "tags", "recurrence", "completed_at", "remind_at", "reminded_at"
    }  # fmt: skip
    pending = await call(tools, "list_tasks", user_id="alice", status="pending")
    assert [t["title"] for t in pending] == ["Call mom"]
    done = await call(tools, "list_tasks", user_id="alice", status="completed")
    assert [(t["title"], t["completed"]) for t in done] == [("Buy groceries", True)]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", query="GROCER")] == ["Buy groceries"]
    # LIKE wildcards in the query are plain text, not patterns.
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", query="100%")] == ["Call mom"]
    assert await call(tools, "list_tasks", user_id="alice", query="_") == []


async def test_complete_update_and_delete_change_the_task(tools, database_url):
    task_id = (await call(tools, "add_task", user_id="alice", title="Call mom"))["task_id"]

    assert await call(tools, "complete_task", user_id="alice", task_id=task_id) == {
        "task_id": task_id,
        "status": "completed",
        "title": "Call mom",
    }
    assert await call(tools, "update_task", user_id="alice", task_id=task_id, title="Call mom tonight") == {
        "task_id": task_id,
        "status": "updated",
        "title": "Call mom tonight",
    }
    await call(tools, "update_task", user_id="alice", task_id=task_id, description="before nine")
    assert sql(database_url, "SELECT title, description, completed FROM tasks") == [("Call mom tonight", "before nine", True)]

    assert await call(tools, "delete_task", user_id="alice", task_id=task_id) == {
        "task_id": task_id,
        "status": "deleted",
        "title": "Call mom tonight",
    }
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


@pytest.mark.parametrize("tool", ["complete_task", "delete_task", "update_task"])
async def test_a_missing_task_and_another_users_task_give_the_same_error(tools, database_url, tool):
    bobs = (await call(tools, "add_task", user_id="bob", title="Bob's secret"))["task_id"]
    extra = {"title": "hacked"} if tool == "update_task" else {}

    missing = await call(tools, tool, user_id="alice", task_id=987654, **extra)
    someone_elses = await call(tools, tool, user_id="alice", task_id=bobs, **extra)

    assert "Task 987654 not found" in missing["error"]
    assert someone_elses["error"] == missing["error"].replace("987654", str(bobs))
    assert sql(database_url, "SELECT title, completed FROM tasks") == [("Bob's secret", False)]


async def test_list_tasks_shows_only_the_callers_tasks(tools):
    await call(tools, "add_task", user_id="bob", title="Bob's task")
    await call(tools, "add_task", user_id="alice", title="Alice's task")
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice")] == ["Alice's task"]


@pytest.mark.parametrize(
    "arguments, expected",
    [
        ({"title": ""}, "blank"),
        ({"title": "   "}, "blank"),
        ({"title": "x" * 201}, "200"),
        ({"title": "a\x00b"}, "NUL"),
        ({"title": "ok", "description": "d" * 1001}, "1000"),
    ],
)
async def test_bad_titles_are_tool_errors_and_store_nothing(tools, database_url, arguments, expected):
    result = await call(tools, "add_task", user_id="alice", **arguments)
    assert expected in result["error"]
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


async def test_wrong_argument_types_are_tool_errors(tools):
    result = await tools.call_tool("complete_task", {"user_id": "alice", "task_id": "seven"})
    assert result.is_error
    result = await tools.call_tool("complete_task", {"user_id": "alice", "task_id": 2**70})
    assert result.is_error
    result = await tools.call_tool("update_task", {"user_id": "alice", "task_id": 1})
    assert result.is_error and "Give something to change" in result.content[0].text


async def test_results_are_json_text_too_for_clients_without_structured_content(tools):
    result = await tools.call_tool("add_task", {"user_id": "alice", "title": "Plain"})
    assert json.loads(result.content[0].text)["title"] == "Plain"


async def test_every_tool_refuses_an_argument_it_does_not_take_and_names_it(tools, database_url):
    listed = await tools.list_tools()
    assert all(tool.input_schema.get("additionalProperties") is False for tool in listed.tools)
    for name, arguments in (
        ("add_task", {"title": "Buy milk", "colour": "red"}),
        ("add_task", {"title": "Buy milk", "priorty": "high"}),
        ("update_task", {"task_id": 1, "titel": "Oat milk"}),
        ("list_tasks", {"stauts": "pending"}),
    ):
        answer = await call(tools, name, user_id="alice", **arguments)
        unknown = next(key for key in arguments if key not in ("title", "task_id"))
        assert f"'{unknown}'" in answer["error"], answer
        assert "pydantic" not in answer["error"] and "validation error" not in answer["error"]
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


async def test_a_wrong_type_is_said_in_our_words(tools):
    answer = await call(tools, "complete_task", user_id="alice", task_id="not a number")
    assert "task_id" in answer["error"] and "errors.pydantic.dev" not in answer["error"]


async def test_the_tools_take_due_date_and_due_time_as_list_tasks_shows_them(tools):
    added = await call(tools, "add_task", user_id="alice", title="Dentist", due_date="2030-05-06", due_time="09:30")
    [shown] = await call(tools, "list_tasks", user_id="alice")
    assert (shown["due_date"], shown["due_time"]) == ("2030-05-06", "09:30")
    await call(tools, "update_task", user_id="alice", task_id=added["task_id"], due_date="2030-05-08")
    [moved] = await call(tools, "list_tasks", user_id="alice")
    assert (moved["due_date"], moved["due_time"]) == ("2030-05-08", None)
    refused = await call(tools, "update_task", user_id="alice", task_id=added["task_id"], due_time="10:00")
    assert "due_date" in refused["error"]


async def test_unticking_a_repeating_task_over_mcp_takes_back_its_untouched_occurrence(tools, database_url):
    added = await call(tools, "add_task", user_id="alice", title="Bins out", due="2030-01-07", recurrence="FREQ=WEEKLY")
    for _ in range(3):
        done = await call(tools, "complete_task", user_id="alice", task_id=added["task_id"])
        assert done["next"]["due_date"] == "2030-01-14"
        await call(tools, "update_task", user_id="alice", task_id=added["task_id"], completed=False)
    assert sql(database_url, "SELECT title, completed FROM tasks") == [("Bins out", False)]
