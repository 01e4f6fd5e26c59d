"""The hold stage: negation, condition, timing and size never let a message change the list wrongly."""

from __future__ import annotations

import pytest

from chatbot.engine import guards
from chatbot.engine.understand import MOST_ITEMS, READ_AT_MOST, parse
from tests.helpers import changes, conversation, json_turn, seeded, tasks_of

ROWS = [(guard.name, example) for guard in guards.GUARDS for example in guard.examples]
NOT_ROWS = [(guard.name, example) for guard in guards.GUARDS for example in guard.not_examples]
BY_NAME = {guard.name: guard for guard in guards.GUARDS}


@pytest.mark.parametrize(("name", "example"), ROWS, ids=[f"{n}: {e}" for n, e in ROWS])
def test_each_guard_holds_its_examples(name, example):
    assert BY_NAME[name].fires(guards.prepare(example))


@pytest.mark.parametrize(("name", "example"), NOT_ROWS, ids=[f"{n}: {e}" for n, e in NOT_ROWS])
def test_no_guard_holds_its_not_examples(name, example):
    assert not BY_NAME[name].fires(guards.prepare(example))


@pytest.mark.parametrize(
    "message",
    [
        "the phone bill still isn't paid",
        "don't mark the laundry done, I'm still folding it",
        "I haven't called mom yet",
        "I did not call mom",
        "if it rains tomorrow, cancel the picnic",
        "delete the gym task unless I actually go",
        "mark the laundry done once it's dry",
        "when I get home, delete the grocery list task",
        "delete the dentist task tomorrow",
        "please don't delete the gym one",
        "should I delete the gym task?",
    ],
)
def test_a_held_message_is_read_as_no_change(message):
    assert parse(message).kind not in guards.WRITES


@pytest.mark.parametrize(
    "message",
    [
        "I don't need to buy milk anymore",
        "visit aunt may won't happen, remove it",
        "mark order contact lenses as not done",
        "the gate isn't fixed after all, reopen it",
        "don't let me forget to call grandma",
        "the server migration is not urgent anymore",
        "if it's not too much trouble could you remove the stamps task please",
    ],
)
def test_a_negation_that_is_the_request_is_not_held(message):
    assert parse(message).kind not in ("hold", "unknown")


@pytest.mark.parametrize("fast", [True, False], ids=["fast path on", "engine as the model"])
def test_what_people_say_about_unfinished_tasks_changes_nothing(make_client, fast):
    client = make_client(agent_fast_path=fast)
    seeded(client, "Pay the phone bill", "Do the laundry", "Picnic in the park", "Go to the gym", "Book the vet")
    before = tasks_of(client, "alice")
    answers = conversation(
        client,
        "the phone bill still isn't paid",
        "don't mark the laundry done, I'm still folding it",
        "if it rains tomorrow, cancel the picnic",
        "delete the gym task tomorrow",
        "I finished my book",
    )
    assert [changes(answer) for answer in answers] == [[]] * 5
    assert tasks_of(client, "alice") == before
    assert "haven't" in answers[0]["response"] and "haven't changed anything" in answers[2]["response"]


def test_a_task_that_starts_with_a_deleting_verb_can_be_said_done(make_client):
    client = make_client(agent_fast_path=True)
    (netflix,) = seeded(client, "Cancel netflix")
    answer = json_turn(client, "cancel netflix is done").json()
    assert changes(answer) == [("complete_task", {"task_id": netflix})]
    assert tasks_of(client, "alice")[0]["completed"] is True


def test_a_message_too_long_to_read_is_answered_with_a_question(make_client):
    client = make_client(agent_fast_path=True)
    answer = json_turn(client, "add " + "milk, " * (READ_AT_MOST // 6 + 1)).json()
    assert changes(answer) == [] and "shorter" in answer["response"]
    assert tasks_of(client, "alice") == []


def test_a_long_list_adds_at_most_fifty_things_and_says_so(make_client):
    client = make_client(agent_fast_path=True, agent_max_steps=3)
    bullets = "\n".join(f"- item {number}" for number in range(1, 61))
    answer = json_turn(client, "add these:\n" + bullets).json()
    assert len(changes(answer)) == MOST_ITEMS
    assert len(tasks_of(client, "alice")) == MOST_ITEMS
    assert f"first {MOST_ITEMS}" in answer["response"]


def test_it_is_the_task_the_other_clause_names(make_client):
    client = make_client(agent_fast_path=True)
    fence, plumber = seeded(client, "Fix the fence", "Let the plumber in")
    first = json_turn(client, f"mark task {plumber} done").json()
    answer = json_turn(client, "forget the fence, delete it", first["conversation_id"]).json()
    assert changes(answer) == [("delete_task", {"task_id": fence})]


def test_make_it_9_keeps_the_evening(make_client):
    client = make_client(agent_fast_path=True)
    added, moved = conversation(client, "remind me to call grandma tonight at 8", "actually make it 9")
    assert added["tool_calls"][0]["arguments"]["due"].endswith("T20:00")
    assert changes(moved)[0][1]["due"].endswith("T21:00")


def test_two_tasks_named_in_one_order_are_both_changed_and_a_bare_verb_names_neither(make_client):
    client = make_client(agent_fast_path=True)
    bank, sarah, _ = seeded(client, "Call the bank", "Email Sarah", "Pay rent")
    answer = json_turn(client, "check off call the bank and email sarah").json()
    assert sorted(arguments["task_id"] for _, arguments in changes(answer)) == [bank, sarah]
    vague = json_turn(client, "delete the pay task and the call task").json()
    assert changes(vague) == [] and len(tasks_of(client, "alice")) == 3
