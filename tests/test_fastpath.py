"""The fast path: plain commands served by the offline engine with no model call, and never wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import evaluate
from tests.conftest import SECRET
from tests.fakes import ScriptedModel, calls, text
from tests.helpers import json_turn, stream_turn

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


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[f.name for f in CASE_FILES])
def test_the_fast_path_never_does_what_a_case_did_not_expect(make_client, case_file):
    # With a model that refuses everything, every turn the fast path served must still pass its case.
    client = make_client(model=refusing_model(), agent_fast_path=True, chat_turns_per_minute=0)
    report = evaluate.run_cases(client, evaluate.load_cases([case_file]), SECRET)
    right, served = report.fast_path_precision()
    wrong = [f"{t.case_id} turn {t.turn} {t.say!r}: {t.problems}" for t in report.turns if t.model_calls == 0 and not t.passed]
    assert right == served, "\n".join(wrong)
    assert served > 0


def test_no_second_model_call_when_the_round_did_exactly_what_was_asked(make_client):
    # The fast path does not take a message with a question mark; the model does, and its one round of changes
    # is what the engine reads too: the reply is written from the results, with no second call.
    model = ScriptedModel(calls(("add_task", {"title": "Buy milk"})), text("NOT ASKED"))
    client = make_client(model=model, agent_fast_path=True)
    answer = json_turn(client, "could you add buy milk to my list, thanks?").json()
    assert answer["model_calls"] == 1 and "Added 'Buy milk'" in answer["response"] and "NOT ASKED" not in answer["response"]
    assert len(model.seen) == 1


def test_a_round_that_did_something_else_still_asks_the_model_for_its_words(make_client):
    model = ScriptedModel(calls(("add_task", {"title": "Buy oat milk"})), text("Added oat milk instead."))
    client = make_client(model=model, agent_fast_path=True)
    answer = json_turn(client, "could you add buy milk to my list, thanks?").json()
    assert answer["model_calls"] == 2 and answer["response"] == "Added oat milk instead."


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "engine as the model"])
def test_a_message_the_engine_trips_on_is_an_apology_that_changes_nothing(make_client, monkeypatch, caplog, fast, database_url):
    from chatbot import understand
    from tests.conftest import sql

    def broken(message, on=None):
        raise RuntimeError("a bug in the reading")

    monkeypatch.setattr("chatbot.offline.parse", broken)
    monkeypatch.setattr("chatbot.fastpath.parse", broken)
    monkeypatch.setattr(understand, "parse", broken)
    client = make_client(agent_fast_path=fast)
    answer = json_turn(client, "add a task to buy milk")
    assert answer.status_code == 200, answer.text
    assert "couldn't work that out" in answer.json()["response"]
    assert sql(database_url, "SELECT count(*) FROM tasks") == [(0,)]
    assert any(record.name == "chatbot.offline" and record.exc_info for record in caplog.records)
