"""What a person's message asks for: the offline engine's reading of plain English."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from chatbot.engine import grammar, guards, phrases, reminding
from chatbot.engine.lexicon import GERUNDS, ITEM_VERBS, PAST_TENSE
from chatbot.engine.reading import INTERJECTION, MOVE_IT, mend_commands, normalize, split_items, strip_lead_in
from chatbot.engine.slots import Slots, cleared, take_slots

Kind = Literal[
    "add",
    "list",
    "complete",
    "reopen",
    "delete",
    "update",
    "detail",
    "undo",
    "bulk",
    "confirm",
    "correct",
    "other",
    "again",
    "help",
    "smalltalk",
    "hold",
    "unknown",
]
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
    "final": -1,
}


@dataclass
class Reference:
    """How the message points at a task: by id, by 'it', by position in the last list, or by words."""

    task_id: int | None = None
    pronoun: bool = False
    ordinal: int | None = None
    words: str | None = None
    fallback_words: str | None = None
    # Several positions at once: "the first and last ones".
    ordinals: list[int] | None = None
    # Words taken from another clause ("i cancelled my gym so remove that task"): matched more loosely.
    loose: bool = False
    # Said as "number 3" or "3", which after a numbered list may be its position rather than an id.
    numbered: bool = False
    # One thing named as someone's ("my book"): a thing, never the verb a title starts with ("Book the vet").
    owned: bool = False
    # For "it": what the turn before talked about, when that turn touched no tool ("I haven't called mum yet").
    topic: str | None = None


@dataclass
class Intent:
    kind: Kind
    title: str | None = None
    description: str | None = None
    status: str = "all"
    ref: Reference | None = None
    # Several things to add at once ("milk, eggs and bread"): their titles, in order.
    items: list[str] | None = None
    # Several tasks to complete at once ("walked the dog and fed the cat"): the words naming each.
    targets: list[str] | None = None
    # Several tasks named by id ("delete #12 and #14").
    task_ids: list[int] | None = None
    # "how many ...?": the answer is a number, not the list.
    count: bool = False
    # A bulk change: what to do ("complete", "delete") to which tasks ("shown": the last list; "completed").
    action: str | None = None
    scope: str | None = None
    # How many tasks the person named ("those two"), to check against the list.
    named: int | None = None
    # Words to search titles and descriptions for ("search for contract").
    query: str | None = None
    # A list's tag taken from a kind of task named ("my landlord tasks"), not said as a tag: when no task has that
    # tag, the word is searched for instead.
    kind_named: bool = False
    # Planning fields to set or clear ("tomorrow at 5pm", "urgent", "#home", "every Monday"): tool arguments.
    plan: dict[str, Any] | None = None
    # How to filter and sort a list ("what's due today?", "show my work tasks"): list_tasks arguments.
    filters: dict[str, Any] | None = None
    # Each item's own plans, when several are added at once.
    item_plans: list[dict[str, Any]] | None = None
    # A plan change that keeps part of what the task has: its tags ("also tag it X"), its date ("make that
    # 8:30": the time alone), its time ("Friday, same time").
    adds_tags: bool = False
    keeps_date: bool = False
    keeps_time: bool = False
    # The grammar row that read the clause (`grammar.py`), when one did: what the fast path trusts.
    row: str | None = None
    # "what's due on Friday?": the one day a list is about (its tasks are read from the upcoming ones).
    day: date | None = None
    # "remove the urgent tag from X": the one tag to take off, the others kept (known from the list).
    drops_tag: str | None = None
    # "make it 9": an hour said alone, which keeps the side of noon the task's time is on.
    bare_hour: bool = False
    # Why a change the words seem to ask for is not made ("... still isn't paid"): what the engine says instead.
    reason: str | None = None
    # "fix the typo in X, should be broccoli": the word put right, in the title as it is.
    respelt: bool = False
    # "push it back by a day": how many days the task's due date moves (back is later).
    shift_days: int | None = None
    # "and buy glue sticks, same day": the plans to take from the task added before ("due", "tags", "priority").
    same: list[str] | None = None
    # "remind me about it 30 minutes before": minutes before the task's due (known from what the conversation saw).
    remind_before: int | None = None
    # "change the reminder for the meeting to 9am": the reminder's new time, on the day it already reminds (or is due).
    remind_clock: str | None = None
    # "remind me in 2 hours to check the oven": minutes from the user's now (known when the plan is made).
    remind_in: int | None = None

    def copy(self) -> Intent:
        """A copy the planner may change: the shared reading of a message stays as it was read."""
        copied = object.__new__(Intent)  # a shallow copy (as copy.copy, at a fifth of its cost), then fresh containers
        copied.__dict__.update(self.__dict__)
        copied.ref = copy.copy(self.ref)
        copied.plan = dict(self.plan) if self.plan is not None else None
        copied.filters = dict(self.filters) if self.filters is not None else None
        return copied


# Patterns the rules below use, compiled once.
_BANGS = re.compile(r"\s(!{2,})\s*$")
# "..., because ...", "... so I ...": what follows is why, not what.
_BECAUSE = re.compile(r"\s+(?:so\s+(?:that\s+)?i|because|cause|cos|coz|cuz|bc|b/c|since)\s+", re.IGNORECASE)
_AN_HOUR = re.compile(r"\d{1,2}(?::\d\d)?")
_SAID_OF_IT = re.compile(r"\b(?:it|that)\s+is\b|\b(?:it|that)'?s\b")
# A question naming the tasks, and words that put things on or take them off the list instead.
_THE_TASKS = re.compile(r"\b(tasks|todos|to-dos|my list)\b|\b(?:completed|done|finished|pending|open)\s+ones\b")
_ONTO_OR_OFF = re.compile(r"^(?:did|done|finished)\b|\b(?:back\s+on|(?:on|onto|to|off|from)\s+my\s+list)\b")
_EVERY_STATUS = re.compile(r"\b(?:all|every|done|completed|finished|including)\b")
_DROPPED_AT = re.compile(r"\s+(?:off\s+)?(?:at|to|with)\s+(?:the\s+|my\s+|mum'?s\s+|\w+'s\s+)?\w+", re.IGNORECASE)
_TO_A_PLAN = re.compile(
    r"\bto\s+(?:low|medium|high|urgent|normal|none|tomorrow|today|next\s+\w+|\w+day)(?:\s+priority)?(?:\s*[,;].*)?$",
    re.IGNORECASE,
)
_QUOTED_NAME = re.compile(r"['\"\u201c\u2018]([^'\"\u201c\u201d\u2018\u2019]{2,80})['\"\u201d\u2019]")
_GAPS = re.compile(r"[,;:\s]+")
_SAID_ABOUT = re.compile(r"(,|[?!]|(?<!\.)\.\s)")
_TASK_OR_ID = re.compile(r"\b(?:task|id)\b", re.IGNORECASE)
_MONTHLY_ON = re.compile(r"\b(every\s+month|each\s+month|monthly),\s+(?=on\s+the\s+)", re.IGNORECASE)
_COMMAS = re.compile(r"\s*[,;]\s*|(?<=\w)\.\s+(?=(?:please\s+|pls\s+)?(?:add|save|put)\b)")
# How a list question names its status: "in total", "what's left", "what all tasks are pending", "everything".
_IN_TOTAL = re.compile(r"\b(?:in\s+total|total|altogether|overall|in\s+all)\b|\b(?:done|finished|completed)\s+(?:and|or)\s+not\b")
_LEFT = re.compile(r"\b(?:left|remaining|remains|outstanding)\b")
_ALL_PENDING = re.compile(r"\ball\s+(?:my\s+|the\s+)?tasks\s+(?:are|that\s+are)\s+(?:pending|open)\b")
_EVERYTHING = re.compile(r"\b(all|every|everything|including|both)\b")
_ALL_OF_A_STATUS = re.compile(
    r"\ball\s+(?:the\s+)?(?:open|pending|done|completed|finished|remaining)\b|"
    r"\b(?:everything|all|anything)\s+(?:that\s+)?(?:i'?ve|i\s+have|i|we'?ve|we\s+have)\s+(?:already\s+)?(?:done|finished|completed|ticked\s+off|got\s+through)\b|"
    r"\b(?:everything|all|anything)\s+(?:that'?s|that\s+is|which\s+is|that\s+are|still)\s+(?:still\s+)?(?:open|pending|left|outstanding|undone|to\s+do)\b"
)  # "show me everything I've finished": the finished ones
_SAME_TIME = re.compile(r"\bsame\s+time\b", re.IGNORECASE)
_NOT_AT_END = re.compile(r"\b(?:not|un)$", re.IGNORECASE)
_ALL_QUOTED = re.compile(r"\s*(['\"\u201c\u2018]).*(['\"\u201d\u2019])\s*")


# The engine reads at most this much of a message, and adds at most this many things from one.
READ_AT_MOST = 1000
MOST_ITEMS = 50
MOST_PIECES = 12
TOO_LONG = f"That message is too long for me to read safely (over {READ_AT_MOST:,} characters), so I haven't changed anything. Could you send it in shorter pieces?"

# The user's today while a message is read: relative dates ("tomorrow", "on Friday") resolve against it.
_TODAY: ContextVar[date | None] = ContextVar("today", default=None)


def today() -> date:
    return _TODAY.get() or date.today()


def parse(message: str, on: date | None = None) -> Intent:
    """Read one message into an intent; `unknown` when it asks for nothing we can do.

    The stages: normalise (symbols, spaces, a bulleted list into one line), mend a misspelt command
    word, then read the whole message, or else its clauses one by one; then the hold stage
    (`guards.py`). Dates resolve against `on` (the user's today; the server's when not given).
    A message is read once: the planner, the fast path and the reply of one turn share its reading.
    """
    return _read_once(message, on or today()).copy()


@functools.lru_cache(maxsize=512)
def _read_once(message: str, on: date) -> Intent:
    if len(message) > READ_AT_MOST:
        return Intent("hold", reason=TOO_LONG)
    token = _TODAY.set(on)
    try:
        # "at 6pm remind me to feed the cat", "I need a reminder at 7:30 tomorrow to ...": read as "remind me to ... <when>"
        new = reminding.as_an_add(message, on)
        said = new.text if new else message
        intent = _reminder_change(message, on) or _parse(said)
        if (
            intent.kind == "add"
            and not intent.row
            and _AND_OR_COMMA.search(said)
            and not asks_to_add(normalize(said))
            and (done := _each_done(normalize(said)))
        ):
            # "sign up sheets printed and hall booked": things said done, each of them, not one thing to do
            intent = Intent("complete", targets=done, ref=Reference(words=done[0]))
    finally:
        _TODAY.reset(token)
    # A plan change made to several tasks is held as a change, not as a deletion ("move them all to friday").
    kind = "update" if intent.kind == "bulk" and intent.action == "update" else intent.kind
    # "remind me 20 mins before I pick up Emma": the "before" is when to remind, not a condition on doing it.
    held = guards.hold(reminding.untimed(message) if intent.remind_before is not None else message, kind)
    if held is not None and (after := _BUT_THEN.search(message)) is not None:
        # "don't tick off the report yet, but the email to Sarah is done": the negation holds what comes before "but"; what
        # comes after, when it names its own task and nothing holds it, is said on its own
        tail = message[after.end() :]
        said_after = _parse(tail) if guards.hold(tail, kind) is None else None
        if said_after is not None and said_after.kind == intent.kind and said_after.ref and said_after.ref.words:
            intent, held = said_after, None
    if held is not None:
        return Intent("hold", reason=held)
    if new is not None and new.in_minutes is not None and intent.kind == "add" and not intent.items:
        intent.remind_in = new.in_minutes
    if intent.kind == "add" and intent.title and not intent.items and phrases.FORGETTING.match(normalize(message)):
        # "I keep forgetting to drink water": a wish, maybe; asked, not added. "yes" adds it (planner._proposed).
        return Intent("hold", reason=f"Shall I add '{intent.title}' to your list? Say yes and I will.")
    if intent.kind == "add" and not intent.items and (intent.plan or {}).get("due") and reminding.asks_reminder(said):
        # "remind me at 5pm to call mom", "remind me tomorrow morning to ...": reminded when it is due (at the part of
        # the day said, or in the morning, when only a day is)
        day, _, clock = intent.plan["due"].partition("T")
        intent.plan["remind_at"] = f"{day}T{clock or reminding.part_of_day(said)}"
    if intent.kind == "add" and (instead := _not_an_add(intent, message, on)) is not None:
        return instead
    if intent.item_plans and len(intent.item_plans) > 1 and _DAY_AT_THE_END.search(said):
        # "walk Biscuit 8am and walk Luna 12pm tomorrow": the day said last is the day of each time said alone
        intent.item_plans = _times_on_the_last_day(intent.item_plans, on)
    if intent.items and len(intent.items) > MOST_ITEMS:
        intent.reason = (
            f"That was {len(intent.items)} things, more than I add from one message, so I added the first {MOST_ITEMS}."
        )
        intent.items, intent.title = intent.items[:MOST_ITEMS], intent.items[0]
        intent.item_plans = intent.item_plans[:MOST_ITEMS] if intent.item_plans else None
    return intent


def _not_an_add(intent: Intent, message: str, on: date) -> Intent | None:
    """What to do instead of an add whose words name no thing to do: a question back, help, or a plan of "it"."""
    titles = intent.items or [intent.title or ""]
    one = None if intent.items else intent.title or ""
    if any(_NO_THING.fullmatch(title) or INTERJECTION.fullmatch(title) for title in titles):
        return Intent("hold", reason=_NO_THING_SAID)  # "add all three", "add both": which things was not understood
    if _ASKS_WHAT_IT_CAN.match(message) and (
        any(_ABOUT_TASKS.search(title) for title in titles) or _ADD_A_FEATURE.search(message)
    ):
        return Intent("help", scope="asked")  # "can you put times on tasks as well as dates?": a question about me
    if one is not None and _A_TASK_CHANGED.search(one) and not asks_to_add(normalize(message)):
        # "Make the paint task about buying white paint": a change to a task named, never a to-do called so
        return Intent("hold", reason="Which task should I change, and how? Tell me its number or a few words of its title.")
    if one is not None and (about := _ABOUT_THE_LIST.fullmatch(one)):
        # "need to delete a task": a change to the list, its task not named yet; never a task called "Delete a task"
        return Intent(
            "hold", reason=f"Sure. Which task should I {about.group(1).lower()}? Tell me its number or a few words of its title."
        )
    if any(_CUT_OFF.search(title) for title in titles):
        return Intent("hold", reason=_CUT_OFF_SAID)  # "Then record in its": a title cut off before its word, never added
    if one is not None and _PUT_FOR.match(message) and _only_plans(plans_said := _PUT_FOR.sub("", message).strip(" .!?")):
        # "put for sunday": the plans of the task just talked about, said without "it"
        return _plan_change(Reference(pronoun=True), take_slots(plans_said, on)[1], message)
    if intent.title and any(_only_plans(title) for title in titles):
        return Intent("hold", reason=_ONLY_PLANS_SAID)  # "todo: high priority": when or how urgent, but not what
    if one is not None and (intent.plan or {}).get("due") and _TWO_DAYS_SAID.search(one):
        # "add chem hw for tmrw and english essay for the day after": two things with a day each, read as one
        return Intent("hold", reason=_TWO_THINGS_TWO_DAYS)
    return None


_BUT_THEN = re.compile(r"(?:,|;|\.)?\s+but\s+(?!not\b|don'?t\b|never\b)", re.IGNORECASE)
_TWO_DAYS_SAID = re.compile(
    rf"\s(?:and|&|then)\s.*\b(?:{phrases.DAY_NAMED})\b|\b(?:on|by|for)\s+(?:{phrases.DAY_NAMED})\b.*\s(?:and|&|then)\s",
    re.IGNORECASE,
)
_ABOUT_THE_LIST = re.compile(
    r"(add|create|delete|remove|change|edit|update|rename|move|mark|complete|tick\s+off|reopen)\s+(?:a|an|one|some|another|a\s+few|"
    r"(?:one|some)\s+of\s+(?:my|the))?\s*(?:new\s+)?(?:tasks?|todos?|to-dos?|items?|reminders?|things?|something|entry|entries)",
    re.IGNORECASE,
)
_NO_THING = re.compile(
    # ("add it", "add them" are the planner's: the things the turn before mentioned)
    r"(?:all|both|the\s+lot|(?:all|the)\s+(?:two|three|four|five|[2-9]))(?:\s+(?:of\s+them|please|pls|too))?|no|nope|nah|wait|actually",
    re.IGNORECASE,
)
_NO_THING_SAID = (
    "I'm not sure which things you mean, so I haven't added anything. Could you list them, one per line or with commas?"
)
# (not "in" or "on": "Check in", "Switch the heating on" end so)
_CUT_OFF = re.compile(r"\b(?:its|the|a|an|my|your|our|their|of|to|into|with|and|or)$", re.IGNORECASE)
_CUT_OFF_SAID = "I'm not sure what the task should say, so I haven't added anything. Could you say it again, in quotes?"
_PUT_FOR = re.compile(
    r"^(?:(?:ok|okay|and|so|then|please|pls)[\s,]+)*(?:put|set|make|move|push|change)\s+(?=(?:for|to|on|at|till|until)\b)", re.I
)
_ASKS_WHAT_IT_CAN = re.compile(
    r"^\s*(?:(?:hi|hey|hello|so|ok)[\s,!.]+)*(?:can|could|do|will|would)\s+(?:you|u)\b[^?]*\?\s*$|^\s*(?:is\s+it\s+possible|are\s+you\s+able)\b[^?]*\?\s*$",
    re.IGNORECASE,
)
_ADD_A_FEATURE = re.compile(
    r"\b(?:add|put|set|give|have|make|use)\s+(?:tasks|reminders|times|dates|due\s+times|priorities|tags|notes|repeats?)\b",
    re.IGNORECASE,
)
_ABOUT_TASKS = re.compile(r"\b(?:tasks|todos|to-dos|reminders|dates|times|priorities|tags|notes|items|lists)\b", re.IGNORECASE)
_A_TASK_CHANGED = re.compile(
    r"^(?:make|set|change|turn|update)\s+(?:the\s+|my\s+)\S+(?:\s+\S+)?\s+(?:task|one|deadline|due\s+date|priority)\b",
    re.IGNORECASE,
)
_ONLY_PLANS_SAID = "I heard when or how urgent, but not what to do, so I haven't added anything. What's the task?"
_TWO_THINGS_TWO_DAYS = (
    "That sounds like more than one thing, each with its own day, so I haven't added anything yet. "
    "Could you send them one at a time, each with its day?"
)


_DAY_AT_THE_END = re.compile(
    r"\b(?:tomorrow|tmrw|(?:mon|tues|wednes|thurs|fri|satur|sun)day|next\s+\w+)\s*[.!?]*$", re.IGNORECASE
)


def _times_on_the_last_day(plans: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """Each plan whose time was said alone (so today's), moved to the day the last plan was given."""
    day = str(plans[-1].get("due") or "")[:10]
    if not day or day == on.isoformat():
        return plans
    alone = f"{on.isoformat()}T"
    return [p | {"due": day + p["due"][10:]} if str(p.get("due") or "").startswith(alone) else p for p in plans]


_HELP_ME_TO = re.compile(
    r"^(?:(?:can|could)\s+(?:you|u)\s+)?(?:please\s+)?help\s+me\s+(?:to\s+)?(?=(?:add|create|put|delete|remove|mark|move|make)\b)",
    re.IGNORECASE,
)
_AND_OR_COMMA = re.compile(r"\s+and\s+|,", re.IGNORECASE)


def _reminder_change(message: str, on: date) -> Intent | None:
    """A reminder set, moved or cleared on a task already on the list ("remind me about the dentist on Friday at 9",
    "remind me about it 30 minutes before", "don't remind me about that"), or None."""
    said = reminding.about_a_task(message, on)
    if said is None:
        return None
    plan = {} if said.before is not None or said.clock else {"remind_at": said.at}
    return Intent("update", ref=reference(said.ref), plan=plan, remind_before=said.before, remind_clock=said.clock)


def mentioned(message: str, on: date | None = None) -> Intent | None:
    """The add a message that only mentions a thing to do makes ("I might need to get the car serviced at some point,
    not sure yet"), for "add it" in the next turn; None when it names no one thing."""
    token = _TODAY.set(on or today())
    try:
        said = _HEDGED.sub("", normalize(message).split(". ")[0]).strip()
        intent = _read_add(f"add {said}") if said else None
    finally:
        _TODAY.reset(token)
    return intent if intent is not None and intent.kind == "add" and intent.title and not intent.items else None


# How a thing to do is mentioned without being asked for: "I might need to", "maybe I should", "I'll probably have to".
_HEDGED = re.compile(
    r"^(?:(?:hmm+|so|well|ok(?:ay)?)[\s,]+)*(?:maybe\s+|perhaps\s+)?(?:i\s+)?(?:might|may|should|could|'?ll|will|probably|"
    r"think\s+i|guess\s+i)(?:\s+(?:probably|really|also|at\s+some\s+point))?\s+(?:need|have|want|ought|got)\s+to\s+"
    r"|,?\s*(?:not\s+sure(?:\s+yet)?|maybe|i\s+think|i\s+guess|probably)\s*$",
    re.IGNORECASE,
)


def proposed(message: str, on: date | None = None) -> Intent | None:
    """The add a message like "I keep forgetting to X" would make, which the engine asked about instead."""
    if not phrases.FORGETTING.match(normalize(message)):
        return None
    token = _TODAY.set(on or today())
    try:
        intent = _parse(message)
    finally:
        _TODAY.reset(token)
    return intent if intent.kind == "add" and intent.title and not intent.items else None


@contextmanager
def reading_on(on: date | None) -> Iterator[None]:
    """Every message parsed inside the block reads relative dates against `on`."""
    token = _TODAY.set(on)
    try:
        yield
    finally:
        _TODAY.reset(token)


def _parse(message: str) -> Intent:
    text, bulleted = _one_line(normalize(message))
    if len(numbered := re.split(r"(?:^|\s)\d{1,2}[.)]\s+", text)) > 2:  # "I need to: 1) email Raj 2) print the tickets"
        text, bulleted = f"{numbered[0].strip()} " + "; ".join(part.strip(" ;,.") for part in numbered[1:] if part.strip()), True
    text = _THINGS_DASH.sub(r"\1: ", text)  # "couple of things for this weekend - X and Y": a heading, then the things
    if (headed := _plans_then_things(text)) is not None:
        return headed
    if (
        (changed := _MIND_CHANGED.search(text))
        and re.search(r"\w", text[: changed.start()])
        and (settled := _mind_changed(text[: changed.start()], text[changed.end() :])) is not None
    ):
        return settled
    said_of_it = _IT_LEFT_OUT.sub("it is ", _WAIT_FIRST.sub("", text))  # "wait its actually due thursday", "Is for Monday"
    if phrases.SAID_OF_IT.match(phrases.without_polite(said_of_it)):
        text = said_of_it
        rest, slots = take_slots(text, today())
        left = re.sub(r"[,;.!]+", " ", phrases.without_polite(rest)).strip()
        if slots and (not left or phrases.PLAN_LEFTOVER.fullmatch(re.sub(r"\s+", " ", left))):
            return _plan_change(Reference(pronoun=True), slots, text)  # "also it's very important, high priority please"
    if (
        _CHANGE_WORDS.search(text)
        and (named_first := _NAMED_THEN_MOVED.match(text))
        and _a_subject(name := (named_first.group(1) or named_first.group(3)))
        and not _NO_TASK_NAME.match(name.strip())
        and _names_a_thing(name.strip())
        and not phrases.COMMAND.match(name.strip())
        and (when := take_slots(named_first.group(2) or named_first.group(4), today()))[1]
        and not when[0].strip(" ,.!?")
    ):
        return _plan_change(reference(name), when[1], text)  # "Call Airbnb host, please change to tomorrow"
    intent = _read(mend_commands(text))
    if intent.kind in ("complete", "delete", "reopen") and len(ids := phrases.IDS.findall(text)) > 1:
        intent.task_ids = [int(task_id) for task_id in ids]  # "mark #12 and #14 done"
    elif intent.kind in ("complete", "delete", "reopen") and intent.ref and _BARE_IDS.fullmatch(intent.ref.words or ""):
        intent.task_ids = [int(task_id) for task_id in re.findall(r"\d+", intent.ref.words)]  # "310 and 312 are done"
        intent.ref.numbered = True  # bare numbers: after a list, its positions ("finished 1 and 3")
    elif intent.kind == "complete" and intent.ref and intent.ref.words and re.search(r"\s+and\s+|,", text):
        # "walked the dog and fed the cat", "done: file expenses, email accountant", "both the vet and the passport ones"
        intent.targets = _each_done(text) or _each_named(intent.ref.words) or intent.targets
    if intent.kind != "unknown":
        return intent
    if _DETAILS_LABEL.search(text) and (said := _read_add(f"add {text}")) is not None and said.description and not said.items:
        return said  # "pack for the trip - details: passport, chargers": a to-do and its details, not three to-dos
    if (items := _listed_items(text, bulleted)) and (found := _things_and_plans(items))[0]:
        # "groceries for the week: apples, rice, coffee", or a bulleted list: things to add (its plan lines plan them).
        things, plans = found
        if len(things) == 1:
            return Intent("add", title=things[0], plan=plans[0] or None)
        return Intent("add", title=things[0], items=things, item_plans=plans if any(plans) else None)
    rest, slots = take_slots(text, today())
    left = _WAIT_FIRST.sub("", phrases.without_polite(rest + " ").strip(" ,.!")).strip(" ,.!")  # a lead-in may be all: "wait no"
    if slots and (not left or phrases.PLAN_LEFTOVER.fullmatch(left)):
        return _plan_change(Reference(pronoun=True), slots, text)  # "at 2:30pm", "tomorrow instead"
    if (said := _bare(rest)) is not None:
        said.plan = slots.arguments() or None  # "Buy salt and pepper": a to-do said as it is, which is what people add
        # "call grandma tonight at 7": a row may vouch for a to-do said with its plans ("buy item 7" has none)
        return _with_row(said, text) if said.plan and not said.items else said
    if (more := phrases.AND_ANOTHER.match(text)) and _names_a_thing(more.group(1)):
        return Intent("again", ref=reference(more.group(1)), title=clean_title(more.group(1)), plan=slots.arguments() or None)
    said = phrases.without_polite(rest + " ").strip(" .!")
    planned = slots.due_time or slots.recurrence or (slots.date_said and slots.due_date != today())
    if planned and _names_a_thing(said):
        return Intent("add", title=clean_title(said), plan=slots.arguments())  # "dentist appointment friday at 3pm"
    return intent


_DETAILS_LABEL = re.compile(r"\w[\s,;]+(?:[-\u2013\u2014]\s*)?(?:notes?|details?|description|desc)\s*[:=]", re.IGNORECASE)
_BARE_IDS = re.compile(r"(?:tasks?\s+)?#?\d{1,9}(?:\s*(?:,|and|&|,\s*and)\s*#?\d{1,9})+")
# A task named, then what to change about it: "Call Airbnb host, please change to tomorrow", "dentist - move it to 3pm".
_NAMED_THEN_MOVED = re.compile(
    r"^([^,:;\u2013\u2014]{3,80}?)\s*(?:,|\s[\u2013\u2014-])\s*(?:(?:please|pls|can\s+you|could\s+you)\s+)?"
    r"(?:change|chnage|chagne|cahnge|move|mvoe|moev|push|reschedule|switch|put)\s+(?:it\s+|that\s+|this\s+)?(?:back\s+)?(?:to|till|until|for|on)\s+"
    r"(.+?)[\s.!?]*$"
    # "leos vacines make it hihg priority": the thing named, then "make it" and its plans
    r"|^([^,:;\u2013\u2014]{3,80}?)\s*(?:,|\s[\u2013\u2014-])?\s*(?:(?:please|pls)\s+)?(?:make|set|mark)\s+(?:it|that|this)\s+(?:as\s+|to\s+)?"
    r"(.+?)[\s.!?]*$",
    re.IGNORECASE,
)
# The words without which no "X, change to Y" or "X make it Y" is said: most messages skip that reading at one search.
_CHANGE_WORDS = re.compile(
    r"chang|chnage|chagne|cahnge|move|mvoe|moev|push|reschedule|switch|put\s|make\s|set\s|mark\s", re.IGNORECASE
)
_NO_TASK_NAME = re.compile(
    r"(?:hey|hi|hello|ok|okay|right|so|um+|oh|yes|yeah|yep|no|nope|sorry|actually|wait|cheers|thanks|please|pls|and|also|then|"
    r"hmm+|well|oops|ah|alright|go\s+on|i|we|you|it|that|this|on\s+second\s+thoughts?|in\s+that\s+case|then|now|let'?s|can|could|would)\b",
    re.IGNORECASE,
)
_THINGS_DASH = re.compile(
    r"^((?:a\s+)?(?:couple\s+(?:of\s+)?|few\s+|two\s+|three\s+|some\s+|more\s+)?(?:things|jobs|tasks|bits|errands|todos|to-dos)"
    r"(?:\s+to\s+do)?(?:\s+for\s+[^:\u2013\u2014-]{1,40})?)\s+[\u2013\u2014-]\s+",
    re.IGNORECASE,
)
_WAIT_FIRST = re.compile(r"^(?:(?:wait|hang\s+on|oh|oops|sorry|actually|hmm+|no)[\s,.!]+)+", re.IGNORECASE)
_NOT_A_THING = {"that", "it", "this", "them", "those", "back", "again", "now", "please", "off", "up", "all"}

# A request, then a change of mind in the same message: "add 'book the venue' for Saturday... actually no, make it due
# in 10 days", "move the dentist to Friday, no wait, Thursday".
# (Searched for the words that change the mind, then split there: a lazy prefix before them would be quadratic.)
_MIND_CHANGED = re.compile(
    r"(?:\s*(?:\.{2,}|\u2026|[,;.!:\u2013\u2014-])\s*|\s+)"
    r"(?:actually\s+no|no\s+wait|wait\s+no|no\s+sorry|sorry\s*,?\s*i\s+meant?|i\s+meant?|or\s+rather|on\s+second\s+thoughts?)"
    r"(?:[\s,.:;!\u2013\u2014-]+|$)",
    re.IGNORECASE,
)
# How the new plans are said: "just make it due in 10 days", "change it to Thursday", "Thursday instead".
_NEW_PLANS = re.compile(
    r"^(?:just\s+|then\s+)?(?:(?:make|change|set|put|move|push)\s+(?:it|that)(?:\s+(?:to|for|on))?\s+|do\s+it\s+|have\s+it\s+)?(?:due\s+)?",
    re.IGNORECASE,
)


def _mind_changed(said_first: str, said_then: str) -> Intent | None:
    """A request whose plans the same message changes: the later plans win; a new request after the change of mind
    replaces the first; anything else asks rather than guessing which was meant. None: not a request changed."""
    first = _read(mend_commands(said_first.strip(" ,.")))
    if first.kind not in ("add", "update") or first.items:
        return None
    then = _NEW_PLANS.sub("", said_then.strip(" .!"))
    # "at 4... no wait, 3:30": a bare time is read as said with "at", like the one it replaces.
    rest, slots = take_slots(f"at {then}" if re.match(r"\d{1,2}(?::\d\d)?(?:\s*[ap]\.?m\.?)?$", then) else then, today())
    if not slots or (rest and not phrases.PLAN_LEFTOVER.fullmatch(rest)):
        later = _read(mend_commands(then)) if then else Intent("unknown")
        if later.kind in phrases.ACTIONS:
            return later  # "add milk... actually no, add oat milk": the request said last
        if first.kind == "add" and (thing := _bare(_INSTEAD.sub("", then))) is not None and not thing.items:
            return thing  # "add call the pharmacy, no wait, call the GP surgery instead"
        return Intent("hold", reason=_MIND_UNCLEAR)
    if first.kind == "update":
        first.plan = slots.arguments()
        return first
    quoted = _QUOTED_THEN.search(said_first)
    title = clean_title(quoted.group(1)) if quoted else first.title
    return Intent("add", title=title, description=first.description, plan=slots.arguments()) if title else None


_PAUSED = "Take your time. I haven't changed anything; tell me when you're ready."
_MIND_UNCLEAR = (
    "It sounds like you changed your mind partway through, and I'm not sure what you settled on, so I haven't changed "
    "anything. Could you say it again as you want it?"
)


def _plans_then_things(text: str) -> Intent | None:
    """ "urgent: renew car tax", "low priority, tidy the shed": plans said first, then what to add."""
    plain = phrases.ASKED_AFTER.sub("", phrases.without_polite(text))
    cut = re.search(r"(?<!\d):(?!\d)", plain) or (None if ":" in plain else re.search(",", plain))  # "2:30" is a time
    head, mark, tail = (plain[: cut.start()], cut.group(0), plain[cut.end() :]) if cut else (plain, "", "")
    head = phrases.ANOTHER.sub("", head)  # "and another one, low priority: ..."
    head = re.sub(
        r"^(?:(?:add|create|new|put)\s+)?(?:(?:another|an|a)\s+)?(.+?)\s+(?:one|task|thing|todo|item|reminder)$",
        r"\1",
        head.strip(),
        flags=re.IGNORECASE,
    )  # "add an urgent one: ..."
    if not (mark and tail.strip() and _only_plans(head)):
        return None
    said = _read_add(tail.strip()) or (_read_add(f"add {tail.strip()}") if _bare(tail.strip()) else None)
    if said is None and mark == ":" and _a_thing_to_do(tail.strip()):
        said = _read_add(f"add {tail.strip()}")  # "urgent: reorganise the garage": whatever follows is the thing
    if said is None:
        return None
    headed = take_slots(head, today())[1].arguments()
    said.plan = _on_the_day(headed, said.plan or {})
    if said.item_plans:
        said.item_plans = [_on_the_day(headed, each) for each in said.item_plans]
    return said


def _on_the_day(heading: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A thing's plans under a heading's: "tomorrow: dentist at 9am" is tomorrow at 9, not today at 9."""
    plan = heading | own
    day, time_said = str(heading.get("due") or ""), str(own.get("due") or "")
    if day and "T" not in day and time_said.startswith(today().isoformat() + "T"):
        plan["due"] = f"{day}T{time_said.partition('T')[2]}"
    return plan


def _names_a_thing(text: str) -> bool:
    """Whether `text` is a thing named in a few words ("dentist appointment"), not a sentence ("the kids finished it")."""
    said = text.lower().split()
    if _ASKED_OF_ME.match(text):
        return False  # "tell me what's on tomorrow": a question put to me, not a thing to do
    return bool(phrases.A_THING.fullmatch(text)) and not any(
        word.endswith(("ed", "n't")) or word in PAST_TENSE or word in _NEGATIONS for word in said
    )


_ASKED_OF_ME = re.compile(
    r"(?:tell|show|give|remind)\s+me\s+(?:what|which|how|when|if|whether)\b|(?:what|which|how|when|where|why|who)(?:'s|s)?\b",
    re.IGNORECASE,
)
# A thing named in a few words has no negation in it: "the meeting prep isn't friday" is a sentence.
_NEGATIONS = frozenset({"not", "no", "never", "isnt", "arent", "wasnt", "dont", "doesnt", "didnt", "wont", "cant", "havent"})


def _a_thing_to_do(text: str) -> bool:
    """Whether `text` can be a to-do's title: a few words, no question, no order of its own."""
    return 1 <= len(text.split()) <= 12 and text[:1].isalpha() and "?" not in text and not phrases.COMMAND.match(text)


def _bare(text: str) -> Intent | None:
    """A to-do said as it is ("tidy the shed"), as an add; None when it is not one."""
    if not _bare_to_do(text):
        return None
    items, plans = _things_and_plans(split_items(phrases.without_polite(text)))
    if not items:
        return None
    if len(items) == 1:
        return Intent("add", title=items[0], plan=plans[0] or None)
    return Intent("add", title=items[0], items=items, item_plans=plans if any(plans) else None)


def _bare_to_do(text: str) -> bool:
    """Whether `text` is nothing but a to-do: it starts with a to-do verb, asks nothing, is short, and names a thing."""
    words = phrases.without_polite(text).lower().strip(" .!").split(" ")
    # "take that back", "do it again" name nothing to do; "buy a kayak is no longer needed" says not to.
    names_something = any(word not in _NOT_A_THING for word in words[1:]) and words[1:2] not in (
        ["me"],
        ["us"],
        ["it"],
        ["that"],
        ["them"],
    )
    names_something = names_something and not re.fullmatch(
        r"(?:the|a|its|my|this|that)\s+(?:date|time|deadline|priority|tags?|name|title|task|one|thing|list|item)",
        " ".join(words[1:]),
    )
    negated = re.search(r"\b(?:no\s+longer|not|never|anymore|any\s+more|done|finished|completed)\b|n't\b", text, re.IGNORECASE)
    pausing = phrases.HOLD_ON.match(" ".join(words))  # "hang on, let me check my calendar first"
    return (
        words[0] in ITEM_VERBS and "?" not in text and 2 <= len(words) <= 12 and names_something and not negated and not pausing
    )


def _one_line(text: str) -> tuple[str, bool]:
    """A message of several lines as one, its lines joined by semicolons; whether they were a list."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text, False
    # A heading ("add these:") over its items, or lines that are each an item (or a request) of their own.
    head, body = (lines[0], lines[1:]) if lines[0].rstrip().endswith(":") and not phrases.BULLET.match(lines[0]) else ("", lines)
    items = [phrases.BULLET.sub("", line).strip(" ;,.") for line in body]
    listed = "; ".join(item for item in items if item)
    return (f"{head} {listed}" if head else listed), sum(bool(phrases.BULLET.match(line)) for line in lines) >= 2


def _listed_items(text: str, bulleted: bool) -> list[str]:
    if not (bulleted or re.search(r"(?<!\d):(?!\d)", text)):
        return []
    items = [clean_title(item) for item in split_items(text, lead_in=True)]
    return items if len(items) >= 2 else []


def _read(text: str) -> Intent:
    text = _HELP_ME_TO.sub("", text)  # "help me add task 'X'": the request, not a question about the assistant
    text = _plans_out_of_heading(text)  # "URGENT - add X": one request, not a heading and a clause
    if phrases.HELP.search(phrases.without_polite(text).lower()):
        return Intent("help")  # "can you delete tasks, or can I only add them?": a question about the assistant
    if (but := _BUT_THEN_ORDER.search(text)) and not phrases.COMMAND.match(text[: but.start()].strip()):
        text = text[but.end() :]  # "no rush at all but add clean out the garage, low priority": the order after "but"
    text = _FIRST_THING.sub("", text)  # "first thing: add X"
    if (lead := _SAID_FIRST_ANY.match(text)) and phrases.COMMAND.match(text[lead.end() :]):
        text = text[lead.end() :]  # "ok fine, then add 'X' for me, due tomorrow": one request after a word or two
    whole = _parse_clause(text)
    if whole.kind in _CHANGES and (two := _two_orders(text)) is not None:
        # "mark X done and delete Y": two changes in one breath; doing only one would drop the other unsaid.
        return Intent("hold", reason=_TWO_ORDERS.format(first=_VERBING[two[0]], then=_VERBING[two[1]]))
    sentences = [s for s in phrases.SENTENCES.split(text) if s.strip(" ,.;!?")]
    clauses = [c for sentence in sentences for c in phrases.CLAUSES.split(sentence) if c and c.strip(" ,.;!?")]
    if whole.kind == "add" and whole.items and len(sentences) > 1 and (both := _planned_after(sentences)) is not None:
        return both  # "add pack the lunchboxes and buy nappies? Both for tomorrow"
    if (whole.kind == "update" and (whole.plan or whole.description)) or (whole.kind == "add" and whole.items):
        return whole  # a plan change, or a list of things, reads as one: "move it to Friday, same time"
    if whole.kind == "add" and len(sentences) > 1 and (first := _add_then_notes(sentences)) is not None:
        return first
    said_as_one = whole.kind in phrases.ACTIONS and not (whole.ref and whole.ref.pronoun)
    if said_as_one and (phrases.COMMAND.match(phrases.without_polite(text).strip()) or len(clauses) < 2):
        return whole
    if said_as_one and not any(phrases.COMMAND.match(phrases.without_polite(c).strip()) for c in clauses[1:]):
        return whole
    if whole.kind == "add" and (asked := phrases.ADD.match(phrases.without_polite(text).strip())) and asked.end() > 0:
        # "new task - finish tax return, high priority": after an add's heading, a to-do verb starts the thing to do.
        if all(phrases.without_polite(c).strip().split(" ")[0].lower() in ITEM_VERBS for c in clauses[1:2]):
            return whole
    for pieces in (sentences, clauses) if clauses != sentences else (sentences,):
        # A message of more pieces than a person writes to one request is read no further than that.
        if len(pieces) > 1 and (part := _read_pieces(pieces[:MOST_PIECES])) is not None:
            return part
    return whole


_CHANGES = ("complete", "delete", "reopen", "update")
_VERBING = {"complete": "marking a task done", "delete": "deleting one", "reopen": "reopening one", "update": "changing one"}
_TWO_ORDERS = "That's two changes at once ({first}, then {then}), and I haven't made either. Could you send them one at a time?"
_ORDER_VERB = re.compile(
    r"(?:\s+and|\s+then|[,;.])\s+(?:and\s+|then\s+|also\s+|plus\s+)*(?:please\s+|pls\s+)?"
    r"(?=(?:delete|remove|scrap|bin|mark|tick|complete|finish|reopen|untick|rename|move|push|reschedule)\b)",
    re.IGNORECASE,
)


def _two_orders(text: str) -> tuple[str, str] | None:
    """The kinds of two different changes one message orders ("... and delete 'buy new glasses'"), if it orders two."""
    for found in _ORDER_VERB.finditer(text):
        if not phrases.COMMAND.match(phrases.without_polite(text[: found.start()]).strip()):
            continue  # "it got rejected. mark it as not done": news, then the one order
        first, then = _parse_clause(text[: found.start()]), _parse_clause(text[found.end() :])
        if first.kind in _CHANGES and then.kind in _CHANGES and first.kind != then.kind:
            return first.kind, then.kind
    return None


def _planned_after(sentences: list[str]) -> Intent | None:
    """The things the first sentence adds, with the plans the others say of them all ("Both for tomorrow")."""
    rest, slots = take_slots(_ALL_OF_THEM.sub("", " ".join(sentences[1:])), today())
    left = phrases.without_polite(rest).strip(" ,.!?")
    if not slots or (left and not phrases.PLAN_LEFTOVER.fullmatch(left)):
        return None
    first = _parse_clause(sentences[0])
    if first.kind != "add" or not first.items:
        return None
    first.item_plans = [each | slots.arguments() for each in (first.item_plans or [{}] * len(first.items))]
    return first


_MAKE_IT_FIRST = re.compile(r"^(?:and\s+)?(?:please\s+)?(?:make|set|mark|put)\s+(?:it|that|this)\b", re.IGNORECASE)
_ALL_OF_THEM = re.compile(
    r"\b(?:both|all|each|them\s+all|all\s+of\s+them|both\s+of\s+them|the\s+two|they'?re|they\s+are)\b", re.IGNORECASE
)


def _add_then_notes(sentences: list[str]) -> Intent | None:
    """ "new task: follow up on the order. it's urgent. note: before the 20th": the first sentence adds, the others
    add its plans ("it's urgent") or its note; any other sentence is said about it, and left out of the title."""
    first = _parse_clause(sentences[0])
    if first.kind != "add" or first.items:
        return None
    for sentence in sentences[1:]:
        said = _IT_LEFT_OUT.sub("it is ", phrases.without_polite(sentence).strip(" .!"))  # "Is high priority for me."
        if note := phrases.NOTE.match(said):
            first.description = _unquote(note.group(1))
        elif _only_plans_left(head := said.split(",")[0]) and _MAKE_IT_FIRST.match(head):
            first.plan = (first.plan or {}) | take_slots(head, today())[
                1
            ].arguments()  # "make it high priority, we're nearly out"
        elif phrases.SAID_OF_IT.match(said) or _only_plans_left(said):
            first.plan = (first.plan or {}) | take_slots(said, today())[1].arguments()
    return first


def _read_pieces(pieces: list[str]) -> Intent | None:
    """The request among a message's sentences or clauses; the other pieces tell what "it" or "that" is."""
    parsed = [_parse_clause(piece) for piece in pieces]
    actions = [i for i, part in enumerate(parsed) if part.kind in phrases.ACTIONS]
    if not actions:
        return None
    # Taking something back wins over what is said around it ("never mind, undo that, they did arrive"), tasks
    # named by words over "them" ("did all 3 of the dishes tasks, tick them all off"), then the last order given.
    orders = [i for i in actions if phrases.COMMAND.match(phrases.without_polite(pieces[i]).strip())]
    # Of things said done, one named beats "it" or "them" said beside it ("The first one is done, I rang them").
    named = [i for i in actions if not (parsed[i].kind == "complete" and parsed[i].ref and parsed[i].ref.pronoun)]
    index = next(
        (i for i in actions if parsed[i].kind in ("undo", "other")),
        next((i for i in actions if parsed[i].scope == "words"), (orders or named or actions)[-1]),
    )
    adds = [i for i in actions if (parsed[i].kind == "add" or parsed[i].kind == "again" and parsed[i].title) and i != index]
    if parsed[index].kind == "update" and parsed[index].ref and parsed[index].ref.pronoun and not parsed[index].title and adds:
        # "and 'book kennels for august', no date on that one": the plans of the thing added in the same breath.
        added = parsed[adds[-1]]
        added.plan = {k: v for k, v in ((added.plan or {}) | (parsed[index].plan or {})).items() if v is not None} or None
        added.row = None
        return added
    if parsed[index].kind == "bulk" and parsed[index].named and parsed[index].scope == "shown":
        # "I did the dishes and walked the dog, tick both off": the tasks the other clause named.
        for i in actions:
            if i != index and parsed[i].kind == "complete" and (targets := _each_done(pieces[i])):
                if len(targets) == parsed[index].named:
                    return Intent("complete", targets=targets, ref=Reference(words=targets[0]))
    part, others = parsed[index], [piece for i, piece in enumerate(pieces) if i != index]
    part.row = None  # one clause of several: no row says the whole message
    if part.kind == "add" and not part.items:
        for later in pieces[index + 1 :]:  # "add renew the domain name, yearly": its plans
            if _only_plans_left(later):
                part.plan = (part.plan or {}) | take_slots(later, today())[1].arguments()
    asked_to_add, plans_said = take_slots(phrases.without_polite(pieces[index]).strip(" .!?"), today())
    adding = (
        part.kind == "add"
        or part.kind == "update"
        and re.match(r"(?:(?:pls|please)\s+)?(?:add|save|note)\b", asked_to_add, re.IGNORECASE)
    )
    if adding and phrases.ADD_THAT.match(asked_to_add.strip(" .!?")):
        # "I keep forgetting to back up my laptop, pls add that as a task": the other pieces are the things
        # ("..., add it for today pls": with the plans said with it); a thing to do said inside a sentence about
        # something else is that thing ("I've just come out of a meeting and need to remember to send the plans").
        embedded = next(((found.group(1), piece) for piece in reversed(others) if (found := _EMBEDDED_TODO.search(piece))), None)
        said = _read_add(f"add {embedded[0]}") if embedded else _read_add("; ".join(others))
        if said is not None and embedded:
            # "every friday I need to send the timesheet": the plans said around the thing to do are its own
            _merge(plans_said, take_slots(embedded[1], today())[1])
        if said is not None and said.title:
            said.plan = (said.plan or {}) | plans_said.arguments() or None
            return said
        said = _read_add(f"add {'; '.join(others)}")  # "Doctor appointment Thursday 11:15 am, add it": with its plans
        if said is not None and (said.title or said.items):
            said.plan = (said.plan or {}) | plans_said.arguments() or None
            return said
        items = [clean_title(_strip_add(item)) for item in split_items("; ".join(others), lead_in=True)]
        items = [item for item in items if item]
        return Intent("add", title=items[0], items=items if len(items) > 1 else None) if items else None
    named = [
        o.ref.words for i, o in enumerate(parsed) if i != index and o.ref and o.ref.words and not _IT_FIRST.match(o.ref.words)
    ]
    ids = [o.ref.task_id for i, o in enumerate(parsed) if i != index and o.ref and o.ref.task_id is not None]
    # "#114 isn't finished, I ticked it by mistake. set it back to pending": the one id said beside "it"
    ids = ids or list(
        dict.fromkeys(int(f.group(1)) for i, piece in enumerate(pieces) if i != index for f in phrases.ID.finditer(piece))
    )
    if part.ref and part.ref.pronoun and len(ids) == 1:
        part.ref = Reference(task_id=ids[0])  # "task 12 is done, mark it off": "it" is task 12
    elif part.ref and part.ref.pronoun:
        # "just called mom, tick it off": with nothing said before, "it" is the other clause
        # ("visit aunt may won't happen, remove it": what that clause names); "thank you" around it names nothing.
        said = [piece for i, piece in enumerate(pieces) if i != index and parsed[i].kind != "smalltalk"] or others
        if len(said) == 1 and (pointed := reference(phrases.SAID_DONE.sub("", said[0].strip(" .!")))).ordinal is not None:
            part.ref = pointed  # "The second one, I've done that now."
            return part
        part.ref.fallback_words = named[0] if named else ", ".join(_news_about(_SET_ASIDE.sub("", piece)) for piece in said)
        part.ref.loose = True
    elif part.kind == "correct" and others:
        part.ref = Reference(words=named[0] if named else " ".join(others))  # "the 'read book' one is vague, call it X"
    return part


def _news_about(piece: str) -> str:
    """The thing a piece of news is about: "Sorry, the team dinner is postponed" is about "the team dinner"."""
    found = _NEWS.match(piece.strip())
    return found.group(1) if found else piece


_NEWS = re.compile(
    r"^(?:(?:sorry|oh|ugh|well|so|ok(?:ay)?|bad\s+news|good\s+news)[\s,!.]+)*(?:the\s+|my\s+|our\s+)?(.+?)\s+"
    r"(?:is|was|has\s+been|have\s+been|are|were|got|'s)\s+(?:now\s+|just\s+)?(?:postponed|cancelled|canceled|moved|delayed|rescheduled|"
    r"pushed(?:\s+back)?|called\s+off|put\s+off|off|bounced|rejected|refused|brought\s+forward)\b.*$",
    re.IGNORECASE,
)


# "never mind the car wash, nuke it": words that put the thing aside, before it.
_SET_ASIDE = re.compile(r"^\s*(?:never\s+mind|forget(?:\s+about)?|no\s+need\s+for|scrap)\s+", re.IGNORECASE)

_EMBEDDED_TODO = re.compile(
    r"(?:\b(?:i|we)\s+(?:really\s+|still\s+|also\s+)?|(?:^|[,;]\s*|\band\s+))(?:need|have|got|must|should|gotta|ought)\s+(?:to\s+)?"
    r"(?:remember\s+to\s+|not\s+forget\s+to\s+)?(?!do\s+(?:it|that)\b|remember\b)([a-z][^.!?;:]{3,})[.!?]*\s*$",
    re.IGNORECASE,
)


def _each_named(words: str) -> list[str] | None:
    """ "both the vet and the passport ones": the names of several tasks, when the words say there are several."""
    found = _SEVERAL_TASKS.fullmatch(words.strip())
    if not found:
        return None
    names = [re.sub(r"^(?:the|my)\s+|\s+(?:one|task)$", "", part.strip(), flags=re.I) for part in _AND.split(found.group(1))]
    if not 2 <= len(names) <= MOST_PIECES or not all(0 < len(name.split()) <= 4 for name in names):
        return None
    return names


# Several tasks named with a word that says so: "both X and Y", "the X and Y ones", "X and Y tasks".
_SEVERAL_TASKS = re.compile(
    r"both\s+(?:of\s+)?(.+?\s+and\s+.+?)(?:\s+(?:ones|tasks|items|todos))?|(.+?(?:\s+and\s+|,\s*).+?)\s+(?:ones|tasks|items|todos)",
    re.IGNORECASE,
)
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.IGNORECASE)


def _each_done(text: str) -> list[str] | None:
    """ "walked the dog and fed the cat": the words naming each thing said done, when every part says one."""
    if headed := _DONE_HEADING.match(text):
        names = [part.strip(" .!") for part in _AND.split(headed.group(1)) if part.strip(" .!")]
        return names if 2 <= len(names) <= MOST_PIECES and all(len(n.split()) <= 6 for n in names) else None
    pieces = [part for part in re.split(r"\s+and\s+|,\s*|\s+-\s+|;\s*", text) if part.strip()]
    if len(pieces) > MOST_PIECES:
        return None  # more things said done than a person names at once: read no further
    parts = [_parse_clause(part) for part in pieces]
    parts = [p for p in parts if p.kind != "bulk"]  # "..., tick both off": the order, not a thing done
    if parts and parts[0].kind == "complete" and parts[0].ref and parts[0].ref.words:
        # "finished the ironing and the hoovering": the things after the first share its verb
        said = [piece.strip() for piece in re.split(r"\s+and\s+|,\s*|\s+-\s+|;\s*", text) if piece.strip()]
        parts = parts[:1] + [
            p
            if p.kind == "complete"
            else Intent("complete", ref=reference(piece))
            if re.match(r"(?:the|my)\s+\w", piece, re.I)
            else p
            for p, piece in zip(parts[1:], said[1:], strict=False)
        ]
    if len(parts) > 1 and all(p.kind == "complete" and p.ref and p.ref.words for p in parts):
        return [p.ref.words for p in parts if p.ref and p.ref.words]
    return None


_DONE_HEADING = re.compile(r"^(?:done|finished|completed|ticked\s+off|sorted)\s*[:\u2013\u2014-]\s*(.+)$", re.IGNORECASE)


def _parse_clause(text: str) -> Intent:
    """One clause read by the first rule of `CLAUSE_RULES` that recognises it."""
    if phrases.CONFIRM.match(text.strip(" .!?").lower()):
        return Intent("confirm")  # "yes please", before "yes" is read as a lead-in
    if more := _AND_QUOTED.fullmatch(text.strip(" .!?")):
        return Intent("add", title=clean_title(more.group(1)))  # "and 'book kennels for august'": another thing
    if (more := _AND_QUOTED_PLANNED.fullmatch(text.strip(" .!?"))) and (said := _read_add(f"add {more.group(1)}")) is not None:
        return said  # "plus 'check the site diary' every weekday", "and 'X', same tag"
    if again := phrases.AGAIN.match(text.strip(" .!?")):
        if done := phrases.SAID_DONE.search(again.group(1)):  # "and the dentist one is done too": said done
            return Intent("complete", ref=reference(again.group(1)[: done.start()]))
        rest, slots = take_slots(again.group(1), today())
        said = rest.strip(" ,") or again.group(1)
        return Intent(
            "again", ref=reference(said), title=clean_title(said), plan=slots.arguments() or None
        )  # "and the hoovering too"
    plain = phrases.PRIORITY_TO.sub(
        lambda found: f"make it {found.group(1)} priority", phrases.without_polite(text).strip().lstrip("-\u2013\u2014:, ")
    )
    bangs = _BANGS.search(plain)  # "!!" and "!!!" say how urgent, so they stay
    plain = phrases.without_polite_end(plain).strip().rstrip("!.?").strip()
    plain = _SAID_FIRST.sub("", _without_vocative(_FILLER_END.sub("", plain))) + (f" {bangs.group(1)}" if bangs else "")
    plain = _MAKE_THAT_A_TASK.sub(r"add a \g<noun> called \g<rest> \g<said>", plain)  # "make that a daily task called X"
    plain = _CAN_WE.sub("", plain)  # "can we push X to tomorrow"
    plain = _WRONG_ONE_FIRST.sub("", plain)  # "oops wrong one, water plants isn't done": then the one meant
    plain = _plans_out_of_heading(_base_form_first(_EMPHATIC_DO.sub("", _cleft(_IT_LEFT_OUT.sub("it is ", plain)))))
    lowered = plain.lower()
    for _, rule in CLAUSE_RULES:
        if (intent := rule(plain, lowered)) is not None:
            intent = _to_each(intent, plain)
            if intent.description:
                intent.description = _description_whole(text, intent.description)
            return intent if intent.row is not None or intent.kind == "bulk" else _with_row(intent, plain)
    return Intent("unknown")


def _description_whole(text: str, description: str) -> str:
    """A note as it was said: the words a title loses at its end ("too", "as well", "though") belong to a note."""
    start = text.find(description)
    if start < 0:
        return description
    tail = _THANKS_END.sub("", text[start + len(description) :]).rstrip(" .!?")
    return description + tail if _NOTE_TAIL.fullmatch(tail) else description


_THANKS_END = re.compile(r"(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|thx|ty|ta|cheers)\b)+[\s.!]*$", re.IGNORECASE)
_NOTE_TAIL = re.compile(
    r"(?:[\s,]+(?:too|as\s+well|also|though|tho|then|actually|anyway|finally|at\s+last|lol|haha))+", re.IGNORECASE
)


# "set up a monthly reminder to pay rent", "I'd like a recurring task to ...", "add an urgent task: ...": a request for a
# task whose plans are said as words about it; the plans move after the thing to do, where they are read.
_PLANNED_HEADING = re.compile(
    r"^(?P<lead>(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:add|create|make|set\s+up|schedule|(?:and\s+)?another|one\s+more|"
    r"i'?d\s+like|i\s+would\s+like|i\s+want|i\s+need))\s+(?:me\s+)?(?:(?:a|an|another)\s+)?"
    r"(?P<said>(?:(?:new|recurring|repeating|regular|quick|daily|weekly|monthly|yearly|annual|fortnightly|bi-?weekly|"
    r"urgent|important|high[-\s]priority|low[-\s]priority)\s+)*)"
    r"(?P<noun>task|todo|to-do|reminder|item)(?P<rest>\s*(?:to|called|named|titled|for|:|-)\s*\S.*)$",
    re.IGNORECASE,
)
_ADD_IT_AS_A = re.compile(
    r"^(?:please\s+)?(?:add|put|save|make)\s+(?:that|this|it)\s+(?:as|into)\s+an?\s+"
    r"(?P<said>(?:(?:new|recurring|repeating|regular|daily|weekly|monthly|yearly|urgent|important)\s+)*)(?:task|reminder|todo)"
    r"(?:\s+(?:please|pls))?\s*:\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_NO_PLAN = frozenset({"new", "recurring", "repeating", "regular", "quick"})


# "URGENT - add send the contract back": a priority said as a heading before the request.
_PRIORITY_HEADING = re.compile(
    r"^(?P<level>urgent|asap|important|top\s+priority|(?:high|low)[-\s]priority)(?:\s*(?:[-:!,\u2013\u2014]+\s*)+|\s+)(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _plans_out_of_heading(text: str) -> str:
    # (a level said again in the request is the one meant: "urgent!!! add renew visa, high priority" is high)
    level = lambda rest: "" if take_slots(rest, today())[1].priority else f", {headed.group('level')}"  # noqa: E731
    if (headed := _PRIORITY_HEADING.match(text)) and asks_to_add(headed.group("rest")):
        text = f"{headed.group('rest')}{level(headed.group('rest'))}"
    elif headed and _bare_to_do(headed.group("rest")):
        text = f"add {headed.group('rest')}{level(headed.group('rest'))}"  # "URGENT renew the car registration"
    if as_a := _ADD_IT_AS_A.match(text):  # "add that as a weekly task please: plan next week's menus"
        plans = [word for word in as_a.group("said").split() if word.lower() not in _NO_PLAN]
        text = f"add a task: {as_a.group('rest')}" + (f" {' '.join(plans)}" if plans else "")
    found = _PLANNED_HEADING.match(text)
    if found is None or not (found.group("said") or not re.match(r"(?:add|create|make)\b", found.group("lead"), re.IGNORECASE)):
        return text  # "add a task to ...": read as it is
    plans = [word for word in found.group("said").split() if word.lower() not in _NO_PLAN]
    if take_slots(found.group("rest"), today())[1].recurrence:
        plans = [word for word in plans if word.lower() not in ("daily", "weekly", "monthly", "yearly")]  # "... on Thursdays"
    said = f"add a {found.group('noun')}{found.group('rest')}"
    return f"{said} {' '.join(plans)}" if plans else said  # "... on the 15th monthly": read with the day it names


# Words at the end of a clause that only colour it: "call mum is done actually", "tag it health then".
_FILLER_END = re.compile(
    r"(?:[\s,]+(?:actually|though|tho|then|anyway|anyways|honestly|lol|haha|btw|fyi|fr|tbh|let'?s\s+go+|lets\s+go+|woo+(?:ho+)?|yay+|boom|"
    r"nailed\s+it|gg))+$",
    re.IGNORECASE,
)
# "get rid of the bbq one mate": who is spoken to, at the end; "text my mate" names one.
_VOCATIVE_END = re.compile(r"[\s,]+(?:mate|m8|bro|bruh|dude|buddy|pal|hun|babe|fam|boss|chief)$", re.IGNORECASE)
_VOCATIVES = frozenset({"mate", "m8", "bro", "bruh", "dude", "buddy", "pal", "hun", "babe", "fam", "boss", "chief"})
_OWNING = frozenset({"my", "the", "a", "your", "our", "his", "her", "their", "with", "to", "for"})


def _without_vocative(text: str) -> str:
    """The clause without who it is said to, at its end; "text my mate", "call the boss" name them."""
    if text[-6:].lower().rsplit(" ", 1)[-1].strip(",") not in _VOCATIVES:
        return text
    found = _VOCATIVE_END.search(text)
    if found is None or text[: found.start()].rsplit(" ", 1)[-1].lower() in _OWNING:
        return text
    return text[: found.start()]


_BUT_THEN_ORDER = re.compile(r"^[^,.;!?]{1,60}?\s+but\s+(?=(?:please\s+)?(?:add|remind|put|create|note)\b)", re.IGNORECASE)
_FIRST_THING = re.compile(
    r"^(?:first\s+thing|next(?:\s+thing)?|one\s+more\s+thing|also|oh\s+and|then)\s*[:,-]\s*(?=\w)", re.IGNORECASE
)
_SAID_FIRST_ANY = re.compile(rf"^{INTERJECTION.pattern}\s*[-\u2013\u2014,.!]+\s*(?:(?:then|so)\s+)?(?=\w)", re.IGNORECASE)
# A word or two said before the request, set apart by a dash: "cool - call mum is done".
_SAID_FIRST = re.compile(rf"^{INTERJECTION.pattern}\s*[-\u2013\u2014]+\s*(?=\w)", re.IGNORECASE)


_WRONG_ONE_FIRST = re.compile(
    r"^(?:(?:oops|sorry|no|wait|argh|ah|oh|ugh)[\s,!.]+)*(?:wrong\s+one|not\s+that\s+one|my\s+bad)[\s,.!;:-]+(?=\w)",
    re.IGNORECASE,
)
_MAKE_THAT_A_TASK = re.compile(
    r"^(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?make\s+(?:that|it|this)\s+(?:into\s+)?an?\s+"
    r"(?P<said>(?:(?:new|daily|weekly|monthly|yearly|recurring|repeating|regular)\s+)*)(?P<noun>task|reminder|todo)\s+"
    r"(?:called|named|titled|saying)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_CAN_WE = re.compile(
    r"^(?:can|could)\s+(?:we|you|u)\s+(?:please\s+)?(?=(?:push|move|change|make|set|mark|delete|remove|rename|tag|bump|shift)\b)",
    re.IGNORECASE,
)
# "is for Monday in the morning", "is high priority for me": "it" left out, as some languages do.
_IT_LEFT_OUT = re.compile(
    r"^(?:(?:and|but|also)\s+)?is\s+(?=(?:for|on|due|at|by|every|high|low|urgent|important|medium|not\s+urgent|a\s+priority)\b)",
    re.IGNORECASE,
)
# "but do move it to saturday": "do" only stresses the order.
_EMPHATIC_DO = re.compile(
    r"^(?:(?:but|and|so|then)\s+)?(?:please\s+)?do\s+(?=(?:move|mark|tick|delete|remove|add|put|change|push|make|set|cancel|rename|"
    r"update|tag|reschedule|complete|finish|drop|bump)\b)",
    re.IGNORECASE,
)
_THE_ONE_I = re.compile(
    r"^(?:(?:no|actually|sorry|oops)[\s,]+)*(.+?)\s+(?:is|was|'s)\s+the\s+one\s+(?:that\s+)?(?:i|we)\s+"
    r"(?:actually\s+|just\s+|already\s+)?(did|done|finished|completed|meant|mean)$",
    re.IGNORECASE,
)
# "it was the electricity bill I paid": the thing, then what was done with it.
_CLEFT = re.compile(
    r"^(?:(?:no|actually|sorry)[\s,]+)*it\s+was\s+(?:the\s+|my\s+)?(.+?)\s+(?:that\s+)?i\s+([a-z]+)$", re.IGNORECASE
)


def _cleft(text: str) -> str:
    """ "it was the water bill I paid" said as "I paid the water bill"; "it was X I meant" as "I meant X"; "feed the fish is
    the one I did" as "I finished feed the fish"."""
    if " the one " in text.lower() and (one := _THE_ONE_I.match(text)) is not None:
        return f"I meant {one.group(1)}" if one.group(2).lower() in ("meant", "mean") else f"done: {one.group(1)}"
    found = _CLEFT.match(text)
    if found is None:
        return text
    verb = found.group(2).lower()
    return f"I meant the {found.group(1)}" if verb in ("meant", "mean") else f"I {verb} the {found.group(1)}"


def _base_form_first(text: str) -> str:
    """ "ticking off X" (after "would you mind") read as "tick off X"."""
    first, _, rest = text.partition(" ")
    base = GERUNDS.get(first.lower())
    return f"{base} {rest}" if base and rest else text


Rule = Callable[[str, str], "Intent | None"]


def _on(pattern: re.Pattern[str], make: Callable[[re.Match[str]], Intent | None]) -> Rule:
    """A rule: when `pattern` matches the clause, `make` reads the match."""
    return lambda plain, lowered: make(found) if (found := pattern.match(plain)) else None


def _correction(plain: str, lowered: str) -> Intent | None:
    if spelt := _SPELT_WRONG.match(plain):  # "i spelled it wrong, its Maia": the word as meant
        return Intent("correct", title=clean_title(spelt.group(1)), respelt=True)
    # Words, not a pointer: "I meant task 5" or "I meant the other one" picks a task, it names none.
    plain = phrases.ASKED_AFTER.sub("", plain)  # "I meant Stephen not Steve, can you fix the name?"
    reason = _BECAUSE.split(plain, maxsplit=1)
    found = phrases.CORRECTION.match(phrases.REMARK_AFTER.split(reason[0], maxsplit=1)[0])  # "make it urgent lol ..."
    if found and found.group(1).lower().startswith("one "):  # "make that one high priority": "one" is the task
        found = phrases.CORRECTION.match(plain[: found.start(1)] + found.group(1)[4:])
    if found and (level := found.group(1).strip(" .!").lower()) in phrases.PRIORITY_LEVELS:
        return Intent("update", ref=Reference(pronoun=True), plan={"priority": phrases.PRIORITY_LEVELS[level]})  # "make it low"
    if found and _AN_HOUR.fullmatch(found.group(1).strip()):
        # "make it 9": the hour, on the day the task has, and on its side of noon when it has a time
        slots = take_slots(f"at {found.group(1).strip()}", today())[1]
        intent = _plan_change(Reference(pronoun=True), slots, plain)
        intent.bare_hour = True
        return intent
    if found:
        # "it should be done by monday": when it is due, not a new name; "make it tuesday not monday": tuesday.
        said = _NOT_THE_OTHER.sub("", _DONE_BY.sub("", found.group(1).strip()))
        rest, slots = take_slots(said, today())
        if slots and (not rest or phrases.PLAN_LEFTOVER.fullmatch(rest)):
            # "make it high priority", "make that 8:30 in the morning": the plans change, not the title.
            return _plan_change(Reference(pronoun=True), slots, plain)
        head = _AND_FIRST.sub("", reason[0].split(",")[0])
        if (said := phrases.CORRECTION.match(head)) and _only_plans(said.group(1)):
            # "make it high priority, we're completely out": the plans, then why.
            return _plan_change(Reference(pronoun=True), take_slots(said.group(1), today())[1], plain)
    if (
        found
        and _NAMES_IT.match(plain[: found.start(1)])
        and (both := _NEW_INSTEAD_OF_OLD.fullmatch(found.group(1).strip(" .!")))
        and not _only_plans(both.group(1))
    ):
        # "call it 'Book MOT' instead of 'Book car service'": the new name, then the task's name as it is.
        return Intent("update", ref=reference(both.group(2)), title=clean_title(both.group(1)))
    if found and (said := take_slots(found.group(1), today()))[1] and _REMARK_AFTER_PLAN.match(said[0]):
        return _plan_change(Reference(pronoun=True), said[1], plain)  # "make it high prio its worth a lot": the plan, then why
    if found and _NO_NEW_TITLE.fullmatch(found.group(1).strip(" .!")):
        return None  # "so make it due then": a plan half said, never a title "Due"
    if found and reference(found.group(1)).words and not phrases.OTHER_ONE.match(found.group(1)):
        # "I meant oat milk" names what was meant, maybe without the verb the title starts with; "call it X" names it all.
        meant = bool(re.search(r"\bmean", plain[: found.start(1)], re.IGNORECASE))
        return Intent("correct", title=clean_title(found.group(1)), respelt=meant)
    return None


_DONE_ONES = re.compile(
    r"(?:the\s+)?(?:completed?|finished|done|ticked(?:\s+off)?|closed)\s+(?:ones|items|tasks|todos|stuff|things)(?:\s+(?:today|this\s+week))?[\s.?!]*",
    re.IGNORECASE,
)
_SPELT_WRONG = re.compile(
    r"^(?:(?:wait|oops|sorry|no|ugh|argh)[\s,!.]+)*i\s+(?:spelled|spelt|misspelled|misspelt|typed|mistyped|wrote|got)\s+"
    r"(?:it|that|the\s+name|the\s+title|that\s+one)\s+(?:wrong(?:ly)?|incorrectly)[\s,.;:-]+"
    r"(?:it'?s|its|it\s+is|it\s+should\s+be|should\s+be|it'?s\s+spelled|it'?s\s+spelt)\s+(.+)$",
    re.IGNORECASE,
)
_REMARK_AFTER_PLAN = re.compile(r"(?:it'?s|its|it\s+is|because|cause|cos|as|since|so|coz|that'?s)\b", re.IGNORECASE)
_NO_NEW_TITLE = re.compile(
    r"(?:due|overdue|done|finished|complete|completed|pending|open|then|due\s+then|due\s+that\s+day|that\s+day|the\s+same|same)",
    re.IGNORECASE,
)
_NAMES_IT = re.compile(r"^(?:.*\s)?(?:call|name|rename)\s+it\s*$", re.IGNORECASE)
_NEW_INSTEAD_OF_OLD = re.compile(
    r"(['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]+['\"\u201d\u2019]|.+?)\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(.+)",
    re.IGNORECASE,
)
_NOT_THE_OTHER = re.compile(r"\s+(?:not|instead\s+of|rather\s+than)\s+(?:on\s+|at\s+)?[\w:]+(?:\s*[ap]m)?$", re.IGNORECASE)
_RIGHT_NOT_WRONG = re.compile(r"\s+(?:not|instead\s+of|rather\s+than)\s+\S+$", re.IGNORECASE)  # "buttonholes not buttonhols"
_DONE_BY = re.compile(
    r"^(?:done|finished|completed|sorted|paid|sent|ready|handed\s+in)\s+(?=(?:by|on|before|for|until|till|this|next|tomorrow|today)\b)",
    re.IGNORECASE,
)


def _bulk_by_words(verb: str, count: str | None, words: str) -> Intent | None:
    if words.lower() in ("completed", "done", "finished", "pending", "open", "other"):
        return None
    action = "delete" if verb.lower() in ("delete", "remove", "clear", "drop") else "complete"
    named = (int(count) if count.isdigit() else phrases.COUNT_WORDS.get(count.lower())) if count else None
    return Intent("bulk", action=action, scope="words", query=re.sub(r"^(?:the|my)\s+", "", words), named=named)


def _put_back(found: re.Match[str]) -> Intent | None:
    """ "put the dentist back on my list": reopened; "add call Mum back" is a thing to do ("call back")."""
    if found.group(0).lower().startswith("add") and found.group(1).split(" ")[0].lower() in ITEM_VERBS:
        return None
    return Intent("reopen", ref=reference(found.group(1)))


def _bulk_by_words_said(found: re.Match[str]) -> Intent | None:
    verb, all_of, counted, words = found.groups()
    if counted and _TWO_NAMED.search(words):
        return None  # "mark both the dentist and the car ones done": two things named, each completed
    return _bulk_by_words(verb, all_of or counted, words)


_TWO_NAMED = re.compile(r"\s(?:and|&)\s", re.IGNORECASE)


def _bulk(plain: str, lowered: str) -> Intent | None:
    # What follows a comma is said about the request: "delete everything, im starting fresh".
    head = plain.split(",")[0].strip()
    if bulk := next(
        ((action, scope) for action, scope, pattern in phrases.BULK if pattern.match(plain) or pattern.match(head)), None
    ):
        named = next((n for word, n in phrases.COUNT_WORDS.items() if re.search(rf"\b{word}\b", lowered)), None)
        return Intent("bulk", action=bulk[0], scope=bulk[1], named=named)
    return None


def _thing_done(plain: str, lowered: str) -> Intent | None:
    """ "laundry done", "car tax sorted": a short name of a thing, then done."""
    found = re.fullmatch(
        r"(?:the\s+|my\s+)?([a-z0-9][\w'-]*(?:\s+[a-z][\w'-]*){0,2})\s+(?:done|sorted|finished)"
        r"(?:\s+(?:for\s+(?:today|the\s+day|this\s+week|the\s+week)|today|this\s+morning|tonight))?",
        lowered,
    )
    words = found.group(1).split() if found else []
    not_names = {
        "get",
        "got",
        "be",
        "been",
        "all",
        "it",
        "that",
        "this",
        "is",
        "are",
        "was",
        "were",
        "what",
        "which",
        "who",
        "how",
        "any",
        "not",
        "never",
        "nearly",
        "almost",
        "what's",
        "whats",
        "anything",
        "something",
        "everything",
        "nothing",
    }
    # "call the vet done": a to-do named by its verb is a name too; "get it done", "need the report done" are not
    verb_first = words and (words[0] in _WANTING or words[0] in ITEM_VERBS and (len(words) < 2 or words[1] in _IT_WORDS))
    if "?" in plain or not words or verb_first or phrases.COMMAND.match(found.group(1)) or not_names & set(words):
        return None
    if any(word.endswith(("n't", "nt")) and word in _NEGATED_BE for word in words):
        return None  # "water plants isn't done": not done, which the reopen rules read
    return Intent("complete", ref=reference(found.group(1)))


_NEGATED_BE = frozenset(
    {
        "isn't",
        "isnt",
        "aren't",
        "arent",
        "wasn't",
        "wasnt",
        "weren't",
        "werent",
        "hasn't",
        "hasnt",
        "haven't",
        "havent",
        "ain't",
        "aint",
        "didn't",
        "didnt",
        "won't",
        "wont",
    }
)
_WANTING = frozenset(
    {"get", "have", "has", "need", "needs", "want", "wants", "must", "should", "make", "let", "keep", "got", "be"}
)
_IT_WORDS = frozenset({"it", "that", "this", "them", "those", "everything", "all"})


def _deletion(plain: str, lowered: str) -> Intent | None:
    found = phrases.DELETE.match(plain) or phrases.NO_LONGER.match(plain) or phrases.GOES.match(plain)
    target = next((g for g in found.groups() if g is not None), "") if found else ""
    if phrases.SAID_DONE.search(target) or phrases.ENDS_DONE.search(target):
        return None
    if _TO_A_PLAN.search(target):
        return None  # "drop it to low", "push X to friday": a plan changed, not a task deleted
    if re.match(r"^(?:drop|bin)\b", plain, re.IGNORECASE) and _DROPPED_AT.search(target):
        return None  # "drop the car at the garage on monday": an errand, not a deletion
    if phrases.A_FIELD_OF.search(target):
        return None  # "remove the urgent tag from the fence task": something of a task, not the task  # "cancel netflix is done": a task that starts with a deleting verb, said to be done
    return Intent("delete", ref=reference(target)) if target.strip() else None


def _reopening(plain: str, lowered: str) -> Intent | None:
    found = next((found for pattern in phrases.REOPEN if (found := pattern.match(plain))), None)
    target = next(group for group in found.groups() if group is not None) if found else None
    if target is None:
        return None
    return Intent("reopen", ref=reference(re.sub(r"(?:'s|\s+is)$", "", target.strip()) or "it"))  # "not done": it


def _completion(plain: str, lowered: str) -> Intent | None:
    if phrases.TO_FINISH_BY.match(plain) and take_slots(plain, today())[1].date_said:
        return _read_add(f"add {plain}")  # "finish the lab report by wednesday": something to do by then
    target = _completion_target(plain)
    if target is not None and _ASKED_OF_ME.match(target.strip()):
        return None  # "show me what is finished", "what's done": a question about the list, not a task done
    if target is not None and (_VERB_IT.match(target) or _IT_FIRST.match(target)):
        return Intent("complete", ref=Reference(pronoun=True))  # "bought it on the way home": "it" is the thing done
    return Intent("complete", ref=reference(target)) if target is not None else None


# What a list question asks about: "which of my tasks are about the car?", "anything to do with insurance?".
_ABOUT = re.compile(
    r"\b(?:about|mentioning|mention|to\s+do\s+with|regarding|involving|related\s+to)\s+(?:the\s+|my\s+|a\s+)?"
    r"([\w'-]+(?:\s+[\w'-]+){0,2}?)(?:\s+(?:on|in)\s+(?:there|my\s+list|the\s+list))?\s*\??$",
    re.IGNORECASE,
)
# "what's left for uni?": the one word a list question ends on, which names a kind of task (a tag).
_FOR_KIND = re.compile(r"\bfor\s+(?:the\s+|my\s+)?([a-z][\w-]{1,31})\s*\??$", re.IGNORECASE)
_NOT_A_KIND = frozenset({"me", "us", "now", "later", "today", "tomorrow", "tonight", "then", "it", "them", "real", "sure",
                         "good", "once", "ever", "free", "week", "weekend", "month", "year", "day", "morning",
                         "evening", "afternoon", "night", "moment", "rest"})  # fmt: skip
# "my to-do list", "the task list": the list.
_LIST_NOUN = re.compile(r"\b(?:to-?do|to\s+do|task|todo)\s+list\b(?!\s*:)", re.IGNORECASE)


_ASKS_WHAT = re.compile(r"(?:(?:tell|show)\s+me\s+)?(?:what|whats|what's|anything|is\s+there|are\s+there)\b")
_REMINDERS_ASKED = re.compile(r"\breminders\b")


def _listing(plain: str, lowered: str) -> Intent | None:
    lowered = _LIST_NOUN.sub("list", lowered)
    if _QUOTED_NAME.search(plain) and "?" not in plain and not phrases.QUESTION.match(lowered):
        return None  # "and 'book the kennels', no date on that one": a title said, not a question asked
    if _SAID_OF_IT.search(lowered) and not phrases.QUESTION.match(lowered):
        return None  # "also it's very important": said of a task, not asked of the list
    if not phrases.QUESTION.match(lowered) and "?" not in plain and _only_plans_left(plain):
        return None  # "high priority", "and urgent please": plans for a task, not a filter
    asks = phrases.LIST.match(lowered) and (
        not phrases.QUESTION_WORD.match(lowered)
        or phrases.ABOUT_THE_LIST.search(lowered)
        or (_ASKS_WHAT.match(lowered) and phrases.A_DAY_ASKED.search(lowered))  # "what's on for friday?"
    )
    filters = _filters(lowered)
    if (
        asks
        or (_THE_TASKS.search(lowered) and not phrases.COMMAND.match(lowered) and not _ONTO_OR_OFF.search(lowered))
        or (
            filters
            and (
                phrases.QUESTION.match(lowered)
                or len(lowered.split()) <= 8
                and ":" not in lowered
                and ";" not in lowered
                and lowered.split()[0] not in ITEM_VERBS
            )
        )
    ):
        status = _status(lowered)
        if (
            filters.get("due") in ("today", "overdue", "upcoming", "this_week")
            and status == "all"
            and not _EVERY_STATUS.search(lowered)
        ):
            status = "pending"  # what is due is what is still to do
        if _REMINDERS_ASKED.search(lowered):  # "what reminders do I have?": the tasks that will remind
            filters, status = filters | {"reminders": True}, "pending"
        day = _day_asked(lowered, filters)
        if day is not None:  # "what's due tomorrow?", "anything on Friday?": the coming tasks, of that day
            filters, status = filters | {"due": "upcoming"}, "pending"
        query = None
        if "tag" not in filters and (about := _ABOUT.search(lowered)) and not take_slots(about.group(1), today())[1]:
            query = about.group(1)
        elif "tag" not in filters and (kind := _FOR_KIND.search(lowered)) and _a_kind(kind.group(1)):
            filters = filters | {"tag": kind.group(1)}
        named_tag = "tag" in filters and not (phrases.HASHTAG.search(lowered) or phrases.TAGGED.search(lowered))
        return Intent(
            "list",
            status=status,
            count=bool(phrases.HOW_MANY.match(lowered)),
            filters=filters or None,
            day=day,
            query=query,
            kind_named=named_tag,
        )
    return None


def _a_kind(word: str) -> bool:
    """Whether a list question's last word, after "for", can name a kind of task: not a time, a person, a filler."""
    return word not in _NOT_A_KIND and not _not_a_tag(word) and not take_slots(f"for {word}", today())[1]


def _not_a_tag(word: str) -> bool:
    return (
        word in phrases.NOT_TAGS
        or word
        in (
            "tasks",
            "list",
            "todos",
            "to-dos",
            "stuff",
            "things",
            "items",
            "reminders",
            "jobs",
            "lists",
            "everything",
            "anything",
            "something",
            "nothing",
            "all",
            "more",
            "them",
            "those",
            "it",
            "me",
            "us",
            "please",
            "pls",
        )
        or bool(re.search(r"priority|urgent|important", word))
    )


def _day_asked(lowered: str, filters: dict[str, Any]) -> date | None:
    """The one day a list question asks about ("due tomorrow", "on Friday"), when no other window is asked."""
    if "due" in filters or not phrases.A_DAY_ASKED.search(lowered):
        return None
    slots = take_slots(lowered, today())[1]
    return slots.due_date if slots.date_said and slots.due_date and slots.due_date > today() else None


def _filters(lowered: str) -> dict[str, Any]:
    """The list_tasks filters and order a question asks for: due window, tag, priority, sort."""
    found: dict[str, Any] = {}
    for window, pattern in phrases.DUE_WINDOWS:
        if pattern.search(lowered):
            found["due"] = window
            break
    for level, pattern in phrases.PRIORITY_FILTERS:
        if pattern.search(lowered):
            found["priority"] = level
            break
    for order, pattern in phrases.SORTS:
        if pattern.search(lowered):
            found["sort"] = order
            break
    if tag := phrases.HASHTAG.search(lowered) or phrases.TAGGED.search(lowered):
        found["tag"] = next(group for group in tag.groups() if group)
    elif (named := phrases.KIND_OF_TASKS.search(lowered) or phrases.SHOW_MY_KIND.match(lowered)) and not _not_a_tag(
        named.group(1)
    ):
        found["tag"] = named.group(1)
    return found


def _planning(plain: str, lowered: str) -> Intent | None:
    """A change to a task's plans: "move the dentist to Friday", "make the report urgent", "tag X as work",
    "remove the due date from X", "X doesn't repeat anymore"."""
    if ("note" in lowered or "description" in lowered or "details" in lowered) and _A_NOTE_SET.search(plain):
        return None  # "change the boiler note to: engineer due at 9": the note says when, no plan changes
    if found := phrases.PRIORITY_OF.match(plain) or phrases.PRIORITY_SET.match(plain):
        said_first = found.group(1) is not None  # "set the report to high" (or "put the priority high on the report")
        named, level = (
            (found.group(1), found.group(2)) if said_first else (found.group(5) or found.group(3) or "it", found.group(4))
        )
        if level.lower() in phrases.PRIORITY_LEVELS:
            named = _FIELD_SAID.sub("", named).strip() or named  # "the report priority": the report
            return Intent("update", ref=reference(named), plan={"priority": phrases.PRIORITY_LEVELS[level.lower()]})
    if ("day" in lowered or "week" in lowered) and (found := _SHIFT.match(plain)):
        said = re.sub(r"\s+", " ", found.group(3).lower())
        count = int(said) if said.isascii() and said.isdigit() else _SPAN_COUNTS.get(said, 1)
        days = count * (7 if found.group(4).lower().startswith("week") else 1)
        forward = (found.group(2) or "").lower() == "forward" or found.group(0).lower().startswith(("bring", "pull"))
        return Intent("update", ref=reference(found.group(1)), shift_days=-days if forward else days)
    if (
        ":" in plain
        and (labelled := _LABEL_THEN_PLANS.match(plain))
        and not _NOT_A_LABEL.search(labelled.group(1))
        and not asks_to_add(plain)
        and _only_plans_left(labelled.group(2))
    ):
        # "Markers: high priority please, we've run out": a task named as a label, then its plans (and why)
        return _plan_change(reference(labelled.group(1)), take_slots(labelled.group(2), today())[1], plain)
    if found := phrases.NEEDED_BY.match(plain):
        left, slots = take_slots(found.group(1), today())
        return _plan_change(Reference(pronoun=True), slots, plain) if slots and not left else None
    if (found := phrases.NAMED_NEEDED_BY.match(plain)) and _a_subject(found.group(1)) and _only_plans(found.group(2)):
        return _plan_change(reference(found.group(1)), take_slots(found.group(2), today())[1], plain)
    if (
        (found := phrases.MOVED.match(plain))
        and (moved := take_slots(found.group(2) or found.group(5) or found.group(7), today()))[1]
        and not moved[0]
    ):
        named = found.group(1) or (f"{found.group(3)} {found.group(4)}" if found.group(3) else found.group(6))
        return _plan_change(reference(named), moved[1], plain)
    if (
        (" said " in lowered or " says " in lowered or " told " in lowered)
        and (told := _TOLD_PLANS.match(plain))
        and _only_plans(told.group(1))
    ):
        # "wait she said sunday": the plans someone else gave for the task just talked about
        return _plan_change(Reference(pronoun=True), take_slots(told.group(1), today())[1], plain)
    if "new " in lowered and (new_plan := _NEW_PLAN_IS.match(plain)) and _only_plans(new_plan.group(1)):
        # "New date is 3 days from today": the plan of the task just talked about
        return _plan_change(Reference(pronoun=True), take_slots(new_plan.group(1), today())[1], plain)
    if (
        "not " in lowered
        and (wrong_then_right := _NOT_X_BUT_Y.match(plain))
        and all(_only_plans(said) for said in wrong_then_right.groups())
    ):
        return _plan_change(
            Reference(pronoun=True), take_slots(wrong_then_right.group(2), today())[1], plain
        )  # "not thursday, friday"
    if (
        (found := phrases.NOT_THAT.match(plain))
        and _only_plans(said := _AN_HOUR_SAID.sub(r"at \g<0>", found.group(1)))
        and _only_plans(_AN_HOUR_SAID.sub(r"at \g<0>", found.group(2)))
    ):
        intent = _plan_change(Reference(pronoun=True), take_slots(said, today())[1], plain)  # "saturday not friday"
        # "3:30 not 2:30": an hour alone, on the side of noon of the time it puts right (the task's)
        intent.bare_hour = said != found.group(1) and not re.search(r"[ap]\.?m", said, re.IGNORECASE)
        return intent
    if lowered.startswith(("change", "set", "update", "make", "switch")) and (found := _FIELD_OF.match(plain)):
        field, target, old, new = found.group("field").lower(), found.group("task"), found.group("old"), found.group("new")
        if field.startswith(("tag", "label")) and re.fullmatch(r"#?[a-z][\w-]{0,31}", new.strip(), re.IGNORECASE):
            tags = [new.strip().lstrip("#").lower()]
            intent = Intent("update", ref=reference(target), plan={"tags": tags})
            intent.drops_tag = old.strip().lstrip("#").lower() if old else None
            return intent
        if (slots := take_slots(new if not field.startswith("prio") else f"{new} priority", today())[1]) and _only_plans(
            new if not field.startswith("prio") else f"{new} priority"
        ):
            return _plan_change(reference(target), slots, plain)
    if (
        lowered.startswith(("can ", "could "))
        and (found := _CAN_IT_BE.match(plain))
        and _a_subject(found.group(1))
        and _only_plans_left(found.group(2))
    ):
        # "can the MOT be due end of month instead": a plan asked for, as a question.
        return _plan_change(reference(found.group(1)), take_slots(found.group(2), today())[1], plain)
    if (
        " not " in lowered
        and (found := _NOT_A_BUT_B.match(plain))
        and _only_plans(found.group(2))
        and _only_plans(found.group(3))
    ):
        # "the meeting with the landlord is not Monday, is Tuesday": the task, the wrong plan, the right one.
        return _plan_change(reference(found.group(1)), take_slots(found.group(3), today())[1], plain)
    if ("->" in plain or "=>" in plain or "\u2192" in plain) and (found := _ARROW.match(plain)) and _only_plans(found.group(2)):
        return _plan_change(reference(found.group(1)), take_slots(found.group(2), today())[1], plain)  # "X -> due Thu"
    if found := phrases.REMOVE_TAG.match(plain):
        return Intent("update", ref=reference(found.group(2) or "it"), drops_tag=found.group(1).lower())
    if found := phrases.CLEAR_PLAN.match(plain):
        fields = cleared(found.group(1))
        # (a note is cleared by an empty one: the tool reads a missing description as "unchanged")
        plan = {field: "" if field == "description" else None for field in fields}
        return Intent("update", ref=reference(found.group(2)), plan=plan) if fields else None
    if found := phrases.NO_REPEAT.match(plain):
        return Intent("update", ref=reference(next(g for g in found.groups() if g)), plan={"recurrence": None})
    if found := phrases.NO_DATE.match(plain):
        return Intent("update", ref=reference(found.group(1) or found.group(2)), plan={"due": None})
    if found := _TAG_SEVERAL.match(plain):  # "tag both of those shopping": the several, then the tags
        tags = [t.lstrip("#").lower() for t in re.split(r"\s*(?:,|\band\b|&)\s*", found.group(2)) if t.strip("#")]
        return Intent("update", ref=Reference(words=found.group(1)), plan={"tags": tags}, adds_tags=True)
    if found := phrases.TAG_AS.match(_INSTEAD_OF.sub("", plain)):
        cut = _AND_MAKE_IT.search(found.group(2))
        said_tags, also = (found.group(2)[: cut.start()], found.group(2)[cut.end() :]) if cut else (found.group(2), "")
        more = take_slots(also, today())[1].arguments() if also and _only_plans_left(also) else {}
        if also and not more:
            return None  # "tag it travel and make it something else": more than a plan, not for a guess
        tags = [t.lstrip("#").lower() for t in re.split(r"\s*(?:,|\band\b|&)\s*|\s+", said_tags) if t.strip("#")]
        tags = [t for t in tags if t not in ("as", "well", "too", "also")]
        if tags and all(re.fullmatch(r"[a-z][\w-]{0,31}", t) for t in tags):
            # "retag X as Y (instead of Z)": Y in place of its tags; "tag X as Y": Y beside them.
            replaces = bool(re.match(r"re-?(?:tag|label)", plain, re.IGNORECASE)) or plain != _INSTEAD_OF.sub("", plain)
            return Intent("update", ref=reference(found.group(1)), plan={"tags": tags} | more, adds_tags=not replaces)
    if found := phrases.ADD_TAG.match(plain):  # "add the tags work and slides to the deck task"
        tags = [t.strip("#'\"").lower() for t in re.split(r"\s*(?:,|\band\b|&)\s*", found.group(1)) if t.strip("#'\"")]
        return Intent("update", ref=reference(found.group(2)), plan={"tags": tags}, adds_tags=True)
    if (
        (found := phrases.IS_PRIORITY.match(plain))
        and _a_subject(found.group(1))
        and (level := take_slots(_LEVEL_SET.sub(r"\1 priority", plain[found.start(2) :]), today())[1]).priority
    ):
        return Intent("update", ref=reference(found.group(1)), plan={"priority": level.priority})  # "X can be low priority, ..."
    if (
        found := phrases.IS_DUE.match(plain) or phrases.SHOULD_REPEAT.match(plain) or phrases.IS_PRIORITY.match(plain)
    ) and _a_subject(found.group(1)):
        target = found.group(1)
        left, slots = take_slots(_NOT_THE_OTHER.sub("", plain[found.end(1) :]), today())
        left = re.sub(
            r"^(?:'s\s+not|is\s+not|isn'?t|are\s+not|aren'?t|'s|is|are|should\s+be|(?:(?:needs?|has|have)\s+to|must)\s+be"
            r"(?:\s+(?:done|in|back|ready|sent|paid|submitted|filed|handed\s+in|finished))?|(?:should\s+|to\s+)?(?:repeat|recur)s?)\s*",
            "",
            left,
        )
        if slots and (not left or phrases.PLAN_LEFTOVER.fullmatch(left)):
            return _plan_change(reference(target), slots, plain)
        # Otherwise the words may still be an order: "move Mia's dentist to thursday" is no "Mia is ...".
    if plain[-1:].isdigit() or lowered.endswith("clock"):
        hour = _TO_AN_HOUR.match(plain)
    else:
        hour = None
    if hour is not None:
        # "move the dentist to 5", "push it to 7": the hour, on the day the task has, on its side of noon.
        intent = _plan_change(reference(hour.group(1)), take_slots(f"at {hour.group(2)}", today())[1], plain)
        intent.bare_hour = True
        return intent
    if (found := phrases.PLAN_VERB.match(plain)) and not (
        re.match(r"drop\b", plain, re.IGNORECASE) and _DROPPED_AT.search(found.group(1))
    ):
        rest, slots = take_slots(found.group(1), today())
        target = re.sub(r"\s+(?:down|up|back)$", "", phrases.PLAN_FILLER.sub("", rest).strip(" ,"), flags=re.IGNORECASE)
        if phrases.DONE_SAID.search(re.split(r"[,;]", target)[0]):
            return None  # "mark it done, booked it this morning": a completion, and when it was done
        if re.search(r"\s(?:to|into)\s+\S", target) and not (_MOVE_VERB.match(plain) and _PLANS_AT_END.search(found.group(1))):
            # "change X to Walk the dog at 7": a new title, read by the update rule; a move never renames, so
            # "move the email to Sarah to friday" moves "the email to Sarah"
            return None
        if slots and target:
            return _plan_change(reference(target), slots, plain)
    return None


_MOVE_VERB = re.compile(r"(?:move|push|reschedule|postpone|prepone|shift|bump|delay|defer)\b", re.IGNORECASE)
# The plans said after a move's last "to": "... to Sarah to friday".
_PLANS_AT_END = re.compile(r"\s(?:to|till|until|for)\s+(?:(?!\s(?:to|till|until|for)\s).)+$", re.IGNORECASE)

_A_NOTE_SET = re.compile(r"\b(?:note|notes|description|details)\s+(?:to|as)\s*:", re.IGNORECASE)
_LABEL_THEN_PLANS = re.compile(r"^(?:the\s+)?([\w'][\w' -]{0,60}?)\s*:\s*([^,;.]+)(?:[,;.].*)?$")
# Words before a colon that head a request or a field, never a task's name: "todo: urgent", "priority: high".
_NOT_A_LABEL = re.compile(
    r"\b(?:add|new|todo|to-?do|tasks?|notes?|reminders?|urgent|important|priority|prio|done|finished|completed|details?|"
    r"description|tags?|labels?|due|deadline|update|fyi|ps|re|subject|also|next|first|then|ok|okay|so|edit|change|when|date|"
    r"time|today|tomorrow|tonight|this\s+week|next\s+week|every|repeat|all|everything|list|show)$",
    re.IGNORECASE,
)

_TOLD_PLANS = re.compile(
    r"^(?:(?:wait|oh|actually|no|sorry|ok|okay|hmm+)[\s,!.]+)*(?:she|he|they|the\s+\w+|[a-z]+)\s+(?:said|says|told\s+me)\s+"
    r"(?:(?:it'?s|it\s+is|it\s+should\s+be|to\s+make\s+it)\s+)?(.+)$",
    re.IGNORECASE,
)
_NEW_PLAN_IS = re.compile(
    r"^(?:and\s+)?(?:the\s+)?new\s+(?:date|day|time|deadline|due\s+date|due\s+time)\s+(?:is|will\s+be|would\s+be|[:=])\s+(.+)$",
    re.IGNORECASE,
)
_NOT_X_BUT_Y = re.compile(
    r"^(?:(?:no|sorry|nope|oops|wait|actually)[\s,!.]+)*not\s+(\S+(?:\s+\S+)?)[\s,;-]+(?:but\s+|it'?s\s+|make\s+it\s+)?(\S+(?:\s+\S+)?)$",
    re.IGNORECASE,
)

# "tag it travel and make it high priority": the tags, then another plan of the same task.
_AND_MAKE_IT = re.compile(r"\s+and\s+(?:also\s+)?(?:make|set|mark|put)\s+(?:it|that|this|them)\s+", re.IGNORECASE)
_INSTEAD_OF = re.compile(r"\s+(?:instead\s+of|rather\s+than|in\s+place\s+of|not)\s+#?[\w-]+$", re.IGNORECASE)


def _a_subject(words: str) -> bool:
    """Whether `words` can be the task a "X is due Friday" sentence is about: not a request to add ("add dinner at
    Luigi's on Saturday"), not words across sentences."""
    return not asks_to_add(words) and not _SENTENCE_END.search(words)


_SENTENCE_END = re.compile(r"[.!?]\s")


def _only_plans_left(text: str) -> bool:
    """Whether `text` says only plans, with a few small words around them ("and high priority please")."""
    rest, slots = take_slots(text, today())
    left = re.sub(r"\s+", " ", re.sub(r"[,;.!]+", " ", phrases.without_polite(rest))).strip()
    return bool(slots) and (not left or bool(phrases.PLAN_LEFTOVER.fullmatch(left)))


def _only_plans(text: str) -> bool:
    rest, slots = take_slots(text, today())
    return bool(slots) and not rest


# "postpone 'call the bank' by a day", "push it back two days", "bring the report forward by a week": a move by a span.
_SHIFT = re.compile(
    r"^(?:postpone|push|move|delay|bump|put\s+off|defer|shift|set|bring|pull|knock)\s+(.+?)\s+(?:(back|forward|on)\s+)?"
    r"(?:by\s+)?(a|an|one|two|three|four|five|six|seven|a\s+couple\s+of|couple\s+of|\d{1,2})\s+(days?|weeks?)$",
    re.IGNORECASE,
)


_TO_AN_HOUR = re.compile(
    r"^(?:move|push|shift|bump|reschedule|change|set)\s+(.+?)\s+(?:to|till|until)\s+(\d{1,2}(?::\d\d)?)(?:\s*o'?clock)?$",
    re.IGNORECASE,
)
_NOT_A_BUT_B = re.compile(
    r"^(?:the\s+|my\s+)?(.+?)\s+is\s+not\s+(.+?)[,;]?\s+(?:it'?s|it\s+is|is|but|it\s+should\s+be)\s+(.+)$", re.IGNORECASE
)
_FIELD_OF = re.compile(
    r"^(?:change|set|update|make|switch)\s+(?:the\s+)?(?P<field>tags?|labels?|priority|due\s+date|date|deadline|time)\s+(?:on|of|for)\s+"
    r"(?P<task>.+?)(?:\s+from\s+(?P<old>\S+))?\s+(?:to|as|into)\s+(?:just\s+|only\s+)?(?P<new>.+)$",
    re.IGNORECASE,
)
_CAN_IT_BE = re.compile(
    r"^(?:can|could)\s+(?:we\s+(?:make|move|set)\s+)?(?:the\s+|my\s+)?(.+?)\s+(?:be\s+)?(?:due|moved\s+to|done\s+by|pushed\s+to|be(?=\s+(?:on|for|at)\b))\s+(.+)$",
    re.IGNORECASE,
)
_ARROW = re.compile(r"^(?:and\s+)?(.+?)\s*(?:->|\u2192|=>)\s*(.+)$")
_AN_HOUR_SAID = re.compile(r"^\d{1,2}(?::\d\d)?(?:\s*[ap]\.?m\.?)?$", re.IGNORECASE)  # "11am not 10": 10 o'clock
_MARK_IT = re.compile(
    r"(?:(?:you\s+can|can\s+you|please|pls|so)\s+)*(?:(?:mark|tick|check|cross)\s+(?:it|that(?:\s+one)?)(?:\s+off)?|"
    r"mark\s+(?:(?:it|that)\s+)?(?:as\s+)?(?:done|complete|completed|finished))",
    re.IGNORECASE,
)
_SPAN_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a couple of": 2,
                "couple of": 2}  # fmt: skip


# The plan a change names after the task, which is no part of the task's name.
_FIELD_SAID = re.compile(
    r"(?:'s)?\s+(?:time|date|day|deadline|due\s+date|due\s+time|start\s+time|priority|tags?)$|"
    r"\s+(?:a|an)\s+(?:daily|weekly|monthly|yearly|annual|fortnightly|recurring|repeating|regular)"
    r"(?:\s+(?:thing|task|job|one|event|reminder))?$",
    re.IGNORECASE,
)


def _plan_change(ref: Reference, slots: Slots, said: str) -> Intent:
    """An update of a task's plans; a time said alone keeps the task's date, "same time" its time."""
    keeps_date = bool(slots.due_time) and not slots.date_said
    if ref.words:
        # "change the dentist time to 4pm", "make the bins a weekly thing": the task is "the dentist", "the bins".
        ref.words = _FIELD_SAID.sub("", ref.words).strip() or ref.words
    return Intent(
        "update",
        ref=ref,
        plan=slots.arguments(),
        keeps_date=keeps_date,
        # A new day with no time keeps the task's time: "move it to friday" of a task at 18:00 is Friday 18:00.
        keeps_time=bool(_SAME_TIME.search(said)) or (slots.date_said and not slots.due_time),
        # "it's 3:30 not 2:30": a time put right without am or pm is on the side of noon of the one it replaces.
        bare_hour=bool(slots.due_time and _TIME_PUT_RIGHT.search(said)),
    )


# "..., set it to high": a level said after, which puts the first right.
_LEVEL_SET = re.compile(
    r"\b(?:set|make|change|put|bump|raise|drop|lower)\s+(?:it|that|this)\s+(?:(?:to|as|up\s+to|down\s+to)\s+)?(low|medium|high|urgent)\b",
    re.IGNORECASE,
)

_TIME_PUT_RIGHT = re.compile(
    r"\b\d{1,2}(?:[:.]\d\d)?(?!\s*[ap]\.?m)\s*,?\s+(?:not|instead\s+of|rather\s+than)\s+(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\b(?!\s*[ap]\.?m)",
    re.IGNORECASE,
)


def _search_or_filter(plain: str, found: re.Match[str]) -> Intent:
    """A search, unless its words are a filter of the list ("anything with no due date", "anything urgent")."""
    lowered = plain.lower()
    if filters := _filters(lowered):
        # "look up my chem stuff": a kind of task named, searched for by its word when no task has it as a tag
        named = (kind := phrases.KIND_OF_TASKS.search(lowered)) is not None and filters.get("tag") == kind.group(1)
        return Intent("list", status=_status(lowered), filters=filters, kind_named=named)
    words = _search_words(found)
    rest, slots = take_slots(f"on the {words}" if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", words) else words, today())
    if slots.date_said and slots.due_date and not rest.strip(" ,.?!") and not slots.due_time:
        # "anything on tomorrow?", "have I got anything on friday": the tasks of that day, not a search for "tomorrow"
        if slots.due_date == today():
            return Intent("list", status="pending", filters={"due": "today"})
        if slots.due_date > today():
            return Intent("list", status="pending", filters={"due": "upcoming"}, day=slots.due_date)
    return Intent("list", query=words)


def _search_words(found: re.Match[str]) -> str:
    said = next(g for g in found.groups() if g)
    if quoted := _QUOTED_NAME.search(said):
        return quoted.group(1)  # "is 'renew passport' still on my list?": the words quoted are the ones looked for
    words = said.strip(" '\"?")
    words = re.sub(r"\s+(?:on|in)\s+(?:(?:my|the)\s+(?:\w+\s+)?(?:list|tasks|todos)|there|it)$", "", words, flags=re.IGNORECASE)
    words = re.sub(r"\s+(?:still|yet|anymore|any\s+more)$", "", words, flags=re.IGNORECASE)
    # "when's the dentist thing due?": the dentist
    words = re.sub(
        r"(?:\s+(?:thing|task|one|appointment|todo))?\s+(?:due|happening|on|set\s+for|scheduled)$", "", words, flags=re.I
    )
    words = re.sub(
        r"^(?:anything|something|stuff|everything)\s+(?:about|on|with|for|mentioning)\s+", "", words, flags=re.IGNORECASE
    )
    words = re.sub(r"^there\s+(?:about|with|for|mentioning)\s+", "", words, flags=re.IGNORECASE)  # "anything on there about X"
    if about := re.search(r"\babout\s+(?:the\s+|my\s+)?([^?,.!]+)", words, re.IGNORECASE):
        words = about.group(1)  # "did I put something in about the gazebo? can't remember"
    words = re.sub(r"^(?:(?:my|the)\s+)?(?:list|tasks|todos)\s+(?:about|with|for|mentioning)\s+", "", words, flags=re.IGNORECASE)
    words = re.sub(r"\s+(?:already|in\s+it|in\s+them|in\s+the\s+title)$", "", words, flags=re.IGNORECASE)
    words = words.strip(" '\"\u2018\u2019\u201c\u201d")
    words = re.sub(
        r"^(?:the\s+|a\s+|an\s+)?(?:tasks?|ones?|todos?)\s+(?:about|mentioning|with|for|on|called)\s+",
        "",
        words,
        flags=re.IGNORECASE,
    )
    return re.sub(r"^(?:the|my|a|an)\s+|\s+(?:one|task|tasks|todo|thing)$", "", words, flags=re.IGNORECASE)


def _describing(target: str, description: str) -> Intent:
    return Intent("update", ref=reference(target), description=_unquote(_SAID_AS.sub("", description.strip())))


# "set the description to: door code 4471", "in the notes put: receipts are in the folder".
_SAID_AS = re.compile(r"^(?:to|as|put|write|say|add)\s*:\s*", re.IGNORECASE)


def _detailing(found: re.Match[str]) -> Intent | None:
    target = next((g for g in found.groups() if g), None)
    return Intent("detail", ref=reference(target)) if target else None


# How a clause is read: the first rule that recognises it wins, so the order is the meaning
# ("put X back" before adding, deleting before completing, asking for the list last of all).
CLAUSE_RULES: list[tuple[str, Rule]] = [
    ("help", lambda plain, lowered: Intent("help", scope="asked") if phrases.HELP.search(lowered) else None),
    ("undo", _on(phrases.UNDO, lambda found: Intent("undo"))),
    ("the other one", _on(phrases.OTHER, lambda found: Intent("other"))),
    ("search", lambda plain, lowered: _search_or_filter(plain, found) if (found := phrases.SEARCH.match(plain)) else None),
    ("correction", _correction),
    ("bulk change", _bulk),
    ("bulk by words", _on(phrases.BULK_BY_WORDS, _bulk_by_words_said)),
    ("bulk about", _on(phrases.BULK_ABOUT, lambda found: _bulk_by_words(found.group(1), None, found.group(2)))),
    ("confirmation", lambda plain, lowered: Intent("confirm") if phrases.CONFIRM.match(lowered) else None),
    ("plans", _planning),
    (
        "add a description",
        _on(phrases.ADD_DESCRIPTION, lambda f: _describing(*(g or "it" for g in f.groups() if g is not None))),  # "its": it
    ),
    ("put it back", _on(phrases.PUT_BACK, lambda found: _put_back(found))),
    ("note for a task", _on(phrases.NOTE_FOR, lambda f: _describing(f.group(1) or "it", f.group(2)))),
    (
        "wrote one thing, meant another",
        _on(phrases.WROTE_BUT, lambda f: Intent("update", ref=reference(f.group(1)), title=clean_title(f.group(2)))),
    ),
    (
        "a title, then as meant",
        _on(phrases.QUOTED_SHOULD_BE, lambda f: Intent("update", ref=reference(f.group(1)), title=clean_title(f.group(2)))),
    ),
    (
        "fix a typo",
        _on(
            phrases.FIX_TYPO,
            lambda f: Intent(
                "update", ref=reference(f.group(1)), title=clean_title(_RIGHT_NOT_WRONG.sub("", f.group(2))), respelt=True
            ),
        ),
    ),
    ("details for a task", _on(phrases.PUT_IN_DETAILS, lambda f: _describing(f.group(1) or f.group(3) or "it", f.group(2)))),
    ("undo a task", _on(phrases.UNDO_TASK, lambda found: Intent("reopen", ref=reference(found.group(1))))),
    ("grammar", lambda plain, lowered: _by_grammar(plain)),
    ("add", lambda plain, lowered: _read_add(plain)),
    ("update", _on(phrases.UPDATE, lambda found: _read_update(found.group(1)))),
    ("call it", _on(phrases.CALL_IT, lambda f: Intent("update", ref=reference(f.group(1)), title=clean_title(f.group(2))))),
    ("label: done", _on(phrases.LABEL_DONE, lambda found: Intent("complete", ref=reference(found.group(1) or found.group(2))))),
    ("thing done", _thing_done),
    (
        "should be called",
        _on(phrases.SHOULD_BE, lambda f: Intent("update", ref=reference(f.group(1)), title=clean_title(f.group(2)))),
    ),
    ("details", _on(phrases.DETAIL, _detailing)),
    ("delete", _deletion),
    ("reopen", _reopening),
    ("complete", _completion),
    ("out of domain", lambda plain, lowered: Intent("help") if phrases.OUT_OF_DOMAIN.search(lowered) else None),
    ("list", _listing),
    ("pause", lambda plain, lowered: Intent("hold", reason=_PAUSED) if phrases.HOLD_ON.match(lowered) else None),
    ("smalltalk", lambda plain, lowered: Intent("smalltalk") if phrases.SMALLTALK.match(lowered) or not lowered else None),
]


# Several tasks named at once, as the last ones talked about: "both of those", "them all", "these two".
_SEVERAL_NAMED = re.compile(
    r"(?:both(?:\s+of\s+(?:them|those|these))?|(?:all\s+(?:of\s+)?)?(?:them|those|these)(?:\s+(?:all|both|two|three|ones))?|"
    r"the\s+(?:two|three|both)(?:\s+of\s+them)?|(?:these|those)\s+(?:two|three)(?:\s+(?:tasks|ones))?)",
    re.IGNORECASE,
)


_VERB_SEVERAL = re.compile(rf"^[a-z]+(?:\s+(?:up|back|off))?\s+({_SEVERAL_NAMED.pattern})\b", re.IGNORECASE)
_TAG_SEVERAL = re.compile(
    rf"^(?:re-?)?(?:tag|label)\s+({_SEVERAL_NAMED.pattern})\s+(?:as\s+|with\s+)?(?:the\s+)?(?:tags?\s+)?#?([a-z][\w-]*(?:\s*(?:,|and|&)\s*#?[a-z][\w-]*)*)$",
    re.IGNORECASE,
)


def _to_each(intent: Intent, plain: str) -> Intent:
    """A plan change said of several tasks at once ("make both high priority", "tag them all shopping"): the change,
    made to each task of the last list shown or the last ones added."""
    if intent.kind != "update" or not intent.ref or not intent.plan or intent.title:
        return intent
    words = intent.ref.words
    if intent.ref.pronoun and (said := _VERB_SEVERAL.match(plain)):
        words = said.group(1)  # "make them urgent": "them", which the reading keeps as "it"
    if not words or not _SEVERAL_NAMED.fullmatch(words.strip()):
        return intent
    named = (
        2
        if re.search(r"\b(?:both|two)\b", words, re.IGNORECASE)
        else 3
        if re.search(r"\bthree\b", words, re.IGNORECASE)
        else None
    )
    return Intent(
        "bulk",
        action="update",
        scope="shown",
        plan=intent.plan,
        named=named,
        adds_tags=intent.adds_tags,
        keeps_date=intent.keeps_date,
        keeps_time=intent.keeps_time,
    )


def _with_row(intent: Intent, plain: str) -> Intent:
    """A reading of the rules below, marked with the grammar row that says the clause as the same kind, if one does."""
    parse = grammar.read_clause(plain, vouching=True)
    if parse is not None and parse.row.kind == intent.kind:
        intent.row = parse.row.name
    return intent


def _by_grammar(plain: str) -> Intent | None:
    """The reading of a clause one grammar row says whole (`grammar.py`); None to leave it to the rules below."""
    parse = grammar.read_clause(plain)
    if parse is None:
        return None
    row, slots = parse.row, parse.slots
    if row.kind == "update" and "new_title" not in slots:
        # A plan change is the planning reader's, and it ran before the grammar and found none in these words:
        # the row only vouches for what a later rule reads.
        intent = None
    elif row.kind == "add":
        intent = _read_add(plain) or _read_add(f"add {slots['title']}")
    elif row.kind == "update":
        intent = _read_update(f"{slots['ref']} to {slots['new_title']}")
        if intent is not None and not intent.title:
            intent = None  # "change it to tomorrow": a plan, which is not a rename
    elif _BULK_WORDS.fullmatch(slots["ref"]):
        intent = None  # "delete all of them": the bulk rules' to read
    else:
        intent = Intent(row.kind, ref=reference(slots["ref"]))
    if intent is not None:
        intent.row = row.name
    return intent


_FIRST_OR_LAST_FEW = re.compile(
    r"(?:the\s+)?(first|last)\s+(two|three|four|five|[2-5])(?:\s+(?:ones|tasks|items|on\s+the\s+list))?", re.I
)
# Refs that name several tasks: a bulk change, not one row's.
_BULK_WORDS = re.compile(
    r"(?:all|everything|every\s+\w+(?:\s+\w+)?|both|them|those|these|them\s+all|all\s+.*|.*\s+ones|the\s+rest|each\s+.*|"
    r"(?:the\s+)?(?:done|completed|finished)\s+(?:tasks|ones|items))",
    re.IGNORECASE,
)


def reference(text: str) -> Reference:
    """How `text` names a task."""
    if (quoted := _QUOTED_NAME.search(text)) and _VAGUE.fullmatch(
        _GAPS.sub(" ", text[: quoted.start()] + text[quoted.end() :]).strip()
    ):
        return Reference(words=quoted.group(1))  # "the old one, 'Plumber'": the name in quotes
    text = text.strip().strip("'\"\u201c\u201d\u2018\u2019").strip()
    head, comma, tail = (*_SAID_ABOUT.split(text, maxsplit=1), "", "")[:3]
    if comma and INTERJECTION.fullmatch(head.strip()) and tail.strip():
        # "Phew, just got back from the post office - the parcel to Auntie Rose": after the sigh, and after the dash.
        return reference(tail.rsplit(" - ", 1)[-1])
    if comma and head.strip():
        # What follows a comma is said about the task, not part of its name: "the garage one, not doing that anymore".
        return reference(head)
    if found := phrases.ID.search(text) or phrases.BARE_ID.match(text):
        numbered = not found.group(0).lstrip().startswith("#") and not _TASK_OR_ID.search(found.group(0))
        return Reference(task_id=int(found.group(1)), numbered=numbered)
    cleaned = phrases.REF_FILLER.sub("", text).strip()
    if both := phrases.ORDINALS_AND.match(text):
        return Reference(ordinals=[ORDINALS[both.group(1).lower()], ORDINALS[both.group(2).lower()]])
    if run := _FIRST_OR_LAST_FEW.fullmatch(text.strip()):  # "the first two", "the last 3 ones"
        count = {"two": 2, "three": 3, "four": 4, "five": 5}.get(run.group(2).lower()) or int(run.group(2))
        first = run.group(1).lower() == "first"
        return Reference(ordinals=list(range(1, count + 1)) if first else list(range(-count, 0)))
    if phrases.PRONOUN.match(text) or phrases.PRONOUN.match(cleaned):
        return Reference(pronoun=True)
    if (ordinal := phrases.ORDINAL.fullmatch(cleaned) or phrases.ORDINAL.fullmatch(text)) and len(cleaned.split()) <= 4:
        return Reference(ordinal=ORDINALS[ordinal.group(1).lower()])
    return Reference(words=cleaned or text, owned=bool(_OWNED_THING.match(text)))


_VAGUE = re.compile(
    r"(?:the\s+)?(?:old|other|new|first|last|wrong)?\s*(?:one|task)?|it|that|this|that\s+one|the\s+one\s+called", re.IGNORECASE
)
_OWNED_THING = re.compile(
    r"^(?:my|our|his|her|their|your)\s+[\w'-]+(?:\s+(?:last\s+night|yesterday|today|this\s+morning|earlier|already|finally|at\s+last|"
    r"now|too|so\s+good|at\s+\w+))*[.!]*$",
    re.IGNORECASE,
)


def asks_to_add(text: str) -> bool:
    """Whether `text` starts by asking to add ("add", "remind me to", "todo:")."""
    return bool((asked := phrases.ADD.match(text)) and asked.end())


def _read_add(plain: str) -> Intent | None:
    if not asks_to_add(plain) and not asks_to_add(take_slots(plain, today())[0]):
        return None  # no way of asking to add starts it, with or without its plans: nothing below would read one
    if same := [_SAME_FIELDS[(first or second).lower()] for first, second in _SAME_PLAN.findall(plain)]:
        said = _read_add(_SAME_PLAN.sub("", plain))
        if said is not None:
            said.same = same
        return said
    plain = _MONTHLY_ON.sub(r"\1 ", plain)
    plain, trailing = _plan_parts(plain)
    intent = _read_add_planned(plain)
    plan = (intent.plan or {}) | trailing.arguments() if intent is not None else {}
    if intent is not None and not intent.items and (intent.title or "").lower() in ("it", "this", "that", "them") and plan:
        return Intent("update", ref=Reference(pronoun=True), plan=plan)  # "put it for saturday": plans for the task talked about
    if intent is not None and trailing:
        # ", it's urgent, due tomorrow": said of the whole request, so of every item in it.
        extra = trailing.arguments()
        if trailing.due_time and not trailing.date_said and (day := str((intent.plan or {}).get("due") or "")[:10]):
            extra["due"] = f"{day}T{trailing.due_time}"  # "for the day after tomorrow, 10:30 in the morning"
        intent.plan = _with_plans_after(intent.plan or {}, extra)
        if intent.item_plans:
            intent.item_plans = [_with_plans_after(each, extra) for each in intent.item_plans]
    return intent


# "same day", "same tag": a plan the thing shares with the one added before it.
_SAME_PLAN = re.compile(
    r"[,;]?\s*\b(?:on\s+)?the\s+same\s+(day|date|time|tags?|priority)\b|[,;]?\s*\bsame\s+(day|date|time|tags?|priority)\b",
    re.IGNORECASE,
)
_SAME_FIELDS = {"day": "due", "date": "due", "time": "due", "tag": "tags", "tags": "tags", "priority": "priority"}


def _plan_parts(text: str) -> tuple[str, Slots]:
    """The text without its trailing parts that only plan ("..., low priority", "..., it's due tomorrow"), and their slots."""
    slots = Slots()
    while cuts := list(_COMMAS.finditer(text)):
        last = text[cuts[-1].end() :]
        rest, found = take_slots(last, today())
        only_plans = found and (not rest or phrases.PLAN_LEFTOVER.fullmatch(rest))
        request = phrases.ADD_REQUEST.fullmatch(last) or phrases.ADD_THAT.match(phrases.without_polite(last).strip(" .!?"))
        if not only_plans and not request:
            break
        text = text[: cuts[-1].start()]
        _merge(slots, found)
    return text, slots


def _merge(into: Slots, found: Slots) -> None:
    """`found`'s slots added to `into`; a date said later beats one worked out from a repeat rule."""
    # (a time said alone is today's only when no day was said: "the day after tomorrow, 10:30 in the morning")
    day = found.due_date if found.date_said or not into.due_date else into.due_date
    into.due_date, into.due_time = day or into.due_date, found.due_time or into.due_time
    into.priority = into.priority or found.priority
    into.recurrence = _exacter(into.recurrence, found.recurrence)
    into.tags = list(dict.fromkeys([*into.tags, *found.tags]))
    into.date_said = into.date_said or found.date_said


def _with_plans_after(plan: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A thing's plans with those said after it, which win, but a repeat said less exactly keeps the exacter one."""
    if plan.get("recurrence") and extra.get("recurrence"):
        extra = extra | {"recurrence": _exacter(extra["recurrence"], plan["recurrence"])}
    return plan | extra


def _exacter(rule: str | None, other: str | None) -> str | None:
    """Of two repeat rules said of one task, the exacter: "on tuesdays and thursdays, every week" is the days."""
    if rule and other and rule == other.split(";")[0] and ";" in other:
        return other
    return rule or other


def _read_add_planned(plain: str) -> Intent | None:
    said = _read_add_words(plain)
    if said is not None and said.description and said.title and _only_plans(said.title):
        # "add a task for wednesday - collect the prescription": the heading held the plans, the details the thing
        thing, planned = take_slots(said.description, today())
        plans = take_slots(said.title, today())[1].arguments() | planned.arguments()
        return Intent("add", title=clean_title(thing or said.description), plan=plans or None)
    rest, slots = take_slots(plain, today())
    if said is not None and said.description and slots:
        _, in_details = take_slots(said.description, today())
        if in_details.arguments() != slots.arguments():
            said = None  # "add a task for tomorrow: defrost the freezer": the plans were in the heading
    if said is not None and said.description:
        # "add pay the bill: due on the 15th": the details stay as written, and are the due date too.
        _, slots = take_slots(said.description, today())
        said.plan = slots.arguments() or None
        return said
    if (
        said is not None
        and said.items
        and slots
        and (whole := _read_add_words(rest)) is not None
        and whole.title
        and not whole.items
    ):
        # "add print boarding passes with tags travel, admin": the commas were the plans', and the thing is one.
        whole.plan = slots.arguments()
        return whole
    if said is not None and said.items:
        # "call the vet and book a table for friday": each thing its own plans.
        items, plans = _things_and_plans(said.items, said.item_plans)  # plans said beside quoted titles, read with them
        said.items, said.title, said.item_plans = items, items[0], plans
        if len(items) == 1:
            return Intent("add", title=items[0], plan=plans[0] or None)
        return said
    intent = _read_add_words(rest) if slots else None
    if intent is not None and (intent.title or intent.items):
        intent.plan = slots.arguments()
        return intent
    return said


# "put the recycling out": the to-do itself. "new task pls - X", "add to my list: X", "add really X": heading words.
_PUT_THING = re.compile(r"(?:put|putting)\s+(?!down\b)", re.IGNORECASE)
_PUT_WHERE = re.compile(r"\s(?:out|away|back|up|on)$")
_PLEASE_DASH = re.compile(r"^(?:(?:pls|please|plz)\b[\s,]*)?(?:[-:.\u2013\u2014]\s*)?", re.IGNORECASE)
_NAMES_THE_LIST = re.compile(r"\b(tasks|list)\b", re.IGNORECASE)
_ONTO_THE_LIST = re.compile(r"^(?:(?:to|on|onto)\s+)?(?:my|the)\s+(?:[\w-]+\s+)?(?:list|tasks|todos)\s*:\s*", re.IGNORECASE)
_ADVERB_FIRST = re.compile(r"^(?:really|definitely|probably|also|still|seriously|finally)\s+", re.IGNORECASE)


def _things_and_plans(said: list[str], planned: list[dict[str, Any]] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The things a list of pieces names, each with its plans: a piece of plans only ("high priority", "- due Fri")
    plans the thing before it; a remark after them, or a piece said of it, is no thing."""
    items: list[str] = []
    plans: list[dict[str, Any]] = []
    after_plans = False
    for item, each in zip(said, planned or [{}] * len(said), strict=True):
        if items and (note := phrases.NOTE.match(item.strip())):
            plans[-1] = plans[-1] | {"description": _unquote(note.group(1))}  # "..., description: bring the draft"
            continue
        rest, slots = take_slots(_OF_IT.sub("", item), today())
        title = clean_title(_ASIDE.sub("", rest)) if slots else clean_title(rest)  # "every weekday (monday to friday)"
        if items and _OF_IT.match(item) and (not slots or title):
            continue  # "..., it has to go back by Wednesday" with more than plans: said about it, no thing
        if items and slots and (not title or phrases.PLAN_LEFTOVER.fullmatch(rest)):
            plans[-1] |= slots.arguments()  # "fix the fence, high priority": plans of the thing before, no thing
            after_plans = True
        elif after_plans and (_REMARK.match(rest) or _SAID_IS.search(rest)) or _NO_PLAN_SAID.fullmatch(rest.strip(" .!")):
            continue  # "..., low priority, no big deal though": said about it; "no date": a plan it hasn't
        elif items and phrases.ADD_REQUEST.fullmatch(item.strip(" .!")):
            continue  # "phone interview thursday 10:30, pls add": the request, no thing
        elif items and _ASIDE.fullmatch(item.strip(" .!")):
            continue  # "go to the gym, every weekday (monday to friday)": said again in brackets, no thing
        elif _STATUS_ONLY.fullmatch(item.strip(" .!")):
            continue  # "Okafor caterer: called, all set": how it went, no thing to do
        else:
            items.append(title or item)
            plans.append(each | slots.arguments())
            after_plans = bool(slots)  # "book the minibus. make it urgent, the trip is soon": what follows is why
    things = [i for i, item in enumerate(items) if not _A_STATEMENT.match(item)]
    if things and len(things) < len(items):
        # "Hi there, I've just come out of a meeting, send the plans": what is said about oneself is no thing to do.
        items, plans = [items[i] for i in things], [plans[i] for i in things]
    return items, plans


def _read_add_words(plain: str) -> Intent | None:
    found = phrases.ADD.match(plain)
    if not found or found.end() == 0:
        return None
    if _PUT_THING.match(plain) and _PUT_WHERE.search(plain) and not phrases.ADD_TAIL.search(plain):
        # "put the recycling out", "put the washing away": the to-do itself, not a request to add one.
        return Intent("add", title=clean_title(plain))
    rest = plain[found.end() :].strip()
    if not rest.strip(" .!") and re.fullmatch(
        r"(?:(?:please|pls|plz)\s+)?add(?:\s+(?:please|pls|plz))?[\s.!]*", plain, re.IGNORECASE
    ):
        return Intent("add", title="it")  # "..., pls add": add it, the thing said beside it (or the turn before)
    rest = _PLEASE_DASH.sub("", rest)  # "new task pls - X"
    if not rest or phrases.LIST.match(rest) and _NAMES_THE_LIST.search(rest) and "?" in plain:
        return None
    if phrases.NO_THING.match(rest):
        return None  # "add it all up", "add something for the weekend": nothing named to add
    # "add to my list: sunscreen, hat": where it goes, then what.
    rest = _ONTO_THE_LIST.sub("", rest)
    rest = phrases.ADD_TAIL.sub("", strip_lead_in(rest))
    rest = _ADVERB_FIRST.sub("", rest)
    if ";" in rest:  # "a; b; new todo: c": items, each maybe with its own "new todo:"
        parts = split_items(rest)
        items = [clean_title(_strip_add(item)) for item in parts]
        if len(items) > 1:
            return Intent("add", title=items[0], items=items)
        if len(parts) == 1:
            rest = parts[0]  # "ok sure; 'buy a kettle'": the one thing among words that say nothing
    description = None
    if (quoted := _quoted_with_plans(rest)) is not None:
        return quoted
    if quoted_put := phrases.QUOTED_THEN_PUT.match(rest):
        return Intent("add", title=clean_title(quoted_put.group(1)), description=_unquote(quoted_put.group(2)))
    if quoted_then := phrases.QUOTED_THEN_DETAILS.match(rest):
        return Intent("add", title=clean_title(quoted_then.group(1)), description=_unquote(quoted_then.group(2)))
    if described := phrases.DESCRIPTION.search(rest):
        description, rest = _unquote(_SAID_AS.sub("", described.group(1))), rest[: described.start()]
    elif (dash := phrases.DASH.search(rest)) and not _quoted(rest):
        description, rest = _unquote(dash.group(1) or dash.group(2)), rest[: dash.start()]
    rest = phrases.ADD_TAIL.sub("", rest.strip())
    items = [clean_title(item) for item in split_items(rest)] if description is None else []
    if len(items) > 1:
        return Intent("add", title=items[0], items=items)
    title = clean_title(rest)
    return Intent("add", title=title, description=description) if title else None


def _quoted_with_plans(text: str) -> Intent | None:
    """ "'Water the garden' for every Wednesday", "'plan offsite' with tags work and travel": the quotes are the title,
    the rest its plans; None when the words outside the quotes say more than plans."""
    found = phrases.QUOTED_FIRST.match(text)
    if found is None:
        return None
    if _QUOTED_THEN.search(found.group(2)):
        return _quoted_items(text)
    outside, description = (
        re.split(r"\s+(?:so\s+(?:that\s+)?i|because|as\s+i|since)\b", found.group(2), maxsplit=1, flags=re.IGNORECASE)[0],
        None,
    )
    if note := phrases.NOTE_AFTER.search(outside):  # "'Call pharmacy' - note: ask for the liquid version"
        outside, description = outside[: note.start()], _unquote(_SAID_AS.sub("", note.group(1).strip()))
    rest, slots = take_slots(", " + outside if outside.strip() else outside, today())
    left = re.sub(r"[,;.!?]+", " ", rest).strip().lower().split()
    said_more = phrases.COMMAND.match(rest.strip(" ,")) or _QUOTED_THEN.search(rest) or phrases.DASH.search(outside)
    if any(word not in _SMALL_WORDS for word in left) and said_more:
        return None  # "'X' and delete Y": another order; another quote: the list reader's
    return Intent("add", title=clean_title(found.group(1)), description=description, plan=slots.arguments() or None)


def _quoted_items(text: str) -> Intent | None:
    """ "'pay council tax' for Friday and 'cancel Netflix' as well": each quoted title a thing to add, with the plans
    said after it; None when the words between the quotes say more than plans."""
    titles, plans = [], []
    for found in _QUOTED_THEN.finditer(text):
        rest, slots = take_slots(found.group(2), today())
        left = re.sub(r"[,;.!?&]+", " ", rest).strip().lower().split()
        if any(word not in _SMALL_WORDS for word in left):
            return None
        titles.append(clean_title(found.group(1)))
        plans.append(slots.arguments())
    if len(titles) < 2 or "".join(_QUOTED_THEN.split(text)[::3]).strip():
        return None  # words before the first quote, or a quote left open
    return Intent("add", title=titles[0], items=titles, item_plans=plans)


# A piece said of the thing before it: "it has to go back by", "is every month on", "put tag", "and make it", "same day".
_OF_IT = re.compile(
    r"^(?:and\s+)?(?:(?:it|this|that)(?:'?s|\s+is|\s+(?:has|needs|got|must)\s+(?:to\s+)?(?:be\s+)?[a-z]+(?:\s+(?:back|in|off|out|up|done))?|"
    r"\s+comes\s+(?:round|around|up)|\s+(?:happens|repeats|goes))?|is|make\s+(?:it|that)|put|same|both)\b\s*",
    re.IGNORECASE,
)
_A_STATEMENT = re.compile(r"(?:hi|hello|hey|hiya|i|i'?ve|i'?m|i'?d|we|we'?ve|we'?re|there'?s|it'?s|that'?s)\b", re.IGNORECASE)
# "no date", "no deadline for now": a plan the thing hasn't, which is no thing to do.
_NO_PLAN_SAID = re.compile(
    r"(?:no|without\s+a|without|with\s+no)\s+(?:due\s+)?(?:date|deadline|time|rush|hurry)(?:\s+(?:on\s+(?:it|that(?:\s+one)?|this)|"
    r"for\s+now|yet|needed|please|set|though|either))*",
    re.IGNORECASE,
)


# What people say about a thing after its plans, which is no thing to do: "no big deal", "if you can", "whenever".
# After a thing's plans, a piece that says something is so is why, never another thing: "..., the trip is soon".
_SAID_IS = re.compile(
    r"^(?!(?:and\s+|then\s+)?(?:" + "|".join(sorted(ITEM_VERBS)) + r")\b).*\b(?:is|are|was|were|isn'?t|aren'?t|'re)\b",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_STATUS_ONLY = re.compile(
    rf"(?:all\s+)?(?:{phrases.HOW_IT_WENT}|ok|okay|fine|taken\s+care\s+of|dealt\s+with|good\s+to\s+go)", re.IGNORECASE
)
_REMARK = re.compile(
    r"(?:no|not|nothing|never|whenever|if|but|though|tho|just|really|honestly|lol|haha|thanks|cheers|ok|okay|anyway)\b",
    re.IGNORECASE,
)


# A quoted title and what follows it up to the next quote.
_QUOTED_THEN = re.compile(
    r"['\"\u201c\u2018]((?:[^'\"\u201c\u201d\u2018\u2019]|(?<=\w)['\u2019](?=\w)){2,200})['\"\u201d\u2019](?!\w)([^'\"\u201c\u2018]*)"
)


# Words that may stand beside a quoted title's plans without saying anything more.
_SMALL_WORDS = frozenset(
    {"for", "with", "on", "at", "by", "and", "please", "pls", "plz", "fr", "thanks", "thx", "too", "also", "to", "my", "the",
     "list", "it", "as", "a", "tags", "tag", "due", "every", "starting", "from", "of", "lol", "ta", "there", "that", "me",
     "todo", "todos", "to-do", "tasks", "task", "in", "onto", "please.", "u", "can", "you", "arvo", "mate", "new", "y'all", "yall",
     "bunch", "lot", "guys", "cheers", "thank", "then", "well", "now", "instead", "though", "tho", "ok", "okay", "just",
     "actually", "anyway", "again", "both", "them", "those", "repeating", "recurring", "repeat", "recur", "plus", "one",
     "more", "is", "date", "have", "down", "whenever"}
)  # fmt: skip


def _strip_add(text: str) -> str:
    """An item without an "add"/"new todo:" of its own."""
    found = phrases.ADD.match(text.strip())
    return text.strip()[found.end() :] if found and found.end() else text


def _read_update(rest: str) -> Intent | None:
    rest = _SAME_DAY.sub("", rest)  # "change the meeting to 14:00, same day": the day stays (a time said alone keeps it)
    if _SET_IT_UP.match(rest):
        return None  # "set that up as a repeating task": a request to add what was said, not a rename of "that up"
    if (found := phrases.PRIORITY_OF.match(f"set {rest}")) and (level := found.group(2).lower()) in phrases.PRIORITY_LEVELS:
        return Intent("update", ref=reference(found.group(1)), plan={"priority": phrases.PRIORITY_LEVELS[level]})
    if found := phrases.DESCRIPTION_OF.match(rest):
        return Intent("update", ref=reference(found.group(1)), description=_unquote(found.group(2)))
    if found := phrases.DESCRIPTION_AFTER.match(rest):
        return Intent("update", ref=reference(found.group(1)), description=_unquote(found.group(2)))
    if found := phrases.TITLE_OF.match(rest):
        return Intent("update", ref=reference(found.group(1)), title=clean_title(found.group(2)))
    for separator in (" so it says ", " so it reads ", " so that it says ", " to ", " into ", ": ", " as "):
        target, sep, new = rest.partition(separator)
        if sep and target.strip() and new.strip() and not phrases.COMPLETION_WORD.match(new.strip(" .!'\"")):
            # "change it to say 'X'": the words to say, not a task to read.
            new = re.sub(r"^(?:say\s+|read\s+(?=['\"\u201c\u2018]))", "", new.strip(), flags=re.IGNORECASE)
            if re.fullmatch(r"\d{1,2}(?::\d\d)?(?:\s*(?:am|pm))?", new.strip(" .!"), re.IGNORECASE):
                intent = _plan_change(reference(target), take_slots(f"at {new.strip(' .!')}", today())[1], rest)
                intent.bare_hour = not re.search(r"am|pm", new, re.IGNORECASE)
                return intent  # "change it to 9": the hour
            if (level := new.strip(" .!").lower()) in phrases.PRIORITY_LEVELS:
                return Intent(
                    "update", ref=reference(target), plan={"priority": phrases.PRIORITY_LEVELS[level]}
                )  # "set it to low"
            if _A_FIELD_NAMED.match(new):
                return None  # "set that as the due date": a field named, never a new title
            if quoted := _QUOTED_THEN_WHY.match(new.strip()):
                new = quoted.group(1)  # "to 'Hartley venue walkthrough' so I know which client it is": the quotes say it all
            rest, slots = take_slots(new, today())
            return Intent("update", ref=reference(target), title=clean_title(rest or new), plan=slots.arguments() or None)
    return None


_A_FIELD_NAMED = re.compile(
    r"^(?:the\s+|its\s+|a\s+)?(?:new\s+)?(?:due\s+(?:date|time)|deadline|date|time|priority|description|notes?|details|tags?|labels?|"
    r"reminder|repeat|recurrence)\b",
    re.IGNORECASE,
)
_QUOTED_THEN_WHY = re.compile(
    r"(['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]+['\"\u201d\u2019])\s*[,;]?\s+(?:so|because|as|since|cause|cos|coz)\b.*$",
    re.IGNORECASE,
)


def _completion_target(plain: str) -> str | None:
    if _DONE_ONES.fullmatch(plain):
        return None  # "finished ones": the finished ones asked for, not a task called "ones"
    if _MARK_IT.fullmatch(plain):
        return "it"  # "please mark as done"
    if found := _DONE_MY.match(plain):
        return found.group(1)  # "done my knee exercises for today"
    if found := phrases.MARK_DONE_FIRST.match(plain):
        return found.group(1)  # "mark as done the task with drill"
    if (found := phrases.MARK.search(plain)) and found.group(1).lower() in ("as", "it as", "that as"):
        return "it"  # "Photographer's booked. Please mark as done."
    if (found := phrases.MARK.search(plain)) and not _NOT_AT_END.search(found.group(1)):
        return found.group(1)  # ("mark X as not done" reopens)
    for pattern in (
        phrases.COMPLETE_VERB,
        phrases.DONE_WITH,
        phrases.OFF,
        phrases.I_DID,
        phrases.ID_DONE,
        phrases.TOPIC_DONE,
    ):
        if found := pattern.match(plain):
            return found.group(1)
    if (found := phrases.DID_THE.match(plain)) and "?" not in plain:
        if (said := reference(found.group(1))).ordinal or said.ordinals:
            return found.group(1)  # "did the first one": the first one shown
        return f"do {found.group(1)}"  # "did the dishes": "did" asks as often as it tells, but not with "the"
    if phrases.QUESTION.match(plain):
        return None
    if found := phrases.IT_DONE.match(plain):
        return found.group(1)
    if phrases.DONE_ALONE.match(plain) or _MARK_IT.fullmatch(plain):
        return "it"
    if (found := phrases.IS_PAST.match(plain) or phrases.NOUN_PAST.match(plain) or phrases.GOT_DONE.match(plain)) and (
        found.group(2).lower() in _EVENTS
    ):
        return None  # "the concert got cancelled": news of a thing, not a task of yours done
    if (found := phrases.IS_PAST.match(plain)) and (base := _base_verb(found.group(2))):
        return f"{base} {found.group(1)}"
    if (found := phrases.NOUN_PAST.match(plain)) and (base := _base_verb(found.group(2))):
        return f"{base} {found.group(1)}"  # "timesheet submitted"
    if found := phrases.GOT_THING.match(plain):
        return found.group(1) or found.group(2)
    if (found := phrases.GOT_DONE.match(plain)) and (base := _base_verb(found.group(2), any_verb=True)):
        return f"{base} {found.group(1)}"
    if (found := phrases.I_PAST.match(plain)) and (base := _base_verb(found.group(1))) and not found.group(2).startswith(","):
        rest = found.group(2).split(",")[0].strip()
        if phrases.PRONOUN.match(rest):
            return rest
        return f"{base} {rest}".strip()
    return None


# Things that happen to plans, not things a person does: said of a thing, no task is done.
_EVENTS = frozenset({"cancelled", "canceled", "postponed", "delayed", "scrapped", "axed", "rescheduled", "moved", "off"})


def _base_verb(word: str, *, any_verb: bool = False) -> str | None:
    """The present form of a past tense ("paid" -> "pay"), or None when `word` is not one we trust.

    With `any_verb`, verbs about the list itself count too ("got the tyres changed").
    """
    word = word.lower()
    if word in phrases.NOT_DONE_VERBS and not any_verb:
        return None
    if word in PAST_TENSE:
        return PAST_TENSE[word]
    if word.endswith("ed") and len(word) > 4:
        stem = re.sub(r"(?<=[^aeiou])ied$", "y", word)
        if stem != word:
            return stem
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            return stem[:-1]  # "shopped" -> "shop"
        return stem if not stem.endswith(("at", "ang", "ov", "ak", "iv", "ar", "ur", "ng", "ag", "ir", "ac")) else stem + "e"
    return None


def _status(lowered: str) -> str:
    if _IN_TOTAL.search(lowered):
        return "all"  # "how many in total? done and not done"
    if phrases.NOT_DONE.search(lowered) or _LEFT.search(lowered):
        return "pending"
    if _ALL_PENDING.search(lowered):
        return "pending"  # "what all tasks are pending?"
    if _EVERYTHING.search(lowered) and not _ALL_OF_A_STATUS.search(lowered):
        return "all"
    if phrases.PENDING.search(lowered):
        return "pending"
    if phrases.COMPLETED.search(lowered):
        return "completed"
    return "all"


def clean_title(text: str) -> str:
    """A title without quotes, filler and end punctuation, its first letter capitalised."""
    text = _QUOTED_NOT_OTHER.sub(r"\1", text.strip())  # "'Book Airbnb' not 'Book Airbnd'": the first is the title
    title = _unquote(text.strip().rstrip(".!?").strip())
    title = _NAMED_AS.sub("", _A_TASK_NAMED.sub("", title))
    title = _BY_FOR_BUY.sub("buy ", title)  # "by cat litter": a title never starts with "by"; "buy" was meant
    title = _GREETED.sub("", _UM_FIRST.sub("", title))  # "hey there, my boss ...", "um, call the council": no part of it
    title = _ASKED_ME_TO.sub("", _FORGOT_TO.sub("", title))  # "my boss asked me to X", "omg I forgot I have to X": X
    title = _unquote(title.strip()).rstrip(".!?").strip()
    while (tail := _LAST_PART.search(title)) and INTERJECTION.fullmatch(tail.group(1).strip()):
        title = title[: tail.start()].rstrip()  # "drink water, ugh"
    title = phrases.REMARK_AFTER.split(title, maxsplit=1)[0]  # "clean my room lol mom keeps asking"
    title = _A_REPEATING_ONE.sub("", title)
    title = _ASKED_TO_ADD.sub("", title)  # "finish bio homework can u add it", "ring my sister put that on"
    title = _DANGLING.sub("", title)  # "print passes with" (the tags went)
    if not _quoted(text.strip()):
        title = _WHY_OR_WHEN_AFTER.sub("", title)  # "return the library books before they fine me again": why, not what
    if (moved := _MOVED_AFTER.sub("", title)) != title:  # "milk, move it" (its day went): an order about the thing
        title = phrases.ADD_TAIL.sub("", moved)  # "milk on the list, change it" : the thing alone
    title = phrases.SOMETIME.sub("", title).rstrip(" -\u2013\u2014:,;").strip()  # "sort the gutters at some point", "X —"
    if not _quoted(text.strip()):  # "pay the gas bill pls", "yoga class instead": not part of the title
        title = _INSTEAD.sub("", phrases.without_polite_end(title)).strip()
    return title[:1].upper() + title[1:] if title else ""


# A clause after the thing that says why or when, with its own subject: "... before they fine me again", "... before
# the cattle go out", "... when they drop". ("Call mum before the party" keeps its time: no verb follows.)
_WHY_OR_WHEN_AFTER = re.compile(
    # ("before she leaves" is when it must be done by, and stays)
    r"\s+(?:(?:in\s+case|so\s+that|because|cos|coz)\s+\w|(?:before|b4|until|till|when|once|as\s+soon\s+as)\s+(?:(?:they|i|we)\b|(?:the|my|our)\s+\w+(?:\s+\w+)?\s+(?:go|goes|get|gets|come|comes|arrive|arrives|leave|leaves|drop|drops|"
    r"open|opens|close|closes|start|starts|finish|finishes|end|ends|is|are|run|runs)\b|(?:mom|mum|dad)\s+\w+s\b)).*$",
    re.IGNORECASE,
)
_MOVED_AFTER = re.compile(rf"\s*[,;\u2013\u2014-]\s*{MOVE_IT}$", re.IGNORECASE)
_QUOTED_NOT_OTHER = re.compile(
    r"^(['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]+['\"\u201d\u2019])\s*,?\s+(?:not|instead\s+of|rather\s+than)\s+\S.*$",
    re.IGNORECASE,
)
# What a title is cleaned of: "a task to", "called", "a weekly one to", a last word the plans left ("with"), "instead".
_A_TASK_NAMED = re.compile(
    r"^(?:a|an|the)\s+(?:task|todo|to-do|item|reminder)\s+(?:to|called|named|titled|for)\s+", re.IGNORECASE
)
_DONE_MY = re.compile(
    r"^(?:just\s+|finally\s+|all\s+)?done\s+(?:my|the|our)\s+(.+?)(?:\s+for\s+(?:today|the\s+day|this\s+week))?$", re.IGNORECASE
)
_IT_FIRST = re.compile(r"(?:it|that|this|them)\b(?!\s*(?:'s|is)\b)", re.IGNORECASE)
_VERB_IT = re.compile(r"[a-z]+\s+(?:it|that|them|those)\b", re.IGNORECASE)
_SET_IT_UP = re.compile(r"(?:that|it|this)\s+up\b", re.IGNORECASE)
_SAME_DAY = re.compile(r"[,;]?\s+(?:(?:on\s+)?the\s+)?same\s+day$", re.IGNORECASE)
_AND_QUOTED = re.compile(
    r"(?:and|also|plus|oh\s+and)\s+(['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]{2,200}['\"\u201d\u2019])", re.IGNORECASE
)
_AND_QUOTED_PLANNED = re.compile(
    r"(?:and|also|plus|oh\s+and)\s+((?:['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]{2,200}['\"\u201d\u2019])(?:(?!->|=>|\u2192).)+)",
    re.IGNORECASE,
)
_AND_FIRST = re.compile(r"^(?:and|also|plus|oh\s+and)\s+", re.IGNORECASE)
_BY_FOR_BUY = re.compile(r"^by\s+(?=\w+\s+\w|(?:a|an|the|some|more|new)\s)", re.IGNORECASE)
_NAMED_AS = re.compile(r"^(?:to|called|named|titled)\s+", re.IGNORECASE)
_LAST_PART = re.compile(r"[,;]\s*([^,;]+)$")
_A_REPEATING_ONE = re.compile(r"^(?:a\s+)?(?:daily|weekly|monthly|recurring|repeating)\s+one\s+(?:to|for)\s+", re.IGNORECASE)
_ASKED_TO_ADD = re.compile(
    r"[,\s]+(?:(?:can|could|would)\s+(?:u|you)\s+(?:pls\s+|please\s+)?)?(?:add|put|save|note|pop)\s+(?:it|that|this)(?:\s+(?:on|in|down|for\s+me))?$"
    r"|\s+(?:and\s+)?(?:make|set|mark)\s+(?:it|that)$",
    re.IGNORECASE,
)
_DANGLING = re.compile(r"\s+(?:with|and|by|and\s+it'?s|and\s+it\s+is)$", re.IGNORECASE)
_INSTEAD = re.compile(r"\s+instead$", re.IGNORECASE)


_UM_FIRST = re.compile(rf"^{INTERJECTION.pattern}\s*,\s*(?=\w)", re.IGNORECASE)
_GREETED = re.compile(
    r"^(?:hey|hi|hello|hiya|heya|yo|morning|good\s+(?:morning|afternoon|evening))(?:\s+there\b[\s,!.]*|\s*[,!.]+\s*)(?=\w)",
    re.IGNORECASE,
)
# Someone's request passed on: "my boss just asked me to", "Sam wants me to", "the school reminded us to".
_FORGOT_TO = re.compile(
    r"^(?:(?:omg|oh|ugh|damn|argh)[\s,!]+)*(?:i\s+(?:totally\s+|completely\s+|just\s+)?(?:forgot|remembered)\s+(?:that\s+)?i\s+"
    r"(?:have|need|had|have\s+got|gotta)\s+to\s+|(?:i\s+)?(?:need|have|must|should|gotta|got)\s+to\s+remember\s+to\s+)(?=\w)",
    re.IGNORECASE,
)
_ASKED_ME_TO = re.compile(
    r"^(?:(?:my|our|the)\s+)?[\w'-]+(?:\s+[\w'-]+)?\s+(?:just\s+|has\s+|have\s+)?"
    r"(?:asked|told|wants|wanted|needs|needed|reminded|begged|would\s+like)\s+(?:me|us)\s+to\s+(?=\w)",
    re.IGNORECASE,
)


def _quoted(text: str) -> bool:
    return bool(_ALL_QUOTED.fullmatch(text))


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in "'\"\u201c\u2018" and text[-1] in "'\"\u201d\u2019":
        return text[1:-1].strip()
    return text
