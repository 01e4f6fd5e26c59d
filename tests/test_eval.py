"""The chat cases every model must pass, run with the offline engine through the public HTTP API."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import evaluate
from tests.conftest import SECRET

CASES = Path(__file__).parent / "eval"
# The shared acceptance cases ship in the package (chatbot/cases); our own live here.
SHARED_CASES = Path(__file__).parent.parent / "chatbot" / "cases"
CASE_FILES = sorted(SHARED_CASES.glob("*.jsonl")) + sorted(CASES.glob("*.jsonl"))


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[f.name for f in CASE_FILES])
def test_the_offline_engine_passes_every_chat_case_and_the_fast_path_serves_only_right_answers(make_client, case_file):
    # One run records, for every turn, which path answered it: the fast path (no model call at all, so no model could
    # have helped it) or the model (here the offline engine). Every turn must pass; the fast path's must, and it serves.
    client = make_client(agent_fast_path=True, chat_turns_per_minute=0)
    cases = evaluate.load_cases([case_file])
    report = evaluate.run_cases(client, cases, SECRET)
    served_wrong = [
        f"{t.case_id} turn {t.turn} {t.say!r}: {t.problems}" for t in report.turns if t.model_calls == 0 and not t.passed
    ]
    assert not served_wrong, "the fast path served wrong answers:\n" + "\n".join(served_wrong)
    failures = "\n".join(f"{t.case_id} turn {t.turn} {t.say!r}: {'; '.join(t.problems)}" for t in report.failed)
    assert not report.failed, failures
    assert len(report.turns) == sum(len(c["turns"]) for c in cases)
    assert report.fast_path_precision()[1] > 0, "the fast path served none of these turns"


# The shared acceptance cases (copied from the team's eval set); every other file is our own.
SHARED = ("chat_cases.jsonl", "chat_cases_planning.jsonl")


def test_our_own_cases_are_many_and_not_the_shared_ones():
    ours = evaluate.load_cases([f for f in CASE_FILES if f.name not in SHARED])
    shared = evaluate.load_cases([SHARED_CASES / name for name in SHARED])
    assert sum(len(c["turns"]) for c in ours) >= 150
    planning = evaluate.load_cases([CASES / "planning_cases.jsonl"])
    assert sum(len(c["turns"]) for c in planning) >= 150, "issue 16 asks for 150 turns on planning fields"
    shared_sayings = {t["say"].lower() for c in shared for t in c["turns"]}
    # People who never saw the shared set write "delete it" and "what do I still have to do" too: a short command said
    # by both is common speech; a longer one would be a copied case.
    copied = [t["say"] for c in ours for t in c["turns"] if t["say"].lower() in shared_sayings and len(t["say"].split()) > 7]
    assert not copied


TITLES = {"buy groceries": 5, "call mom": 6}


def call(name, **arguments):
    return {"name": name, "arguments": arguments, "result": {}}


@pytest.mark.parametrize(
    "turn, calls, reply, passes",
    [
        ({"expect": [{"tool": "add_task", "title": "Buy groceries"}]}, [call("add_task", title="'buy groceries.'")], "", True),
        ({"expect": [{"tool": "add_task", "title": "Buy groceries"}]}, [call("add_task", title="Buy grocery")], "", False),
        (
            {"expect": [{"tool": "complete_task", "task": "Call mom"}]},
            [call("list_tasks"), call("complete_task", task_id=6)],
            "",
            True,
        ),
        ({"expect": [{"tool": "complete_task", "task": "Call mom"}]}, [call("complete_task", task_id=5)], "", False),
        (
            {"expect": [{"tool": "complete_task", "task": "Call mom"}]},
            [call("complete_task", task_id=6), call("delete_task", task_id=5)],
            "",
            False,
        ),
        ({"expect": [{"tool": "list_tasks", "status": "pending"}]}, [call("list_tasks", status="all")], "", False),
        ({"expect": [{"tool": "list_tasks"}]}, [call("list_tasks")], "", True),
        ({"expect": []}, [call("list_tasks")], "", True),
        ({"expect": [], "no_tools": True}, [call("list_tasks")], "", False),
        ({"expect": [], "reply_has_any": ["which"]}, [], "Which one?", True),
        ({"expect": [], "reply_lacks": ["Call mom"]}, [], "call mom is done", False),
        ({"expect": [{"tool": "delete_task", "task_id": 987654}]}, [call("delete_task", task_id=987654)], "", True),
    ],
)
def test_turns_are_matched_by_the_documented_rules(turn, calls, reply, passes):
    assert (not evaluate.check_turn(turn, calls, reply, TITLES)) is passes
