"""What a person's message asks for: the offline engine's reading of plain English."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from chatbot.reading import mend_commands, normalize, split_items, strip_lead_in
from chatbot.vocabulary import ITEM_VERBS, PAST_TENSE

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
    "help",
    "smalltalk",
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


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_POLITE = _rx(
    r"^(?:(?:please|pls|plz|ok(?:ay)?|so|hey|hi|and|also|actually|oh|now|then|would\s+you\s+mind|you\s+(?:can|may|could)|feel\s+free\s+to|(?:could|can|would|will)\s+(?:you|u)(?:\s+please)?|"
    r"is\s+it\s+possible\s+to|(?:i'?d|i\s+would)\s+like\s+(?:you\s+)?to)[\s,!.]+)+"
)
_POLITE_END = _rx(r"[\s,]+(?:please|pls|thanks|thank\s+you|thx|for\s+me)\s*[.!?]*$")
_HELP = _rx(
    r"\b(help|what can you do|what do you do|how does (?:this|it) work|how do i use|what are you|who are you|"
    r"what can i (?:say|ask|do)|what should i say)\b"
)
_SMALLTALK = _rx(
    r"^(hi|hello|hey|yo|good (morning|afternoon|evening|night)|thanks|thank you|thx|cheers|bye|goodbye|"
    r"see you|ok|okay|cool|great|nice|awesome|perfect|no|nope|yes|yep|that's all|that is all|nothing)\b"
)
_ADD = _rx(
    r"^(?:(?:i\s+)?(?:need|want|have|got)\s+to\s+remember\s+to|remember\s+to|remind\s+me\s+to|"
    r"(?:todo|to-do|task|reminder)\s*:|(?:i(?:'ve)?\s+)?(?:gotta|got\s+to)|i\s+ought\s+to|"
    r"don'?t\s+let\s+me\s+forget\s+to|do\s+not\s+let\s+me\s+forget\s+to|don'?t\s+forget\s+to|do\s+not\s+forget\s+to|"
    r"note\s*:|note\s+down|jot\s+down|"
    r"(?:put\s+down|write\s+down|add|adding|create|creating|put|putting|pop|stick|new)\b(?:\s+(?:another|one\s+more|an|a)\b)?(?:\s+new)?(?:\s+(?:task|todo|to-do|item|reminder)s?)?"
    r"(?:\s+(?:called|named|titled|to|for|:))?|"
    r"i\s+(?:need|have|must|should|gotta|got)\s+to|i\s+must|i\s+should)[\s:,-]*"
)
_ADD_TAIL = _rx(r"\s+(?:(?:to|on|onto|in)\s+(?:my|the)\s+(?:[\w-]+\s+)?(?:list|tasks|todos)|on\s+there|on\s+it)\s*$")
_DESCRIPTION = _rx(r"\s*(?:,\s*)?(?:with\s+(?:the\s+)?(?:description|details|note|notes)|description|details)\s*[:=]?\s+(.+)$")
_DASH = re.compile(r"\s+[-\u2013\u2014]\s+(.+)$|:\s+(.+)$")
_ADD_DESCRIPTION = _rx(
    r"^(?:add|put|set|attach|write)\s+(?:a\s+|the\s+)?(?:description|note|details)\s+(?:to|on|for)\s+(.+?)\s*(?:[:,]|\s-\s|\s+saying\s+)\s*(.+)$"
)
_DESCRIPTION_AFTER = _rx(r"^(?:the\s+)?(.+?)(?:'s)?\s+(?:description|details|notes?)\s+(?:to|as|=)\s+(.+)$")
_COMPLETION_WORD = _rx(r"^(?:done|complete|completed|finished|closed)$")
_UPDATE = _rx(r"^(?:change|update|rename|edit|modify|set|retitle)\b\s*(.*)$")
_DESCRIPTION_OF = _rx(r"^(?:the\s+)?(?:description|details|notes?)\s+(?:of|for|on)\s+(.+?)\s+(?:to|as|=)\s+(.+)$")
_TITLE_OF = _rx(r"^(?:the\s+)?(?:title|name)\s+(?:of|for)\s+(.+?)\s+(?:to|as)\s+(.+)$")
_DELETE = _rx(
    r"^(?:delete|remove|cancel|drop|erase|scrap|scratch|strike|nix|ditch|bin|kill|trash|get\s+rid\s+of|forget(?:\s+about)?)\b\s*(.*)$"
)
# "the old newspapers can go", "visit aunt may won't happen": a task that is no longer needed.
_GOES = _rx(
    r"^(?:the\s+)?(.+?)\s+(?:can\s+go|can\s+be\s+(?:deleted|removed|dropped)|won'?t\s+happen|will\s+not\s+happen|is\s+off|"
    r"(?:is|are)\s+no\s+longer\s+(?:needed|necessary|happening|relevant)|(?:is|are)n'?t\s+needed(?:\s+any\s*more)?|"
    r"(?:is|are)\s+not\s+needed(?:\s+any\s*more)?)$"
    r"|^(?:i'?m|i\s+am)\s+not\s+going\s+to\s+([^,]+)(?:,.*)?$"
    r"|^take\s+(.+?)\s+off(?:\s+(?:the|my)\s+(?:list|tasks|todos))?$"
)
# "call the vet task 'Vet for Rex' instead"
_CALL_IT = _rx(r"^(?:call|name|title)\s+(?:the\s+)?(.+?)\s+(['\"\u201c\u2018].+['\"\u201d\u2019])(?:\s+instead)?$")
# "expenses: done", "rent - paid"
_LABEL_DONE = _rx(r"^(.+?)\s*[:\u2013\u2014-]\s*(?:done|finished|complete|completed|paid|sorted)$")
# "#12 and #14", "tasks 3, 5 and 9": several ids in one request.
_IDS = _rx(r"(?:#\s*|\btask\s+)(\d+)\b")
# "the gym task should be called 'Leg day'"
_SHOULD_BE = _rx(r"^(?:the\s+)?(.+?)\s+should\s+(?:be\s+)?(?:called|named|renamed\s+to|retitled|say|read)\s+(.+)$")
# "got the tyres changed at last": a task done by someone else, said in the past.
_GOT_DONE = _rx(
    r"^(?:i\s+)?(?:finally\s+)?(?:got|had)\s+(?:the\s+|my\s+)?(.+?)\s+(\w+)(?:\s+(?:at\s+last|finally|today|now|done))?$"
)
# "what's task 12 about?", "details of the rent task"
# "timesheet submitted", "dinner booked": a task's noun and its verb, done.
_NOUN_PAST = _rx(
    r"^(?:the\s+|my\s+)?((?!i\b)[a-z][\w']*(?:\s+[\w']+){0,3}?)\s+"
    r"(\w+ed|paid|sent|bought|made|written|taken|given|eaten|driven|sold|built|kept|told|found)"
    r"(?:\s+(?:today|now|already|at\s+last))?$"
)
# "got the stamps", "picked up the parcel": the thing itself, whatever the task's verb.
_GOT_THING = _rx(r"^(?:i\s+)?(?:just\s+)?(?:got|picked\s+up|collected|bought)\s+(?:the|my|some)\s+(.+)$")
# "search for contract", "find tasks about the bank"
_SEARCH = _rx(r"^(?:search(?:\s+for)?|look\s+up|find\s+(?:tasks?|todos?)\s+(?:about|with|for|mentioning))\s+(.+)$")
# "I meant the other one", "no, the other one": the same change, on the other of two tasks.
_OTHER = _rx(r"^(?:(?:no|nope|sorry|oops|wait|actually)[\s,!.]+)*(?:i\s+meant\s+|i\s+mean\s+)?(?:the\s+)?other\s+one$")
_DETAIL = _rx(
    r"^(?:what'?s|what\s+is|whats)\s+(.+?)\s+about$|^(?:details|description)\s+(?:of|for|on)\s+(.+)$|^(?:describe|tell\s+me\s+about)\s+(.+)$"
)
_UNDO = _rx(
    r"^(?:oops,?\s+)?(?:undo|revert|reverse|take\s+back|take\s+(?:that|it|this)\s+back)(?:\s+(?:that|it|this|the\s+last\s+(?:change|one|thing)|my\s+last\s+change))?$"
)
_THEM_ALL = (
    r"(?:all\s+(?:of\s+)?(?:them|those|these|my\s+tasks)|them\s+all|both(?:\s+of\s+them)?|"
    r"th(?:ose|ese)(?:\s+(?:two|three|four|five|ones|tasks))?|everything)"
)
_COUNT_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
# "mark all of them done", "delete them all", "clear all completed": one change to many tasks.
_BULK = (
    ("complete", "shown", _rx(rf"^(?:mark|set|tick\s+off|check\s+off|cross\s+off)\s+{_THEM_ALL}(?:\s+(?:as\s+)?(?:done|complete|completed|finished|off))?$")),
    ("complete", "shown", _rx(rf"^(?:complete|finish|close)\s+{_THEM_ALL}$")),
    ("complete", "shown", _rx(rf"^(?:tick|check|cross)\s+{_THEM_ALL}\s+off$")),
    ("delete", "shown", _rx(rf"^(?:delete|remove|clear|drop|scrap)\s+{_THEM_ALL}$")),
    (
        "delete",
        "completed",
        _rx(r"^(?:clear|delete|remove|drop|get\s+rid\s+of)\s+(?:out\s+)?(?:all\s+(?:the\s+|of\s+the\s+|my\s+)?|every\s+|the\s+)?"
            r"(?:completed|done|finished)(?:\s+(?:ones|tasks|items|todos))?$"),
    ),
)  # fmt: skip
_OTHER_ONE = _rx(r"^(?:the\s+)?other(?:\s+one)?$")
_CONFIRM = _rx(r"^(?:yes|yep|yeah|yup|sure|ok(?:ay)?|go\s+ahead|do\s+it|confirm(?:ed)?|please\s+do)(?:\s+please)?$")
# "no wait, call it X", "actually, make that X", "sorry, I meant X": the words just added, put right.
_CORRECTION = _rx(
    r"^(?:(?:no|nope|sorry|oops|wait|actually|hmm|oh)[\s,!.]+)*"
    r"(?:call\s+it|name\s+it|make\s+(?:that|it)|i\s+meant|i\s+mean|it\s+should\s+(?:be|say))\s+(.+)$"
)
_HOW_MANY = _rx(r"^how\s+many\b")
# Question words ask for the list only when the list is what they talk about ("what's the weather like?" is not).
_QUESTION_WORD = _rx(r"^(?:what|which|whats|what's|tell|give|get|anything|is\s+there|are\s+there|how\s+many)\b")
_ABOUT_THE_LIST = _rx(
    r"\b(?:tasks?|todos?|to-dos?|list|pending|open|left|remaining|outstanding|done|complete|completed|finished|undone|unfinished|"
    r"incomplete|ticked|checked|crossed|have|need|needs|doing|still|plate|agenda|items?|things|next|due|else)\b"
)
_NO_LONGER = _rx(
    r"^(?:i\s+(?:don'?t|do\s+not)\s+(?:need|have|want)\s+(?:to\s+)?(.+?)\s+(?:anymore|any\s+more|any\s+longer)|"
    r"(?:i\s+)?no\s+(?:longer\s+(?:need|have|want)\s+to|need\s+to)\s+(.+?)(?:\s+(?:anymore|any\s+more|any\s+longer))?)$"
)
_LIST = _rx(
    r"^(?:show|list|display|see|view|give|tell|get|what|which|whats|what's|how\s+many|do\s+i\s+have|are\s+there|"
    r"anything|is\s+there|my\s+(?:tasks|list|todos))\b"
)
_PENDING = _rx(
    r"\b(pending|open|left|remaining|still|to\s+do|todo|incomplete|unfinished|undone|outstanding|"
    r"not\s+(?:yet\s+)?(?:done|finished|completed|ticked|checked|crossed)|n[o']t\s+(?:been\s+)?(?:done|finished|ticked\s+off))\b"
)
# "which ones haven't I done?", "everything that isn't finished": negated, done means pending.
_NOT_DONE = _rx(
    r"\b(?:not|haven'?t|hasn'?t|havent|isn'?t|isnt|aren'?t|arent|weren'?t|never)\s+(?:\w+\s+){0,2}?(?:yet\s+)?"
    r"(?:done|finished|completed|ticked|checked|crossed)"
)
# Reopening: "mark it as not done", "reopen the rent task", "I didn't actually finish it".
_REOPEN = (
    _rx(
        r"^(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:not\s+(?:yet\s+)?(?:done|finished|complete|completed)|undone|unfinished|incomplete|pending|open|to\s+do)$"
    ),
    _rx(r"^(?:reopen|re-open|uncheck|untick|unmark|uncomplete)\s+(.+)$"),
    _rx(r"^(?:put|add)\s+(.+?)\s+back(?:\s+on(?:to)?\s+(?:my|the)\s+(?:list|tasks|todos))?$"),
    _rx(r"^(.+?)\s+(?:is|isn'?t|was|wasn'?t)\s+(?:not\s+)?(?:actually\s+|really\s+)?(?:done|\w+ed)\s+(?:after\s+all|yet)$"),
    _rx(
        r"^(?!(?:show|list|display|what|which|tell|give|see|view)\b)(.+?)\s+(?:isn'?t|wasn'?t|is\s+not|was\s+not)\s+"
        r"(?:actually\s+|really\s+)?(?:done|finished|complete|completed)$"
    ),
    _rx(
        r"^i\s+(?:didn'?t|did\s+not|haven'?t|have\s+not|havent|didnt)\s+(?:actually\s+|really\s+|even\s+)?"
        r"(?:finish|finished|complete|completed|do|done)\s+(.+?)(?:\s+(?:after\s+all|yet))?$"
    ),
)
_COMPLETED = _rx(r"\b(completed|complete|done|finished|ticked|checked)\b")
_MARK = _rx(r"\b(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)\b")
_COMPLETE_VERB = _rx(
    r"^(?:complete|completed|finish|finished|check\s+off|tick\s+off|cross\s+off|close|closed)(?:\s*:\s*|\s+)(.+)$"
)
_DONE_ALONE = _rx(r"^(?:(?:it'?s|that'?s|all)\s+)?(?:done|finished|completed)(?:\s+now)?$")
_DONE_WITH = _rx(r"^(?:i'?m\s+|i\s+am\s+)?(?:done|finished|through)\s+with\s+(.+)$")
_OFF = _rx(r"^(?:check|tick|cross|mark)\s+(.+?)\s+off$")
_I_DID = _rx(r"^i(?:'ve|\s+have|\s+just|\s+already)*\s+(?:finished|completed|done|did)\s+(.+)$")
_I_PAST = _rx(
    r"^(?:i(?:'ve|\s+have|\s+just|\s+already)*\s+|(?:just|already)\s+)?(\w+(?:ed|id|ught|ent|ote|ade|ew|one|ook|an|ave|ot|ed))\b\s*(.*)$"
)
_IT_DONE = _rx(r"^(.+?)\s+(?:is|are)\s+(?:now\s+|all\s+)?(?:done|finished|completed|complete)(?:\s+now)?$")
_ID_DONE = _rx(r"^((?:task\s*(?:number\s*)?)?#?\s*\d+)\s+(?:is\s+)?(?:done|finished|completed|complete)$")
_IS_PAST = _rx(
    r"^(?:the\s+|my\s+)?(.+?)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+|already\s+|all\s+)?(\w+)(?:\s+now)?$"
)
# Past tenses that are not "I did the task": asking, listing, or talking about the list itself.
_NOT_DONE_VERBS = {
    "added",
    "created",
    "listed",
    "deleted",
    "removed",
    "renamed",
    "updated",
    "changed",
    "edited",
    "showed",
    "needed",
    "wanted",
    "forgot",
    "said",
    "asked",
    "meant",
    "thought",
    "got",
    "had",
    "want",
    "need",
}
_QUESTION = _rx(r"^(?:what|which|how|show|list|do|did|have|has|any|are|is|can|could|tell)\b")

_ID = _rx(r"(?:#\s*|\btask\s+(?:number\s+|no\.?\s+|#\s*)?|\bnumber\s+|\bid\s+)(\d+)\b")
_BARE_ID = re.compile(r"^\s*#?(\d+)\s*$")
_PRONOUN = _rx(r"^(?:it|that|this|them|that\s+one|this\s+one|that\s+task|this\s+task|the\s+task|same\s+one)$")
_ORDINAL = _rx(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\b(?:\s+(?:one|task|item))?")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+")
_REF_FILLER = _rx(
    r"^(?:the\s+|my\s+|a\s+|an\s+)?(?:task|todo|to-do|item|one)?\s*(?:called|named|titled|about|for|to)?\s*|"
    r"\s+(?:task|todo|item|one|thing|stuff)$"
)
ACTIONS = ("add", "list", "complete", "reopen", "delete", "update", "detail", "undo", "bulk", "correct", "other")
_CLAUSES = re.compile(r"\s*(?:[,;]|\s-\s|\bso\b|\band\s+then\b)\s*", re.IGNORECASE)


def parse(message: str) -> Intent:
    """Read one message into an intent; `unknown` when it asks for nothing we can do.

    The stages: normalise (symbols, spaces, a bulleted list into one line), mend a misspelt command
    word, then read the whole message, or else its clauses one by one.
    """
    text, bulleted = _one_line(normalize(message))
    intent = _read(mend_commands(text))
    if intent.kind in ("complete", "delete", "reopen") and len(ids := _IDS.findall(text)) > 1:
        intent.task_ids = [int(task_id) for task_id in ids]  # "mark #12 and #14 done"
    elif intent.kind == "complete" and intent.ref and intent.ref.words and re.search(r"\s+and\s+|,", text):
        # "walked the dog and fed the cat": each part a completion of its own.
        parts = [_parse_clause(part) for part in re.split(r"\s+and\s+|,\s*", text) if part.strip()]
        if len(parts) > 1 and all(p.kind == "complete" and p.ref and p.ref.words for p in parts):
            intent.targets = [p.ref.words for p in parts]
    if intent.kind != "unknown":
        return intent
    if items := _listed_items(text, bulleted):
        # "groceries for the week: apples, rice, coffee", or a bulleted list: things to add.
        return Intent("add", title=items[0], items=items)
    if _bare_to_do(text):
        # "Buy salt and pepper": a to-do said as it is, which is what people add.
        items = [clean_title(item) for item in split_items(text)]
        return Intent("add", title=items[0], items=items if len(items) > 1 else None)
    return intent


_NOT_A_THING = {"that", "it", "this", "them", "those", "back", "again", "now", "please", "off", "up", "all"}


def _bare_to_do(text: str) -> bool:
    """Whether `text` is nothing but a to-do: it starts with a to-do verb, asks nothing, is short, and names a thing."""
    words = text.lower().strip(" .!").split(" ")
    # "take that back", "do it again" name nothing to do; "buy a kayak is no longer needed" says not to.
    names_something = any(word not in _NOT_A_THING for word in words[1:]) and words[1:2] != ["me"] and words[1:2] != ["us"]
    negated = re.search(r"\b(?:no\s+longer|not|never|anymore|any\s+more)\b|n't\b", text, re.IGNORECASE)
    return words[0] in ITEM_VERBS and "?" not in text and 2 <= len(words) <= 12 and names_something and not negated


def _one_line(text: str) -> tuple[str, bool]:
    """A message of several lines as one, its lines joined by semicolons; whether they were a list."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text, False
    # A heading ("add these:") over its items, or lines that are each an item (or a request) of their own.
    head, body = (lines[0], lines[1:]) if lines[0].rstrip().endswith(":") and not _BULLET.match(lines[0]) else ("", lines)
    items = [_BULLET.sub("", line).strip(" ;,.") for line in body]
    listed = "; ".join(item for item in items if item)
    return (f"{head} {listed}" if head else listed), sum(bool(_BULLET.match(line)) for line in lines) >= 2


def _listed_items(text: str, bulleted: bool) -> list[str]:
    if not (bulleted or ":" in text):
        return []
    items = [clean_title(item) for item in split_items(text, lead_in=True)]
    return items if len(items) >= 2 else []


def _read(text: str) -> Intent:
    whole = _parse_clause(text)
    if whole.kind in ACTIONS and not (whole.ref and whole.ref.pronoun):
        return whole
    clauses = [c for c in _CLAUSES.split(text) if c and c.strip(" ,.;!?")]
    if len(clauses) > 1:
        for index in reversed(range(len(clauses))):
            part = _parse_clause(clauses[index])
            if part.kind in ACTIONS:
                if part.ref and part.ref.pronoun:
                    # "just called mom, tick it off": with nothing said before, "it" is the other clause
                    # ("visit aunt may won't happen, remove it": what that clause names).
                    others = [_parse_clause(c) for i, c in enumerate(clauses) if i != index]
                    named = [o.ref.words for o in others if o.ref and o.ref.words]
                    part.ref.fallback_words = named[0] if named else " ".join(c for i, c in enumerate(clauses) if i != index)
                return part
    return whole


def _parse_clause(text: str) -> Intent:
    plain = _POLITE.sub("", text).strip()
    plain = _POLITE_END.sub("", plain).strip().rstrip("!.?").strip()
    lowered = plain.lower()

    if _HELP.search(lowered):
        return Intent("help")
    if _UNDO.match(plain):
        return Intent("undo")
    if _OTHER.match(plain):
        return Intent("other")
    if found := _SEARCH.match(plain):
        return Intent("list", query=found.group(1).strip(" '\""))
    # Words, not a pointer: "I meant task 5" or "I meant the other one" picks a task, it names none.
    if (found := _CORRECTION.match(plain)) and reference(found.group(1)).words and not _OTHER_ONE.match(found.group(1)):
        return Intent("correct", title=clean_title(found.group(1)))
    if bulk := next(((action, scope) for action, scope, pattern in _BULK if pattern.match(plain)), None):
        named = next((n for word, n in _COUNT_WORDS.items() if re.search(rf"\b{word}\b", lowered)), None)
        return Intent("bulk", action=bulk[0], scope=bulk[1], named=named)
    if _CONFIRM.match(lowered):
        return Intent("confirm")
    if found := _ADD_DESCRIPTION.match(plain):
        return Intent("update", ref=reference(found.group(1)), description=_unquote(found.group(2)))
    if (back := _REOPEN[2].match(plain)) is not None:
        return Intent("reopen", ref=reference(back.group(1)))  # "put X back on my list"
    if (added := _read_add(plain)) is not None:
        return added
    if (update := _UPDATE.match(plain)) and (intent := _read_update(update.group(1))):
        return intent
    if found := _CALL_IT.match(plain):
        return Intent("update", ref=reference(found.group(1)), title=clean_title(found.group(2)))
    if found := _LABEL_DONE.match(plain):
        return Intent("complete", ref=reference(found.group(1)))
    if found := _SHOULD_BE.match(plain):
        return Intent("update", ref=reference(found.group(1)), title=clean_title(found.group(2)))
    if (found := _DETAIL.match(plain)) and (target := next(g for g in found.groups() if g)):
        return Intent("detail", ref=reference(target))
    if (delete := _DELETE.match(plain) or _NO_LONGER.match(plain) or _GOES.match(plain)) and (
        target := next(g for g in delete.groups() if g is not None)
    ).strip():
        return Intent("delete", ref=reference(target))
    if target := next((found.group(1) for pattern in _REOPEN if (found := pattern.match(plain))), None):
        return Intent("reopen", ref=reference(target))
    if (target := _completion_target(plain)) is not None:
        return Intent("complete", ref=reference(target))
    asks = _LIST.match(lowered) and (not _QUESTION_WORD.match(lowered) or _ABOUT_THE_LIST.search(lowered))
    if asks or re.search(r"\b(tasks|todos|to-dos|my list)\b", lowered):
        return Intent("list", status=_status(lowered), count=bool(_HOW_MANY.match(lowered)))
    if _SMALLTALK.match(lowered) or not lowered:
        return Intent("smalltalk")
    return Intent("unknown")


def reference(text: str) -> Reference:
    """How `text` names a task."""
    text = text.strip().strip("'\"\u201c\u201d\u2018\u2019").strip()
    if found := _ID.search(text) or _BARE_ID.match(text):
        return Reference(task_id=int(found.group(1)))
    cleaned = _REF_FILLER.sub("", text).strip()
    if _PRONOUN.match(text) or _PRONOUN.match(cleaned):
        return Reference(pronoun=True)
    if (ordinal := _ORDINAL.fullmatch(cleaned) or _ORDINAL.fullmatch(text)) and len(text.split()) <= 4:
        return Reference(ordinal=ORDINALS[ordinal.group(1).lower()])
    return Reference(words=cleaned or text)


def _read_add(plain: str) -> Intent | None:
    found = _ADD.match(plain)
    if not found or found.end() == 0:
        return None
    rest = plain[found.end() :].strip()
    if not rest or _LIST.match(rest) and re.search(r"\b(tasks|list)\b", rest, re.IGNORECASE) and "?" in plain:
        return None
    # "add to my list: sunscreen, hat": where it goes, then what.
    rest = re.sub(r"^(?:(?:to|on|onto)\s+)?(?:my|the)\s+(?:[\w-]+\s+)?(?:list|tasks|todos)\s*:\s*", "", rest, flags=re.IGNORECASE)
    rest = _ADD_TAIL.sub("", strip_lead_in(rest))
    rest = re.sub(r"^(?:really|definitely|probably|also|still|seriously|finally)\s+", "", rest, flags=re.IGNORECASE)
    if ";" in rest:  # "a; b; new todo: c": items, each maybe with its own "new todo:"
        items = [clean_title(_strip_add(item)) for item in split_items(rest)]
        if len(items) > 1:
            return Intent("add", title=items[0], items=items)
    description = None
    if described := _DESCRIPTION.search(rest):
        description, rest = _unquote(described.group(1)), rest[: described.start()]
    elif (dash := _DASH.search(rest)) and not _quoted(rest):
        description, rest = _unquote(dash.group(1) or dash.group(2)), rest[: dash.start()]
    rest = _ADD_TAIL.sub("", rest.strip())
    items = [clean_title(item) for item in split_items(rest)] if description is None else []
    if len(items) > 1:
        return Intent("add", title=items[0], items=items)
    title = clean_title(rest)
    return Intent("add", title=title, description=description) if title else None


def _strip_add(text: str) -> str:
    """An item without an "add"/"new todo:" of its own."""
    found = _ADD.match(text.strip())
    return text.strip()[found.end() :] if found and found.end() else text


def _read_update(rest: str) -> Intent | None:
    if found := _DESCRIPTION_OF.match(rest):
        return Intent("update", ref=reference(found.group(1)), description=_unquote(found.group(2)))
    if found := _DESCRIPTION_AFTER.match(rest):
        return Intent("update", ref=reference(found.group(1)), description=_unquote(found.group(2)))
    if found := _TITLE_OF.match(rest):
        return Intent("update", ref=reference(found.group(1)), title=clean_title(found.group(2)))
    for separator in (" to ", " into ", ": ", " as "):
        target, sep, new = rest.partition(separator)
        if sep and target.strip() and new.strip() and not _COMPLETION_WORD.match(new.strip(" .!'\"")):
            # "change it to say 'X'": the words to say, not a task to read.
            new = re.sub(r"^(?:say\s+|read\s+(?=['\"\u201c\u2018]))", "", new.strip(), flags=re.IGNORECASE)
            return Intent("update", ref=reference(target), title=clean_title(new))
    return None


def _completion_target(plain: str) -> str | None:
    if (found := _MARK.search(plain)) and not re.search(r"\b(?:not|un)$", found.group(1), re.IGNORECASE):
        return found.group(1)  # ("mark X as not done" reopens)
    for pattern in (_COMPLETE_VERB, _DONE_WITH, _OFF, _I_DID, _ID_DONE):
        if found := pattern.match(plain):
            return found.group(1)
    if _QUESTION.match(plain):
        return None
    if found := _IT_DONE.match(plain):
        return found.group(1)
    if _DONE_ALONE.match(plain):
        return "it"
    if (found := _IS_PAST.match(plain)) and (base := _base_verb(found.group(2))):
        return f"{base} {found.group(1)}"
    if (found := _NOUN_PAST.match(plain)) and (base := _base_verb(found.group(2))):
        return f"{base} {found.group(1)}"  # "timesheet submitted"
    if found := _GOT_THING.match(plain):
        return found.group(1)
    if (found := _GOT_DONE.match(plain)) and (base := _base_verb(found.group(2), any_verb=True)):
        return f"{base} {found.group(1)}"
    if (found := _I_PAST.match(plain)) and (base := _base_verb(found.group(1))) and not found.group(2).startswith(","):
        rest = found.group(2).split(",")[0].strip()
        if _PRONOUN.match(rest):
            return rest
        return f"{base} {rest}".strip()
    return None


def _base_verb(word: str, *, any_verb: bool = False) -> str | None:
    """The present form of a past tense ("paid" -> "pay"), or None when `word` is not one we trust.

    With `any_verb`, verbs about the list itself count too ("got the tyres changed").
    """
    word = word.lower()
    if word in _NOT_DONE_VERBS and not any_verb:
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
    if _NOT_DONE.search(lowered):
        return "pending"
    if re.search(r"\b(all|every|everything|including|both)\b", lowered) and not re.search(
        r"\ball\s+(?:the\s+)?(?:open|pending|done|completed|finished|remaining)\b", lowered
    ):
        return "all"
    if _PENDING.search(lowered):
        return "pending"
    if _COMPLETED.search(lowered):
        return "completed"
    return "all"


def clean_title(text: str) -> str:
    """A title without quotes, filler and end punctuation, its first letter capitalised."""
    title = _unquote(text.strip().rstrip(".!?").strip())
    title = re.sub(
        r"^(?:a|an|the)\s+(?:task|todo|to-do|item|reminder)\s+(?:to|called|named|titled|for)\s+", "", title, flags=re.IGNORECASE
    )
    title = re.sub(r"^(?:to|called|named|titled)\s+", "", title, flags=re.IGNORECASE)
    title = _unquote(title.strip()).rstrip(".!?").strip()
    return title[:1].upper() + title[1:] if title else ""


def _quoted(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(['\"\u201c\u2018]).*(['\"\u201d\u2019])\s*", text))


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in "'\"\u201c\u2018" and text[-1] in "'\"\u201d\u2019":
        return text[1:-1].strip()
    return text
