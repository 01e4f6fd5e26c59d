"""The docs hold: the API description covers every route, /docs renders it from local assets, and the README's and
the docs' examples work as written."""

from __future__ import annotations

import re
import subprocess

import pytest
from starlette.routing import Route

from chatbot.app import create_app
from chatbot.config import Settings
from chatbot.serving import serve_in_thread
from tests.conftest import ROOT, SECRET, auth, fresh_database


def test_openapi_describes_every_route_with_its_methods(client, settings):
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    app = create_app(settings)
    served = {
        (re.sub(r":\w+}", "}", route.path), method)
        for route in app.routes
        if isinstance(route, Route) and route.path not in ("/openapi.json", "/docs", "/redoc", "/app", "/favicon.ico")
        for method in route.methods - {"HEAD"}
    }
    assert served - described == set(), "routes missing from /openapi.json"
    chat = document["paths"]["/api/{user_id}/chat"]["post"]
    assert {"200", "401", "403", "404", "413", "422", "503"} <= set(chat["responses"])
    assert chat["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ChatRequest"}


def test_every_reference_resolves(client):
    document = client.get("/openapi.json").json()
    text = str(document)
    import re

    for kind, name in re.findall(r"#/components/(schemas|parameters)/(\w+)", text):
        assert name in document["components"][kind], name


def test_docs_page_and_its_assets_come_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assert "http" not in page.text.split("<body>")[1].replace('url: "/openapi.json"', ""), "no asset from another host"
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200


def test_the_readmes_planning_conversation_happens_as_shown(client):
    from datetime import date, timedelta

    from tests.conftest import auth

    headers = {**auth("alice"), "Accept": "application/json"}
    conversation = None

    def say(message):
        nonlocal conversation
        body = {"message": message, "timezone": "UTC"} | ({"conversation_id": conversation} if conversation else {})
        answer = client.post("/api/alice/chat", json=body, headers=headers).json()
        conversation = answer["conversation_id"]
        return answer

    today = date.today()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    rent = say("remind me to pay rent on Friday at 5pm, it's urgent #home")["tool_calls"]
    assert [c["arguments"] for c in rent] == [
        {"title": "Pay rent", "due": f"{friday}T17:00", "priority": "urgent", "tags": ["home"], "remind_at": f"{friday}T17:00"}
    ]
    plants = say("water the plants every Monday")["tool_calls"][0]["arguments"]
    assert plants["title"] == "Water the plants" and plants["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    week = say("what's due this week?")
    # "This week" runs to Sunday: on a Saturday or a Sunday, Friday's rent is next week's.
    sunday = today + timedelta(days=6 - today.weekday())
    assert week["tool_calls"][0]["arguments"]["due"] == "this_week"
    assert ("Pay rent" in week["response"]) == (friday <= sunday), week["response"]
    moved = say("move the rent to tomorrow, same time")["tool_calls"]
    tomorrow = today + timedelta(days=1)
    assert moved[-1]["arguments"]["due"] == f"{tomorrow}T17:00"
    rent_now = client.get("/api/alice/tasks?reminders=true", headers=headers).json()
    assert [t["remind_at"][:16] for t in rent_now] == [f"{tomorrow}T17:00"]  # the reminder moved too
    earlier = say("remind me about it 30 minutes before")["tool_calls"][-1]
    assert earlier["name"] == "update_task" and earlier["arguments"]["remind_at"] == f"{tomorrow}T16:30"
    watered = say("I watered the plants")["tool_calls"][-1]
    assert watered["name"] == "complete_task" and watered["result"]["next"]["title"] == "Water the plants"
    say("undo that")
    plants = client.get("/api/alice/tasks?q=plants", headers=headers).json()
    assert [(t["title"], t["completed"]) for t in plants] == [("Water the plants", False)]


def test_the_front_door_names_the_version_and_redoc_leads_to_the_docs(client):
    from chatbot import __version__

    root = client.get("/").json()
    assert root["version"] == __version__ and root["version"] not in ("", "0.0.0+source")
    assert root["redoc"] == "/redoc" and root["mcp"] == "/api/mcp"
    redoc = client.get("/redoc", follow_redirects=False)
    assert redoc.status_code == 307 and redoc.headers["location"] == "/docs"


def test_the_document_is_valid_openapi(client):
    from openapi_spec_validator import validate

    validate(client.get("/openapi.json").json())


def test_a_client_generated_from_the_document_adds_lists_and_chats_in_json(settings, tmp_path):
    """openapi-python-client writes a client from /openapi.json; that client, untouched, works the API."""
    import importlib
    import json
    import subprocess
    import sys

    from chatbot.openapi import spec
    from chatbot.serving import serve_in_thread
    from tests.conftest import SECRET, auth

    (tmp_path / "openapi.json").write_text(json.dumps(spec()))
    made = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", "openapi.json", "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        generated = importlib.import_module("todo_chatbot_client")
        tasks_new = importlib.import_module("todo_chatbot_client.models.new_task")
        chat_request = importlib.import_module("todo_chatbot_client.models.chat_request")
        api = "todo_chatbot_client.api.default."
        post_tasks, get_tasks, post_chat = (
            importlib.import_module(api + name) for name in ("post_tasks", "get_tasks", "post_chat")
        )
        token = auth("alice")["Authorization"].split()[1]
        assert SECRET
        with serve_in_thread(create_app(settings)) as base_url, generated.AuthenticatedClient(base_url, token) as client:
            made_task = post_tasks.sync(
                client=client, user_id="alice", body=tasks_new.NewTask(title="Buy milk", due="2030-01-02")
            )
            assert (made_task.title, made_task.due_date) == ("Buy milk", "2030-01-02")
            listed = get_tasks.sync(client=client, user_id="alice")
            assert [task.title for task in listed] == ["Buy milk"]
            answer = post_chat.sync(
                client=client, user_id="alice", body=chat_request.ChatRequest(message="add call the plumber"), stream=False
            )
            assert answer.conversation_id >= 1 and "plumber" in answer.response.lower()
            assert [call.name for call in answer.tool_calls] == ["add_task"]
    finally:
        sys.path.remove(str(tmp_path))
        for name in [module for module in sys.modules if module.startswith("todo_chatbot_client")]:
            del sys.modules[name]


DOCUMENTS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
_LOCAL = re.compile(r"(?:https?://)?(?:localhost|127\.0\.0\.1):8000")


def curl_examples(text: str) -> list[str]:
    """Every curl command of a page's ```sh blocks, continuation lines joined, in the order a reader meets them."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        joined = re.sub(r"\\\n\s*", " ", block)
        commands += [line.strip() for line in joined.splitlines() if line.strip().startswith("curl ")]
    return commands


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_curl_example_of_the_readme_and_the_docs_works_as_written(document, pg_uri, tmp_path):
    """Each page's curl lines, run in order against a fresh server as the page's reader would (the token of `demo`,
    the server where the page says it is): every one answers 2xx, and a stream answers 200 and keeps streaming."""
    commands = curl_examples((ROOT / document).read_text())
    if not commands:
        pytest.skip(f"{document} has no curl examples")
    token = auth("demo")["Authorization"].removeprefix("Bearer ")
    with fresh_database(pg_uri) as url:
        settings = Settings(database_url=url, auth_secret=SECRET, data_dir=tmp_path, reminder_scheduler=False)
        with serve_in_thread(create_app(settings)) as site:
            for command in commands:
                streaming = "/events" in command
                run = _LOCAL.sub(site, command).replace("curl ", "curl -sS -o /dev/null -w '%{http_code}' ", 1)
                if streaming:
                    run = run.replace("curl ", "curl --max-time 1 ", 1)
                done = subprocess.run(
                    ["bash", "-c", run], capture_output=True, text=True, env={"TOKEN": token, "PATH": "/usr/bin:/bin"}
                )
                status = done.stdout.strip()[-3:]
                assert done.returncode == (28 if streaming else 0), f"{command}\n{done.stderr}"
                assert status.startswith("2"), f"{document}: {command} answered {status}"
