"""The planning words of a message: when it is due, how urgent, its tags and how it repeats, cut out of the text.

Each table below is one way of saying a thing; `take_slots` tries them in order (repeat rules before
dates, since "every Monday" holds "Monday") and returns the words that are left, which are the title
or the task named. Dates resolve against the user's today (the offline engine reads it from the system
prompt), with python-dateutil's relativedelta for calendar arithmetic.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from chatbot.engine.lexicon import Gate, rx
from chatbot.planning import next_due

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "couple": 2, "few": 3}  # fmt: skip
DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAY = r"(monday|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|thu|friday|fri|saturday|sunday|mon)\b"
# Days in the plural too ("mondays and thursdays"): only in a repeat rule, which they say.
_DAYS = r"(monday|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|thu|friday|fri|saturday|sunday|mon)(?:(?<=day)s)?\b"
_NUMBER = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|couple(?:\s+of)?|few)"
_MONTH = (
    r"(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|"
    r"november|nov|december|dec)\b\.?"
)
_ORDINAL = (
    r"(\d{1,2}|(?:twenty|thirty)[-\s]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth|last)(?:st|nd|rd|th)?"
)
# "daily" said of the task, not of a thing in its title ("the weekly newsletter").
_ALONE = r"\b(?=\s*(?:$|[,.!?;]|at\b|on\b|from\b|starting\b|in\s+the\b|#|!|(?:and|too|also|then|please|pls)\b))"
# "friday morning": the day's part goes with the day (a time, when one is said, comes with "at").
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|lunchtime|arvo))?"
_LEAD = r"(?:\b(?:due|by|on|for|to|until|till|before|at|from|starting)\s+)*"
_LEAD_AT_END = rx(rf"{_LEAD}$")


@dataclass
class Slots:
    """What a message says about a task's plans."""

    due_date: date | None = None
    due_time: str | None = None
    priority: str | None = None
    tags: list[str] = field(default_factory=list)
    recurrence: str | None = None
    # Whether the date was said, or only worked out (from a time alone, or a repeat rule).
    date_said: bool = False

    def arguments(self) -> dict[str, object]:
        """The tool arguments these slots make."""
        found: dict[str, object] = {}
        if self.due_date:
            found["due"] = self.due_date.isoformat() + (f"T{self.due_time}" if self.due_time else "")
        if self.priority:
            found["priority"] = self.priority
        if self.tags:
            found["tags"] = self.tags
        if self.recurrence:
            found["recurrence"] = self.recurrence
        return found

    def __bool__(self) -> bool:
        """Whether they make any tool argument (a time alone makes none)."""
        return bool(self.due_date or self.priority or self.tags or self.recurrence)


# ---- repeat rules: (pattern, rule maker)
def _weekly(found: re.Match[str]) -> str:
    # Each day's first three letters: "sundays" and "weds" name days as well as "sunday" does.
    days = [DAYS[d.lower()] for d in re.findall(r"\b(mon|tue|wed|thu|fri|sat|sun)", found.group(0), re.IGNORECASE)]
    every_other = re.search(r"\b(?:other|second|alternate)\b", found.group(0), re.IGNORECASE)
    ordered = sorted(set(days), key=list(DAYS.values()).index)
    return "FREQ=WEEKLY" + (";INTERVAL=2" if every_other else "") + ";BYDAY=" + ",".join(ordered)


def _every_n(found: re.Match[str]) -> str:
    count = _count(found.group(1))
    unit = found.group(2).lower().rstrip("s")
    frequency = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "fortnight": "WEEKLY"}[unit]
    count = count * 2 if unit == "fortnight" else count
    return f"FREQ={frequency}" + (f";INTERVAL={count}" if count > 1 else "")


def _every_n_weeks_on(found: re.Match[str]) -> str:
    """ "every 2 weeks on wednesday": every N weeks, on those days."""
    days = _weekly(found).split(";", 1)[1]  # the BYDAY part the days make
    count = _count(found.group(1))
    return "FREQ=WEEKLY" + (f";INTERVAL={count}" if count > 1 else "") + f";{days}"


_PLAIN_REPEAT = rx(r",?\s*\b(?:(?:every|each)\s+(week|day|month|year)|(weekly|daily|monthly|yearly))(?=\s*(?:$|[,.;!]))")
_PLAIN_FREQ = {"week": "WEEKLY", "day": "DAILY", "month": "MONTHLY", "year": "YEARLY"} | {
    word: word.upper() for word in ("weekly", "daily", "monthly", "yearly")
}

REPEATS: list[tuple[re.Pattern[str], object]] = [
    # "every 2 weeks on wednesday": before the weekday rules, which would take the days alone.
    (rx(rf"\b(?:every|each)\s+{_NUMBER}\s+weeks?\s+on\s+{_DAYS}(?:(?:\s*,\s*|\s+and\s+){_DAYS})*"), _every_n_weeks_on),
    # "as a yearly task", "as a weekly thing": the repeat said of the task itself.
    (rx(r"\bas\s+an?\s+(daily|weekly|monthly|yearly|annual)\s+(?:task|thing|reminder|job|one|todo)\b"),
     lambda f: {"daily": "FREQ=DAILY", "weekly": "FREQ=WEEKLY", "monthly": "FREQ=MONTHLY"}.get(f.group(1).lower(), "FREQ=YEARLY")),
    (rx(rf"\b(?:fortnightly|bi-?weekly|every\s+(?:other|second|2nd)\s+week|every\s+two\s+weeks)\s+on\s+{_DAYS}(?:(?:\s*,\s*|\s+and\s+){_DAYS})*"
        rf"|\bon\s+{_DAYS}\s+(?:fortnightly|every\s+(?:other|second)\s+week)\b"),
     lambda f: _weekly(f).replace("FREQ=WEEKLY;", "FREQ=WEEKLY;INTERVAL=2;", 1) if ";INTERVAL=" not in _weekly(f) else _weekly(f)),
    (rx(r"\b(?:every|each)\s+month,?\s+on\s+(?:the\s+)?day\s+(\d{1,2})\b|\bon\s+(?:the\s+)?day\s+(\d{1,2})\s+of\s+(?:every|each)\s+month\b"),
     lambda f: f"FREQ=MONTHLY;BYMONTHDAY={int(next(g for g in f.groups() if g))}"),
    (rx(rf"\bon\s+the\s+{_ORDINAL}\s*,?\s+(?:every\s+month|each\s+month|monthly)\b"),
     lambda f: f"FREQ=MONTHLY;BYMONTHDAY={_monthly_day(f.group(1))}"),
    (rx(rf"\b(?:every|each)\s+month,?\s+on\s+the\s+{_ORDINAL}(?:\s+day)?\b|\b(?:on\s+)?the\s+{_ORDINAL}\s+day\s+of\s+(?:every|each|the)\s+month\b"
        rf"|\bon\s+the\s+{_ORDINAL}\s+(?:of\s+)?(?:every|each)\s+month\b"),
     lambda f: f"FREQ=MONTHLY;BYMONTHDAY={_monthly_day(next(g for g in f.groups() if g))}"),
    (rx(r"\b(?:every|each)\s+(?:single\s+)?(?:week\s*day|weekday)s?\b|\bon\s+weekdays\b|\bweekdays\b"), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    (rx(r"\b(?:every|each)\s+weekend\b|\bon\s+weekends\b"), "FREQ=WEEKLY;BYDAY=SA,SU"),
    (rx(rf"\b(?:every|each)\s+(?:other\s+|second\s+|alternate\s+)?{_DAY}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s+){_DAY})*{_PART_OF_DAY}"), _weekly),
    (rx(r"\b(?:on\s+|to\s+)(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s(?:(?:\s*,\s*|\s+and\s+)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s)*\b"), _weekly),
    # Several weekdays together can only be a weekly rule: "Monday, Wednesday and Friday".
    # ("monday wednesday and friday": days apart by spaces alone are a list when one said with "and" or a comma ends it.)
    (rx(rf"\b(?:on\s+)?{_DAYS}(?:\s+{_DAYS})*(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s*/\s*){_DAYS})+"), _weekly),
    (rx(rf"\b(?:(?:every|each)\s+month|monthly)\s+on\s+the\s+{_ORDINAL}\b|\bon\s+the\s+{_ORDINAL}\s+of\s+(?:every|each)\s+month\b"
        rf"|\b(?:every|each)\s+{_ORDINAL}\s+of\s+the\s+month\b|\bthe\s+{_ORDINAL}\s+of\s+every\s+month\b"),
     lambda f: f"FREQ=MONTHLY;BYMONTHDAY={_monthly_day(next(g for g in f.groups() if g))}"),
    (rx(rf"\b(?:every|each)\s+{_NUMBER}\s+(days?|weeks?|months?|fortnights?)\b"), _every_n),
    (rx(r"\bevery\s+other\s+(day|week|month)\b"), lambda f: f"FREQ={_unit(f.group(1))};INTERVAL=2"),
    (rx(r"\b(?:every|each)\s+fortnight\b|\bfortnightly\b|\bbi-?weekly\b"), "FREQ=WEEKLY;INTERVAL=2"),
    (rx(rf"\b(?:every|each)\s+(?:single\s+)?(?:day|morning|evening|night)\b|\b(?:daily|nightly){_ALONE}"), "FREQ=DAILY"),
    (rx(rf"\b(?:every|each)\s+week\b|\bweekly{_ALONE}|\bonce\s+a\s+week\b"), "FREQ=WEEKLY"),
    (rx(rf"\b(?:every|each)\s+month\b|\bmonthly{_ALONE}|\bonce\s+a\s+month\b"), "FREQ=MONTHLY"),
    (rx(rf"\b(?:every|each)\s+year\b|\b(?:yearly|annually){_ALONE}|\bonce\s+a\s+year\b"), "FREQ=YEARLY"),
]  # fmt: skip


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
                  "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                  "twentieth")  # fmt: skip
_DAY_WORDS = {word: number for number, word in enumerate(_ORDINAL_WORDS, 1)} | {"last": 31, "thirtieth": 30} | {
    f"{tens}{sep}{word}": base + number for tens, base in (("twenty", 20), ("thirty", 30)) for sep in ("-", " ", "")
    for number, word in enumerate(_ORDINAL_WORDS[:9], 1) if base + number <= 31
}  # fmt: skip


def _monthly_day(word: str) -> int:
    """ "1st", "15", "first", "last" (the 31st: the month's end, as `next_due` reads it)."""
    return int(word) if word.isdigit() else _DAY_WORDS[re.sub(r"\s+", " ", word.lower())]


def _unit(word: str) -> str:
    return {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY"}[word.lower()]


def _count(word: str) -> int:
    word = word.lower().replace(" of", "").strip()
    return int(word) if word.isdigit() else NUMBERS.get(word, 1)


# ---- times of day
TIME = rx(
    r"(?:\b(?:at|@|by|around|before)\s*|T|\b)(?:(noon|midday|midnight)|(\d{1,2})(?::|\.)(\d{2})\s*(am|pm|a\.m\.?|p\.m\.?)?|(\d{1,2})\s*(am|pm|a\.m\.?|p\.m\.?))(?=\W|$)"
    r"|\b(?:at\s+)?(\d{1,2})(?:\s*o'?clock\b|(?<=\bat\s\d)\b|(?<=\bat\s\d\d)\b)(?!\s*(?:days?|weeks?|months?|%|st|nd|rd|th))"
    # ("at 22 Fernhill Road", "at 4 Ash Close": a house number, before a street's name)
    r"(?!\s+(?:(?-i:[A-Z])[a-z]+\s+)?(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|court|ct|place|pl|crescent|terrace|"
    r"grove|gardens|park|square|mews|row|hill)\b)"
)


def _clock(found: re.Match[str]) -> str | None:
    named, hour, minute, half, bare_hour, bare_half, at_hour = found.groups()
    if named:
        return {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}[named.lower()]
    if hour is not None:
        h, m, ampm = int(hour), int(minute), half
        if ampm is None and found.group(0).lstrip().lower().startswith(("at", "@")) and 1 <= h <= 7:
            h += 12  # "at 5:45": the afternoon, as "at 5" is
    elif bare_hour is not None:
        h, m, ampm = int(bare_hour), 0, bare_half
    else:
        h, m, ampm = int(at_hour), 0, None
        if 1 <= h <= 7:
            h += 12  # "at 5": the afternoon, as people mean it
    if ampm:
        pm = ampm.lower().startswith("p")
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if pm else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return f"{h:02d}:{m:02d}"


# ---- dates: (pattern, date maker given the match and today)
def _weekday(name: str, today: date) -> date:
    """The coming day of that name, strictly after today."""
    target = list(DAYS).index(name[:3].lower())
    return today + timedelta(days=(target - today.weekday()) % 7 or 7)


def _in(found: re.Match[str], today: date) -> date:
    count, unit = _count(found.group(1)), found.group(2).lower().rstrip("s")
    return today + {"day": relativedelta(days=count), "week": relativedelta(weeks=count), "month": relativedelta(months=count),
                    "fortnight": relativedelta(weeks=2 * count), "year": relativedelta(years=count)}[unit]  # fmt: skip


def _day_of_month(day: int, today: date) -> date | None:
    """The coming `day` of a month: this month's if it is still ahead (or today), else next month's."""
    for months in (0, 1, 2):
        month = today + relativedelta(months=months, day=1)
        try:
            candidate = month.replace(day=day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _calendar(day: int, month_name: str, year: str | None, today: date) -> date | None:
    month = MONTHS[month_name[:3].lower()]
    try:
        candidate = date(int(year) if year else today.year, month, day)
    except ValueError:
        return None
    return candidate if year or candidate >= today else candidate.replace(year=candidate.year + 1)


def _month_end(today: date) -> date:
    return today + relativedelta(day=31)


DATES: list[tuple[re.Pattern[str], object]] = [
    (rx(r"\b(\d{4})-(\d{2})-(\d{2})(?=\b|T)"), lambda f, t: _iso(f)),
    (rx(rf"\b{_MONTH}\s+{_ORDINAL}(?:,?\s+(\d{{4}}))?\b"), lambda f, t: _calendar(_monthly_day(f.group(2)), f.group(1), f.group(3), t)),
    (rx(rf"\b(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b"), lambda f, t: _calendar(_monthly_day(f.group(1)), f.group(2), f.group(3), t)),
    (rx(r"\b(?:a\s+)?week\s+today\b|\btoday\s+week\b"), lambda f, t: t + timedelta(days=7)),
    (rx(r"\b(?:a\s+)?week\s+tomorrow\b|\btomorrow\s+week\b"), lambda f, t: t + timedelta(days=8)),
    (rx(r"\b(?:the\s+)?day\s+after\s+tomorrow\b"), lambda f, t: t + timedelta(days=2)),
    (rx(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?day|eod|close\s+of\s+play|cob)\s+tomorrow\b"), lambda f, t: t + timedelta(days=1)),
    (rx(r"\b(?:tomorrow|tmrw|tmr|tmrrw|tomoz|2morrow|tommorow|tommorrow|tomorow)(?:\s+(?:morning|afternoon|evening|night))?\b"), lambda f, t: t + timedelta(days=1)),
    (rx(rf"\b{_NUMBER}\s+(days?|weeks?)\s+from\s+(?:now|today)\b"), _in),
    (rx(r"\b(?:today(?:\s+(?:morning|afternoon|evening|night))?|tonight|this\s+(?:morning|afternoon|evening)|(?:the\s+)?end\s+of\s+(?:the\s+)?day|eod)\b"),
     lambda f, t: t),
    (rx(r"\b(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:the\s+|this\s+)?month\b|\b(?:month|months)\s*-?\s*end\b"), lambda f, t: _month_end(t)),
    (rx(r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week\b"), lambda f, t: t + timedelta(days=(6 - t.weekday()) or 7)),
    (rx(rf"\bin\s+{_NUMBER}\s+(days?|weeks?|months?|fortnights?|years?)(?:'?\s*time)?\b"), _in),
    (rx(r"\bnext\s+week\b(?!'s)"), lambda f, t: t + timedelta(days=7 - t.weekday())),
    (rx(r"\bnext\s+month\b"), lambda f, t: t + relativedelta(months=1, day=1)),
    (rx(r"\b(?:this\s+)?weekend\b"), lambda f, t: _weekday("sat", t)),
    (rx(rf"\b(?:this\s+coming|this|next|coming|on|by|due|before|until|till)\s+{_DAY}(?!'s){_PART_OF_DAY}"), lambda f, t: _weekday(f.group(1), t)),
    # A bare weekday only at the end ("pay rent friday"), never inside a title ("call the monday club").
    (rx(rf"\b{_DAY}{_PART_OF_DAY}(?=\s*(?:$|[,.!?;:]|at\b|\d|#|(?:tag|tagged|with|every|high|low|urgent|important|priority|and|too|also|then|instead|please|pls|when|once|after|before|if)\b))"),
     lambda f, t: _weekday(f.group(1), t)),
    (rx(rf"\b(?:on|by|due|for|before|until|till)\s+the\s+{_ORDINAL}\b(?!\s+(?:of\s+)?(?:every|each|one|task|item))"), lambda f, t: _day_of_month(_monthly_day(f.group(1)), t)),
    # "before 15th", "by 3rd": the day of the month said without "the", in digits.
    (rx(r"\b(?:on|by|due|before|until|till)\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:every|each|one|task|item))"), lambda f, t: _day_of_month(_monthly_day(f.group(1)), t)),
]  # fmt: skip


def _iso(found: re.Match[str]) -> date | None:
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


# ---- priorities and tags
PRIORITY_WORDS: list[tuple[re.Pattern[str], str]] = [
    (rx(r"(?:\s|^)!!!+(?=\s|$)"), "urgent"),
    (rx(r"(?:\s|^)!!(?=\s|$)"), "high"),
    # "pay rent !high", as quick-add boxes write it
    *((rx(rf"(?:\s|^)!{level}\b"), level) for level in ("urgent", "high", "medium", "low")),
    (rx(r"\b(?:(?:is|are)\s+)?not\s+(?:urgent|important|a\s+priority)(?:\s+any\s*more|\s+now)?\b"), "none"),
    (rx(r"\b(?:as\s+|with\s+|at\s+|a\s+|an\s+)?(?:super\s+|really\s+|very\s+)?(?:urgent|urgently|asap|critical|top[\s-]+priority|highest[\s-]+priority|(?:priority|prio)\s*[:=]?\s*urgent)\b"), "urgent"),
    (rx(r"\b(?:as\s+|with\s+|at\s+|a\s+|an\s+)?(?:high[\s-]*(?:priority|prio|pri)|(?:very\s+|really\s+)?important|(?:priority|prio)\s*[:=]?\s*high|hi[\s-]+pri)\b"), "high"),
    (rx(r"\b(?:as\s+|with\s+|at\s+|a\s+)?(?:medium|normal|mid|moderate)[\s-]*(?:priority|prio|pri)|(?:priority|prio)\s*[:=]?\s*medium\b"), "medium"),
    (rx(r"\b(?:as\s+|with\s+|at\s+|a\s+)?(?:(?:the\s+)?lowest[\s-]*(?:priority|prio)(?:\s+possible)?|low[\s-]*(?:priority|prio|pri)|(?:priority|prio)\s*[:=]?\s*low|no\s+(?:rush|hurry)|not\s+important|whenever)\b"), "low"),
]  # fmt: skip
HASHTAG = rx(r"(?<![\w&])#([a-z][\w-]{0,31}|\d*[a-z][\w-]*)")
TAG_PHRASES = [
    rx(
        r"\b(?:and\s+)?(?:label|tag)(?:ged)?\s+(?:(?:it|this|that|them|both|them\s+all|all\s+of\s+them|both\s+of\s+them)\s+(?:as\s+|with\s+|under\s+)?|as\s+|with\s+|under\s+)['\"]?([a-z][\w-]{0,31})['\"]?(?=\s|$|[.,!])"
    ),
    rx(r"\bwith\s+(?:the\s+)?(?:tag|label)s?\s+['\"]?([a-z][\w-]{0,31})['\"]?"),
    rx(r"\b(?:put|add|give\s+it)\s+(?:a\s+|the\s+)?(?:tag|label)\s+['\"#]?([a-z][\w-]{0,31})['\"]?"),
    rx(r"\bunder\s+(?:the\s+)?(?:tag|label)\s+['\"]?([a-z][\w-]{0,31})['\"]?"),
]
# "tag it work and finance", "..., tag finance", "tagged home": the tags after the word, to the end of the clause.
TAGS_SAID = rx(
    r"(?:^|(?<=[\s,(]))(?:and\s+|with\s+)?(?:the\s+)?(?:label|tag)(?:ged|s)?(?:\s+(?:it|this|that|them))?(?:\s*:\s*|\s+(?:as|with|under)\s+|\s+)"
    r"(#?[a-z][\w-]{0,31}(?:\s*(?:,|\band\b|&|\+)\s*#?[a-z][\w-]{0,31}){0,9})(?=\s*(?:$|[.,!;)]))"
)


def _tags_said(text: str, found: re.Match[str]) -> list[str]:
    """The tags a "tag ..." phrase names; none when the words are a title's ("tag along with Sam")."""
    tags = [t.lstrip("#").lower() for t in re.split(r"\s*(?:,|\band\b|&|\+)\s*", found.group(1)) if t.strip("#")]
    said = text[found.start() : found.start(1)]
    bare = not re.search(r"(?:it|this|that|them|:|as|with|under|ged|s)\s*$", said, re.IGNORECASE) and not said.lower().startswith(
        "with"
    )
    if bare and found.start() > 0 and not re.search(r"[,(]\s*(?:and\s+)?$", text[: found.start()]):
        return []  # "tag X" on its own is a plan only as a part of its own: "..., tag finance"
    return tags if all(t not in ("along", "the", "a", "an", "me", "you") for t in tags) else []


CLEARS: list[tuple[re.Pattern[str], str]] = [
    (rx(r"\b(?:the\s+)?(?:due\s+date|deadline|due\s+time|date)\b"), "due"),
    (rx(r"\b(?:the\s+)?(?:tags?|labels?)\b"), "tags"),
    (rx(r"\b(?:the\s+)?priority\b"), "priority"),
    (rx(r"\b(?:the\s+)?(?:repeat(?:ing)?|recurrence|recurring|schedule|repetition)\b"), "recurrence"),
    (rx(r"\b(?:the\s+)?(?:notes?|description|details)\b"), "description"),
]


# The part of the day said beside a time, before it ("tonight at 8", "tomorrow morning at 7") or after ("8 in the evening").
_EVENING_BEFORE = rx(r"\b(?:tonight|tonite|evening|night|afternoon|arvo)\s*(?:,\s*)?(?:at|@|around|by|about)?\s*$")
_EVENING_AFTER = rx(
    r"^\s*(?:(?:today|tomorrow|tmrw|on\s+\w+)\s+)?(?:in\s+the\s+|this\s+|at\s+)?(?:evening|afternoon|tonight|tonite|night)\b"
)
_MORNING_BEFORE = rx(r"\bmorning\s*(?:,\s*)?(?:at|@|around|by|about)?\s*$")
_MORNING_AFTER = rx(r"^\s*(?:(?:today|tomorrow|tmrw|on\s+\w+)\s+)?(?:in\s+the\s+|this\s+)?morning\b")


_SAID_WITH_TIME = rx(r"\s*(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b")


def _part_of_day(clock: str, found: re.Match[str], before: str, after: str) -> str:
    """`clock` put on the side of noon the words around it say: "tonight at 8" is 20:00, "morning at 7" 07:00."""
    hour = int(clock[:2])
    if hour < 12 and (_EVENING_BEFORE.search(before) or _EVENING_AFTER.match(after)):
        return f"{hour + 12:02d}{clock[2:]}"
    guessed = found.group(7) is not None or (found.group(2) is not None and not found.group(4))
    guessed_afternoon = guessed and 13 <= hour <= 19  # "at 5" alone reads as 17:00 (`_clock`)
    if guessed_afternoon and (_MORNING_BEFORE.search(before) or _MORNING_AFTER.match(after)):
        return f"{hour - 12:02d}{clock[2:]}"
    return clock


def take_slots(text: str, today: date) -> tuple[str, Slots]:
    """The planning fields `text` states, and the text without them (the title, or the task it names).

    Quoted words are a title as written: "rename it to 'Call mom tonight'" sets no date. The rules of one
    reading ask this of the same words several times: each text is read once (the slots come back as a copy).
    """
    rest, slots = _slots_of(text, today)
    return rest, Slots(slots.due_date, slots.due_time, slots.priority, list(slots.tags), slots.recurrence, slots.date_said)


@functools.lru_cache(maxsize=1024)
def _slots_of(text: str, today: date) -> tuple[str, Slots]:
    quoted: list[str] = []

    def keep(found: re.Match[str]) -> str:
        quoted.append(found.group(0))
        return f"\x00{len(quoted) - 1}\x00"

    text = QUOTED.sub(keep, text) if _MAYBE_QUOTED.search(text) else text
    rest, slots = _take(text, today)
    return _KEPT.sub(lambda found: quoted[int(found.group(1))], rest) if quoted else rest, slots


QUOTED = re.compile(r"(?<!\w)(['\"\u201c\u2018]).+?(['\"\u201d\u2019])(?!\w)")
_MAYBE_QUOTED = re.compile(r"['\"\u201c\u2018]")
_KEPT = re.compile(r"\x00(\d+)\x00")


TAG_LIST = rx(r"\b(?:with\s+)?(?:tags?|labels?)\s*[:=]\s*(#?[a-z][\w-]*(?:\s*(?:,|and|&)\s*#?[a-z][\w-]*)*)")


_HOURS = {word: number for number, word in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), 1)}  # fmt: skip
_HOUR_WORD = r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MINUTES = {"o'clock": 0, "oclock": 0, "fifteen": 15, "thirty": 30, "forty five": 45, "forty-five": 45, "fortyfive": 45,
            "ten": 10, "twenty": 20, "forty": 40, "fifty": 50, "oh five": 5, "o five": 5}  # fmt: skip
_TIME_IN_WORDS = (
    (rx(rf"\b(?:(twenty[\s-]five|twenty|ten|five)\s+(past|after|to))\s+{_HOUR_WORD}\b"), "minutes"),
    (
        rx(rf"\b{_HOUR_WORD}\s+(o'?clock|fifteen|thirty|forty[\s-]?five|ten|twenty|forty|fifty|oh\s+five|o\s+five)\b"),
        "hour minutes",
    ),
    (
        rx(
            rf"\b(at|by|around|about|from|until|till|before|after)\s+{_HOUR_WORD}\b(?!\s+(?:days?|weeks?|months?|tasks?|things?|people|of))"
        ),
        "at hour",
    ),
    (rx(rf"\b{_HOUR_WORD}(?=\s*(?:am|pm|a\.m\.|p\.m\.|in\s+the\s+(?:morning|afternoon|evening)|tonight)\b)"), "hour"),
    (rx(rf"\b(half|quarter)\s+(past|to|after)\s+{_HOUR_WORD}\b"), "part"),
)


_MAYBE_HOUR_WORD = Gate(_HOUR_WORD)


def _said_in_words(text: str) -> str:
    """Times said in words, in digits: "at nine" "at 9", "seven thirty pm" "7:30 pm", "twenty past six" "6:20"."""
    if not _MAYBE_HOUR_WORD(text):
        return text
    for pattern, shape in _TIME_IN_WORDS:
        text = pattern.sub(lambda found, shape=shape: _digits(found, shape), text)
    return text


def _digits(found: re.Match[str], shape: str) -> str:
    if shape == "at hour":
        return f"{found.group(1)} {_HOURS[found.group(2).lower()]}"
    if shape == "hour":
        return str(_HOURS[found.group(1).lower()])
    if shape == "part":
        return f"{found.group(1)} {found.group(2)} {_HOURS[found.group(3).lower()]}"
    if shape == "hour minutes":
        minutes = _MINUTES[re.sub(r"\s+", " ", found.group(2).lower()).replace("forty five", "forty five")]
        return f"{_HOURS[found.group(1).lower()]}:{minutes:02d}"
    minutes = {"twenty five": 25, "twenty-five": 25, "twentyfive": 25, "twenty": 20, "ten": 10, "five": 5}[
        re.sub(r"\s+", " ", found.group(1).lower())
    ]
    hour = _HOURS[found.group(3).lower()]
    if found.group(2).lower() == "to":
        hour, minutes = (hour - 1) or 12, 60 - minutes
    return f"{hour}:{minutes:02d}"


# "half 3", "half past 3", "quarter past 4", "quarter to 5": times said in words, as digits.
_HALF_PAST = rx(r"\b(half|quarter)\s+(past|to|after)?\s*(\d{1,2})\b(?!\s*(?:[:.]\d|%|days?|weeks?|hours?|mins?|minutes?))")


def _h_clock(found: re.Match[str]) -> str:
    hour, minutes = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    return f"{hour}:{minutes or '00'}" if int(hour) < 24 and int(minutes or 0) < 60 else found.group(0)


def _clock_words(found: re.Match[str]) -> str:
    part, way, hour = found.group(1).lower(), (found.group(2) or "past").lower(), int(found.group(3))
    minutes = 30 if part == "half" else 15
    if way == "to":
        hour, minutes = (hour - 1) % 24 or 12, 60 - minutes
    # As "at 3" is read: 1 to 7 without am or pm are the afternoon's.
    return f"{hour + 12 if 1 <= hour <= 7 else hour}:{minutes:02d}"


_MAYBE_HALF = Gate(r"half|quarter")

# "sat 10am", "sun at 9", "sat arvo": a day, when a time or a part of the day follows (alone, "sat" and "sun" are other words).
_SAT_SUN = rx(
    r"\b(sat|sun)(?=\s*(?:at\s+)?\d|\s+(?:morning|afternoon|evening|night|arvo|lunchtime)\b)"
    r"|(?:^|(?<=->\s)|(?<=->)|(?<=\bon\s)|(?<=\bto\s)|(?<=\bfor\s)|(?<=\btill\s)|(?<=\buntil\s)|(?<=\bby\s))(sat|sun)\b(?=[\s.!?]*$)"
)


# Words without which a family of slot patterns cannot match: most clauses skip most families at one search.
_MAYBE_REPEAT = Gate(
    r"every|each|daily|nightly|weekly|monthly|yearly|annual|fortnight|weekday|weekend|bi-?weekly|once\s+a|month|year|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b"
)
_MAYBE_TIME = Gate(r"\d|noon|midday|midnight")
_MAYBE_DATE = Gate(
    r"\d|day|tonight|tomorrow|tmrw|tmr|tmrrw|tomoz|2morrow|tommorow|tommorrow|tomorow|morning|afternoon|evening|end\s+of|eod|month|week|"
    r"fortnight|year|\b(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|teenth|twentieth|thirtieth|last"
)
_MAYBE_PRIORITY = Gate(r"!!|!high|!medium|!low|urgent|asap|critical|priorit|prio|\bpri\b|important|rush|whenever")
_MAYBE_TAG = Gate(r"tag|label")


_ITSELF = rx(r"\s+itself\b")
_DIGIT_H = re.compile(r"\dh")
# "at 14h", "20h30": the hour as French and Brazilian clocks write it.
# ("a 4h battery" is no time: without minutes, only after "at", "by" ...)
_H_CLOCK = rx(
    r"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=@)|(?<=\baround\s)|(?<=\bbefore\s)|(?<=\bfrom\s)|(?<=\buntil\s))(\d{1,2})h(\d{2})?\b|\b(\d{1,2})h(\d{2})\b"
)
_SAME_AS_BEFORE = rx(r"\s*,?\s*(?:(?:at|on)\s+)?(?:the\s+)?same\s+(?:time|day)\b")


def _take(text: str, today: date) -> tuple[str, Slots]:
    slots = Slots()
    if "sat" in (lowered := text.lower()) or "sun" in lowered:
        text = _SAT_SUN.sub(lambda found: {"sat": "saturday", "sun": "sunday"}[(found.group(1) or found.group(2)).lower()], text)
    text = _said_in_words(text)
    text = _HALF_PAST.sub(_clock_words, text) if _MAYBE_HALF(text) else text
    if _DIGIT_H.search(text):
        text = _H_CLOCK.sub(_h_clock, text)
    # "friday same time", "4pm same day": what stays as it was is no slot (the readers see it in the words said)
    text = _SAME_AS_BEFORE.sub(" ", text) if "same" in text.lower() else text
    tagged = _MAYBE_TAG(text)
    while tagged and (found := TAGS_SAID.search(text)):
        said = _tags_said(text, found)
        slots.tags.extend(said)
        text = (text[: found.start()] + " " + text[found.end() :]).strip() if said else text
        if not said:
            break
    if tagged and (found := TAG_LIST.search(text)):  # "tags: work, travel"
        slots.tags = [t.lstrip("#").lower() for t in re.split(r"\s*(?:,|and|&)\s*", found.group(1)) if t]
        text = _cut(text, found)
    for pattern, make in REPEATS if _MAYBE_REPEAT(text) else ():
        if found := pattern.search(text):
            slots.recurrence = make(found) if callable(make) else make
            text = _cut(text, found)
            # "on tuesdays and thursdays, every week": the same repeat said twice, the second time less exactly.
            if (
                again := _PLAIN_REPEAT.search(text)
            ) and f"FREQ={_PLAIN_FREQ[(again.group(1) or again.group(2)).lower()]}" in slots.recurrence:
                text = _cut(text, again)
            break
    if (found := TIME.search(text) if _MAYBE_TIME(text) else None) is not None:
        if (clock := _clock(found)) is not None:
            slots.due_time = _part_of_day(clock, found, text[: found.start()], text[found.end() :])
            said_with = _SAID_WITH_TIME.match(text, found.end())  # "at 6 in the evening": both are the time
            text = _cut(text, found) if said_with is None else (text[: found.start()] + " " + text[said_with.end() :]).strip()
    for pattern, make in DATES if _MAYBE_DATE(text) else ():
        if (found := _with_lead(pattern, text)) and (day := make(found, today)) is not None:
            slots.due_date, slots.date_said = day, True
            # "by tomorrow itself": the day stressed, as Indian English does
            end = itself.end() if (itself := _ITSELF.match(text, found.end())) else found.end()
            text = (text[: found.start()] + " " + text[end:]).strip()
            break
    if slots.recurrence and not slots.due_date and (slots.due_time or "BY" in slots.recurrence):
        slots.due_date = first_day(slots.recurrence, today)  # "every Monday at 7": the coming Monday
    if slots.due_time and not slots.due_date:
        slots.due_date = today  # "at 5pm": today at five
    said_levels: list[tuple[int, str]] = []
    before = text
    for pattern, level in PRIORITY_WORDS if _MAYBE_PRIORITY(text) else ():
        while found := pattern.search(text):
            # Bangs ("!!!") say how much only when no word does: "urgent!!! ..., high priority" is high.
            bangs = found.group(0).strip().startswith("!!")
            said_levels.append((-1 if bangs else before.find(found.group(0).strip()), level))
            text = _cut(text, found)  # "very important, high priority": one priority, said twice
    if said_levels:
        # Two levels: the one said last puts the first right ("it's urgent now, set it to high"); "not urgent" is no level
        # beside another ("low priority, not urgent": low).
        levels = [level for _, level in sorted(said_levels)]
        slots.priority = next((level for level in reversed(levels) if level != "none"), "none")
    for pattern in TAG_PHRASES if _MAYBE_TAG(text) else ():
        while found := pattern.search(text):
            slots.tags.append(found.group(1).lower())
            text = _cut(text, found)
    if "#" in text:
        slots.tags.extend(found.group(1).lower() for found in HASHTAG.finditer(text))
        text = HASHTAG.sub("", text)
    slots.tags = list(dict.fromkeys(slots.tags))[:10]
    if "(" in text or "[" in text:
        text = _EMPTIED.sub(" ", text)  # "(high priority)", "(tag: home)": the plans went
    return _SPACES.sub(" ", text).strip(" ,;-"), slots


_EMPTIED = re.compile(r"\(\s*[,;:]?\s*\)|\[\s*[,;:]?\s*\]")
_SPACES = re.compile(r"\s{2,}")


def first_day(rule: str, today: date) -> date:
    """The first day on or after today that a repeat rule falls on."""
    if "BYDAY" in rule:  # "every other saturday": the first saturday on or after today, then every other one
        rule = ";".join(part for part in rule.split(";") if not part.startswith("INTERVAL="))
    return (next_due(rule, today - timedelta(days=1)) or today) if "INTERVAL" not in rule else today


def cleared(text: str) -> set[str]:
    """The planning fields a clearing request names ("remove the due date", "clear the tags")."""
    return {name for pattern, name in CLEARS if pattern.search(text)}


def _with_lead(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """A date with the little words before it that belong to it ("due on", "by", "for")."""
    found = pattern.search(text)
    if not found:
        return None
    lead = _LEAD_AT_END.search(text[: found.start()])
    if lead and lead.start() < found.start():
        return re.compile(re.escape(text[lead.start() : found.start()]) + pattern.pattern, re.IGNORECASE).search(
            text, lead.start()
        )
    return found


def _cut(text: str, found: re.Match[str]) -> str:
    return (text[: found.start()] + " " + text[found.end() :]).strip()
