"""Large deletions ask first, and "yes" or "undo" act on exactly what the person saw, never on what came later."""

from __future__ import annotations

import pytest

from tests.conftest import auth
from tests.helpers import changes, conversation, json_turn, seeded, tasks_of

EMAILS = ("Email the landlord", "Email Sam about the trip", "Email the school", "Email the plumber")


def titles(client) -> list[str]:
    return [task["title"] for task in tasks_of(client, "alice")]


@pytest.mark.parametrize("fast", [True, False], ids=["fast path on", "engine as the model"])
def test_yes_deletes_exactly_the_tasks_the_question_named(make_client, fast):
    client = make_client(agent_fast_path=fast)
    emails = seeded(client, *EMAILS, "Buy milk")[: len(EMAILS)]
    asked = json_turn(client, "delete all the email tasks").json()
    assert changes(asked) == [] and "Shall I go ahead?" in asked["response"]
    seeded(client, "Email the bank")  # added after the question: not part of the yes

    answer = json_turn(client, "yes", asked["conversation_id"]).json()
    assert sorted(arguments["task_id"] for _, arguments in changes(answer)) == emails
    assert titles(client) == ["Buy milk", "Email the bank"]


def test_yes_after_the_list_changed_deletes_nothing_and_says_why(make_client):
    client = make_client(agent_fast_path=True)
    ids = seeded(client, *EMAILS)
    asked = json_turn(client, "delete all the email tasks").json()
    assert "Shall I go ahead?" in asked["response"]
    client.put(f"/api/alice/tasks/{ids[0]}", json={"title": "Email the landlord about the boiler"}, headers=auth("alice"))

    answer = json_turn(client, "yes", asked["conversation_id"]).json()
    assert changes(answer) == [] and "changed since I asked" in answer["response"]
    assert len(tasks_of(client, "alice")) == len(EMAILS)


def test_deleting_many_tasks_by_id_asks_first(make_client):
    client = make_client(agent_fast_path=True)
    ids = seeded(client, "One", "Two", "Three", "Four", "Five", "Six")
    asked = json_turn(client, "delete " + " ".join(f"#{task_id}" for task_id in ids[:5])).json()
    assert changes(asked) == [] and "That would delete 5 tasks" in asked["response"]
    assert len(tasks_of(client, "alice")) == 6

    answer = json_turn(client, "yes please", asked["conversation_id"]).json()
    assert sorted(arguments["task_id"] for _, arguments in changes(answer)) == ids[:5]
    assert titles(client) == ["Six"]


def test_a_few_ids_are_deleted_without_a_question(make_client):
    client = make_client(agent_fast_path=True)
    ids = seeded(client, "One", "Two", "Three")
    answer = json_turn(client, f"delete #{ids[0]} and #{ids[1]}").json()
    assert [name for name, _ in changes(answer)] == ["delete_task", "delete_task"]
    assert titles(client) == ["Three"]


def test_undo_takes_back_an_add_nobody_has_touched(make_client):
    client = make_client(agent_fast_path=True)
    added = json_turn(client, "add buy milk").json()
    undone = json_turn(client, "undo that", added["conversation_id"]).json()
    assert [name for name, _ in changes(undone)] == ["delete_task"]
    assert tasks_of(client, "alice") == []


def test_undo_leaves_a_task_that_changed_since(make_client):
    client = make_client(agent_fast_path=True)
    added = json_turn(client, "add buy milk").json()
    task_id = added["tool_calls"][0]["result"]["task_id"]
    client.put(f"/api/alice/tasks/{task_id}", json={"title": "Buy oat milk"}, headers=auth("alice"))

    undone = json_turn(client, "undo that", added["conversation_id"]).json()
    assert changes(undone) == [] and "changed after that" in undone["response"]
    assert titles(client) == ["Buy oat milk"]


def test_yes_to_a_question_about_a_change_makes_it(make_client):
    client = make_client(agent_fast_path=True)
    gym, _ = seeded(client, "Go to the gym", "Buy milk")
    asked = json_turn(client, "should I delete the gym task?").json()
    assert changes(asked) == [] and len(tasks_of(client, "alice")) == 2
    answer = json_turn(client, "yeah do it", asked["conversation_id"]).json()
    assert changes(answer) == [("delete_task", {"task_id": gym})]


def test_bring_it_back_after_a_deletion_adds_it_again(make_client):
    client = make_client(agent_fast_path=True)
    seeded(client, "Write thank-you cards")
    deleted = json_turn(client, "delete the thank-you cards task").json()
    assert titles(client) == []
    answer = json_turn(client, "oh no, I still need that, can you bring it back?", deleted["conversation_id"]).json()
    assert [name for name, _ in changes(answer)] == ["add_task"] and titles(client) == ["Write thank-you cards"]


def test_i_meant_another_task_moves_the_change(make_client):
    client = make_client(agent_fast_path=True)
    rent, phone = seeded(client, "Pay rent", "Pay phone bill")
    done = json_turn(client, "mark pay rent done").json()
    answer = json_turn(client, "no wait, I meant the phone bill", done["conversation_id"]).json()
    assert changes(answer) == [("update_task", {"task_id": rent, "completed": False}), ("complete_task", {"task_id": phone})]


def test_a_wish_is_asked_about_and_yes_adds_it(make_client):
    client = make_client(agent_fast_path=True)
    asked = json_turn(client, "I keep forgetting to drink water, ugh").json()
    assert changes(asked) == [] and "Shall I add 'Drink water'" in asked["response"]
    answer = json_turn(client, "yes", asked["conversation_id"]).json()
    assert [name for name, _ in changes(answer)] == ["add_task"] and titles(client) == ["Drink water"]


def test_the_second_one_after_adding_two_is_the_second_added(make_client):
    client = make_client(agent_fast_path=True)
    added = json_turn(client, "add buy milk and buy eggs").json()
    eggs = added["tool_calls"][1]["result"]["task_id"]
    answer = json_turn(client, "remove the second one, I still have eggs", added["conversation_id"]).json()
    assert changes(answer) == [("delete_task", {"task_id": eggs})] and titles(client) == ["Buy milk"]


def test_number_one_of_a_list_just_shown_is_its_first_line(make_client):
    client = make_client(agent_fast_path=True)
    seeded(client, "Buy bread", "Call mom")
    shown = json_turn(client, "show my tasks").json()
    answer = json_turn(client, "scrap number 1", shown["conversation_id"]).json()
    assert [name for name, _ in changes(answer)] == ["delete_task"] and titles(client) == ["Call mom"]


def test_reopening_what_is_still_open_changes_nothing(make_client):
    client = make_client(agent_fast_path=True)
    added = json_turn(client, "add do math homework").json()
    answer = json_turn(client, "ugh not done yet", added["conversation_id"]).json()
    assert changes(answer) == [] and "still open" in answer["response"]


def test_a_name_in_quotes_is_the_task_a_vague_reference_means(make_client):
    client = make_client(agent_fast_path=True)
    plumber, _ = seeded(client, "Plumber", "Call the plumber about the boiler")
    answer = json_turn(client, "And remove the old one, 'Plumber'").json()
    assert changes(answer) == [("delete_task", {"task_id": plumber})]


def test_whats_due_on_a_day_lists_that_day(make_client):
    client = make_client(agent_fast_path=True)
    conversation(client, "add call the bank tomorrow", "add pay rent in 3 days", "add water the plants today")
    answer = json_turn(client, "what's due tomorrow?").json()
    assert changes(answer) == [] and "Call the bank" in answer["response"]
    assert "Pay rent" not in answer["response"] and "Water the plants" not in answer["response"]


@pytest.mark.parametrize(
    "question, answer, done",
    [
        ("move it to Friday", "the car service", ("update_task", "Car service")),
        ("delete it", "the piano lesson task", ("delete_task", "Piano lesson")),
        ("I made the call, tick it off", "the plumber one", ("complete_task", "Call the plumber")),
    ],
)
def test_the_answer_to_which_task_does_what_was_asked(make_client, question, answer, done):
    client = make_client()
    ids = dict(
        zip(
            ("Car service", "Piano lesson", "Call mum", "Call the plumber"),
            seeded(client, "Car service", "Piano lesson", "Call mum", "Call the plumber"),
            strict=True,
        )
    )
    asked = json_turn(client, question).json()
    assert changes(asked) == [] and "Which" in asked["response"]
    answered = json_turn(client, answer, asked["conversation_id"]).json()
    assert [(name, arguments["task_id"]) for name, arguments in changes(answered)] == [(done[0], ids[done[1]])]


def test_an_answer_naming_no_task_changes_nothing(make_client):
    client = make_client()
    seeded(client, "Car service", "Piano lesson")
    asked = json_turn(client, "delete it").json()
    answered = json_turn(client, "the moon landing", asked["conversation_id"]).json()
    assert changes(answered) == [] and titles(client) == ["Car service", "Piano lesson"]


@pytest.mark.parametrize(
    "said, then",
    [
        ("I haven't called mum yet", "ok just called her, mark it done"),
        ("is the car insurance one still open?", "I renewed it online just now, tick it off"),
    ],
)
def test_it_is_what_the_turn_before_talked_about(make_client, said, then):
    client = make_client()
    seeded(client, "Call mum", "Renew car insurance", "Buy milk")
    first = json_turn(client, said).json()
    answer = json_turn(client, then, first["conversation_id"]).json()
    named = "Call mum" if "mum" in said else "Renew car insurance"
    assert [name for name, _ in changes(answer)] == ["complete_task"]
    assert [t["title"] for t in tasks_of(client, "alice") if t["completed"]] == [named]
