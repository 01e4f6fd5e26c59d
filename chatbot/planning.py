"""Planning fields: due dates and times, priorities, tags, repeat rules, and the user's today."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule

from chatbot.errors import Unprocessable
from chatbot.validation import digits

PRIORITIES = ("none", "low", "medium", "high", "urgent")
DUE_WINDOWS = ("today", "overdue", "upcoming", "this_week", "none")
SORTS = ("created", "due", "priority")
MAX_TAGS = 10
TAG = re.compile(r"[a-z0-9_-]{1,32}")
DEFAULT_TIMEZONE = "UTC"

Priority = Literal["none", "low", "medium", "high", "urgent"]
DueWindow = Literal["today", "overdue", "upcoming", "this_week", "none"]
Sort = Literal["created", "due", "priority"]

_DUE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2})(?::[0-9]{2})?)?")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQUENCIES = {"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY}


@dataclass
class Planning:
    """The planning fields a request sets; a field not in `given` is left as it is, None in it clears."""

    due_date: date | None = None
    due_time: time | None = None
    priority: str | None = None
    tags: list[str] | None = None
    recurrence: str | None = None
    # When to remind: aware when said with an offset, naive when said as the user's own wall-clock time.
    remind_at: datetime | None = None
    given: set[str] = field(default_factory=set)

    def sets(self, name: str) -> bool:
        return name in self.given


def read_planning(values: dict[str, Any]) -> Planning:
    """The planning fields among `values` (a tool's arguments or a REST body), checked; 422 on a bad one."""
    plan = Planning()
    if "due" in values:
        plan.given.add("due")
        if values["due"] is not None and values["due"] != "":
            plan.due_date, plan.due_time = parse_due(values["due"])
    if "priority" in values:
        plan.given.add("priority")
        plan.priority = clean_priority(values["priority"])
    if "tags" in values:
        plan.given.add("tags")
        plan.tags = clean_tags(values["tags"])
    if "recurrence" in values:
        plan.given.add("recurrence")
        plan.recurrence = clean_recurrence(values["recurrence"]) if values["recurrence"] not in (None, "") else None
    if "remind_at" in values:
        plan.given.add("remind_at")
        plan.remind_at = parse_remind(values["remind_at"]) if values["remind_at"] not in (None, "") else None
    return plan


_REMIND = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def parse_remind(value: Any) -> datetime:
    """`YYYY-MM-DDTHH:MM` (the user's wall-clock time, naive here) or an ISO timestamp with an offset (aware)."""
    found = _REMIND.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        raise Unprocessable("remind_at must be a local date and time as YYYY-MM-DDTHH:MM, or an ISO timestamp with an offset.")
    try:
        when = datetime.fromisoformat(found.group(0).replace("Z", "+00:00"))
    except ValueError:
        raise Unprocessable(f"remind_at {value.strip()!r} is not a real date and time.") from None
    if not 1 < when.year < 9999:
        raise Unprocessable("remind_at must be within the years 2 to 9998.")
    return when


def resolve_remind(when: datetime | None, timezone: str) -> datetime | None:
    """A reminder's moment: a wall-clock time said in the user's zone made exact there.

    On the night the clocks go forward a time that never happens (02:30) rings at the first moment after the gap
    (03:30); on the night they go back, a time that happens twice rings the first time.
    """
    if when is None or when.tzinfo is not None:
        return when
    zone = ZoneInfo(timezone)
    exact = when.replace(tzinfo=zone, fold=0)
    return exact.astimezone(UTC)


def local_moment(day: date, at: time | None, timezone: str) -> datetime:
    """A due date (and time, midnight without one) as the exact moment it is in the user's zone."""
    return resolve_remind(datetime.combine(day, at or time()), timezone)


def shifted_reminder(remind_at: datetime, due_before: datetime, due_next: datetime, timezone: str) -> datetime:
    """The next occurrence's reminder: as long before its due as the last one's was, counted in wall-clock time (a
    reminder at 08:30 for 09:00 stays at 08:30 across the night the clocks change)."""
    zone = ZoneInfo(timezone)
    ahead = due_before.astimezone(zone).replace(tzinfo=None) - remind_at.astimezone(zone).replace(tzinfo=None)
    return resolve_remind(due_next.astimezone(zone).replace(tzinfo=None) - ahead, timezone)


def parse_due(value: Any) -> tuple[date, time | None]:
    """`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (local to the user) as a date and an optional time."""
    found = _DUE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        raise Unprocessable("due must be a date as YYYY-MM-DD, or a local date and time as YYYY-MM-DDTHH:MM.")
    try:
        day = date.fromisoformat(found.group(1))
        at = time.fromisoformat(found.group(2)) if found.group(2) else None
    except ValueError:
        raise Unprocessable(f"due {value.strip()!r} is not a real date or time.") from None
    return day, at


def clean_priority(value: Any) -> str:
    if value is None:
        return "none"
    if not isinstance(value, str) or value.strip().lower() not in PRIORITIES:
        raise Unprocessable("priority must be one of none, low, medium, high, urgent.")
    return value.strip().lower()


def clean_tags(value: Any) -> list[str]:
    """Tags lower-cased, without '#', each once, in the order given; at most 10 of 32 characters."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise Unprocessable("tags must be a list of strings.")
    tags: list[str] = []
    for raw in value:
        tag = clean_tag(raw, refusal="Each tag is 1 to 32 letters, digits, '-' or '_'.")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise Unprocessable(f"A task has at most {MAX_TAGS} tags.")
    return tags


def clean_tag(value: str, *, refusal: str = "tag must be 1 to 32 letters, digits, '-' or '_'.") -> str:
    """One tag as tags are stored ("#Work" is "work"); 422 (`refusal`) when no task could have it."""
    tag = value.strip().lstrip("#").lower()
    if not TAG.fullmatch(tag):
        raise Unprocessable(refusal)
    return tag


def clean_recurrence(value: Any) -> str:
    """A repeat rule of the supported RRULE subset, in one canonical spelling; 422 otherwise.

    FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL=N (1-365), BYDAY=MO,TU,... (weekly), BYMONTHDAY=1-31 (monthly).
    """
    if not isinstance(value, str):
        raise Unprocessable("recurrence must be an RRULE such as FREQ=WEEKLY;BYDAY=MO.")
    text = value.strip().upper().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for piece in filter(None, text.split(";")):
        name, equals, setting = piece.partition("=")
        if not equals or name in parts:
            raise Unprocessable(f"recurrence {value!r} is not an RRULE of NAME=VALUE parts.")
        parts[name] = setting
    frequency = parts.pop("FREQ", None)
    if frequency not in _FREQUENCIES:
        raise Unprocessable("recurrence needs FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY.")
    rule = [f"FREQ={frequency}"]
    if "INTERVAL" in parts:
        interval = parts.pop("INTERVAL")
        if not digits(interval) or not 1 <= int(interval) <= 365:
            raise Unprocessable("recurrence INTERVAL must be a whole number from 1 to 365.")
        if int(interval) > 1:
            rule.append(f"INTERVAL={int(interval)}")
    if "BYDAY" in parts:
        days = parts.pop("BYDAY").split(",")
        if frequency != "WEEKLY" or not days or any(day not in _DAYS for day in days):
            raise Unprocessable("recurrence BYDAY goes with FREQ=WEEKLY and lists days as MO,TU,WE,TH,FR,SA,SU.")
        rule.append("BYDAY=" + ",".join(sorted(set(days), key=_DAYS.index)))
    if "BYMONTHDAY" in parts:
        day = parts.pop("BYMONTHDAY")
        if frequency != "MONTHLY" or not digits(day) or not 1 <= int(day) <= 31:
            raise Unprocessable("recurrence BYMONTHDAY goes with FREQ=MONTHLY and is a day from 1 to 31.")
        rule.append(f"BYMONTHDAY={int(day)}")
    if parts:
        raise Unprocessable(f"recurrence does not support {', '.join(sorted(parts))}; use FREQ, INTERVAL, BYDAY, BYMONTHDAY.")
    return ";".join(rule)


def next_due(recurrence: str, after: date) -> date | None:
    """The first day the rule falls on strictly after `after`, counting from `after`; None when the calendar has no
    such day (a task due 9999-12-31 repeats into year 10000, which no date can hold).

    A monthly day past the end of a short month falls on that month's last day ("the 31st" is
    30 April, 28 or 29 February), as calendars do.
    """
    parts = dict(piece.split("=", 1) for piece in recurrence.split(";"))
    options: dict[str, Any] = {"dtstart": datetime.combine(after, time()), "interval": int(parts.get("INTERVAL", 1))}
    if "BYDAY" in parts:
        options["byweekday"] = [_DAYS.index(day) for day in parts["BYDAY"].split(",")]
    if parts["FREQ"] == "MONTHLY":
        day = int(parts.get("BYMONTHDAY", after.day))
        # The latest of the days up to `day` that the month has: the day itself, or the month's end.
        options["bymonthday"] = tuple(range(min(day, 28), day + 1))
        options["bysetpos"] = -1
    if parts["FREQ"] == "YEARLY":  # 29 February falls on the 28th in the years that have no 29th
        options["bymonth"] = after.month
        options["bymonthday"] = tuple(range(min(after.day, 28), after.day + 1))
        options["bysetpos"] = -1
    rule = rrule.rrule(_FREQUENCIES[parts["FREQ"]], **options)
    try:
        following = rule.after(datetime.combine(after, time()), inc=False)
    except (ValueError, OverflowError):  # dateutil steps past year 9999 on its way
        return None
    return following.date() if following is not None else None


def clean_timezone(value: Any) -> str:
    """An IANA timezone name the server knows; 422 otherwise."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise Unprocessable("timezone must be an IANA name such as Europe/Berlin.")
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America" names a folder of zones, not a zone
        raise Unprocessable(f"timezone {value.strip()!r} is not a known IANA timezone name.") from None
    return value.strip()


def now_in(timezone: str) -> datetime:
    """The wall-clock time where the user is."""
    return datetime.now(ZoneInfo(timezone))


@dataclass(frozen=True)
class DueRange:
    """Which due dates a `due` filter keeps: between `first` and `last` (either open), or only none."""

    first: date | None = None
    last: date | None = None
    no_date: bool = False


def due_range(window: str | None, today: date) -> DueRange | None:
    """The dates `window` means for someone whose today is `today`."""
    match window:
        case None:
            return None
        case "today":
            return DueRange(today, today)
        case "overdue":
            return DueRange(None, today - timedelta(days=1))
        case "upcoming":
            return DueRange(today + timedelta(days=1), None)
        case "this_week":  # today to the coming Sunday
            return DueRange(today, today + timedelta(days=6 - today.weekday()))
        case "none":
            return DueRange(no_date=True)
    raise Unprocessable("due must be one of today, overdue, upcoming, this_week, none.")


def plans_json(task: dict[str, Any], zone: str | None = None) -> dict[str, Any]:
    """A stored task's planning fields as JSON, the same for the tools and the REST API; its reminder's moments in
    UTC, or at the clock time of `zone` (what the tools show the model)."""
    at = ZoneInfo(zone) if zone else UTC
    return {
        "due_date": task["due_date"].isoformat() if task["due_date"] else None,
        "due_time": task["due_time"].strftime("%H:%M") if task["due_time"] else None,
        "priority": task["priority"],
        "tags": list(task["tags"]),
        "recurrence": task["recurrence"],
        "completed_at": task["completed_at"].isoformat() if task["completed_at"] else None,
        "remind_at": task["remind_at"].astimezone(at).isoformat() if task.get("remind_at") else None,
        "reminded_at": task["reminded_at"].astimezone(at).isoformat() if task.get("reminded_at") else None,
    }
