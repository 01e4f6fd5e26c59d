"""Planning fields through every layer: the rules, the tools in process and over HTTP, REST, the chat body's timezone."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import anyio
import pytest
from mcp import Client

from chatbot import db
from chatbot.errors import Unprocessable
from chatbot.planning import clean_recurrence, clean_tags, due_range, next_due, parse_due
from chatbot.tools import create_mcp_server
from tests.conftest import auth, sql
from tests.fakes import ScriptedModel, text
from tests.test_mcp_http import base_url, mcp_client, payload  # noqa: F401  (the fixture and helpers)
from tests.test_tools import call


# ---- the rules themselves
@pytest.mark.parametrize(
    "rule, after, expected",
    [
        ("FREQ=MONTHLY;BYMONTHDAY=31", date(2027, 1, 31), date(2027, 2, 28)),  # a short month: its last day
        ("FREQ=MONTHLY;BYMONTHDAY=31", date(2027, 2, 28), date(2027, 3, 31)),  # and back to the 31st
        ("FREQ=MONTHLY;BYMONTHDAY=30", date(2028, 1, 30), date(2028, 2, 29)),  # a leap year's February
        ("FREQ=MONTHLY;BYMONTHDAY=15", date(2026, 12, 15), date(2027, 1, 15)),  # over the year's end
        ("FREQ=MONTHLY", date(2026, 1, 31), date(2026, 2, 28)),  # monthly from a 31st
        ("FREQ=WEEKLY;BYDAY=MO,TH", date(2026, 11, 25), date(2026, 11, 26)),
        ("FREQ=WEEKLY;BYDAY=MO,TH", date(2026, 11, 26), date(2026, 11, 30)),
        ("FREQ=WEEKLY;INTERVAL=2", date(2026, 11, 25), date(2026, 12, 9)),
        ("FREQ=DAILY;INTERVAL=3", date(2026, 12, 30), date(2027, 1, 2)),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", date(2026, 11, 27), date(2026, 11, 30)),  # Friday to Monday
        ("FREQ=DAILY", date(2027, 3, 27), date(2027, 3, 28)),  # the night Europe's clocks go forward
    ],
)
def test_the_next_occurrence(rule, after, expected):
    assert next_due(rule, after) == expected


@pytest.mark.parametrize(
    "given, canonical",
    [
        ("RRULE:freq=weekly;byday=th,mo", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("FREQ=DAILY;INTERVAL=1", "FREQ=DAILY"),
        ("FREQ=MONTHLY;BYMONTHDAY=15;INTERVAL=2", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15"),
    ],
)
def test_repeat_rules_have_one_spelling(given, canonical):
    assert clean_recurrence(given) == canonical


@pytest.mark.parametrize(
    "bad",
    [
        "FREQ=HOURLY",
        "FREQ=YEARLY;BYMONTHDAY=3",
        "FREQ=DAILY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=DAILY;COUNT=3",
        "nonsense",
    ],
)
def test_unsupported_rules_are_refused(bad):
    with pytest.raises(Unprocessable):
        clean_recurrence(bad)


def test_dates_tags_and_windows():
    assert parse_due("2027-02-28T17:05") == (date(2027, 2, 28), datetime(2000, 1, 1, 17, 5).time())
    for bad in ("2027-02-30", "tomorrow", "2027-02-28T25:00", 20270228):
        with pytest.raises(Unprocessable):
            parse_due(bad)
    assert clean_tags(["#Work", "work", "home"]) == ["work", "home"]
    with pytest.raises(Unprocessable):
        clean_tags(["no spaces please"])
    wednesday = date(2026, 11, 25)
    week = due_range("this_week", wednesday)
    assert (week.first, week.last) == (wednesday, date(2026, 11, 29))
    assert due_range("overdue", wednesday).last == date(2026, 11, 24)


# ---- the tools, in process
@pytest.fixture
async def tools(database_url):
    pool = await db.open_pool(database_url, 4)
    await pool.wait()
    async with pool.connection() as conn:
        await conn.execute("INSERT INTO users (id, timezone) VALUES ('alice', 'UTC'), ('kiri', 'Pacific/Kiritimati')")
    async with Client(create_mcp_server(pool)) as client:
        yield client
    await pool.close()


@pytest.mark.anyio
async def test_tools_store_filter_and_sort_by_the_planning_fields(tools):
    today = datetime.now(ZoneInfo("UTC")).date()
    rent = await call(
        tools, "add_task", user_id="alice", title="Pay rent", due=f"{today}T17:00", priority="urgent", tags=["#Home"]
    )
    await call(tools, "add_task", user_id="alice", title="Old bill", due=str(today - timedelta(days=2)), priority="low")
    await call(tools, "add_task", user_id="alice", title="Slides", due=str(today + timedelta(days=3)), tags=["work"])
    await call(tools, "add_task", user_id="alice", title="Someday")

    listed = await call(tools, "list_tasks", user_id="alice", due="today")
    assert [(t["title"], t["due_date"], t["due_time"], t["priority"], t["tags"]) for t in listed] == [
        ("Pay rent", str(today), "17:00", "urgent", ["home"])
    ]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", due="overdue")] == ["Old bill"]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", due="upcoming")] == ["Slides"]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", due="none")] == ["Someday"]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", tag="WORK")] == ["Slides"]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", priority="low")] == ["Old bill"]
    by_priority = await call(tools, "list_tasks", user_id="alice", sort="priority")
    assert [t["title"] for t in by_priority] == ["Pay rent", "Old bill", "Slides", "Someday"]
    by_due = await call(tools, "list_tasks", user_id="alice", sort="due")
    assert [t["title"] for t in by_due] == ["Old bill", "Pay rent", "Slides", "Someday"]
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", query="RENT")] == ["Pay rent"]

    # An explicit null clears a field; a field left out stays as it is.
    await call(tools, "update_task", user_id="alice", task_id=rent["task_id"], due=None, tags=None)
    (after,) = await call(tools, "list_tasks", user_id="alice", query="rent")
    assert (after["due_date"], after["due_time"], after["tags"], after["priority"]) == (None, None, [], "urgent")
    await call(tools, "update_task", user_id="alice", task_id=rent["task_id"], priority="none", recurrence="FREQ=DAILY")
    (after,) = await call(tools, "list_tasks", user_id="alice", query="rent")
    assert (after["priority"], after["recurrence"]) == ("none", "FREQ=DAILY")

    assert "tag" in (await call(tools, "list_tasks", user_id="alice", tag="bad\x00tag"))["error"]
    refused = await call(tools, "add_task", user_id="alice", title="Bad", due="next Friday")
    assert "YYYY-MM-DD" in refused["error"]
    assert "RRULE" in (await call(tools, "add_task", user_id="alice", title="Bad", recurrence="sometimes"))["error"]


@pytest.mark.anyio
async def test_today_is_the_users_today(tools):
    # Kiritimati is UTC+14: for much of the UTC day its today is UTC's tomorrow.
    kiri_today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    await call(tools, "add_task", user_id="kiri", title="Island task", due=str(kiri_today))
    await call(tools, "add_task", user_id="alice", title="UTC task", due=str(kiri_today))
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="kiri", due="today")] == ["Island task"]
    utc_today = datetime.now(ZoneInfo("UTC")).date()
    expected = ["UTC task"] if utc_today == kiri_today else []
    assert [t["title"] for t in await call(tools, "list_tasks", user_id="alice", due="today")] == expected


@pytest.mark.anyio
async def test_completing_a_repeating_task_makes_the_next_one_once(tools, database_url):
    added = await call(
        tools, "add_task", user_id="alice", title="Water plants", due="2027-03-27T09:00", tags=["home"], recurrence="FREQ=DAILY"
    )
    done = await call(tools, "complete_task", user_id="alice", task_id=added["task_id"])
    assert done["status"] == "completed"
    following = done["next"]
    # The wall-clock time stays 09:00 across the night the clocks change.
    assert (following["title"], following["due_date"], following["due_time"], following["tags"]) == (
        "Water plants",
        "2027-03-28",
        "09:00",
        ["home"],
    )
    assert following["recurrence"] == "FREQ=DAILY" and not following["completed"]

    # Completing the same one again, twice at once, adds nothing more.
    async with anyio.create_task_group() as group:
        for _ in range(2):
            group.start_soon(_complete, tools, added["task_id"])
    rows = sql(database_url, "SELECT title, due_date::text, completed, completed_at IS NOT NULL FROM tasks ORDER BY id")
    assert rows == [("Water plants", "2027-03-27", True, True), ("Water plants", "2027-03-28", False, False)]

    # Reopening clears completed_at.
    await call(tools, "update_task", user_id="alice", task_id=added["task_id"], completed=False)
    assert sql(database_url, "SELECT completed, completed_at FROM tasks WHERE id = %s", added["task_id"]) == [(False, None)]


@pytest.mark.anyio
async def test_two_first_completions_at_once_make_one_next_occurrence(tools, database_url):
    added = await call(
        tools, "add_task", user_id="alice", title="Standup", due="2027-01-29", recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    )
    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(_complete, tools, added["task_id"])
    rows = sql(database_url, "SELECT due_date::text, completed FROM tasks ORDER BY id")
    assert rows == [("2027-01-29", True), ("2027-02-01", False)]  # Friday, then Monday


async def _complete(tools, task_id):
    await call(tools, "complete_task", user_id="alice", task_id=task_id)


# ---- MCP over HTTP
@pytest.mark.anyio
async def test_planning_arguments_work_over_http(base_url):  # noqa: F811
    async with mcp_client(base_url, "alice") as client:
        added = payload(
            await client.call_tool("add_task", {"title": "Via HTTP", "due": "2027-05-01", "priority": "high", "tags": ["x"]})
        )
        listed = payload(await client.call_tool("list_tasks", {"tag": "x", "sort": "due"}))
        assert [(t["id"], t["due_date"], t["priority"]) for t in listed] == [(added["task_id"], "2027-05-01", "high")]
        cleared = await client.call_tool("update_task", {"task_id": added["task_id"], "due": None})
        assert not cleared.is_error
        listed = payload(await client.call_tool("list_tasks", {"tag": "x"}))
        assert listed[0]["due_date"] is None


# ---- REST
def test_rest_creates_filters_sorts_and_clears_the_fields(client):
    headers = auth("alice")
    today = date.today()
    made = client.post(
        "/api/alice/tasks",
        json={"title": "Pay rent", "due": f"{today}T08:30", "priority": "urgent", "tags": ["Home"], "recurrence": "FREQ=MONTHLY"},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    task = made.json()
    assert (task["due_date"], task["due_time"], task["priority"], task["tags"], task["recurrence"]) == (
        str(today),
        "08:30",
        "urgent",
        ["home"],
        "FREQ=MONTHLY",
    )
    client.post(
        "/api/alice/tasks", json={"title": "Later", "due": str(today + timedelta(days=9)), "tags": ["work"]}, headers=headers
    )
    client.post("/api/alice/tasks", json={"title": "Whenever"}, headers=headers)

    def titles(query: str) -> list[str]:
        answer = client.get(f"/api/alice/tasks?{query}", headers=headers)
        assert answer.status_code == 200, answer.text
        return [t["title"] for t in answer.json()]

    assert titles("due=today") == ["Pay rent"]
    assert titles("due=upcoming") == ["Later"]
    assert titles("due=none") == ["Whenever"]
    assert titles("tag=work") == ["Later"]
    assert titles("priority=urgent") == ["Pay rent"]
    assert titles("q=whenev") == ["Whenever"]
    assert titles("sort=due") == ["Pay rent", "Later", "Whenever"]
    assert titles("sort=priority&limit=1") == ["Pay rent"]

    # Completing a repeating task through REST makes the next one too.
    assert client.patch(f"/api/alice/tasks/{task['id']}/complete", headers=headers).json()["completed"] is True
    assert titles("status=pending&q=rent") == ["Pay rent"]

    cleared = client.put(
        f"/api/alice/tasks/{task['id']}", json={"due": None, "tags": None, "priority": None}, headers=headers
    ).json()
    assert (cleared["due_date"], cleared["due_time"], cleared["tags"], cleared["priority"]) == (None, None, [], "none")


@pytest.mark.parametrize(
    "body, status",
    [
        ({"title": "x", "due": "2027-13-01"}, 422),
        ({"title": "x", "due": "tomorrow"}, 422),
        ({"title": "x", "due": "2027-01-01T24:30"}, 422),
        ({"title": "x", "priority": "pressing"}, 422),
        ({"title": "x", "tags": ["two words"]}, 422),
        ({"title": "x", "tags": [f"t{n}" for n in range(11)]}, 422),
        ({"title": "x", "recurrence": "FREQ=HOURLY"}, 422),
        ({"title": "x", "due": 20270101}, 400),
        ({"title": "x", "tags": "work"}, 400),
    ],
)
def test_rest_refuses_bad_planning_values_and_stores_nothing(client, database_url, body, status):
    answer = client.post("/api/alice/tasks", json=body, headers=auth("alice"))
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["message"]
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


@pytest.mark.parametrize("query", ["due=someday", "priority=pressing", "sort=random", "tag=%00", "tag=two%20words", "tag="])
def test_rest_refuses_bad_filters(client, query):
    answer = client.get(f"/api/alice/tasks?{query}", headers=auth("alice"))
    assert answer.status_code == 422 and answer.json()["error"]["code"]


# ---- the chat body's timezone
def test_the_chat_remembers_the_timezone_and_refuses_a_bad_one(client, database_url):
    headers = {**auth("alice"), "Accept": "application/json"}
    bad = client.post("/api/alice/chat", json={"message": "hi", "timezone": "Mars/Olympus"}, headers=headers)
    assert bad.status_code == 422 and "timezone" in bad.json()["error"]["message"]
    wrong_type = client.post("/api/alice/chat", json={"message": "hi", "timezone": 5}, headers=headers)
    assert wrong_type.status_code == 400
    assert sql(database_url, "SELECT count(*) FROM messages") == [(0,)]

    ok = client.post(
        "/api/alice/chat", json={"message": "add a task to call mum tomorrow", "timezone": "Asia/Kolkata"}, headers=headers
    )
    assert ok.status_code == 200, ok.text
    assert sql(database_url, "SELECT timezone FROM users WHERE id = 'alice'") == [("Asia/Kolkata",)]
    tomorrow = datetime.now(ZoneInfo("Asia/Kolkata")).date() + timedelta(days=1)
    assert sql(database_url, "SELECT title, due_date FROM tasks") == [("Call mum", tomorrow)]


def test_the_model_reads_the_users_local_now_and_the_plans_of_open_tasks(make_client):
    model = ScriptedModel(text("Noted."))
    client = make_client(model=model, agent_model="gemini/gemini-2.0-flash", model_api_key="fake-key")
    headers = {**auth("alice"), "Accept": "application/json"}
    client.post(
        "/api/alice/tasks", json={"title": "Pay rent", "due": "2027-01-01T09:00", "priority": "high"}, headers=auth("alice")
    )
    answer = client.post("/api/alice/chat", json={"message": "what's on?", "timezone": "America/New_York"}, headers=headers)
    assert answer.status_code == 200, answer.text
    system = model.seen[0][0]["content"]
    local = datetime.now(ZoneInfo("America/New_York"))
    assert f"{local.strftime('%A')} {local.date().isoformat()}" in system and "(America/New_York)" in system
    assert "Pay rent (due 2027-01-01 09:00, high)" in system
    assert json.dumps(system)  # plain text


def test_undoing_a_repeating_completion_takes_back_the_next_one_too(client, database_url):
    headers = {**auth("alice"), "Accept": "application/json"}
    client.post(
        "/api/alice/tasks", json={"title": "Water the plants", "due": "2027-03-01", "recurrence": "FREQ=WEEKLY"}, headers=headers
    )
    done = client.post("/api/alice/chat", json={"message": "I watered the plants"}, headers=headers).json()
    assert "the next one is task" in done["response"] and "due Mon 8 Mar" in done["response"]
    body = {"message": "undo that", "conversation_id": done["conversation_id"]}
    assert client.post("/api/alice/chat", json=body, headers=headers).status_code == 200
    assert sql(database_url, "SELECT title, due_date::text, completed FROM tasks") == [("Water the plants", "2027-03-01", False)]


def test_a_yearly_rule_falls_on_the_same_day_next_year_and_29_february_on_the_28th():
    from datetime import date

    from chatbot.planning import clean_recurrence, next_due

    assert clean_recurrence("freq=yearly;interval=1") == "FREQ=YEARLY"
    assert next_due("FREQ=YEARLY", date(2026, 12, 7)) == date(2027, 12, 7)
    assert next_due("FREQ=YEARLY", date(2028, 2, 29)) == date(2029, 2, 28)
    assert next_due("FREQ=YEARLY;INTERVAL=2", date(2026, 3, 1)) == date(2028, 3, 1)


@pytest.mark.parametrize("rule", ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=YEARLY"])
def test_a_repeating_task_on_the_calendars_last_day_completes_with_nothing_after_it(client, rule):
    from tests.conftest import auth

    made = client.post("/api/alice/tasks", json={"title": "Last", "due": "9999-12-31", "recurrence": rule}, headers=auth("alice"))
    assert made.status_code == 201, made.text
    done = client.patch(f"/api/alice/tasks/{made.json()['id']}/complete", headers=auth("alice"))
    assert done.status_code == 200 and done.json()["completed"] is True
    assert len(client.get("/api/alice/tasks", headers=auth("alice")).json()) == 1  # no next occurrence


@pytest.mark.parametrize("zone", ["America", "Europe", "Etc", "posix", "right/..", "../etc/passwd"])
def test_a_timezone_that_names_a_folder_or_no_zone_is_a_422(client, zone):
    from tests.conftest import auth

    response = client.post(
        "/api/alice/chat", json={"message": "hi", "timezone": zone}, headers={**auth("alice"), "Accept": "application/json"}
    )
    assert response.status_code == 422, response.text
