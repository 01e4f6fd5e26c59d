"""Numbers said after a list: its positions, unless a number is also another task's id, when the engine asks."""

from __future__ import annotations

import json

from chatbot import engine


def _after_a_list(ids: list[int], said: str) -> engine.Reading:
    """The reading of `said` in a conversation whose last turn listed tasks with these `ids`."""
    listed = [
        {"id": task_id, "title": f"Task {task_id}", "completed": False, "due_date": None, "due_time": None}
        | {"priority": "none", "tags": [], "recurrence": None, "description": None}
        for task_id in ids
    ]
    call = {"id": "c1", "type": "function", "function": {"name": "list_tasks", "arguments": json.dumps({"status": "pending"})}}
    return engine.read(
        [
            {"role": "user", "content": "what's left?"},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": json.dumps(listed)},
            {"role": "assistant", "content": "Here are your tasks."},
            {"role": "user", "content": said},
        ]
    )


def test_numbers_after_a_list_are_its_positions():
    reply = _after_a_list([40, 41, 42], "finished 1 and 3").reply
    assert [arguments["task_id"] for _, arguments in reply.calls] == [40, 42]


def test_a_number_that_is_also_another_tasks_id_is_asked_about():
    reply = _after_a_list([3, 4, 5], "finished 1 and 3").reply
    assert reply.calls == [] and "of the list" in reply.text


def test_one_number_that_is_also_another_tasks_id_is_asked_about():
    reply = _after_a_list([3, 4, 5], "done 3").reply  # the third is #5, and #3 is the first
    assert reply.calls == [] and "number 3 of the list, or task #3" in reply.text


def test_a_number_no_task_shown_has_as_id_is_a_position():
    reply = _after_a_list([3, 4, 5], "done 2").reply
    assert reply.calls == [("complete_task", {"task_id": 4})]
