"""The grammar: one row per way of saying a plain command, as data.

A row is a template over the lexicon's word classes and named slots, the kind of request it reads,
a priority, whether the fast path may serve it alone, and its own examples and not-examples (which
tests/test_grammar.py runs). Templates compile to anchored regular expressions matched against one
whole clause; a slot is at most `SLOT` characters, so a match costs at most a bounded amount of work
per character, and a clause longer than any row could match is not tried at all.

Template syntax: `{CLASS}` a word class of `lexicon.CLASSES`; `{slot}` a named slot (`ref`, `title`,
`new_title`); `[a|b c]` optional words; `(a|b)` one of them; anything else literal words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cached_property

from chatbot.engine.lexicon import CLASSES

SLOT = 160
# No row matches a clause longer than its slots and words allow: longer clauses skip the grammar.
LONGEST_CLAUSE = 2 * SLOT + 80


@dataclass(frozen=True)
class Row:
    """One phrasing family: "{MARK} {ref} [as] {DONE}" read as a completion."""

    name: str
    kind: str
    template: str
    priority: int = 50
    fast: bool = False
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()
    # Values a slot must not have ("{ref} is done" is no task when the ref is "everything").
    refuse: dict[str, str] = field(default_factory=dict)
    # False: the row only vouches for the rules' reading of a clause (the fast path trusts it), and reads nothing itself.
    reads: bool = True
    # Words a slot must hold somewhere ("move X to {when}": a day, a date or a time).
    require: dict[str, str] = field(default_factory=dict)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(compile_template(self.template), re.IGNORECASE)

    @cached_property
    def first_words(self) -> frozenset[str] | None:
        """The words a clause this row says can start with (lowercased); None when a slot can start it."""
        words: set[str] = set()
        for token in _TOKEN.findall(self.template):
            choices = token[1:-1].split("|") if token[0] in "[(" else [token]
            for choice in choices:
                first = choice.split()[0] if choice.split() else choice
                said = CLASSES[first[1:-1]] if first.startswith("{") and first[1:-1].isupper() else [first]
                starts = [_WORD.match(word) for word in said]
                if first.startswith("{") and not first[1:-1].isupper() or not all(starts):
                    return None  # a slot, or a mark, may come first: any clause may be this row's
                words.update(start.group(0).lower() for start in starts if start)
            if token[0] != "[":
                return frozenset(words)
        return None

    @cached_property
    def refusals(self) -> dict[str, re.Pattern[str]]:
        return {slot: re.compile(rf"(?:{pattern})$", re.IGNORECASE) for slot, pattern in self.refuse.items()}

    def match(self, clause: str) -> dict[str, str] | None:
        """The slots, when this row says the whole clause; else None."""
        found = self.pattern.fullmatch(clause)
        if found is None:
            return None
        slots = {name: value.strip() for name, value in found.groupdict().items() if value is not None}
        if any(pattern.match(slots.get(slot, "")) for slot, pattern in self.refusals.items()):
            return None
        if any(not re.search(pattern, slots.get(slot, ""), re.IGNORECASE) for slot, pattern in self.require.items()):
            return None
        return slots


@dataclass(frozen=True)
class Parse:
    """The row that says a clause, and what its slots hold."""

    row: Row
    slots: dict[str, str]


# A clause's first word as the rows' patterns see it: "don't" starts with "don", as `\b` splits it.
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\[[^\]]*\]|\([^)]*\)|\{[A-Za-z_]+\}|[^\s\[\]({]+")


def compile_template(template: str) -> str:
    """A template as a regular expression: words apart by spaces, optional parts optional with their space."""
    out, started = "", False
    for token in _TOKEN.findall(template):
        optional = token.startswith("[")
        body = _alternatives(token[1:-1]) if token[0] in "[(" else _atom(token)
        attached = token[0] in ",:'" or token in ("?", "!")
        if not started:
            # Words before the first required one carry their space after them: "[please] remind me".
            out += f"(?:{body}\\s*)?" if optional and attached else (f"(?:{body}\\s+)?" if optional else body)
            started = not optional
            continue
        if token[0] in "[(":
            # Each choice with its own space before it: "(to|:)" is " to" or ":".
            body = "(?:" + "|".join(("" if c[0] in ",:'=" else r"\s+") + _words(c) for c in token[1:-1].split("|")) + ")"
            out += f"(?:{body})?" if optional else body
            continue
        glue = r"\s*" if attached else r"\s+"
        out += f"(?:{glue}{body})?" if optional else f"{glue}{body}"
    return out


def _words(choice: str) -> str:
    return r"\s+".join(_atom(word) for word in choice.split())


def _alternatives(inner: str) -> str:
    return "(?:" + "|".join(_words(choice) for choice in inner.split("|")) + ")"


def _atom(token: str) -> str:
    if token.startswith("{") and token[1:-1].isupper():
        words = sorted(CLASSES[token[1:-1]], key=len, reverse=True)
        return "(?:" + "|".join(r"\s+".join(map(re.escape, word.split())) for word in words) + r")\b"
    if token.startswith("{"):
        return rf"(?P<{token[1:-1]}>\S.{{0,{SLOT - 1}}}?)"
    return re.escape(token)


# Refs that name no task: "everything is done", "it's done" (the pronoun rows read "it"), "that's all".
_NOT_A_NAME = (
    r"everything|all|all of (?:it|them)|nothing|both|(?:that|it|this|thats|its)(?:'s)?|none|you|u|me|us|it|this|that|them|those|these|today|tonight|"
    r"the day|the week|work|lunch|dinner|breakfast|for (?:the|to)day|(?:how|what|which|who|when|where|why|anything|any)\b.*|"
    r"(?:show|tell|give|list)\s+me\b.*|.*\b(?:not|never|no|yet|almost|nearly|half)\b.*|.*n't\b.*"
)

# A new "title" that is only a time: "change the dentist to friday" moves it (the planning reader's), never renames it.
_WHEN = (
    r"(?:(?:on|for|at|by)\s+)?(?:(?:next|this)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+.*)?|tomorrow.*|today.*|tonight.*|"
    r"next\s+\w+|(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm)?|noon|midnight|.*\b(?:urgent|priority)\b.*|"
    r"(?:every\s+|each\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days?|(?:every|each|daily|weekly|monthly|yearly)\b.*"
)

# Words that say when: a day, a date, a time.
_A_TIME = (
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:mon|tue|wed|thu|fri|sat|sun)\b|tomorrow|tmrw|today|tonight|next|week|month|"
    r"year|weekend|noon|midnight|morning|evening|afternoon|\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|later|"
    r"christmas|new\s+year"
)

# Words that say a task is meant: "the ... task", "the gym one", "#12", "it".
_NAMES_A_TASK = r"#\s*\d|\btask\s+(?:number\s+)?\d|\b(?:task|todo|to-do|item|one|thing|reminder|job)s?\b|^(?:it|that|this)$|^\d+$"

ROWS: tuple[Row, ...] = (
    # ---- adding
    Row(
        "add.verb",
        "add",
        "{ADD} [a|an|another|one more] [new] [{TASK}] [called|named|titled|to|for|saying] [:] {title} [{ONTO_LIST}]",
        priority=40,
        fast=True,
        examples=("add buy milk", "add a task to call mom", "create a new todo called pay rent", "add milk and eggs"),
        not_examples=("add", "added milk"),
    ),
    Row(
        "add.onto",
        "add",
        "{PLACE} [a|an|another] [{TASK}] [to|for|saying] {title} {ONTO_LIST}",
        priority=45,
        fast=True,
        examples=("put eggs on my list", "pop a reminder to call mom on the list", "throw 'get haircut' on there"),
        not_examples=("put the recycling out",),
    ),
    Row(
        "add.remind",
        "add",
        "[please] {REMIND} {title}",
        priority=40,
        fast=True,
        examples=("remind me to call the bank", "don't let me forget to renew my passport", "I need to remember to water plants"),
    ),
    Row(
        "add.remind_when",
        "add",
        "[please] remind me {when} to {title}",
        priority=41,
        fast=True,
        reads=False,
        examples=("remind me tonight at 8 to put the bins out", "remind me on Sunday at noon to call Aunt Rose"),
        not_examples=("remind me what to do",),
        require={"when": _A_TIME},
    ),
    Row(
        "add.heading",
        "add",
        "{HEADING} : {title}",
        priority=42,
        fast=True,
        examples=("todo: clean the gutters", "new task: book flights", "note down: order new glasses", "add: oil change, tyres"),
    ),
    Row(
        "add.need",
        "add",
        "{NEED} [really|also|still|definitely] {title}",
        priority=35,
        fast=True,
        examples=(
            "I need to book a haircut",
            "gotta get petrol",
            "i should call my landlord",
            "I've got to vacuum, mop and dust",
        ),
        not_examples=("I need to know what's due",),
        refuse={"title": r"(?:know|see|check|find\s+out|think|ask\s+you|talk|tell\s+you|remember\s+what|be\b).*"},
        reads=False,
    ),
    Row(
        "add.bare_planned",
        "add",
        "{TODO_VERB} {title}",
        priority=30,
        fast=True,
        examples=("call grandma tonight at 7", "pay rent on the first of every month", "water the ferns every other sunday"),
        not_examples=("call grandma", "move the dentist to friday", "paid the rent on friday"),
        require={"title": rf"{_A_TIME}|\b(?:every|each|daily|weekly|monthly|yearly|fortnightly|weekdays)\b"},
        reads=False,
    ),
    # ---- completing
    Row(
        "complete.mark",
        "complete",
        "{MARK} {ref} [as] {DONE}",
        fast=True,
        examples=("mark the dentist task as done", "mark task 12 done", "set the report as complete"),
        not_examples=("mark the report as not done",),
        refuse={"ref": r".*\b(?:not|un)|(?:it|that|this)?\s*as"},
    ),
    Row(
        "complete.tick",
        "complete",
        "(tick|cross) [off] {ref}",
        fast=True,
        examples=("tick off the milk", "tick the milk", "cross off task 4"),
        # "tick it off now, I paid it": the "off" after the task is the tick-after row's, and what follows is said about it
        refuse={"ref": r".*\s+off(?:\s+(?:now|please|pls|too|then|for\s+me))*(?:\s*[,;.!].*)?"},
    ),
    Row(
        "complete.check_off",
        "complete",
        "check off {ref}",
        fast=True,
        examples=("check off buy bread", "check off task 4"),
        # "check the oil" is a thing to do; checking off is ticking.
        not_examples=("check the oil", "check the greenhouse heater every sunday"),
    ),
    Row(
        "complete.tick_after",
        "complete",
        "{TICK} {ref} off [now|please|pls|for me|for today|today]",
        priority=55,
        fast=True,
        examples=("tick the milk off", "cross task 4 off"),
    ),
    Row(
        "complete.verb",
        "complete",
        "{COMPLETE} {ref}",
        priority=45,
        fast=True,
        examples=("complete task 3", "finish the report task"),
        refuse={"ref": r".*\b(?:by|before|until|on|tomorrow|tonight|next|this)\b.*"},
    ),
    Row(
        "complete.said",
        "complete",
        "{ref} (is|are|'s|has been|have been) [now|all|finally] ({DONE}|finish) [now|already]",
        priority=45,
        fast=True,
        examples=("the laundry is done", "the car tax has been sorted", "task 12 is done", "the task pay the bill is finish now"),
        not_examples=("everything is done", "that's done", "the report is not done"),
        refuse={"ref": _NOT_A_NAME},
    ),
    Row(
        "complete.done_id",
        "complete",
        "{DONE} {ref}",
        priority=30,
        fast=True,
        examples=("done 5", "done #12", "done task 3", "sorted 14"),
        not_examples=("done with the report", "finished the ironing", "done 5 minutes ago"),
        require={"ref": r"^(?:#\s*\d+|task\s+#?\d+|\d+)$"},
    ),
    Row(
        "complete.finished",
        "complete",
        "[just|finally|already] {FINISHED} {ref}",
        priority=45,
        fast=True,
        examples=(
            "I've finished the report",
            "finished vacuuming",
            "just finished writing the thank you notes",
            "finished the dog one",
        ),
        not_examples=("finished my lunch", "finished early today", "I finished work", "finished the report and booked the vet"),
        refuse={"ref": r".*(?:\band\b|,).*|" + _NOT_A_NAME},
        require={"ref": r"^(?:the\s|\w+ing\b)|\b(?:task|one|todo|item)\b|#|\d"},
        reads=False,
    ),
    Row(
        "complete.label",
        "complete",
        "{ref} [:|'s|is] {DONE} [lol|now|already|at last|finally]",
        priority=44,
        fast=True,
        examples=("laundry done", "expenses: done", "laundry's done lol"),
        not_examples=("all done", "that's done", "everything done", "nearly done"),
        refuse={
            "ref": r".*(?:\band\b|,).*|" + _NOT_A_NAME + r"|(?:\S+\s+){4,}\S+|(?:get|got|be|been|is|are|was|were|i|we|you)\b.*"
        },
        reads=False,
    ),
    Row(
        "complete.done_with",
        "complete",
        "[i'm|im|i am|i'm finally|i'm all] (done|finished|through) with {ref}",
        priority=45,
        fast=True,
        examples=("done with the groceries", "I'm done with task 7"),
        not_examples=("done with you",),
        refuse={"ref": _NOT_A_NAME},
    ),
    # ---- deleting and reopening
    Row(
        "delete.verb",
        "delete",
        "{DELETE} {ref} [{OFF_LIST}]",
        fast=True,
        examples=("delete the dentist task", "remove task 7 from my list", "scrap the gym one"),
        not_examples=("delete",),
        refuse={
            "ref": r".*\b(?:is|are|was|has been)\s+(?:done|finished|complete|completed|sorted)|"
            r".*\bto\s+(?:low|medium|high|urgent|normal|none|tomorrow|today|next\s+\w+|\w+day)(?:\s+priority)?(?:\s*[,;].*)?|"
            # "drop the van at the garage": an errand, which the rules read (they delete "delete the call at 5")
            r".+\s(?:off\s+)?at\s+(?:the|my|mum'?s)\s+\w+.*"
        },
    ),
    Row(
        "delete.loose",
        "delete",
        "{DELETE_LOOSE} {ref} [{OFF_LIST}]",
        fast=True,
        examples=("get rid of the gym task", "erase task 4", "get rid of it"),
        not_examples=("get rid of the wasps nest",),
        require={"ref": _NAMES_A_TASK},
    ),
    Row(
        "reopen.verb",
        "reopen",
        "{REOPEN} {ref}",
        fast=True,
        examples=("reopen the dentist task", "uncheck task 5", "untick buy milk"),
    ),
    Row(
        "reopen.mark",
        "reopen",
        "{MARK} {ref} [as] {NOT_DONE} [again]",
        priority=55,
        fast=True,
        examples=("mark the report as not done", "mark task 3 undone", "mark buy milk as incomplete"),
    ),
    # ---- renaming
    Row(
        "update.describe",
        "update",
        "(set|change|update|edit|add|put|make) [the|a] {DESCRIBE} (of|for|on|to) {ref} (to|as|:|=) {text}",
        priority=55,
        fast=True,
        examples=("set the description of task 3 to bring insurance card", "add a note to the dentist task: ask about the crown"),
    ),
    Row(
        "update.describe_after",
        "update",
        "(set|change|update|edit) [the] {ref} ['s] {DESCRIBE} (to|as|:|=) {text}",
        priority=54,
        fast=True,
        examples=("update the dentist task description to bring x-rays", "set task 4's description to autopay failed"),
    ),
    Row(
        "update.retitle",
        "update",
        "(change|set|update|edit) the (title|name) (of|for) {ref} (to|as) {new_title}",
        priority=56,
        fast=True,
        examples=("change the title of the dentist task to Book dentist for June",),
    ),
    Row(
        "update.rename_as",
        "update",
        "{RENAME} {ref} (as|:|so it says|so it reads|to say) {new_title}",
        priority=50,
        fast=True,
        examples=(
            "rename task 1 as File taxes",
            "edit task 2: Email landlord about rent",
            "update walk dog: walk dog in the park",
        ),
    ),
    Row(
        "update.move",
        "update",
        "{MOVE} {ref} (to|till|until|for|back to|forward to|into|on) {when}",
        priority=55,
        fast=True,
        examples=("move the dentist to friday", "push it to tomorrow at 5", "reschedule task 4 to next monday"),
        not_examples=("change task 4 to call the plumber", "set task 3 to high priority"),
        require={"when": _A_TIME},
    ),
    Row(
        "update.shift",
        "update",
        "{MOVE} {ref} (back|forward|on) [by] {span}",
        priority=56,
        fast=True,
        reads=False,
        examples=("push the essay back a day", "move the dentist forward by a week", "postpone it back two days"),
        require={"span": r"^(?:a|an|one|two|three|four|five|six|seven|\d{1,2}|a\s+couple\s+of)\s+(?:days?|weeks?)$"},
    ),
    Row(
        "update.priority",
        "update",
        "{MAKE} {ref} [as|to] [a|an] {PRIORITY} [one|task]",
        priority=55,
        fast=True,
        examples=("make the report urgent", "set task 3 to high priority", "mark the dentist one as low priority"),
    ),
    Row(
        "update.tag",
        "update",
        "{TAG} {ref} (as|with|under) {tags}",
        priority=55,
        fast=True,
        examples=("tag the report as work", "label task 3 with home"),
        not_examples=("tag along with Sam",),
        require={"ref": r"^(?:the|my|your|this|that|it|them|task)\b|#|\d"},
    ),
    Row(
        "update.rename",
        "update",
        "{RENAME} {ref} (to|into) {new_title}",
        fast=True,
        examples=("rename buy milk to buy oat milk", "change task 4 to call the plumber"),
        not_examples=("change the dentist to friday",),
        refuse={"new_title": rf"(?:done|complete|completed|finished|closed)|{_WHEN}"},
    ),
)

BY_NAME = {row.name: row for row in ROWS}


def read_clause(clause: str, *, vouching: bool = False) -> Parse | None:
    """The row that says `clause` whole, with its slots; None when none does, or two that disagree do.

    `vouching`: rows that only vouch for the rules' reading take part too.
    """
    found = [(row, slots) for row, slots in _rows_saying(clause) if row.reads or vouching]
    if not found:
        return None
    top = max(row.priority for row, _ in found)
    best = [(row, slots) for row, slots in found if row.priority == top]
    if len({row.kind for row, _ in best}) > 1:
        return None  # two readings of one clause: not for the grammar to pick
    return Parse(*best[0])


@functools.lru_cache(maxsize=1024)
def _rows_saying(clause: str) -> tuple[tuple[Row, dict[str, str]], ...]:
    """Every row that says `clause` whole, with its slots: a reading asks this of one clause more than once."""
    if len(clause) > LONGEST_CLAUSE:
        return ()
    first = _WORD.match(clause.lstrip())
    word = first.group(0).lower() if first and first.group(0).isascii() else None
    # Only the rows that can start with the clause's first word are tried (a non-ASCII word may fold: all are).
    rows = ROWS if word is None else _ROWS_STARTING.get(word, _ROWS_ANYWHERE)
    return tuple((row, slots) for row in rows if (slots := row.match(clause)) is not None)


_ROWS_ANYWHERE = tuple(row for row in ROWS if row.first_words is None)
_ROWS_STARTING = {
    word: tuple(row for row in ROWS if row.first_words is None or word in row.first_words)
    for word in {word for row in ROWS for word in row.first_words or ()}
}
