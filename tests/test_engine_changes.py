"""Changes the engine makes from what a task already has: a word put right, a date moved by a span, a time alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import auth
from tests.helpers import changes, json_turn, tasks_of


def planned(client, title: str, **plans) -> int:
    made = client.post("/api/alice/tasks", json={"title": title} | plans, headers=auth("alice"))
    assert made.status_code == 201, made.text
    return made.json()["id"]


@pytest.mark.parametrize(
    "title, message, right",
    [
        ("Buy brocoli", "fix the typo in 'buy brocoli' - should be broccoli", "Buy broccoli"),
        ("Email Jon about the lease", "fix the spelling of the lease task, it should be John", "Email John about the lease"),
        ("Buy milk", "fix the typo in buy milk, should be buy oat milk", "Buy oat milk"),  # a whole new title
    ],
)
def test_a_typo_fix_puts_the_one_word_right(make_client, title, message, right):
    client = make_client()
    task_id = planned(client, title)
    answer = json_turn(client, message).json()
    assert changes(answer) == [("update_task", {"task_id": task_id, "title": right})]


def test_a_fix_no_word_of_the_title_is_close_to_asks(make_client):
    client = make_client()
    planned(client, "Buy milk")
    answer = json_turn(client, "fix the typo in buy milk, should be bread").json()
    assert changes(answer) == [] and "Which word" in answer["response"]
    assert tasks_of(client, "alice")[0]["title"] == "Buy milk"


@pytest.mark.parametrize(
    "message, days",
    [
        ("postpone 'call the bank' by a day", 1),
        ("push the bank call back two days", 2),
        ("bring the bank one forward by a week", -7),
    ],
)
def test_a_move_by_a_span_counts_from_the_date_the_task_has(make_client, message, days):
    client = make_client()
    due = date.today() + timedelta(days=10)
    task_id = planned(client, "Call the bank", due=f"{due.isoformat()}T09:30")
    answer = json_turn(client, message).json()
    assert changes(answer) == [("update_task", {"task_id": task_id, "due": f"{(due + timedelta(days=days)).isoformat()}T09:30"})]


def test_a_move_by_a_span_of_a_task_with_no_date_asks(make_client):
    client = make_client()
    planned(client, "Call the bank")
    answer = json_turn(client, "postpone the bank task by a day").json()
    assert changes(answer) == [] and "no due date" in answer["response"]


def test_a_time_alone_keeps_the_day_the_task_has(make_client):
    client = make_client()
    due = date.today() + timedelta(days=2)
    task_id = planned(client, "Dentist appointment", due=due.isoformat())
    answer = json_turn(client, "change the dentist time to 4pm").json()
    assert changes(answer) == [("update_task", {"task_id": task_id, "due": f"{due.isoformat()}T16:00"})]


def test_retagging_replaces_the_tags_and_tagging_adds_one(make_client):
    client = make_client()
    task_id = planned(client, "Go to the gym", tags=["fitness"])
    json_turn(client, "retag the gym task as health instead of fitness")
    assert tasks_of(client, "alice")[0]["tags"] == ["health"]
    json_turn(client, "tag the gym task as morning")
    assert sorted(tasks_of(client, "alice")[0]["tags"]) == ["health", "morning"]
    assert tasks_of(client, "alice")[0]["id"] == task_id


def test_add_it_adds_what_the_turn_before_mentioned(make_client):
    client = make_client()
    first = json_turn(client, "I might need to get the car serviced at some point, not sure yet").json()
    assert changes(first) == []
    answer = json_turn(client, "ok yeah, add it. no date for now", first["conversation_id"]).json()
    assert [arguments.get("title") for _, arguments in changes(answer)] == ["Get the car serviced"]


def test_i_meant_keeps_the_verb_the_title_starts_with(make_client):
    client = make_client()
    added = json_turn(client, "add buy milk").json()
    answer = json_turn(client, "oops, I meant oat milk", added["conversation_id"]).json()
    assert [arguments.get("title") for _, arguments in changes(answer)] == ["Buy oat milk"]


def test_tick_both_off_completes_the_two_things_said_done(make_client):
    client = make_client()
    dishes, dog, _ = (planned(client, title) for title in ("Do the dishes", "Walk the dog", "Pay rent"))
    answer = json_turn(client, "I did the dishes and walked the dog, tick both off please").json()
    assert sorted(arguments["task_id"] for _, arguments in changes(answer)) == sorted([dishes, dog])


def test_a_task_named_by_id_in_one_clause_is_it_in_the_other(make_client):
    client = make_client()
    task_id = planned(client, "Clean the fish tank")
    answer = json_turn(client, f"task {task_id} is done, mark it off").json()
    assert changes(answer) == [("complete_task", {"task_id": task_id})]


def test_a_time_put_right_without_am_or_pm_keeps_the_side_of_noon_it_replaces(make_client):
    client = make_client()
    day = date.today() + timedelta(days=3)
    first = json_turn(client, f"add parents evening on {day.isoformat()} at 5:15pm").json()
    assert changes(first)[0][1]["due"] == f"{day.isoformat()}T17:15"
    answer = json_turn(client, "sorry it's 6:15 not 5:15", first["conversation_id"]).json()
    task_id = tasks_of(client, "alice")[0]["id"]
    assert changes(answer) == [("update_task", {"task_id": task_id, "due": f"{day.isoformat()}T18:15"})]


def test_a_tag_put_right_after_an_add_swaps_the_tag_not_the_title(make_client):
    client = make_client()
    first = json_turn(client, "add renew the gym membership #work").json()
    assert changes(first)[0][1]["tags"] == ["work"]
    answer = json_turn(client, "oh it's personal, not work", first["conversation_id"]).json()
    task_id = tasks_of(client, "alice")[0]["id"]
    assert changes(answer) == [("update_task", {"task_id": task_id, "tags": ["personal"]})]
    assert tasks_of(client, "alice")[0]["title"] == "Renew the gym membership"


def test_x_not_y_where_y_is_neither_in_the_title_nor_a_tag_asks(make_client):
    client = make_client()
    first = json_turn(client, "add order the birthday cake").json()
    answer = json_turn(client, "actually it's for Saturday's party, not the office", first["conversation_id"]).json()
    assert changes(answer) == [] and "haven't changed anything" in answer["response"]
    assert tasks_of(client, "alice")[0]["title"] == "Order the birthday cake"


def test_a_quoted_title_then_as_meant_renames_it(make_client):
    client = make_client()
    task_id = planned(client, "Emial the landlord")
    answer = json_turn(client, "correction: 'Emial the landlord' should read 'Email the landlord'").json()
    assert changes(answer) == [("update_task", {"task_id": task_id, "title": "Email the landlord"})]


@pytest.mark.parametrize(
    "message", ["hold on a sec", "one moment, let me look at the diary", "give me a minute", "hang on let me ask my wife"]
)
def test_a_pause_adds_nothing(make_client, message):
    client = make_client()
    answer = json_turn(client, message).json()
    assert changes(answer) == [] and tasks_of(client, "alice") == []
