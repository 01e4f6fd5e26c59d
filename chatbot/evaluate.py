"""`chatbot eval`: chat cases run through the public HTTP API, matched as tests/eval/README.md says."""

from __future__ import annotations

import json
import re
import statistics
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from chatbot.auth import mint_token
from chatbot.model import MUTATING_TOOLS

_PLACEHOLDER = re.compile(r"\{(\d+)\}")


@dataclass
class TurnResult:
    case_id: str
    turn: int
    say: str
    passed: bool
    problems: list[str]
    tool_calls: int
    model_calls: int
    latency_s: float
    # The case file and the case's `kind`, for the breakdown.
    source: str = ""
    kind: str = ""


@dataclass
class Report:
    turns: list[TurnResult] = field(default_factory=list)

    @property
    def failed(self) -> list[TurnResult]:
        return [t for t in self.turns if not t.passed]

    def breakdown(self) -> list[str]:
        """The pass rate per case file and per kind of case."""
        lines = []
        for label, key in (("file", "source"), ("kind", "kind")):
            groups: dict[str, list[TurnResult]] = {}
            for turn in self.turns:
                groups.setdefault(getattr(turn, key) or "-", []).append(turn)
            if len(groups) > 1 or label == "file":
                for name, turns in sorted(groups.items()):
                    passed = sum(t.passed for t in turns)
                    lines.append(f"  {label} {name}: {passed}/{len(turns)} ({100 * passed / len(turns):.1f}%)")
        return lines

    def summary(self) -> str:
        count = len(self.turns)
        passed = count - len(self.failed)
        if not count:
            return "no turns were run"
        return (
            f"{passed}/{count} turns passed ({100 * passed / count:.1f}%), "
            f"{sum(t.tool_calls for t in self.turns) / count:.2f} tool calls per turn, "
            f"{sum(t.model_calls for t in self.turns) / count:.2f} model calls per turn, "
            f"median turn {1000 * statistics.median(t.latency_s for t in self.turns):.0f} ms"
        )


def load_cases(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every case of the given JSON-lines files, in order."""
    cases = []
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    cases.append({"_source": Path(path).name} | json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None
    return cases


def run_cases(client: httpx.Client, cases: list[dict[str, Any]], secret: str, algorithm: str = "HS256") -> Report:
    """Run each case as a fresh user against `client` (an httpx client on the service's base URL)."""
    report = Report()
    run = uuid.uuid4().hex[:8]
    for case in cases:
        user = f"eval-{run}-{case['id']}"
        headers = {"Authorization": "Bearer " + mint_token(secret, user, ttl_seconds=3600, algorithm=algorithm)}
        for result in _run_case(client, case, user, headers):
            result.source, result.kind = case.get("_source", ""), case.get("kind", "")
            report.turns.append(result)
    return report


def _run_case(client: httpx.Client, case: dict[str, Any], user: str, headers: dict[str, str]) -> list[TurnResult]:
    ids: list[int] = []
    titles: dict[str, int] = {}
    for task in case.get("tasks", []):
        created = client.post(f"/api/{user}/tasks", json={"title": task["title"], **_maybe(task, "description")}, headers=headers)
        created.raise_for_status()
        task_id = created.json()["id"]
        if task.get("completed"):
            client.patch(f"/api/{user}/tasks/{task_id}/complete", headers=headers).raise_for_status()
        ids.append(task_id)
        titles[_norm(task["title"])] = task_id

    results = []
    conversation_id = None
    for number, turn in enumerate(case["turns"], start=1):
        message = _PLACEHOLDER.sub(lambda m: str(ids[int(m.group(1)) - 1]), turn["say"])
        body = {"message": message} | ({"conversation_id": conversation_id} if conversation_id else {})
        started = time.perf_counter()
        response = client.post(f"/api/{user}/chat", json=body, headers={**headers, "Accept": "application/json"})
        latency = time.perf_counter() - started
        if response.status_code != 200:
            problem = f"HTTP {response.status_code}: {response.text[:200]}"
            results.append(TurnResult(case["id"], number, message, False, [problem], 0, 0, latency))
            continue
        answer = response.json()
        conversation_id = answer["conversation_id"]
        calls = answer["tool_calls"]
        for call in calls:  # tasks the scenario creates can be named by later turns
            result = call.get("result") or {}
            if call["name"] == "add_task" and "task_id" in result:
                titles[_norm(result["title"])] = result["task_id"]
        problems = check_turn(turn, calls, answer["response"], titles)
        model_calls = _model_calls(client, user, conversation_id, headers)
        results.append(TurnResult(case["id"], number, message, not problems, problems, len(calls), model_calls, latency))
    return results


def check_turn(turn: dict[str, Any], calls: list[dict[str, Any]], reply: str, titles: dict[str, int]) -> list[str]:
    """What is wrong with a turn's tool calls and reply, by the matching rules; empty when it passed."""
    problems = []
    expected = turn.get("expect", [])
    if turn.get("no_tools") and calls:
        problems.append(f"expected no tool call, got {_describe(calls)}")
    made = [c for c in calls if c["name"] in MUTATING_TOOLS]
    wanted = [e for e in expected if e["tool"] in MUTATING_TOOLS]
    if len(made) != len(wanted) or not all(_matches(e, c, titles) for e, c in zip(wanted, made, strict=True)):
        problems.append(f"expected {_describe_expected(wanted)}, got {_describe(made) or 'no change'}")
    for listing in (e for e in expected if e["tool"] == "list_tasks"):
        status = listing.get("status", "all")
        if not any(c["name"] == "list_tasks" and (c["arguments"].get("status") or "all") == status for c in calls):
            problems.append(f"expected list_tasks(status={status}), got {_describe(calls) or 'no tool call'}")
    lowered = reply.lower()
    problems += [f"reply lacks {s!r}" for s in turn.get("reply_has", []) if s.lower() not in lowered]
    problems += [f"reply has {s!r}" for s in turn.get("reply_lacks", []) if s.lower() in lowered]
    if turn.get("reply_has_any") and not any(s.lower() in lowered for s in turn["reply_has_any"]):
        problems.append(f"reply has none of {turn['reply_has_any']}")
    if problems:
        problems.append(f"reply was {reply[:160]!r}")
    return problems


def _matches(expected: dict[str, Any], call: dict[str, Any], titles: dict[str, int]) -> bool:
    arguments = call.get("arguments") or {}
    if expected["tool"] != call["name"]:
        return False
    if "task_id" in expected and arguments.get("task_id") != expected["task_id"]:
        return False
    if "task" in expected and arguments.get("task_id") != titles.get(_norm(expected["task"])):
        return False
    for name in ("title", "description"):
        if name in expected and _norm(arguments.get(name) or "") != _norm(expected[name]):
            return False
    if "completed" in expected and arguments.get("completed") != expected["completed"]:
        return False
    return True


def _model_calls(client: httpx.Client, user: str, conversation_id: int, headers: dict[str, str]) -> int:
    """Model calls of the latest turn: the assistant messages stored after its user message."""
    messages = client.get(f"/api/{user}/conversations/{conversation_id}/messages", headers=headers).json()
    last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
    return sum(1 for m in messages[last_user:] if m["role"] == "assistant")


def _norm(text: str) -> str:
    return text.strip().strip("'\"").strip().rstrip(".!?").strip().lower()


def _maybe(task: dict[str, Any], key: str) -> dict[str, Any]:
    return {key: task[key]} if key in task else {}


def _describe(calls: list[dict[str, Any]]) -> str:
    return ", ".join(f"{c['name']}({json.dumps(c.get('arguments') or {})})" for c in calls)


def _describe_expected(expected: list[dict[str, Any]]) -> str:
    if not expected:
        return "no change"
    return ", ".join(f"{e['tool']}({json.dumps({k: v for k, v in e.items() if k != 'tool'})})" for e in expected)


def print_report(report: Report) -> None:
    for turn in report.failed:
        print(f"FAIL {turn.case_id} turn {turn.turn}: {turn.say!r}")
        for problem in turn.problems:
            print(f"     {problem}")
    for line in report.breakdown():
        print(line)
    print(report.summary())
