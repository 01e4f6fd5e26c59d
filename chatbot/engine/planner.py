"""The offline engine: a rule-based model, served to LiteLLM as a custom provider by `llm.py`.

It reads the conversation the way a model would (the newest user message, this turn's tool
results, and earlier results for "it" and "the second one") and answers with function calls
or text, so the same loop, MCP dispatch and storage run with no network and no key.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from rapidfuzz.distance import OSA

from chatbot import history, replies
from chatbot.engine import guards, matching, phrases
from chatbot.engine.lexicon import ITEM_VERBS, PAST_TENSE
from chatbot.engine.understand import Intent, Reference, clean_title, mentioned, parse, proposed, reading_on, reference
from chatbot.model import MAX_LIST_LIMIT, MUTATING_TOOLS, ToolOutcome, read_tool_message

log = logging.getLogger("chatbot.engine")
QUESTION = "Which one do you mean:"
# What the engine says when its reading of a message fails (a bug, logged): nothing was changed.
TRIPPED = "Sorry, I couldn't work that out, so I didn't change anything. Could you say it another way?"
# A deletion of more tasks than this at once asks "yes?" first.
CONFIRM_OVER = 3

HELP = (
    "I keep your todo list. You can say things like:\n"
    '- "add a task to buy groceries" (add "with description ..." for details)\n'
    '- "what\'s pending?" or "show my completed tasks"\n'
    '- "mark task 3 as done" or "I finished the report"\n'
    '- "rename buy groceries to buy fruit"\n'
    '- "delete the dentist task"'
)


@dataclass
class Reply:
    """The engine's answer for one model call: text, or function calls."""

    text: str = ""
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # The engine could not settle the request (no task matched, several did, it didn't follow): on the fast path, a
    # model takes the turn over from here, when one is configured.
    unsure: bool = False


def respond(messages: list[dict[str, Any]]) -> Reply:
    """Decide the next step of the conversation, reading dates against the user's today.

    A bug in the reading is logged with its traceback and answered with an apology that changes
    nothing: a phrasing the engine trips on is not a busy model, and never a 500.
    """
    now = history.local_now(messages)
    try:
        with reading_on(now[0] if now else None):
            reply = _respond(messages)
    except Exception:
        log.exception("the offline engine failed on a message")
        return Reply(text=TRIPPED)
    seen: set[str] = set()
    calls = []
    for name, arguments in reply.calls:  # one request names a task once ("the marshals are briefed, tick off the briefing task")
        if (key := json.dumps([name, arguments], sort_keys=True)) not in seen:
            seen.add(key)
            calls.append((name, arguments))
    reply.calls = calls
    return reply


def note(messages: list[dict[str, Any]]) -> str:
    """What the reply to a change must add ("... so I added the first 50."), from the newest message's reading."""
    said = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), None)
    if said is None:
        return ""
    now = history.local_now(messages)
    intent = parse(_text(said), now[0] if now else None)
    return intent.reason or "" if intent.kind != "hold" else ""


def _respond(messages: list[dict[str, Any]]) -> Reply:
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=None)
    if last_user is None:
        return Reply(text=HELP)
    intent = parse(_text(messages[last_user].get("content")))
    earlier = outcomes(messages[:last_user])
    now = outcomes(messages[last_user + 1 :])
    options: list[dict[str, Any]] | None = None
    if intent.kind in ("unknown", "smalltalk") and (asked := _open_question(messages[:last_user])):
        # The person is answering "Which one do you mean?": their words pick among the options named (or, when the
        # question had none to offer, among all their tasks).
        intent, options = asked
        intent.ref = reference(phrases.without_polite(_text(messages[last_user].get("content"))))
    elif intent.ref and intent.ref.pronoun and (topic := _unanswered_mention(messages[:last_user])):
        intent.ref.topic = topic

    done = [o for o in now if o.name in MUTATING_TOOLS]
    if done:
        return Reply(text=replies.summarize(done) + (f" {intent.reason}" if intent.reason else ""))
    match intent.kind:
        case "help" | "unknown":
            prefix = "" if intent.kind == "help" else "I'm not sure what you'd like me to do. "
            return Reply(text=prefix + HELP, unsure=intent.kind == "unknown")
        case "hold":
            return Reply(text=intent.reason or "I haven't changed anything.")
        case "smalltalk":
            return Reply(text="Happy to help! Tell me what to add, show, complete, change or delete.")
        case "add":
            plan = {k: v for k, v in (intent.plan or {}).items() if v is not None}
            if intent.items:
                plans = intent.item_plans or [plan] * len(intent.items)
                return Reply(
                    calls=[("add_task", {"title": title} | each) for title, each in zip(intent.items, plans, strict=True)]
                )
            if _THE_SAME.match(intent.title or ""):
                return Reply(
                    text="What should I add? Tell me the whole task, and I'll add it.", unsure=True
                )  # "the same for Sam"
            if (intent.title or "").lower() in _PRONOUNS:
                # "add it" after "I might need to get the car serviced": the thing mentioned; with nothing said that
                # it could be, a task called "That" helps nobody.
                topic = _unanswered_mention(messages[:last_user])
                thing = (
                    mentioned(topic, history.local_now(messages)[0] if history.local_now(messages) else None) if topic else None
                )
                if thing is None:
                    return Reply(text="What would you like me to add?", unsure=True)
                intent.title, intent.plan = thing.title, (thing.plan or {}) | (intent.plan or {})
                plan = {k: v for k, v in (intent.plan or {}).items() if v is not None}
            if intent.same:
                plan = _the_same(intent.same, earlier) | plan  # "and buy glue sticks, same day"
            arguments = {"title": intent.title}
            if intent.description:
                arguments["description"] = intent.description
            if intent.remind_in is not None and (clock := history.local_clock(messages)) is not None:
                at = (clock + timedelta(minutes=intent.remind_in)).strftime("%Y-%m-%dT%H:%M")
                plan = plan | {"due": at, "remind_at": at}  # "remind me in 2 hours to check the oven"
            return Reply(calls=[("add_task", arguments | plan)])
        case "list":
            listed = [o for o in now if o.name == "list_tasks"]
            if listed:
                last = listed[-1]
                if last.is_error:
                    return Reply(text=last.result)
                tag = (intent.filters or {}).get("tag")
                if intent.kind_named and tag and not last.result and len(listed) == 1:
                    # "find my landlord tasks" when no task is tagged landlord: the tasks that say it
                    return Reply(calls=[("list_tasks", {"status": intent.status, "query": tag})])
                if intent.count:
                    return Reply(text=replies.for_count(last.result, intent.status, last.not_shown))
                tasks = last.result
                if intent.day is not None:  # "what's due tomorrow?": only that day's, of the upcoming ones
                    tasks = [t for t in tasks if t.get("due_date") == intent.day.isoformat()]
                    if not tasks:
                        return Reply(text=f"Nothing is due on {intent.day.strftime('%A %d %B').replace(' 0', ' ')}.")
                if (intent.filters or {}).get("reminders"):
                    return Reply(text=replies.for_reminders(tasks, last.not_shown))
                filtered = bool(intent.filters or intent.query)  # "No tasks match that", never "Your list is empty"
                return Reply(text=replies.for_list(tasks, intent.status, last.not_shown, filtered=filtered))
            arguments = {"status": intent.status} | ({"query": intent.query} if intent.query else {}) | (intent.filters or {})
            return Reply(calls=[("list_tasks", arguments)])
        case "detail":
            return _detail(intent, earlier, now)
        case "undo":
            return _undo(messages[:last_user], now)
        case "reopen" if intent.ref and intent.ref.pronoun and (gone := _deleted_last(messages[:last_user])):
            # "bring it back" after a deletion: a deleted task is gone for good, so a new one with its title.
            return Reply(calls=[("add_task", {"title": gone})])
        case "bulk":
            return _bulk(intent, earlier, now)
        case "correct":
            if intent.ref and intent.ref.words and not _last_changes(messages[:last_user]):
                intent.kind = "update"  # "the 'read book' one is too vague, call it X instead": no change to correct
                if intent.title and (swap := re.fullmatch(r"(.+?),?\s+not\s+\S+", intent.title, re.IGNORECASE)):
                    intent.title, intent.respelt = swap.group(1), True  # "it should say buttonholes not buttonhols"
                return _act_on_one(intent, earlier, now, options)
            if (moved := _meant_another_task(intent, messages[:last_user], now)) is not None:
                return moved
            return _correct(intent, messages[:last_user])
        case "again":
            # "and the hoovering too": what the last request did, to another task.
            before = _previous_request(messages[:last_user])
            if before is not None and before.kind == "add" and intent.title:
                return Reply(calls=[("add_task", {"title": intent.title} | (intent.plan or {}))])  # "add milk" ... "and bread"
            if before is None or before.kind not in ("complete", "delete", "reopen"):
                return Reply(text="Which task do you mean, and what should I do with it?", unsure=True)
            intent.kind = before.kind
            return _act_on_one(intent, earlier, now, options)
        case "other":
            return _the_other_one(messages[:last_user])
        case "confirm":
            if (named := _pending_deletion(messages[:last_user])) is not None:
                return _confirmed_deletion(named, now)
            if (asked := _asked_whether(messages[:last_user])) is not None:
                return _act_on_one(asked, earlier, now, None)  # "should I delete the gym task?" ... "yes"
            if (wished := _proposed(messages[:last_user])) is not None:
                return Reply(calls=[("add_task", {"title": wished.title} | (wished.plan or {}))])  # "shall I add X?" "yes"
            return Reply(text="Happy to help! Tell me what to add, show, complete, change or delete.")
    return _act_on_one(intent, earlier, now, options)


def _act_on_one(
    intent: Intent, earlier: list[ToolOutcome], now: list[ToolOutcome], options: list[dict[str, Any]] | None
) -> Reply:
    if intent.kind == "update" and intent.title and (swap := _RIGHT_NOT_WRONG.fullmatch(intent.title)):
        intent.title, intent.respelt = swap.group(1), True  # "it should say buttonholes not buttonhols": a word put right
    reply = _choose(intent, earlier, now, options)
    if intent.shift_days is not None:
        return _shifted(intent.shift_days, reply, earlier + now)
    if intent.remind_before is not None:
        return _reminded_before(intent.remind_before, reply, earlier + now)
    if intent.remind_clock is not None:
        return _reminded_at_clock(intent.remind_clock, reply, earlier + now)
    if intent.drops_tag is not None and any(name == "update_task" and "tags" not in a for name, a in reply.calls):
        return _without_tag(intent.drops_tag, reply, earlier, now)
    if intent.kind == "update" and (intent.adds_tags or intent.keeps_date or intent.keeps_time):
        for name, arguments in reply.calls:
            if name == "update_task" and (known := _task_state(arguments["task_id"], earlier + now)):
                _keep(intent, arguments, known)
    return reply


_RIGHT_NOT_WRONG = re.compile(r"(.+?),?\s+not\s+(\S+)", re.IGNORECASE)


def _without_tag(tag: str, reply: Reply, earlier: list[ToolOutcome], now: list[ToolOutcome]) -> Reply:
    """ "drop the shopping tag" of "it": the task's other tags, from what the conversation saw of it."""
    for name, arguments in reply.calls:
        if name != "update_task":
            continue
        known = _task_state(arguments["task_id"], earlier + now)
        if known is None or "tags" not in known:
            return (
                _read_everything() if _fresh_list(now) is None else Reply(text="I couldn't tell that task's tags.", unsure=True)
            )
        if tag not in (known["tags"] or []):
            return Reply(text=f"That task has no tag '{tag}', so I didn't change anything.")
        arguments["tags"] = [t for t in known["tags"] or [] if t != tag]
    return reply


def _settled(reply: Reply, seen: list[ToolOutcome], settle: Callable[[dict[str, Any], dict[str, Any]], str | None]) -> Reply:
    """The update `reply` makes, each `update_task` call's arguments completed by `settle(arguments, known)` from what
    the conversation saw of its task; the question `settle` asks instead (changing nothing) when it cannot."""
    for name, arguments in reply.calls:
        if name == "update_task" and (question := settle(arguments, _task_state(arguments["task_id"], seen) or {})):
            return Reply(text=question, unsure=True)
    return reply


def _shifted(days: int, reply: Reply, seen: list[ToolOutcome]) -> Reply:
    """The update `reply` makes, with the task's due date moved by `days` (its time kept); a question when it has no
    due date to move."""

    def move(arguments: dict[str, Any], known: dict[str, Any]) -> str | None:
        if not known.get("due_date"):
            return "That task has no due date to move, so I haven't changed anything. When should it be due?"
        day = (date.fromisoformat(known["due_date"]) + timedelta(days=days)).isoformat()
        arguments["due"] = day + (f"T{known['due_time']}" if known.get("due_time") else "")
        return None

    return _settled(reply, seen, move)


def _reminded_before(minutes: int, reply: Reply, seen: list[ToolOutcome]) -> Reply:
    """The update `reply` makes, reminding `minutes` before the task's due time; a question when it has no time to
    count back from."""

    def count_back(arguments: dict[str, Any], known: dict[str, Any]) -> str | None:
        if not known.get("due_date") or not known.get("due_time"):
            return "That task has no due time to count back from, so I haven't set a reminder. When should I remind you?"
        due = datetime.fromisoformat(f"{known['due_date']}T{known['due_time']}")
        arguments["remind_at"] = (due - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
        return None

    return _settled(reply, seen, count_back)


def _reminded_at_clock(clock: str, reply: Reply, seen: list[ToolOutcome]) -> Reply:
    """The update `reply` makes, reminding at `clock` on the day the task reminds already (or is due); a question
    when the conversation saw neither."""

    def at_clock(arguments: dict[str, Any], known: dict[str, Any]) -> str | None:
        day = (known.get("remind_at") or "")[:10] or known.get("due_date")
        if not day:
            return "Which day should I remind you on? I haven't changed anything yet."
        arguments["remind_at"] = f"{day}T{clock}"
        return None

    return _settled(reply, seen, at_clock)


def _keep(intent: Intent, arguments: dict[str, Any], known: dict[str, Any]) -> None:
    """What a plan change keeps of the task: its other tags ("also tag it X"), its date ("make that 8:30"), its time."""
    if intent.adds_tags and arguments.get("tags") is not None:
        arguments["tags"] = list(dict.fromkeys([*(known.get("tags") or []), *arguments["tags"]]))
    due = arguments.get("due")
    if due and known.get("due_date"):
        day, _, clock = due.partition("T")
        if intent.keeps_date:
            day = known["due_date"]
        if intent.keeps_time and not clock and known.get("due_time"):
            clock = known["due_time"]
        if intent.bare_hour and clock and clock < "12:00" and (known.get("due_time") or "") >= "12:00":
            clock = f"{int(clock[:2]) + 12:02d}{clock[2:]}"  # "make it 9" of a task at 20:00: 21:00
        arguments["due"] = day + (f"T{clock}" if clock else "")


def _task_state(task_id: int, outcomes: list[ToolOutcome]) -> dict[str, Any] | None:
    """What the conversation last showed of a task's plans: from a list, or from the calls that set them."""
    state: dict[str, Any] = {}
    for outcome in outcomes:
        if outcome.is_error:
            continue
        if isinstance(outcome.result, list):
            for task in outcome.result:
                if isinstance(task, dict) and task.get("id") == task_id:
                    state = {key: task.get(key) for key in ("due_date", "due_time", "tags", "remind_at")}
        elif isinstance(outcome.result, dict) and outcome.result.get("task_id") == task_id:
            if "due" in outcome.arguments:
                day, _, clock = str(outcome.arguments["due"] or "").partition("T")
                state |= {"due_date": day or None, "due_time": clock or None}
            if "tags" in outcome.arguments:
                state["tags"] = outcome.arguments["tags"] or []
    return state or None


def _choose(intent: Intent, earlier: list[ToolOutcome], now: list[ToolOutcome], options: list[dict[str, Any]] | None) -> Reply:
    if intent.task_ids:
        meant = _numbers_meant(intent.task_ids, _shown(earlier) if intent.ref and intent.ref.numbered else [])
        if isinstance(meant, Reply):
            return meant
        intent.task_ids = meant
        return _by_ids(intent, now)
    ref = intent.ref or Reference()
    if ref.task_id is not None:
        meant = _numbers_meant([ref.task_id], _shown(earlier) if ref.numbered else [])
        return meant if isinstance(meant, Reply) else _mutation(intent, meant[0])
    if ref.pronoun:
        if ref.fallback_words or ref.topic:
            # "forget the fence, delete it": a task the other clause names is "it", before the last one touched; then
            # the task the turn before talked about ("I haven't called mum yet" ... "just called her, mark it done").
            shown_now = _fresh_list(now)
            if shown_now is None:
                return _read_everything()
            for words in (ref.fallback_words, ref.topic):
                if words and (named := _named_elsewhere(words, _fitting(intent, shown_now))) is not None:
                    return _mutation(intent, named)
        task_id = last_acted_on(earlier)
        if task_id is not None and intent.kind == "reopen" and _known_completed(task_id, earlier) is False:
            return Reply(text="That one is still open, so there is nothing to reopen.")  # "ugh, not done yet"
        if task_id is not None:
            return _mutation(intent, task_id)
        if not ref.fallback_words:
            return Reply(text="Which task do you mean? Tell me its number or a few words of its title.", unsure=True)
        ref = intent.ref = Reference(words=ref.fallback_words, loose=True)
    if options is not None and ref.words is not None:
        return _pick(intent, ref.words, options)
    if ref.ordinals:
        shown = _shown(earlier)
        picked = [shown[n - 1 if n > 0 else len(shown) + n] for n in ref.ordinals if shown and -len(shown) <= n <= len(shown)]
        if len(picked) != len(ref.ordinals):
            return Reply(text='Tell me which tasks by their numbers, or say "show my tasks" first.', unsure=True)
        return Reply(calls=[call for task in picked for call in _mutation(intent, task["id"]).calls])
    if ref.ordinal is not None:
        shown = options if options is not None else _shown(earlier)
        if not shown:
            return Reply(text='I haven\'t shown you a list yet. Say "show my tasks" first, or name the task.', unsure=True)
        index = ref.ordinal - 1 if ref.ordinal > 0 else len(shown) + ref.ordinal
        if not 0 <= index < len(shown):
            return Reply(text=f"The last list I showed has only {len(shown)} task(s).", unsure=True)
        return _mutation(intent, shown[index]["id"])

    shown_now = _fresh_list(now)
    if shown_now is None:
        # A lookup by words reads as much of the list as a call may return.
        return _read_everything()
    candidates = _fitting(intent, shown_now)
    if intent.targets:
        found = [matching.find(words, candidates) for words in intent.targets]
        if all(len(one) == 1 for one in found):
            return Reply(calls=[(f"{intent.kind}_task", {"task_id": one[0]["id"]}) for one in found])
    return _pick(intent, ref.words or "", candidates)


_I_MEAN = re.compile(r"[\s,]+i\s+meant?$", re.IGNORECASE)
_QUOTED = re.compile(r"['\"\u201c\u2018]([^'\"\u201c\u201d\u2018\u2019]{2,})['\"\u201d\u2019]")
_THE_SAME = re.compile(r"(?:the\s+)?same(?:\s+(?:thing|one|again))?(?:\s|$)", re.IGNORECASE)
_PRONOUNS = frozenset({"it", "that", "this", "them", "those", "these", "one", "something", "anything"})


def _the_same(fields: list[str], seen: list[ToolOutcome]) -> dict[str, Any]:
    """The plans named in `fields` that the task added last had ("same day": its due date)."""
    added = next((o for o in reversed(seen) if o.name == "add_task" and not o.is_error), None)
    if added is None:
        return {}
    plan = {field: added.arguments[field] for field in fields if added.arguments.get(field)}
    if "due" in plan and "time" not in fields:
        plan["due"] = str(plan["due"])[:10]  # "same day": the day, not its time
    return plan


def _named_elsewhere(words: str, candidates: list[dict[str, Any]]) -> int | None:
    """The one task the words of another clause name: as said, their subject ("the expense report got rejected"), or
    without their first word ("forget the fence")."""
    words = phrases.without_polite(words)  # "ugh the laundry's piled up again": no "ugh" in a task's name
    words = _I_MEAN.sub("", words)  # "... the roses I mean"
    for quoted in _QUOTED.findall(words):  # "I ticked off 'pay water bill' by mistake": the quotes name it
        if len(found := matching.find(quoted, candidates)) == 1:
            return found[0]["id"]
    phrases_said = []
    for part in (words, *re.split(r"\s+and\s+|\s*,\s*", words)):
        subject = _PREDICATE.split(part, maxsplit=1)[0]
        phrases_said += [
            part,
            subject,
            part.split(" ", 1)[1] if " " in part else "",
            re.sub(r"^(?:the\s+whole|the|my)\s+", "", subject),
        ]
    for phrase in dict.fromkeys(p.strip() for p in phrases_said if p.strip()):
        found = matching.find(phrase, candidates)
        if len(found) == 1:
            return found[0]["id"]
    # A long message names its thing in passing: "I actually submitted the expense report last night, so ...".
    named = {task["id"] for thing in _THINGS.findall(words) for task in matching.find(thing, candidates)}
    if len(named) == 1:
        return named.pop()
    # Or says a whole title among other words: "I haven't called mum yet".
    said_whole = matching.named_in(words, candidates)
    if said_whole:
        return said_whole[0]["id"]
    # Or shares two words or more with one task only: "Marlowe finally sent their statements" of "Chase Marlowe Ltd for
    # bank statements".
    said = set(matching.words(words))
    shared = [(len(said & set(matching.words(t["title"]))), t["id"]) for t in candidates]
    best = max((n for n, _ in shared), default=0)
    ids = [task_id for n, task_id in shared if n == best]
    return ids[0] if best >= 2 and len(ids) == 1 else None


# A thing named with "the" or "my", up to where the sentence goes on about it.
_THINGS = re.compile(
    r"\b(?:the|my|our|that|this)\s+((?:[\w'-]+\s+){0,3}?[\w'-]+?)(?=\s+(?:last|before|after|on|at|in|for|to|from|with|by|is|was|"
    r"are|were|has|have|got|so|and|but|because|yesterday|today|this|earlier|one|task|thing|still|yet|again|now|already|"
    r"[a-z]+ed)\b|"
    r"\s*[,.!?;]|\s*$)",
    re.IGNORECASE,
)


# Where a clause's subject ends: "the garage thing | isn't urgent anymore".
_PREDICATE = re.compile(
    r"\s+(?:got|gets|is|isn'?t|was|wasn'?t|are|aren'?t|were|has|hasn'?t|have|had|will|won'?t|can'?t|needs?|doesn'?t|did|"
    r"didn'?t|should|must)\b|'s\s+(?=\w+ed\b)",
    re.IGNORECASE,
)


def _correct(intent: Intent, messages: list[dict[str, Any]]) -> Reply:
    """A new title for the task the last turn added or renamed ("no wait, call it ...")."""
    changes = _last_changes(messages)
    titled = [c for c in changes if c.name == "add_task" or (c.name == "update_task" and "title" in c.arguments)]
    if len(titled) != 1:
        return Reply(text='Tell me which task to change and how, e.g. "rename buy milk to buy oat milk".', unsure=True)
    change = titled[0]
    title = intent.title or ""
    if ":" in title:  # "it should be John with an h: Call John"
        title = clean_title(title.rsplit(":", 1)[1])
    elif swap := re.fullmatch(r"(.+?),?\s+not\s+(.+)", title, re.IGNORECASE):
        # "make that rome not paris": one word of the title put right.
        old_title = change.result.get("title") or change.arguments.get("title") or ""
        wrong = re.compile(rf"\b{re.escape(swap.group(2).strip())}\b", re.IGNORECASE)
        if found := wrong.search(old_title):
            right = swap.group(1).strip()
            before = old_title[: found.start()].split()
            if before and right.split()[0].lower() == before[-1].lower():
                right = right.split(" ", 1)[1] if " " in right else right  # "for mum not dad" in "... for dad"
            after = old_title[found.end() :].strip()
            if after and right.lower().endswith(" " + after.lower()):
                right = right[: -len(after)].strip()  # "text the landlord not email" in "email the landlord"
            if found.group(0)[:1].islower():
                right = right[:1].lower() + right[1:]
            title = wrong.sub(right, old_title, count=1)
        elif (tags := change.arguments.get("tags") or []) and (old_tag := swap.group(2).strip().lstrip("#").lower()) in tags:
            # "actually it's for home, not office": the tag it was given put right, not the title.
            if new_tag := _A_TAG.fullmatch(swap.group(1).strip()):
                retagged = list(dict.fromkeys(new_tag.group(1).lower() if tag == old_tag else tag for tag in tags))
                return Reply(calls=[("update_task", {"task_id": change.result["task_id"], "tags": retagged})])
            return Reply(text=f"What should the tag '{old_tag}' be instead? I haven't changed anything.", unsure=True)
        else:
            # "X, not Y" where the title has no Y: which part is meant is a guess, and a wrong title is worse than a question.
            return Reply(
                text=f"Which part of '{old_title}' should read '{swap.group(1).strip()}'? I haven't changed anything.",
                unsure=True,
            )
    elif intent.respelt and (old_title := change.result.get("title") or change.arguments.get("title") or ""):
        # "Buy milk" ... "I meant oat milk": the thing meant, done as the title said ("Buy oat milk"); one word that is a
        # slip of a word of the title puts that word right ("Buy gift for maya" ... "its Maia": "Buy gift for Maia").
        verb = old_title.split(" ")[0]
        if (respelt := _respelt(old_title, title)) not in (None, title):
            title = respelt
        elif verb.lower() in ITEM_VERBS and title.split(" ")[0].lower() not in ITEM_VERBS and title:
            title = f"{verb} {title[:1].lower() + title[1:]}" if not title[:2].isupper() else f"{verb} {title}"
    return Reply(calls=[("update_task", {"task_id": change.result["task_id"], "title": title})])


_A_TAG = re.compile(r"(?:for\s+|#)?([a-z][\w-]{0,31})", re.IGNORECASE)


def _the_other_one(messages: list[dict[str, Any]]) -> Reply:
    """The last turn's change moved from the task it named to the other task its words could mean."""
    turns = _turns(messages)
    changes = _last_changes(messages)
    asked = parse(_text(turns[-1][0].get("content"))) if turns and turns[-1][0].get("role") == "user" else None
    if len(changes) != 1 or asked is None or not (asked.ref and asked.ref.words):
        return Reply(text="Which task do you mean? Tell me its number or a few words of its title.", unsure=True)
    change, listed = changes[0], _last_list(outcomes(messages))
    # The sibling: another task sharing all but one of the words the request named ("buy red paint", "buy blue paint").
    named = set(matching.words(asked.ref.words))
    shared = {t["id"]: len(named & set(matching.words(t["title"]))) for t in listed if t["id"] != change.result.get("task_id")}
    pair = [t for t in listed if shared.get(t["id"], 0) >= max(1, len(named) - 1)]
    if len(pair) != 1:
        return Reply(text="Which task do you mean? Tell me its number or a few words of its title.", unsure=True)
    undo = _undo(messages)
    if not undo.calls:
        return undo
    return Reply(
        calls=[
            *undo.calls,
            (change.name, {k: v for k, v in change.arguments.items() if k != "task_id"} | {"task_id": pair[0]["id"]}),
        ]
    )


def _meant_another_task(intent: Intent, messages: list[dict[str, Any]], now: list[ToolOutcome]) -> Reply | None:
    """ "I meant the plants one", after a completion, a deletion or a plan change: that change, moved to the task named.

    None when the last change set a title (then "I meant X" puts the title right) or was more than one change.
    """
    changes = _last_changes(messages)
    undone = (before := _previous_request(messages)) is not None and before.kind == "undo"
    if undone:  # "ugh wrong one, undo" ... "I meant the plants one": what was undone, done to that task
        changes = _last_changes(messages[: _start_of_last_turn(messages)])
    if len(changes) != 1 or changes[0].name == "add_task" or "title" in changes[0].arguments:
        return None
    if changes[0].name == "delete_task":
        return None  # what was deleted cannot be taken back as it was; the model (or the person) says what to do
    shown_now = _fresh_list(now)
    if shown_now is None:
        return _read_everything()
    change = changes[0]
    words = reference(intent.title or "").words or ""
    others = [t for t in shown_now if t["id"] != change.result.get("task_id")]
    found = matching.find(words, others)
    if len(found) != 1:
        return None
    arguments = {k: v for k, v in change.arguments.items() if k != "task_id"} | {"task_id": found[0]["id"]}
    if undone:
        return Reply(calls=[(change.name, arguments)])
    undo = _undo(messages)
    if not undo.calls:
        return undo
    return Reply(calls=[*undo.calls, (change.name, arguments)])


def _start_of_last_turn(messages: list[dict[str, Any]]) -> int:
    """Where the last turn (its user message) starts in `messages`."""
    return max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=0)


def _deleted_last(messages: list[dict[str, Any]]) -> str | None:
    """The title of the one task the last turn that changed anything deleted, when that is all it did."""
    changes = _last_changes(messages)
    return changes[0].result.get("title") if len(changes) == 1 and changes[0].name == "delete_task" else None


def _last_changes(messages: list[dict[str, Any]]) -> list[ToolOutcome]:
    """The successful changes of the last turn that made any."""
    for turn in reversed(_turns(messages)):
        changes = [o for o in outcomes(turn) if o.name in MUTATING_TOOLS and not o.is_error]
        if changes:
            return changes
    return []


def _bulk(intent: Intent, earlier: list[ToolOutcome], now: list[ToolOutcome]) -> Reply:
    """One change to many tasks: those of the last list shown, or every completed one; a large deletion asks first."""
    targets = _last_list(earlier) if intent.scope == "shown" else []
    if not targets:
        # "all of them" with no list shown yet means the whole list; "clear the completed ones" the completed ones.
        shown_now = _fresh_list(now)
        if shown_now is None:
            status = "completed" if intent.scope == "completed" else "all"
            return Reply(calls=[("list_tasks", {"status": status, "limit": MAX_LIST_LIMIT})])
        targets = _in_scope(intent, shown_now)
        if not targets and intent.scope == "words":
            return Reply(text=f"I couldn't find any task matching '{intent.query}', so I didn't change anything.", unsure=True)
        if not targets:
            return Reply(text="You have no completed tasks to clear." if intent.scope == "completed" else "Your list is empty.")
    if intent.named is not None and intent.named != len(targets):
        return Reply(
            text=f"The last list I showed has {len(targets)} tasks; which {intent.named} do you mean? Name them or give their ids."
        )
    if intent.action == "complete":
        targets = [t for t in targets if not t["completed"]]
        if not targets:
            return Reply(text="They are all done already.")
    if intent.action == "delete" and len(targets) > CONFIRM_OVER:
        return _ask_to_delete(targets)
    if intent.action == "update":  # "make both high priority", "tag them all shopping": each keeps its other tags
        seen = earlier + now
        calls = [("update_task", {"task_id": t["id"]} | dict(intent.plan or {})) for t in targets]
        for _, arguments in calls:
            if (intent.adds_tags or intent.keeps_date or intent.keeps_time) and (
                known := _task_state(arguments["task_id"], seen)
            ):
                _keep(intent, arguments, known)
        return Reply(calls=calls)
    tool = "complete_task" if intent.action == "complete" else "delete_task"
    return Reply(calls=[(tool, {"task_id": t["id"]}) for t in targets])


def _in_scope(intent: Intent, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tasks of a list a bulk request names: all of them, or those whose titles have its words."""
    if intent.scope == "words":  # "delete all the email tasks"
        return [task for task in tasks if matching.find(intent.query or "", [task])]
    return list(tasks)


def _ask_to_delete(targets: list[dict[str, Any]]) -> Reply:
    names = ", ".join(f"#{t['id']} {t['title']}" for t in targets)
    return Reply(
        text=f'That would delete {len(targets)} tasks: {names}. Shall I go ahead? Say "yes" and I will; I haven\'t changed anything yet.'
    )


def _numbers_meant(numbers: list[int], shown: list[dict[str, Any]]) -> list[int] | Reply:
    """The task ids bare numbers mean: after a list ("scrap number 1", "finished 1 and 3"), its positions; else ids.

    When a number is also the id of another task shown ("done 3" where #3 is the first), which is meant is a guess, and a
    wrong change is worse than a question.
    """
    if not shown or not all(1 <= n <= len(shown) for n in numbers):
        return numbers
    listed = {task["id"] for task in shown}
    if any(n in listed and shown[n - 1]["id"] != n for n in numbers):
        if len(numbers) == 1:
            return Reply(
                text=f"Do you mean number {numbers[0]} of the list, or task #{numbers[0]}? I haven't changed anything.",
                unsure=True,
            )
        said = " and ".join(str(n) for n in numbers)
        return Reply(
            text=f"Do you mean numbers {said} of the list, or tasks #{said.replace(' and ', ' and #')}? I haven't changed anything.",
            unsure=True,
        )
    return [shown[n - 1]["id"] for n in numbers]


def _by_ids(intent: Intent, now: list[ToolOutcome]) -> Reply:
    """A change to tasks named by their ids; deleting more than a few asks first, naming them."""
    ids = intent.task_ids or []
    if intent.kind == "delete" and len(ids) > CONFIRM_OVER:
        shown_now = _fresh_list(now)
        if shown_now is None:
            return _read_everything()
        named = [task for task in shown_now if task["id"] in ids]
        if len(named) > CONFIRM_OVER:
            return _ask_to_delete(named)
    return Reply(calls=[call for task_id in ids for call in _mutation(intent, task_id).calls])


def _pending_deletion(messages: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The tasks the last turn asked to confirm deleting, as the list that turn read showed them.

    Only those: a task added since the question is not one the person said yes to.
    """
    turns = _turns(messages)
    if not turns or turns[-1][0].get("role") != "user":
        return None
    found = outcomes(turns[-1])
    shown_then = _fresh_list(found)
    if shown_then is None or any(o.name in MUTATING_TOOLS for o in found):
        return None
    asked = parse(_text(turns[-1][0].get("content")))
    if asked.kind == "bulk" and asked.action == "delete":
        before = outcomes([m for turn in turns[:-1] for m in turn])
        targets = _last_list(before) if asked.scope == "shown" else []
        targets = targets or _in_scope(asked, shown_then)
    elif asked.kind == "delete" and asked.task_ids:
        targets = [task for task in shown_then if task["id"] in asked.task_ids]
    else:
        return None
    return targets if len(targets) > CONFIRM_OVER else None


def _asked_whether(messages: list[dict[str, Any]]) -> Intent | None:
    """The change the last turn's message asked about as a question ("should I delete X?"), which changed nothing."""
    turns = _turns(messages)
    if not turns or turns[-1][0].get("role") != "user" or any(o.name in MUTATING_TOOLS for o in outcomes(turns[-1])):
        return None
    said = _text(turns[-1][0].get("content"))
    order = _ASKING_WHETHER.sub("", said).rstrip(" ?")  # "should I delete the gym task?": "delete the gym task"
    asked = parse(order)
    if order == said or asked.kind not in ("complete", "delete", "reopen", "update"):
        return None
    return asked if guards.holding(said, asked.kind) == ["question"] else None


_ASKING_WHETHER = re.compile(
    r"^\s*(?:should|shall|must|do|can)\s+(?:i|we)\s+(?:(?:need|have)\s+to\s+|just\s+|go\s+ahead\s+and\s+)?", re.IGNORECASE
)


def _proposed(messages: list[dict[str, Any]]) -> Intent | None:
    """The add the last turn offered ("Shall I add 'Drink water'?"), when it changed nothing."""
    turns = _turns(messages)
    if not turns or turns[-1][0].get("role") != "user" or any(o.name in MUTATING_TOOLS for o in outcomes(turns[-1])):
        return None
    return proposed(_text(turns[-1][0].get("content")))


def _confirmed_deletion(named: list[dict[str, Any]], now: list[ToolOutcome]) -> Reply:
    """ "yes": delete exactly the tasks the question named, if they are still as it showed them."""
    shown_now = _fresh_list(now)
    if shown_now is None:
        return _read_everything()
    current = {task["id"]: task for task in shown_now}
    if any(
        (now_seen := current.get(task["id"])) is None
        or (now_seen["title"], now_seen["completed"]) != (task["title"], task["completed"])
        for task in named
    ):
        return Reply(
            text="Your list has changed since I asked, so I haven't deleted anything. Ask me again to see what it would delete now."
        )
    return Reply(calls=[("delete_task", {"task_id": task["id"]}) for task in named])


def _undo(messages: list[dict[str, Any]], now: list[ToolOutcome] | None = None) -> Reply:
    """The calls that take back the changes of the last turn that made any, newest first.

    With `now`, the list is read first, and a task that changed after that turn is left as it is: undoing
    an old add must not delete what the person has worked on since.
    """
    changes = _last_changes(messages)
    if not changes:
        return Reply(text="There is nothing to undo yet.")
    if now is not None:
        shown_now = _fresh_list(now)
        if shown_now is None:
            return _read_everything()
        current = {task["id"]: task for task in shown_now}
        if moved := [change for change in changes if _changed_since(change, current)]:
            names = ", ".join(f"'{c.result.get('title', '')}' (task {c.result.get('task_id')})" for c in moved)
            return Reply(text=f"I can't undo that: {names} changed after that, so I've left everything as it is.")
    earlier = outcomes(messages)
    calls, refused = [], []
    for change in reversed(changes):
        task_id, title = change.result.get("task_id"), change.result.get("title", "")
        if change.name == "add_task":
            calls.append(("delete_task", {"task_id": task_id}))
        elif change.name == "complete_task" or change.arguments.get("completed") is True:
            # Reopening takes back the occurrence the completion made, while nobody has changed it (the store does).
            calls.append(("update_task", {"task_id": task_id, "completed": False}))
        elif change.name == "update_task" and change.arguments.get("completed") is False:
            calls.append(("complete_task", {"task_id": task_id}))
        elif change.name == "update_task" and (before := _title_before(earlier, change)):
            calls.append(("update_task", {"task_id": task_id, "title": before}))
        else:
            refused.append(f"'{title}' (task {task_id})")
    if refused and not calls:
        return Reply(text=f"I can't undo that: {', '.join(refused)} is gone or I don't know what it was before.")
    return Reply(calls=calls)


def _changed_since(change: ToolOutcome, current: dict[int, dict[str, Any]]) -> bool:
    """Whether the task a change made or touched is no longer as that change left it."""
    if change.name == "delete_task":
        return False
    task = current.get(change.result.get("task_id"))
    if task is None:
        return True
    if change.name == "add_task":
        made = change.arguments
        due = task["due_date"] and task["due_date"] + (f"T{task['due_time']}" if task.get("due_time") else "")
        return (
            task["title"] != change.result.get("title")
            or task["completed"]
            or (task.get("description") or None) != (made.get("description") or None)
            or (due or None) != (made.get("due") or None)
            or task.get("priority", "none") != (made.get("priority") or "none")
            or set(task.get("tags") or []) != set(made.get("tags") or [])
            or (task.get("recurrence") or None) != (made.get("recurrence") or None)
        )
    if change.name == "complete_task" or change.arguments.get("completed") is True:
        following = change.result.get("next")
        made_next = isinstance(following, dict) and following.get("id")
        next_now = current.get(following["id"]) if made_next else None
        return not task["completed"] or bool(made_next and (next_now is None or next_now["completed"]))
    if change.arguments.get("completed") is False:
        return bool(task["completed"])
    if "title" in change.arguments:
        return task["title"] != change.result.get("title")
    return False


def _without_verb(words: str) -> str | None:
    """The words without a leading verb of the person's own doing ("cancel my gym" -> "my gym")."""
    first, _, rest = words.partition(" ")
    verbs = set(PAST_TENSE.values()) | ITEM_VERBS
    return rest if rest and first.lower() in verbs else None


def _previous_request(messages: list[dict[str, Any]]) -> Intent | None:
    """What the person asked in the turn before this one."""
    turns = _turns(messages)
    if not turns or turns[-1][0].get("role") != "user":
        return None
    return parse(_text(turns[-1][0].get("content")))


def _turns(messages: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The messages split into turns, each starting at a user message."""
    turns: list[list[dict[str, Any]]] = []
    for message in messages:
        if message.get("role") == "user" or not turns:
            turns.append([])
        turns[-1].append(message)
    return turns


def _title_before(outcomes: list[ToolOutcome], change: ToolOutcome) -> str | None:
    """The title a task had before `change` renamed it, from what the conversation saw of it earlier."""
    task_id, seen = change.result.get("task_id"), None
    for outcome in outcomes:
        if outcome is change or (outcome.name == change.name and outcome.result == change.result):
            break
        if outcome.is_error:
            continue
        if isinstance(outcome.result, dict) and outcome.result.get("task_id") == task_id:
            seen = outcome.result.get("title")
        elif isinstance(outcome.result, list):
            seen = next((t["title"] for t in outcome.result if t.get("id") == task_id), seen)
    return seen if seen != change.result.get("title") else None


def _detail(intent: Intent, earlier: list[ToolOutcome], now: list[ToolOutcome]) -> Reply:
    """What one task is about: found by id, "it", or words, in a list read for it."""
    tasks = _fresh_list(now)
    if tasks is None:
        return _read_everything()
    ref = intent.ref or Reference()
    task_id = ref.task_id if ref.task_id is not None else (last_acted_on(earlier) if ref.pronoun else None)
    found = [t for t in tasks if t["id"] == task_id] if task_id is not None else matching.find(ref.words or "", tasks)
    if len(found) == 1:
        return Reply(text=replies.for_detail(found[0]))
    if not found:
        return Reply(text="I couldn't find that task on your list.", unsure=True)
    names = ", ".join(f"#{t['id']} {t['title']}" for t in found)
    return Reply(text=f"{QUESTION} {names}?", unsure=True)


def _pick(intent: Intent, words: str, candidates: list[dict[str, Any]]) -> Reply:
    """Act on the one task `words` names among `candidates`, or ask, or say none matches."""
    found = _named_by(intent, words, candidates)
    if not found and intent.kind in ("complete", "delete", "reopen") and (several := _each_named(words, candidates)):
        return Reply(calls=[call for task in several for call in _mutation(intent, task["id"]).calls])
    found = found or _named_first(words, candidates)
    if not found:
        return Reply(text=f"I couldn't find a task matching '{words}', so I didn't change anything.", unsure=True)
    if len(found) > 1:
        names = ", ".join(f"#{t['id']} {t['title']}" for t in found[:-1]) + f" or #{found[-1]['id']} {found[-1]['title']}"
        return Reply(text=f"{QUESTION} {names}? I haven't changed anything yet.", unsure=True)
    if intent.kind == "reopen" and found[0].get("completed") is False:
        return Reply(text=f"'{found[0]['title']}' is still open, so there is nothing to reopen.")
    if intent.respelt and intent.title and (respelt := _respelt(found[0]["title"], intent.title)) != intent.title:
        if respelt is None:
            return Reply(
                text=f"Which word of '{found[0]['title']}' should read '{intent.title}'? I haven't changed anything.", unsure=True
            )
        intent.title = respelt
    if intent.drops_tag is not None:
        tags = found[0].get("tags") or []
        if intent.drops_tag not in tags:
            return Reply(text=f"'{found[0]['title']}' has no tag '{intent.drops_tag}', so I didn't change anything.")
        kept = [t for t in tags if t != intent.drops_tag]
        added = [t for t in (intent.plan or {}).get("tags") or [] if t not in kept]  # "from home to garden"
        return Reply(calls=[("update_task", {"task_id": found[0]["id"], "tags": kept + added})])
    return _mutation(intent, found[0]["id"])


def _named_by(intent: Intent, words: str, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tasks among `candidates` that the request's words name."""
    owned = bool(intent.ref and intent.ref.owned)
    found = matching.find(words, candidates, as_noun=owned) or (matching.named_in(words, candidates) if not owned else [])
    if not found and intent.ref and intent.ref.loose and (rest := _without_verb(words)):
        found = matching.find(rest, candidates)  # "cancel my gym": the gym task, whatever its verb
    return found


_LONGEST_NAME = 8


def _named_first(words: str, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "the church flowers Margaret is doing them herself": the one task the first words name, then why, no comma between."""
    said = words.split()[: _LONGEST_NAME + 1]  # a name is a few words: the work stays small however long the message
    for end in range(len(said) - 1, 2, -1) if len(said) >= 5 and not re.search(r"\band\b|,", words) else ():
        if len(shorter := matching.find(" ".join(said[:end]), candidates)) == 1:
            return shorter
    return []


def _respelt(title: str, said: str) -> str | None:
    """The title with the one word `said` puts right ("Buy brocoli", "broccoli": "Buy broccoli"); `said` itself when it
    is a whole new title; None when no word of the title is a slip of it."""
    if len(said.split()) > 1 or len(title.split()) == 1:
        return said
    words = title.split()
    near = [i for i, word in enumerate(words) if 0 < OSA.distance(word.lower(), said.lower(), score_cutoff=2) <= 2]
    if len(near) != 1:
        return None
    right = said if words[near[0]][:1].isupper() else said[:1].lower() + said[1:]
    return " ".join(words[: near[0]] + [right] + words[near[0] + 1 :])


def _each_named(words: str, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "call the bank and email sarah": the tasks each part names, when every part names exactly one, all different."""
    parts = [part for part in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", words) if part.strip()]
    if len(parts) < 2 or len(parts) > CONFIRM_OVER:
        return []
    # Each part names its task by more than the verb its title starts with ("the pay task" is not enough).
    # ("the hoovering" names the doing, so it may be the title's verb: "Hoover the stairs").
    found = [matching.find(part, candidates, as_noun=not part.strip().lower().endswith("ing")) for part in parts]
    tasks = [one[0] for one in found if len(one) == 1]
    return tasks if len(tasks) == len(parts) and len({t["id"] for t in tasks}) == len(tasks) else []


def _open_question(messages: list[dict[str, Any]]) -> tuple[Intent, list[dict[str, Any]] | None] | None:
    """The request and its options when the last turn asked "which one do you mean?" (options None: "which task?",
    with none to offer).

    Found again from that turn's own request and list_tasks result, never read back from our sentence:
    a turn that looked a task up by words, found several, and changed nothing, asked which; a turn that said
    "it" with nothing said before it to point at, and read nothing, asked which task.
    """
    asked_at = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=None)
    if asked_at is None:
        return None
    intent = parse(_text(messages[asked_at].get("content")))
    ref = intent.ref
    if intent.kind not in ("complete", "reopen", "delete", "update") or ref is None:
        return None
    found = outcomes(messages[asked_at + 1 :])
    if ref.pronoun and not ref.fallback_words and not found and last_acted_on(outcomes(messages[:asked_at])) is None:
        return intent, None  # "move it to Friday" first thing: "Which task do you mean?"
    words = ref.words or (ref.fallback_words if ref.pronoun else None)
    shown_then = _fresh_list(found)
    if not words or shown_then is None or any(o.name in MUTATING_TOOLS for o in found):
        return None
    options = _named_by(intent, words, _fitting(intent, shown_then))
    return (intent, options) if len(options) > 1 else None


def _unanswered_mention(messages: list[dict[str, Any]]) -> str | None:
    """The words of the turn before, when it touched no tool: what it talked about may be what "it" is now."""
    asked_at = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=None)
    if asked_at is None or outcomes(messages[asked_at + 1 :]):
        return None
    return _text(messages[asked_at].get("content")) or None


def _fitting(intent: Intent, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tasks a request can be about: completing names an open task, reopening a completed one."""
    if intent.kind in ("complete", "reopen"):
        fitting = [t for t in candidates if t["completed"] == (intent.kind == "reopen")]
        return fitting or candidates
    return candidates


def _mutation(intent: Intent, task_id: int) -> Reply:
    arguments: dict[str, Any] = {"task_id": task_id}
    if intent.kind == "reopen":
        return Reply(calls=[("update_task", arguments | {"completed": False})])
    if intent.kind == "update":
        if intent.title:
            arguments["title"] = intent.title
        if intent.description is not None:
            arguments["description"] = intent.description
        arguments |= intent.plan or {}
    return Reply(calls=[(f"{intent.kind}_task", arguments)])


def outcomes(messages: list[dict[str, Any]]) -> list[ToolOutcome]:
    """Each tool result in `messages`, paired with the call that asked for it."""
    calls: dict[str, tuple[str, dict[str, Any]]] = {}
    found = []
    for message in messages:
        if message.get("role") == "assistant":
            for call in message.get("tool_calls") or []:
                function = call.get("function") or {}
                try:
                    arguments = json.loads(function.get("arguments") or "{}")
                except json.JSONDecodeError:
                    arguments = {}
                calls[call.get("id")] = (function.get("name", ""), arguments if isinstance(arguments, dict) else {})
        elif message.get("role") == "tool" and message.get("tool_call_id") in calls:
            name, arguments = calls[message["tool_call_id"]]
            found.append(read_tool_message(name, arguments, _text(message.get("content"))))
    return found


def last_acted_on(outcomes: list[ToolOutcome]) -> int | None:
    """The task the conversation last touched, if one."""
    for outcome in reversed(outcomes):
        if outcome.is_error:
            continue
        if isinstance(outcome.result, dict) and outcome.result.get("task_id") and outcome.result.get("status") != "deleted":
            return outcome.result["task_id"]
        if isinstance(outcome.result, list) and len(outcome.result) == 1:
            return outcome.result[0]["id"]
    return None


def _last_list(outcomes: list[ToolOutcome]) -> list[dict[str, Any]]:
    return _fresh_list(outcomes) or []


def _fresh_list(outcomes: list[ToolOutcome]) -> list[dict[str, Any]] | None:
    """The tasks the last list read among these outcomes returned, or None when none was read."""
    for outcome in reversed(outcomes):
        if outcome.name == "list_tasks" and not outcome.is_error and isinstance(outcome.result, list):
            return outcome.result
    return None


def _read_everything() -> Reply:
    """Read as much of the list as one call may return, to find tasks in it."""
    return Reply(calls=[("list_tasks", {"status": "all", "limit": MAX_LIST_LIMIT})])


def _known_completed(task_id: int, outcomes: list[ToolOutcome]) -> bool | None:
    """Whether the conversation last saw the task done (True), open (False), or never said (None)."""
    for outcome in reversed(outcomes):
        if outcome.is_error:
            continue
        if isinstance(outcome.result, list):
            for task in outcome.result:
                if isinstance(task, dict) and task.get("id") == task_id:
                    return bool(task.get("completed"))
        elif isinstance(outcome.result, dict) and outcome.result.get("task_id") == task_id:
            if outcome.name == "complete_task":
                return True
            if outcome.name == "add_task":
                return False
            if "completed" in outcome.arguments:
                return bool(outcome.arguments["completed"])
    return None


def _shown(outcomes: list[ToolOutcome]) -> list[dict[str, Any]]:
    """What "the first one" counts in: the tasks added last, when several were added after the last list shown
    ("add milk and eggs" ... "remove the second one"), else the last list."""
    added: list[dict[str, Any]] = []
    for outcome in reversed(outcomes):
        if outcome.name == "add_task" and not outcome.is_error and isinstance(outcome.result, dict):
            added.insert(0, {"id": outcome.result.get("task_id"), "title": outcome.result.get("title", ""), "completed": False})
        elif outcome.name != "list_tasks" or added:
            break
        else:
            return outcome.result if not outcome.is_error and isinstance(outcome.result, list) else []
    return added if len(added) > 1 else _last_list(outcomes)


def _text(content: Any) -> str:
    if isinstance(content, list):  # content parts
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content or ""
