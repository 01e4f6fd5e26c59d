"""Reminders in words: when to remind, said with a new task ("remind me at 5pm to call mom", "at 6pm remind me to
feed the cat", "I need a reminder at 7:30 tomorrow to ...") or of one already on the list ("remind me about the
dentist on Friday at 9", "remind me 20 mins before I pick up Emma", "change the reminder for the meeting to 9am"),
and "don't remind me about that".

"Reminder" alone is also what many people call a task ("cancel the reminder to ring Pete" deletes it, "change the
bins reminder to every Thursday" changes how it repeats), so only words about *being reminded* are read here; the
rest is left to the grammar.
"""

from __future__ import annotations

import functools
from datetime import date

from chatbot.engine.lexicon import Gate, rx
from chatbot.engine.reading import mend_commands, normalize
from chatbot.engine.slots import Slots, take_slots

# When a day is said with no clock time, the part of the day said, else the morning.
PART_OF_DAY_TIMES = (
    (rx(r"\b(?:tonight|night)\b"), "20:00"),
    (rx(r"\bevening\b"), "18:00"),
    (rx(r"\bafternoon|\barvo\b"), "15:00"),
    (rx(r"\b(?:lunch(?:time)?|noon|midday)\b"), "12:00"),
    (rx(r"\bmorning\b"), "09:00"),
)
MORNING = "09:00"

_MAYBE = Gate(r"remind|ping me|nudge me|heads up|heads-up")
# Said before the request and no part of it: "hi!", "actually", "could you", "please".
_LEAD_IN = rx(
    r"^(?:(?:hi|hey|hello|ok|okay|so|and|also|oh|um|actually|right|please|pls|plz)\b[\s,!.]*|"
    r"(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?)+"
)
_TAIL = rx(r"[\s,]*(?:\b(?:any\s*more|please|pls|thanks|thank\s+you|ta|cheers|thx)\b[\s,.!]*)+$")
# A request to be reminded: "remind me", "ping me", "give me a heads up", "set (me) a reminder", "I need a reminder".
_ASK = (
    r"(?:remind|ping|nudge|buzz)\s+me|give\s+me\s+a\s+(?:heads[\s-]?up|nudge|shout|reminder)|"
    r"(?:set|add|create|make|put\s+in|schedule)\s+(?:me\s+|up\s+)?(?:a|an)\s+reminder|(?:i\s+)?(?:need|want|would\s+like|'d\s+like)\s+a\s+reminder"
)
LEAD = rx(rf"^(?:{_ASK})\b")
_ASK_ANYWHERE = rx(rf"\b(?:{_ASK})\b")
# The thing to do after the time: "... at 6 to feed the cat", "...: renew the gym membership".
_WHEN_THEN_THING = rx(r"^\s*(?:for\s+|at\s+|on\s+)?(?P<when>.*?)\s*(?:\bto\b|:(?!\d))\s*(?P<thing>\S.*)$")
# Times of day the slots do not read as a clock: said as one they do.
_AT_LUNCH = rx(r"\b(?:at\s+)?(?:lunch\s*time|lunch)\b")
_OF_A_TASK = rx(r"^\s*(?:about|of|re|for)\s+(?P<rest>\S.*)$")
_AMOUNT = r"(?P<amount>\d{1,4}|an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty[\s-]five|half\s+an?)"
_UNIT = r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h|days?)"
_EARLY = r"(?:before(?:hand)?|early|earlier|ahead(?:\s+of\s+time)?|in\s+advance|prior)"
# "... 30 minutes before", "an hour beforehand": how long before the task's due.
_BEFORE_END = rx(rf"\s*,?\s*{_AMOUNT}\s*{_UNIT}\s+{_EARLY}(?:\s+(?:it|that|its\s+time|it'?s\s+due|it\s+starts))?$")
# "... 30 minutes before the dentist", "... 20 mins before I pick up Emma"
_BEFORE_THING = rx(rf"^\s*{_AMOUNT}\s*{_UNIT}\s+(?:before|ahead\s+of)\s+(?P<rest>\S.*)$")
# "the slides are due", "I pick up Emma", "the call starts": the task, without what is said of it.
_SAID_OF_IT = rx(r"\s+(?:is|are)\s+due$|\s+(?:starts?|begins?|is|are)$|^(?:i|we)\s+(?:have\s+to\s+|need\s+to\s+|must\s+)?")
_STOP = rx(
    r"^(?:(?:don'?t|do\s+not|no\s+need\s+to|stop|quit|never|no\s+more|don'?t\s+bother|do\s+not\s+bother|no\s+need\s+for\s+you\s+to)\s+"
    r"(?:remind(?:ing)?|ping(?:ing)?|nudg(?:e|ing))\s+me(?:\s+(?:about|of|re|for|to)\s+(?P<rest>\S.*))?"
    r"|(?:turn|switch|shut)\s+off\s+(?:the\s+|my\s+|that\s+|this\s+)?reminder(?:\s+(?:for|on|of|about)\s+(?P<off>\S.*))?"
    r"|(?:turn|switch|shut)\s+(?:the|that|this|my)\s+reminder\s+off(?:\s+(?:for|on|of|about)\s+(?P<off2>\S.*))?"
    r"|(?:remove|clear|take\s+off|drop|mute|silence|disable)\s+(?:the\s+|my\s+)?reminder\s+(?:from|on)\s+(?P<from>\S.*)"
    r"|(?:clear|mute|silence|disable)\s+(?:that|this|the|its)\s+reminder"
    r"|(?:no|without\s+a)\s+reminder\s+(?:for|on)\s+(?P<none>\S.*))$"
)
# "change the reminder for the team meeting to 9am", "move that reminder to friday at 10"
_MOVE = rx(
    r"^(?:change|move|push|set|make|update|reschedule|put)\s+(?:the|my|that|this|its)\s+reminder"
    r"(?:\s+(?:for|on|of|about)\s+(?P<ref>\S.*?))?\s+(?:to|for|at)\s+(?P<when>\S.*)$"
)
_IN_TIME = rx(rf"in\s+{_AMOUNT}\s*{_UNIT}")
_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}


@functools.lru_cache(maxsize=256)  # both reminder readers of a turn clean the same message
def cleaned(message: str) -> str:
    """The message as the reminder rules read it: slips mended, greetings, "could you" and a polite end gone."""
    text = mend_commands(normalize(message)).strip().rstrip(".!?").strip()
    text = _LEAD_IN.sub("", text.lower(), count=1)
    # A polite end is short: only the tail is searched, so a long run of ", , ," costs no more than a short one.
    head, tail = text[:-_TAIL_SPAN], text[-_TAIL_SPAN:]
    return (head + _TAIL.sub("", tail)).strip(" ,")


_TAIL_SPAN = 80


def asks_reminder(message: str) -> bool:
    """Whether the words ask to be reminded ("remind me tomorrow to ...", "set a reminder for 5pm to ...")."""
    return bool(_MAYBE(message.lower())) and LEAD.match(cleaned(message)) is not None


class NewTask:
    """A new task to be reminded of, put as the grammar reads it ("remind me to <thing> <when>"), and how many minutes
    from now it reminds when that is how it was said ("in 2 hours")."""

    def __init__(self, text: str, in_minutes: int | None = None):
        self.text, self.in_minutes = text, in_minutes


def as_an_add(message: str, today: date) -> NewTask | None:
    """A new task to be reminded of, said any of the ways people say it, put as "remind me to <thing> <when>" for the
    grammar to read ("at 6pm remind me to feed the cat", "I need a reminder at 7:30 tomorrow to leave", "set a
    reminder: renew the gym membership, Thursday 6pm"); None when no time is said or the words ask something else."""
    text = cleaned(message)
    if not _MAYBE(text) and "reminder" not in text:
        return None
    asked = _ASK_ANYWHERE.search(text)
    if asked is None:
        return None
    before, after = text[: asked.start()].strip(" ,"), text[asked.end() :]
    split = _WHEN_THEN_THING.match(after)
    if split is None:
        return None
    when = _AT_LUNCH.sub("at noon", f"{before} {split.group('when')}").strip(" ,")
    thing = split.group("thing").strip()
    if later := _IN_TIME.fullmatch(when):  # "remind me in 2 hours to check the oven": from the user's now
        return NewTask(f"remind me to {thing}", minutes(later.group("amount"), later.group("unit")))
    words, slots = take_slots(when, today) if when else ("", Slots())
    if when and (words.strip(" ,") not in ("", "me") or slots.due_date is None):
        return None  # "remind me about the report to ...": not a time before the thing
    if not when and take_slots(thing, today)[1].due_date is None:
        return None  # "add a reminder to call mom": a task with no time, the grammar's to read
    return NewTask(f"remind me to {thing} {when}".strip())


def moment(slots: Slots, said: str) -> str | None:
    """When to remind, as the tools take it (the user's wall-clock time): the day and time said, or the part of the
    day said, or the morning of the day; None when no day or time was said."""
    if slots.due_date is None:
        return None
    return f"{slots.due_date.isoformat()}T{slots.due_time or part_of_day(said)}"


def part_of_day(said: str) -> str:
    for pattern, clock in PART_OF_DAY_TIMES:
        if pattern.search(said):
            return clock
    return MORNING


def minutes(amount: str, unit: str) -> int:
    """'30' 'minutes' as 30, 'an' 'hour' as 60, 'half an' 'hour' as 30, '2' 'days' as 2880."""
    amount = " ".join(amount.lower().split()).replace("-", " ")
    if amount.startswith("half"):
        count = 0.5
    elif amount == "forty five":
        count = 45
    else:
        count = int(amount) if amount.isdigit() else _WORDS[amount]
    per = 1440 if unit.lower().startswith("d") else 60 if unit.lower().startswith("h") else 1
    return int(count * per)


class Said:
    """What a message says about a reminder of a task already on the list: the words naming the task, and when to
    remind (`at`; `clock` when only a time was said, the day kept), or how long before its due (`before`), or that
    it should not remind (`clear`)."""

    def __init__(
        self, ref: str, *, at: str | None = None, clock: str | None = None, before: int | None = None, clear: bool = False
    ):
        self.ref, self.at, self.clock, self.before, self.clear = ref, at, clock, before, clear


def about_a_task(message: str, today: date) -> Said | None:
    """A reminder set, moved or cleared on a task already on the list; None when the words ask for something else."""
    text = cleaned(message)
    if not _MAYBE(text) and "reminder" not in text:
        return None
    if stop := _STOP.match(text):
        said = [stop.group(name) for name in ("rest", "off", "off2", "from", "none")]
        return Said(_task_words(next((group for group in said if group), "it")), clear=True)
    if moved := _MOVE.match(text):
        words, slots = take_slots(moved.group("when"), today)
        if words.strip(" ,") or slots.recurrence or (slots.due_date is None and slots.due_time is None):
            return None  # "change the bins reminder to every Thursday" is the task's repeat, not a reminder
        ref = _task_words(moved.group("ref") or "it")
        if slots.date_said:
            return Said(ref, at=moment(slots, moved.group("when")))
        return Said(ref, clock=slots.due_time)  # "to 9am": the day it reminds on stays
    asked = LEAD.match(text)
    if asked is None:
        return None
    after = text[asked.end() :]
    if before := _BEFORE_THING.match(after):  # "remind me 30 minutes before the dentist"
        return Said(_task_words(before.group("rest")), before=minutes(before.group("amount"), before.group("unit")))
    if early := _BEFORE_END.search(after):  # "ping me 15 minutes before", "remind me about it an hour before"
        of = _OF_A_TASK.match(after[: early.start()])
        if of is None and after[: early.start()].strip():
            return None
        ref = _task_words(of.group("rest")) if of else "it"
        return Said(ref, before=minutes(early.group("amount"), early.group("unit")))
    of = _OF_A_TASK.match(after)
    if of is None or _WHEN_THEN_THING.match(after):
        return None  # "remind me to ...", "set a reminder for noon to ...": a new task
    words, slots = take_slots(of.group("rest"), today)
    at = moment(slots, of.group("rest"))
    if at is None or not words.strip(" ,"):
        return None  # "remind me about the dentist": no time said; the grammar reads what else it may be
    return Said(_task_words(words), at=at)


def _task_words(ref: str) -> str:
    """The words naming the task: "I pick up Emma" is "pick up Emma", "the slides are due" is "the slides"."""
    words = ref.strip(" ,").removesuffix(" too").removesuffix(" as well").strip(" ,")
    words = _SAID_OF_IT.sub("", words).strip(" ,")
    return words or "it"


def untimed(message: str) -> str:
    """The words without how long before the task to remind ("remind me 20 mins before I pick up Emma": "remind me"),
    for the guards, which would read "before I pick up Emma" as a condition on the change."""
    text = cleaned(message)
    if asked := LEAD.match(text):
        after = text[asked.end() :]
        if (before := _BEFORE_THING.match(after)) or (before := _BEFORE_END.search(after)):
            return text[: asked.end()] + after[: before.start()]
    return text
