"""The fast path: plain commands served by the offline engine with no model call, and never wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import auth
from tests.fakes import ScriptedModel, calls, text
from tests.helpers import changes, conversation, json_turn, seeded, stream_turn, tasks_of

ROOT = Path(__file__).parent.parent
CASE_FILES = sorted((ROOT / "chatbot" / "cases").glob("*.jsonl")) + sorted((ROOT / "tests" / "eval").glob("*.jsonl"))


def refusing_model() -> ScriptedModel:
    """A model that never calls a tool: a turn it serves changes nothing, so only the fast path can pass a case."""
    return ScriptedModel(text("I would rather not."), repeat_last=True)


def test_a_plain_command_is_served_without_the_model_and_says_so(make_client):
    model = refusing_model()
    client = make_client(model=model, agent_fast_path=True)
    added = json_turn(client, "add a task to buy milk").json()
    assert added["model_calls"] == 0 and added["tool_calls"][0]["name"] == "add_task"
    assert "Added 'Buy milk'" in added["response"]
    task_id = added["tool_calls"][0]["result"]["task_id"]
    done = json_turn(client, f"mark task {task_id} done", added["conversation_id"]).json()
    assert done["model_calls"] == 0 and done["tool_calls"][0]["name"] == "complete_task"
    assert model.seen == [], "the model was never asked"

    # Anything less certain goes to the model: a pronoun, a correction, small talk.
    for message in ("actually, delete it", "no wait, call it buy oat milk", "hello there"):
        answer = json_turn(client, message, added["conversation_id"]).json()
        assert answer["model_calls"] == 1, message
    assert len(model.seen) == 3


def test_the_streamed_done_event_says_how_many_model_calls(make_client):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    status, events = stream_turn(client, "add a task to water the plants")
    assert status == 200
    assert events[-1]["done"] is True and events[-1]["model_calls"] == 0
    assert len([e for e in events if "content" in e]) > 1, "the reply still streams in pieces"


def test_with_the_fast_path_off_every_turn_asks_the_model(make_client):
    model = refusing_model()
    client = make_client(model=model, agent_fast_path=False)
    assert json_turn(client, "add a task to buy milk").json()["model_calls"] == 1
    assert len(model.seen) == 1


def test_a_command_the_engine_cannot_settle_goes_on_with_the_model(make_client):
    # "complete the yoga thing" reads as one plain command, but no task fits: the model, not the engine's
    # "I couldn't find ...", answers, and it sees the list the engine read.
    model = ScriptedModel(text("You have no yoga task; did you mean the gym?"))
    client = make_client(model=model, agent_fast_path=True)
    json_turn(client, "add a task to go to the gym")
    answer = json_turn(client, "complete the yoga thing").json()
    assert answer["model_calls"] == 1 and answer["response"] == "You have no yoga task; did you mean the gym?"
    assert [call["name"] for call in answer["tool_calls"]] == ["list_tasks"]
    assert any(m.get("role") == "tool" and "Go to the gym" in m.get("content", "") for m in model.seen[-1])
    assert tasks_of(client, "alice")[0]["completed"] is False


def test_no_second_model_call_when_the_round_did_exactly_what_was_asked(make_client):
    # The fast path leaves a bare to-do (no verb to order it) to the model, and the model's one round of changes
    # is what the engine reads too: the reply is written from the results, with no second call.
    model = ScriptedModel(calls(("add_task", {"title": "Buy milk"})), text("NOT ASKED"))
    client = make_client(model=model, agent_fast_path=True)
    answer = json_turn(client, "buy milk").json()
    assert answer["model_calls"] == 1 and "Added 'Buy milk'" in answer["response"] and "NOT ASKED" not in answer["response"]
    assert len(model.seen) == 1


def test_a_round_that_did_something_else_still_asks_the_model_for_its_words(make_client):
    model = ScriptedModel(calls(("add_task", {"title": "Buy oat milk"})), text("Added oat milk instead."))
    client = make_client(model=model, agent_fast_path=True)
    answer = json_turn(client, "buy milk").json()
    assert answer["model_calls"] == 2 and answer["response"] == "Added oat milk instead."


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "engine as the model"])
def test_a_message_the_engine_trips_on_is_an_apology_that_changes_nothing(make_client, monkeypatch, caplog, fast, database_url):
    from chatbot.engine import understand
    from tests.conftest import sql

    def broken(message, on=None):
        raise RuntimeError("a bug in the reading")

    monkeypatch.setattr("chatbot.engine.planner.parse", broken)
    monkeypatch.setattr("chatbot.engine.fast.parse", broken)
    monkeypatch.setattr(understand, "parse", broken)
    client = make_client(agent_fast_path=fast)
    answer = json_turn(client, "add a task to buy milk")
    assert answer.status_code == 200, answer.text
    assert "couldn't work that out" in answer.json()["response"]
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]
    assert any(record.name == "chatbot.engine" and record.exc_info for record in caplog.records)


def test_it_is_the_one_task_the_last_turn_touched(make_client):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    added, renamed, planned, done = conversation(
        client, "add pick up the dry cleaning", "rename it to collect the dry cleaning", "push it to friday", "tick it off please"
    )
    task_id = added["tool_calls"][0]["result"]["task_id"]
    assert [a["model_calls"] for a in (renamed, planned, done)] == [0, 0, 0]
    assert changes(renamed) == [("update_task", {"task_id": task_id, "title": "Collect the dry cleaning"})]
    assert changes(planned)[0][1]["task_id"] == task_id and "due" in changes(planned)[0][1]
    assert changes(done) == [("complete_task", {"task_id": task_id})]
    assert tasks_of(client, "alice")[0]["completed"] is True


@pytest.mark.parametrize(
    "before, message",
    [
        ("add buy bin bags and buy dish soap", "mark it done"),  # two tasks touched: which one?
        ("add buy bin bags", "delete them"),  # "them" is several
        ("add buy bin bags", "done"),  # may be "I'm done here"
        ("add buy bin bags", "wait, delete it"),  # a correction: it may be the change that goes
        ("add buy bin bags", "scrap that"),  # the task, or the turn?
        ("show my tasks", "mark it done"),  # the last turn touched no one task
    ],
)
def test_it_goes_to_the_model_when_it_could_be_another(make_client, before, message):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    seeded(client, "Water the ferns", "Feed the goldfish")
    first, second = conversation(client, before, message)
    assert first["model_calls"] == 0 and second["model_calls"] == 1, message
    assert changes(second) == []


def test_removing_that_after_a_change_of_plans_asks_the_model(make_client):
    # "make it urgent", "remove that": the urgency may be what is to go, not the task.
    client = make_client(model=refusing_model(), agent_fast_path=True)
    answers = conversation(client, "add renew the tv licence", "make it urgent", "remove that")
    assert [a["model_calls"] for a in answers] == [0, 0, 1]
    assert len(tasks_of(client, "alice")) == 1


def test_the_second_one_is_the_one_the_last_reply_numbered(make_client):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    ids = seeded(client, "Descale the kettle", "Return the hedge trimmer", "Book the vet")
    shown, ticked, again = conversation(client, "show my tasks", "tick off the second one", "delete the last one")
    assert shown["model_calls"] == 0 and ticked["model_calls"] == 0
    assert changes(ticked) == [("complete_task", {"task_id": ids[1]})]
    assert again["model_calls"] == 1, "the last reply was no list: the positions are the model's to read"
    # With no list shown at all, "the second one" names nothing yet.
    assert conversation(client, "complete the second one")[0]["model_calls"] == 1


@pytest.mark.parametrize(
    "message, fast",
    [
        ("the hedge trimmer is done", True),
        ("done with the hedge trimmer", True),
        ("I've finished returning the hedge trimmer", True),
        ("hedge trimmer: done", True),
        ("task {id} is finished", True),
        ("the hedge trimmer is almost done", False),
        ("I'm not done with the hedge trimmer", False),
        ("I've finished my lunch", False),  # said of a day as often as of a list
        ("I finished early today", False),
        ("everything is done", False),
        ("finished the hedge trimmer and booked the vet", False),
    ],
)
def test_a_task_said_to_be_done(make_client, message, fast):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    [task_id, _] = seeded(client, "Return the hedge trimmer", "Book the vet")
    [answer] = conversation(client, message.format(id=task_id))
    assert answer["model_calls"] == (0 if fast else 1), message
    assert changes(answer) == ([("complete_task", {"task_id": task_id})] if fast else [])


@pytest.mark.parametrize(
    "message, fast",
    [
        ("remvoe the trimmer task", True),  # two letters swapped: a slip of "remove"
        ("mrak the trimmer task as dnoe", True),
        ("get rid of the trimmer task", True),
        ("untick the trimmer task", True),
        ("reschedule the trimmer task to friday", True),
        ("compete in the pub quiz", False),  # a word of its own, not "complete"
        ("get rid of the wasps nest", False),  # a to-do, or a task? it names none
        ("postpone the trimmer", False),  # to when?
        ("tag along with Sam", False),
    ],
)
def test_slips_and_other_order_verbs(make_client, message, fast):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    (trimmer,) = seeded(client, "Return the hedge trimmer")
    if message.startswith("untick"):  # only a task that is done can be unticked
        client.patch(f"/api/alice/tasks/{trimmer}/complete", headers=auth("alice"))
    [answer] = conversation(client, message)
    assert answer["model_calls"] == (0 if fast else 1), message
    assert bool(changes(answer)) == fast


@pytest.mark.parametrize(
    "message, fast",
    [
        ("could you add 'Renew the passport' to my list?", True),
        ("can you add buy batteries please?", True),
        ("can you find the trimmer task?", True),
        ("can you add due dates?", False),  # a question about what the assistant can do
        ("can you add things to my list?", False),
        ("search the web for cheap flights", False),
        ("mark task 1 done and delete task 2", False),  # two requests in one
        ("add oat milk and delete the trimmer task", False),
    ],
)
def test_questions_that_are_requests_and_requests_that_are_two(make_client, message, fast):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    seeded(client, "Return the hedge trimmer")
    [answer] = conversation(client, message)
    assert answer["model_calls"] == (0 if fast else 1), message


def test_a_bulleted_list_to_add_is_served_and_a_list_of_news_is_not(make_client):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    [listed] = conversation(client, "add these:\n- bleed the radiators\n- buy de-icer")
    assert listed["model_calls"] == 0
    assert [arguments["title"] for _, arguments in changes(listed)] == ["Bleed the radiators", "Buy de-icer"]
    [news] = conversation(client, "done today:\n- bleed the radiators\n- buy de-icer")
    assert news["model_calls"] == 1 and changes(news) == []


@pytest.mark.parametrize(
    "message, title",
    [
        ("put 'call the caterers' on my list for tomorrow", "Call the caterers"),
        ("hiya, add 'ring the accountant' for Monday at 10am", "Ring the accountant"),
        ("stick 'sort out the loft' on there, low priority", "Sort out the loft"),
    ],
)
def test_an_add_that_quotes_its_title_is_served_without_the_model(make_client, message, title):
    model = refusing_model()
    client = make_client(model=model, agent_fast_path=True)
    answer = json_turn(client, message).json()
    assert answer["model_calls"] == 0 and model.seen == []
    assert [call["arguments"]["title"] for call in answer["tool_calls"]] == [title]


def test_an_add_with_two_quotes_or_another_order_still_asks_the_model(make_client):
    model = refusing_model()
    client = make_client(model=model, agent_fast_path=True)
    for message in ("add 'buy milk' and delete the bread task", "my sister said 'call me', add that"):
        assert json_turn(client, message).json()["model_calls"] == 1, message


@pytest.mark.parametrize(
    "message, fast",
    [
        ("ring the vet on friday at 10", True),  # a to-do with its plans: what people add
        ("walk the dog every morning", True),
        ("renew the car tax every year", True),
        ("ring the vet", False),  # no plans: a to-do, or a thought? the model reads it
        ("buy item 7", False),  # a number in the title is no plan (bench/run.py's one-call shape)
        ("move the trimmer to friday", True),  # an order to the list, read by its own row
        ("add get concert tickets friday 9am when they drop", False),  # a condition in the title: the model's to keep
    ],
)
def test_a_to_do_said_with_its_plans_is_served_and_a_condition_is_not(make_client, message, fast):
    client = make_client(model=refusing_model(), agent_fast_path=True)
    seeded(client, "Return the hedge trimmer")
    [answer] = conversation(client, message)
    assert answer["model_calls"] == (0 if fast else 1), message


def test_a_condition_said_after_a_thing_goes_to_the_model_even_when_the_title_leaves_it_out():
    from chatbot.engine.fast import confident

    assert not confident([{"role": "user", "content": "add renew the passport when they reopen the office"}])
