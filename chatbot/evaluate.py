"""`chatbot eval`: chat cases run through the public HTTP API, matched as tests/eval/README.md says."""

from __future__ import annotations

import json
import re
import statistics
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from chatbot.auth import mint_token
from chatbot.model import MUTATING_TOOLS

_PLACEHOLDER = re.compile(r"\{(\d+)\}")
# Dates written relative to the runner's today in the case's timezone (tests/eval/README.md, "Planning fields").
_DATE = re.compile(r"\{date(?:([+-]\d+)|:(mon|tue|wed|thu|fri|sat|sun|month_end))\}")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PLANNING = ("due", "priority", "tags", "recurrence", "remind_at")
LIST_FILTERS = ("due", "tag", "priority", "query", "sort", "reminders")


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

    def fast_path_precision(self) -> tuple[int, int]:
        """How many turns the fast path served, and how many of those did what the case expected.

        A turn after a failed turn of its case is left out: the list it reads is not the one the case meant.
        """
        fast, broken = [], set()
        for turn in self.turns:
            if turn.model_calls == 0 and (turn.source, turn.case_id) not in broken:
                fast.append(turn)
            if not turn.passed:
                broken.add((turn.source, turn.case_id))
        return sum(t.passed for t in fast), len(fast)

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
        cases = {(t.source, t.case_id) for t in self.turns}
        failed_cases = {(t.source, t.case_id) for t in self.failed}
        right, served = self.fast_path_precision()
        return (
            f"{passed}/{count} turns passed ({100 * passed / count:.1f}%), "
            f"{len(cases) - len(failed_cases)}/{len(cases)} scenarios passed, "
            f"{sum(t.tool_calls for t in self.turns) / count:.2f} tool calls per turn, "
            f"{sum(t.model_calls for t in self.turns) / count:.2f} model calls per turn, "
            f"{100 * sum(t.model_calls == 0 for t in self.turns) / count:.1f}% served without a model (fast path), "
            f"{right}/{served} of those as the case expected, "
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


def with_dates(value: Any, today: date) -> Any:
    """`value` with every `{date+N}`, `{date-N}`, `{date:fri}` and `{date:month_end}` written as a real date."""
    if isinstance(value, str):
        return _DATE.sub(lambda found: _date_of(found, today).isoformat(), value)
    if isinstance(value, list):
        return [with_dates(item, today) for item in value]
    if isinstance(value, dict):
        return {key: with_dates(item, today) for key, item in value.items()}
    return value


def _date_of(found: re.Match[str], today: date) -> date:
    if found.group(1):
        return today + timedelta(days=int(found.group(1)))
    if found.group(2) == "month_end":
        following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    ahead = (_WEEKDAYS.index(found.group(2)) - today.weekday()) % 7 or 7  # strictly after today
    return today + timedelta(days=ahead)


def _run_case(client: httpx.Client, case: dict[str, Any], user: str, headers: dict[str, str]) -> list[TurnResult]:
    ids: list[int] = []
    titles: dict[str, int] = {}
    zone = case.get("timezone")
    case = with_dates(case, datetime.now(ZoneInfo(zone or "UTC")).date())
    for task in case.get("tasks", []):
        seed = {"title": task["title"]} | {key: task[key] for key in ("description", *PLANNING) if key in task}
        created = client.post(f"/api/{user}/tasks", json=seed, headers=headers)
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
        body |= {"timezone": zone} if zone else {}
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
            if call["name"] in ("add_task", "update_task") and "task_id" in result and result.get("title"):
                titles[_norm(result["title"])] = result["task_id"]  # a renamed task is named by its new title too
        problems = check_turn(turn, calls, answer["response"], titles)
        # The service says how many model calls a turn took (0 on the fast path); older servers are counted from the history.
        model_calls = answer["model_calls"] if "model_calls" in answer else _model_calls(client, user, conversation_id, headers)
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
    listings = [c.get("arguments") or {} for c in calls if c["name"] == "list_tasks"]
    for listing in (e for e in expected if e["tool"] == "list_tasks"):
        if not any(_lists_as(listing, arguments) for arguments in listings):
            wanted_call = _describe_expected([listing])
            problems.append(f"expected {wanted_call}, got {_describe(calls) or 'no tool call'}")
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
    if "description" in expected and expected["description"] is None and arguments.get("description") != "":
        return False  # a note cleared: the tool clears it with an empty one (null leaves it as it is)
    for name in ("title", "description"):
        if expected.get(name) is not None and _norm(arguments.get(name) or "") != _norm(expected[name]):
            return False
    if "completed" in expected and arguments.get("completed") != expected["completed"]:
        return False
    return all(_plans_as(name, expected[name], arguments) for name in PLANNING if name in expected)


def _plans_as(name: str, wanted: Any, arguments: dict[str, Any]) -> bool:
    """Whether a call sets a planning field as expected; an expected null wants the field cleared."""
    if wanted is None:
        return name in arguments and arguments[name] in (None, "", [], "none")
    given = arguments.get(name)
    if given is None:
        return False
    if name in ("due", "remind_at"):
        day, _, clock = str(given).partition("T")
        wanted_day, _, wanted_clock = wanted.partition("T")
        return day == wanted_day and (not wanted_clock or clock[:5] == wanted_clock[:5])
    if name == "tags":
        return isinstance(given, list) and {str(t).lower().lstrip("#") for t in given} == {t.lower() for t in wanted}
    if name == "recurrence":
        return _rule_parts(given) == _rule_parts(wanted)
    return str(given).lower() == str(wanted).lower()


def _rule_parts(rule: Any) -> set[str]:
    parts = {part for part in str(rule).upper().removeprefix("RRULE:").split(";") if part}
    return parts - {"INTERVAL=1"}


def _lists_as(expected: dict[str, Any], arguments: dict[str, Any]) -> bool:
    """Whether a list_tasks call is the one expected: its status and filters, or any one of `any_of`."""
    if "any_of" in expected:
        return any(_lists_as({"tool": "list_tasks"} | choice, arguments) for choice in expected["any_of"])
    filters = [key for key in LIST_FILTERS if key in expected]
    if "status" in expected or not filters:
        if (arguments.get("status") or "all") != expected.get("status", "all"):
            return False
    return all(str(arguments.get(key) or "").lower() == str(expected[key]).lower() for key in filters)


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
        served = " (fast path)" if turn.model_calls == 0 else ""
        print(f"FAIL {turn.case_id} turn {turn.turn}{served}: {turn.say!r}")
        for problem in turn.problems:
            print(f"     {problem}")
    for line in report.breakdown():
        print(line)
    print(report.summary())
