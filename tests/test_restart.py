"""Nothing lives in the process: a conversation goes on in a new app instance on the same database."""

from __future__ import annotations

from starlette.testclient import TestClient

from chatbot.app import create_app
from tests.helpers import say, tasks_of


def test_a_conversation_continues_after_the_app_restarts(settings):
    with TestClient(create_app(settings)) as first_instance:
        first = say(first_instance, "demo", "Add a task to buy groceries")
        say(first_instance, "demo", "Add a task to walk the dog")  # a later, separate conversation

    with TestClient(create_app(settings)) as second_instance:
        answer = say(second_instance, "demo", "mark it done", first["conversation_id"])
        assert answer["tool_calls"][0]["name"] == "complete_task"
        assert answer["tool_calls"][0]["result"]["title"] == "Buy groceries"
        completed = {t["title"]: t["completed"] for t in tasks_of(second_instance, "demo")}
        assert completed == {"Buy groceries": True, "Walk the dog": False}
