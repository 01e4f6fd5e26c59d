"""Reminders in words: when to remind, said with a new task ("remind me at 5pm to call mom") or of one already on
the list ("remind me about the dentist on Friday at 9", "remind me about it 30 minutes before"), and "don't remind
me about that".

"Reminder" alone is also what many people call a task ("cancel the reminder to ring Pete" deletes it), so only
words about *being reminded* are read here; the rest is left to the grammar.
"""

from __future__ import annotations

from datetime import date

from chatbot.engine.lexicon import Gate, rx
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

_MAYBE = Gate(r"remind|ping me|nudge me|reminder")
# "remind me ...", "set a reminder for 5pm to ...", "ping me at 9 to ...": a request to be reminded.
LEAD = rx(
    r"^(?:(?:please|pls|hey|ok|okay|and|also|oh)[\s,]+)*(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:please\s+)?"
    r"(?:remind\s+me|ping\s+me|nudge\s+me|set\s+(?:me\s+)?(?:a|an)\s+(?:\w+\s+)?reminder)\b"
)
_ABOUT = rx(r"^(?:remind|ping|nudge)\s+me\s+(?:about|of|re)\s+(?P<rest>\S.*)$")
_AMOUNT = r"(?P<amount>\d{1,4}|an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty[\s-]five|half\s+an?)"
_UNIT = r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h|days?)"
_EARLY = r"(?:before(?:hand)?|early|earlier|ahead(?:\s+of\s+time)?|in\s+advance|prior)"
# "... 30 minutes before", "an hour beforehand": how long before the task's due.
_BEFORE_END = rx(rf"\s*,?\s*{_AMOUNT}\s*{_UNIT}\s+{_EARLY}(?:\s+(?:it|that|its\s+time|it'?s\s+due|it\s+starts))?$")
# "remind me 30 minutes before the dentist"
_BEFORE_REF = rx(rf"^(?:remind|ping|nudge)\s+me\s+{_AMOUNT}\s*{_UNIT}\s+before\s+(?P<rest>\S.*)$")
_STOP = rx(
    r"^(?:(?:please|pls|and|also|oh)[\s,]+)*(?:(?:don'?t|do\s+not|no\s+need\s+to|stop|quit|never)\s+(?:remind(?:ing)?|ping(?:ing)?|nudg(?:e|ing))"
    r"\s+me\s+(?:about|of|re|for)\s+(?P<rest>\S.*)"
    r"|(?:turn|switch)\s+off\s+(?:the\s+|my\s+)?reminder\s+(?:for|on|of)\s+(?P<off>\S.*)"
    r"|(?:remove|clear|take\s+off|cancel|drop|delete)\s+(?:the\s+|my\s+)?reminder\s+(?:from|on)\s+(?P<from>\S.*)"
    r"|(?:no|without\s+a)\s+reminder\s+(?:for|on)\s+(?P<none>\S.*))$"
)
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


def asks_reminder(message: str) -> bool:
    """Whether the words ask to be reminded ("remind me tomorrow to ...", "set a reminder for 5pm to ...")."""
    return bool(_MAYBE(message.lower())) and LEAD.match(message.lower()) is not None


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
    remind (`at`), or how long before its due (`before`), or that it should not remind (`clear`)."""

    def __init__(self, ref: str, *, at: str | None = None, before: int | None = None, clear: bool = False):
        self.ref, self.at, self.before, self.clear = ref, at, before, clear


def about_a_task(message: str, today: date) -> Said | None:
    """A reminder set, moved or cleared on a task already on the list; None when the words ask for something else."""
    text = message.strip().rstrip(".!?").strip()
    lowered = text.lower()
    if not _MAYBE(lowered):
        return None
    if stop := _STOP.match(lowered):
        ref = next(group for group in (stop.group("rest"), stop.group("off"), stop.group("from"), stop.group("none")) if group)
        return Said(_trim(ref), clear=True)
    if before := _BEFORE_REF.match(lowered):
        return Said(_trim(before.group("rest")), before=minutes(before.group("amount"), before.group("unit")))
    about = _ABOUT.match(lowered)
    if about is None:
        return None
    rest = about.group("rest")
    if early := _BEFORE_END.search(rest):
        return Said(_trim(rest[: early.start()]) or "it", before=minutes(early.group("amount"), early.group("unit")))
    words, slots = take_slots(rest, today)
    at = moment(slots, rest)
    if at is None or not words.strip():
        return None  # "remind me about the dentist": no time said; the grammar reads what else it may be
    return Said(_trim(words), at=at)


def _trim(ref: str) -> str:
    return ref.strip(" ,").removesuffix(" too").removesuffix(" as well").strip(" ,") or "it"
