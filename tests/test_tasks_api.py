"""The task REST API, and the JSON error body (`{"error": {"code", "message"}}`) for bad input."""

from __future__ import annotations

import pytest

from tests.conftest import auth, sql
from tests.helpers import json_turn


def test_create_read_update_complete_and_delete_a_task(client):
    created = client.post("/api/alice/tasks", json={"title": " Buy milk ", "description": "2 litres"}, headers=auth("alice"))
    assert created.status_code == 201
    task = created.json()
    assert set(task) == {"id", "title", "description", "completed", "created_at", "updated_at"} | {
        "due_date", "due_time", "priority", "tags", "recurrence", "completed_at", "remind_at", "reminded_at"
    }  # fmt: skip
    assert (task["title"], task["description"], task["completed"]) == ("Buy milk", "2 litres", False)
    assert (task["due_date"], task["priority"], task["tags"], task["completed_at"]) == (None, "none", [], None)
    url = f"/api/alice/tasks/{task['id']}"

    assert client.get(url, headers=auth("alice")).json() == task
    updated = client.put(url, json={"title": "Buy oat milk", "description": None}, headers=auth("alice")).json()
    assert (updated["title"], updated["description"]) == ("Buy oat milk", None)
    assert client.patch(url + "/complete", headers=auth("alice")).json()["completed"] is True
    assert client.patch(url + "/complete", json={"completed": False}, headers=auth("alice")).json()["completed"] is False
    assert client.delete(url, headers=auth("alice")).status_code == 204
    assert client.get(url, headers=auth("alice")).status_code == 404


def test_lists_are_oldest_first_and_filter_by_status(client):
    for title in ("One", "Two", "Three"):
        client.post("/api/alice/tasks", json={"title": title}, headers=auth("alice"))
    tasks = client.get("/api/alice/tasks", headers=auth("alice")).json()
    assert [t["title"] for t in tasks] == ["One", "Two", "Three"]
    client.patch(f"/api/alice/tasks/{tasks[1]['id']}/complete", headers=auth("alice"))
    pending = client.get("/api/alice/tasks?status=pending", headers=auth("alice")).json()
    assert [t["title"] for t in pending] == ["One", "Three"]
    assert client.get("/api/alice/tasks?status=bogus", headers=auth("alice")).status_code == 400


BAD_BODIES = [
    (b"not json", 400, "invalid_json"),
    (b"[1, 2]", 400, "invalid_json"),
    (b'"a string"', 400, "invalid_json"),
    (b"{}", 400, "invalid_field"),
    (b'{"message": 5}', 400, "invalid_field"),
    (b'{"message": ["hi"]}', 400, "invalid_field"),
    (b'{"message": ""}', 422, "validation_error"),
    (b'{"message": "   "}', 422, "validation_error"),
    (b'{"message": "' + b"x" * 5001 + b'"}', 422, "validation_error"),
    (b'{"message": "a\\u0000b"}', 422, "validation_error"),
    (b'{"message": "\\ud800"}', 422, "validation_error"),
    (b'{"message": "hi", "conversation_id": "1"}', 400, "invalid_field"),
    (b'{"message": "hi", "conversation_id": 1.5}', 400, "invalid_field"),
    (b'{"message": "hi", "conversation_id": true}', 400, "invalid_field"),
    (b'{"message": "hi", "conversation_id": -1}', 404, "not_found"),
    (b'{"message": "hi", "conversation_id": 99999999999999999999999}', 404, "not_found"),
    (b'{"message": "' + b"x" * (65 * 1024) + b'"}', 413, "payload_too_large"),
]


@pytest.mark.parametrize("body, status, code", BAD_BODIES, ids=[f"{s}-{c}-{i}" for i, (_, s, c) in enumerate(BAD_BODIES)])
def test_bad_chat_bodies_get_their_status_and_store_nothing(client, database_url, body, status, code):
    response = client.post("/api/alice/chat", content=body, headers={**auth("alice"), "Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert sql(database_url, "SELECT count(*) FROM messages") == [(0,)]
    assert sql(database_url, "SELECT count(*) FROM conversations") == [(0,)]


@pytest.mark.parametrize(
    "body, status",
    [
        ({"title": ""}, 422),
        ({"title": "x" * 201}, 422),
        ({"title": "ok", "description": "d" * 1001}, 422),
        ({"title": 7}, 400),
        ({"title": "ok", "description": 3}, 400),
        ({}, 400),
    ],
)
def test_bad_task_bodies_are_refused(client, database_url, body, status):
    response = client.post("/api/alice/tasks", json=body, headers=auth("alice"))
    assert response.status_code == status
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


@pytest.mark.parametrize(
    "path", ["/api/alice/tasks/0", "/api/alice/tasks/99999999999999999999", "/api/alice/tasks/abc", "/nowhere"]
)
def test_ids_no_row_can_have_and_unknown_paths_are_json_404s(client, path):
    response = client.get(path, headers=auth("alice"))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_wrong_method_is_a_json_405(client):
    response = client.put("/api/alice/chat", headers=auth("alice"))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_list_comes_in_pages_that_say_how_many_there_are_and_where_the_next_starts(client, database_url):
    sql(database_url, "INSERT INTO users (id) VALUES ('alice') RETURNING id")
    sql(
        database_url,
        "INSERT INTO tasks (user_id, title) SELECT 'alice', 'Task ' || n FROM generate_series(1, 7) AS n RETURNING id",
    )
    titles, url = [], "/api/alice/tasks?limit=3"
    while url:
        page = client.get(url, headers=auth("alice"))
        assert page.status_code == 200 and page.headers["X-Total-Count"] == "7"
        titles += [t["title"] for t in page.json()]
        url = page.links.get("next", {}).get("url")
    assert titles == [f"Task {n}" for n in range(1, 8)]
    past_the_end = client.get("/api/alice/tasks?offset=50", headers=auth("alice"))
    assert past_the_end.json() == [] and past_the_end.headers["X-Total-Count"] == "7" and "Link" not in past_the_end.headers


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "limit=x", "offset=-1", "limit=" + "9" * 5000])
def test_bad_page_parameters_are_400(client, query):
    response = client.get(f"/api/alice/tasks?{query}", headers=auth("alice"))
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_field"


def test_a_chat_list_says_how_many_tasks_it_left_out(client, database_url):
    sql(database_url, "INSERT INTO users (id) VALUES ('alice') RETURNING id")
    sql(
        database_url,
        "INSERT INTO tasks (user_id, title) SELECT 'alice', 'Task ' || n FROM generate_series(1, 60) AS n RETURNING id",
    )
    answer = json_turn(client, "show my tasks").json()
    assert "Task 50" in answer["response"] and "Task 51" not in answer["response"]
    assert "and 10 more" in answer["response"]
    assert answer["tool_calls"][0]["not_shown"] == 10


ID_ROUTES = [
    ("GET", "/api/alice/tasks/{id}"),
    ("PUT", "/api/alice/tasks/{id}"),
    ("DELETE", "/api/alice/tasks/{id}"),
    ("PATCH", "/api/alice/tasks/{id}/complete"),
    ("GET", "/api/alice/conversations/{id}/messages"),
    ("DELETE", "/api/alice/conversations/{id}"),
]


@pytest.mark.parametrize("method, path", ID_ROUTES)
@pytest.mark.parametrize("digits", [19, 20, 4301, 10000])
def test_an_id_of_any_length_is_404_or_401_never_500(client, method, path, digits):
    url = path.format(id="9" * digits)
    body = {"title": "x"} if method == "PUT" else None
    assert client.request(method, url, json=body, headers=auth("alice")).status_code == 404
    assert client.request(method, url, json=body).status_code == 401


@pytest.mark.parametrize(
    "method, path",
    [
        ("PATCH", "/api/alice/tasks/{id}/complete"),
        ("PUT", "/api/alice/tasks/{id}"),
        ("POST", "/api/alice/tasks"),
        ("POST", "/api/alice/chat"),
    ],
)
def test_a_huge_chunked_body_is_refused_without_being_read_whole(client, method, path):
    task = client.post("/api/alice/tasks", json={"title": "t"}, headers=auth("alice")).json()
    url = path.format(id=task["id"])
    pulled, started = [], []

    async def receive():
        pulled.append(1)
        return {"type": "http.request", "body": b" " * 65536, "more_body": len(pulled) < 300}  # 19 MiB in all

    async def send(message):
        if message["type"] == "http.response.start":
            started.append(message["status"])

    headers = {**auth("alice"), "content-type": "application/json", "transfer-encoding": "chunked"}
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "state": client.app_state.copy(),
    }
    client.portal.call(client.app, scope, receive, send)
    assert started == [413]
    assert len(pulled) < 5, "the body was read past the limit"


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("text/plain", b'{"title": "x"}'),
        ("application/x-www-form-urlencoded", b'{"title": "x"}'),
        ("application/json; charset=utf-16", '{"title": "x"}'.encode("utf-16")),
    ],
)
@pytest.mark.parametrize("path", ["/api/alice/tasks", "/api/alice/chat", "/api/auth/login"])
def test_a_body_not_sent_as_json_is_415_and_changes_nothing(client, database_url, content_type, body, path):
    response = client.post(path, content=body, headers={**auth("alice"), "Content-Type": content_type})
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_json_in_utf_16_without_a_charset_is_400(client):
    response = client.post(
        "/api/alice/tasks",
        content='{"title": "x"}'.encode("utf-16"),
        headers={**auth("alice"), "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"


def test_a_task_is_written_with_the_fields_a_read_gives(client):
    created = client.post(
        "/api/alice/tasks", json={"title": "Dentist", "due_date": "2030-05-06", "due_time": "09:30"}, headers=auth("alice")
    )
    assert created.status_code == 201, created.text
    assert (created.json()["due_date"], created.json()["due_time"]) == ("2030-05-06", "09:30")
    url = f"/api/alice/tasks/{created.json()['id']}"
    moved = client.put(url, json={"due_date": "2030-05-07", "due_time": None}, headers=auth("alice")).json()
    assert (moved["due_date"], moved["due_time"]) == ("2030-05-07", None)
    cleared = client.put(url, json={"due_date": None}, headers=auth("alice")).json()
    assert cleared["due_date"] is None
    for bad in ({"due_time": "10:00"}, {"due": "2030-01-01", "due_date": "2030-01-02"}):
        refused = client.put(url, json=bad, headers=auth("alice"))
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_error", bad


@pytest.mark.parametrize("field", ["colour", "priorty", "dueDate"])
@pytest.mark.parametrize("method", ["post", "put"])
def test_a_field_a_write_does_not_take_is_named_in_a_422_and_changes_nothing(client, database_url, field, method):
    made = client.post("/api/alice/tasks", json={"title": "Walk the dog"}, headers=auth("alice")).json()
    url = "/api/alice/tasks" if method == "post" else f"/api/alice/tasks/{made['id']}"
    response = getattr(client, method)(url, json={"title": "Changed", field: "high"}, headers=auth("alice"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_field" and f"'{field}'" in error["message"]
    assert "pydantic" not in response.text and "errors.pydantic.dev" not in response.text
    assert sql(database_url, "SELECT title FROM tasks") == [("Walk the dog",)]


def test_what_a_read_gives_written_back_changes_nothing(client):
    plans = {"due": "2030-01-31T08:15", "priority": "high", "tags": ["home", "bills"], "recurrence": "FREQ=MONTHLY;BYMONTHDAY=31"}
    made = client.post(
        "/api/alice/tasks", json={"title": "Pay rent", "description": "standing order"} | plans, headers=auth("alice")
    )
    url = f"/api/alice/tasks/{made.json()['id']}"
    client.patch(url + "/complete", headers=auth("alice"))
    before = client.get(url, headers=auth("alice")).json()
    assert before["completed"] is True
    written = client.put(url, json=before, headers=auth("alice"))
    assert written.status_code == 200, written.text
    assert written.json() == before  # updated_at too: nothing changed
    assert client.get(url, headers=auth("alice")).json() == before
    everything = client.get("/api/alice/tasks", headers=auth("alice")).json()
    assert len(everything) == 2  # the one occurrence its completion made, and no other


@pytest.mark.parametrize(
    "query",
    ["limit=\u00b2", "offset=\u00b2", "limit=\u0663", "offset=\u0661\u0660"],
)
def test_numbers_in_other_scripts_are_refused_not_a_500(client, query):
    response = client.get(f"/api/alice/tasks?{query}", headers=auth("alice"))
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_field"


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=\u00b2", "FREQ=MONTHLY;BYMONTHDAY=\u00b3", "FREQ=DAILY;INTERVAL=\u0663"])
@pytest.mark.parametrize("how", ["post", "put"])
def test_a_repeat_rule_with_digits_of_another_script_is_a_422(client, database_url, rule, how):
    made = client.post("/api/alice/tasks", json={"title": "Water plants"}, headers=auth("alice")).json()
    if how == "post":
        response = client.post("/api/alice/tasks", json={"title": "Water", "recurrence": rule}, headers=auth("alice"))
    else:
        response = client.put(f"/api/alice/tasks/{made['id']}", json={"recurrence": rule}, headers=auth("alice"))
    assert response.status_code == 422
    assert sql(database_url, "SELECT count(*), count(recurrence) FROM tasks") == [(1, 0)]


@pytest.mark.parametrize(
    "title", ["Pay \u202egnp.exe", "\u200b", "\u200b \ufeff", "Ring the bell\x07", "Tab\x1bEscape", "C1\x85control"]
)
def test_titles_with_control_or_direction_characters_or_nothing_visible_are_422_on_every_door(client, database_url, title):
    created = client.post("/api/alice/tasks", json={"title": title}, headers=auth("alice"))
    assert created.status_code == 422, created.text
    chat = client.post("/api/alice/chat", json={"message": title}, headers={**auth("alice"), "Accept": "application/json"})
    assert chat.status_code == 422, chat.text
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_emoji_joined_by_zero_width_joiners_and_line_breaks_stay_allowed(client):
    family = "Plan the \U0001f468\u200d\U0001f469\u200d\U0001f467 picnic"
    assert client.post("/api/alice/tasks", json={"title": family}, headers=auth("alice")).status_code == 201
    note = client.post("/api/alice/tasks", json={"title": "Pack", "description": "tent\nstove\tfuel"}, headers=auth("alice"))
    assert note.status_code == 201


@pytest.mark.parametrize("untick", ["put", "patch"])
def test_ticking_and_unticking_a_repeating_task_leaves_one_occurrence(client, untick):
    made = client.post(
        "/api/alice/tasks", json={"title": "Pay rent", "due": "2030-01-01", "recurrence": "FREQ=MONTHLY"}, headers=auth("alice")
    ).json()
    url = f"/api/alice/tasks/{made['id']}"
    for _ in range(5):
        assert client.patch(url + "/complete", headers=auth("alice")).status_code == 200
        if untick == "put":
            assert client.put(url, json={"completed": False}, headers=auth("alice")).status_code == 200
        else:
            assert client.patch(url + "/complete", json={"completed": False}, headers=auth("alice")).status_code == 200
    assert [(t["title"], t["completed"]) for t in client.get("/api/alice/tasks", headers=auth("alice")).json()] == [
        ("Pay rent", False)
    ]
    client.patch(url + "/complete", headers=auth("alice"))
    tasks = client.get("/api/alice/tasks", headers=auth("alice")).json()
    assert [(t["due_date"], t["completed"]) for t in tasks] == [("2030-01-01", True), ("2030-02-01", False)]


def test_an_occurrence_someone_changed_stays_when_its_task_is_reopened_and_no_second_one_is_made(client):
    made = client.post(
        "/api/alice/tasks",
        json={"title": "Water plants", "due": "2030-01-01", "recurrence": "FREQ=WEEKLY"},
        headers=auth("alice"),
    ).json()
    url = f"/api/alice/tasks/{made['id']}"
    client.patch(url + "/complete", headers=auth("alice"))
    following = [t for t in client.get("/api/alice/tasks", headers=auth("alice")).json() if t["id"] != made["id"]][0]
    client.put(f"/api/alice/tasks/{following['id']}", json={"priority": "high"}, headers=auth("alice"))
    client.put(url, json={"completed": False}, headers=auth("alice"))
    client.patch(url + "/complete", headers=auth("alice"))
    assert len(client.get("/api/alice/tasks", headers=auth("alice")).json()) == 2  # the changed one kept, none added


def test_a_quick_add_line_is_read_into_a_task_that_posts_as_it_reads(client):
    """The page's quick-add box: the engine reads the plans out of the words, nothing is saved until the POST."""
    draft = client.get(
        "/api/alice/tasks/draft",
        params={"text": "pay rent friday !high #home", "timezone": "Pacific/Auckland"},
        headers=auth("alice"),
    )
    assert draft.status_code == 200, draft.text
    read = draft.json()
    assert (read["title"], read["priority"], read["tags"], read["recurrence"]) == ("Pay rent", "high", ["home"], None)
    assert read["due_date"] is not None and read["due_time"] is None
    assert client.get("/api/alice/tasks", headers=auth("alice")).json() == []  # reading saves nothing

    made = client.post("/api/alice/tasks", json=read, headers=auth("alice")).json()
    assert {k: made[k] for k in read} == read  # what was shown is what is made
    every = client.get("/api/alice/tasks/draft", params={"text": "water the plants every monday at 7"}, headers=auth("alice"))
    assert (every.json()["title"], every.json()["recurrence"]) == ("Water the plants", "FREQ=WEEKLY;BYDAY=MO")


@pytest.mark.parametrize(
    "query, status",
    [
        ({}, 422),
        ({"text": "   "}, 422),
        ({"text": "x" * 1001}, 422),
        ({"text": "a\x00b"}, 422),
        ({"text": "a", "timezone": "Mars/Base"}, 422),
    ],
)
def test_a_quick_add_line_that_cannot_be_read_is_refused(client, query, status):
    answer = client.get("/api/alice/tasks/draft", params=query, headers=auth("alice"))
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == "validation_error"
    assert client.get("/api/alice/tasks/draft", params={"text": "x"}).status_code == 401
    assert client.get("/api/bob/tasks/draft", params={"text": "x"}, headers=auth("alice")).status_code == 403


@pytest.mark.parametrize(
    "query, found",
    [
        ("boilers", ["Fix boiler", "Boiler service flat 3"]),
        ("groceries", ["Buy grocery bags", "Groceries for the week"]),
        ("glasses", ["Pick up glasses"]),
        ("boiler service", ["Boiler service flat 3"]),
        ("bus", ["Bus pass"]),
    ],
)
def test_a_word_searched_finds_its_singular_and_plural(client, query, found):
    for title in (
        "Fix boiler",
        "Boiler service flat 3",
        "Buy grocery bags",
        "Groceries for the week",
        "Pick up glasses",
        "Bus pass",
    ):
        assert client.post("/api/alice/tasks", json={"title": title}, headers=auth("alice")).status_code == 201
    listed = client.get("/api/alice/tasks", params={"q": query}, headers=auth("alice")).json()
    assert sorted(task["title"] for task in listed) == sorted(found)
