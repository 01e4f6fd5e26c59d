"""The fast path: a message the offline engine reads as one plain command is served by it, with no model call.

"mark task 12 done", "add buy milk", "delete the dentist task", "show my pending tasks": the engine's
plan runs through the same MCP tools, recorded the same way, and its reply is written from the results.
"it" is served only when the last turn touched exactly one task and the engine reads "it" as that task,
"the second one" only when the last reply numbered that task so. Anything less certain (a correction, two
requests in one, a question that is not about the list, a statement that may not be about a task) goes to
the model as before. `AGENT_FAST_PATH=off` turns it off.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from chatbot import history
from chatbot.engine import grammar, phrases, planner
from chatbot.engine.lexicon import ITEM_VERBS
from chatbot.engine.phrases import rx
from chatbot.engine.reading import mend_commands, normalize
from chatbot.engine.understand import Intent, asks_to_add, parse, reading_on
from chatbot.model import MUTATING_TOOLS, ToolOutcome

log = logging.getLogger("chatbot.engine")

# What a plain command may ask for; the rest (undo, corrections, bulk, "the other one") needs the model's judgement.
CONFIDENT_KINDS = ("add", "list", "complete", "delete", "reopen", "update")

# A task named as one: "the milk task", "the gym one", "task 12", "#12"; or, for tags, a thing with its article.
_NAMES_A_TASK = rx(r"#\s*\d+|\btask\s+(?:number\s+)?\d+|\b(?:task|todo|to-do|item|one|thing|reminder|job)s?\b")
# A second order after the first ("mark task 3 done and delete task 4"): two requests, the model's to sort out.
_SECOND_ORDER = rx(
    r"\b(?:and|then|also|plus)\s+(?:then\s+|also\s+)?(?:please\s+)?(delete|remove|tick|cross|mark|complete|reopen|undo|rename|scrap|"
    r"bin|nix|ditch|set|add|push|move|change|update|make|put|take|clear|cancel|drop|finish|check|edit|tag)\b"
)
# A turn that opens by taking something back ("actually, delete it", "no wait, ..."): what "it" is may be the change.
_CORRECTING = rx(
    r"^(?:no|nope|nah|wait|sorry|oops|whoops|actually|hmm+|ugh|but|on\s+second\s+thoughts?|never\s*mind|nevermind|scratch\s+that)\b"
)
# The words that point at one task; "them", "those" point at several, and "done" alone may mean "I'm done here".
_ONE_TASK = rx(r"\b(?:it|its|it's|that|that's|thats|this|the\s+task)\b")
_SEVERAL = rx(r"\b(?:them|those|these|both|all)\b")
# Deleting by "it": only with a verb that deletes nothing but a task ("cancel that", "scrap that", "drop it" may mean the
# last change, or "never mind").
_DELETES_IT = rx(r"^(?:delete|remove|erase|trash|get\s+rid\s+of|bin)\b")
# What makes "done" less than done, or the statement about more than one task.
_NOT_QUITE = rx(r"\b(?:not|never|no|yet|almost|nearly|half|partly|partially|mostly|and|but|or|so|because|then|when|if)\b|n'?t\b")
# The polite wrapper of a request asked as a question ("could you add X?") ...
_ASKING = rx(r"^(?:(?:hey|hi|hello|ok(?:ay)?|so)[\s,!.]+)*(?:(?:can|could|would|will)\s+(?:you|u)\b|would\s+(?:you|u)\s+mind\b)")
# ... that says it is a request, not a question about what the assistant can do ("can you add due dates?").
_REQUEST_MARK = rx(
    r"\b(?:please|pls|plz|kindly|for\s+me|thanks|thank\s+you|cheers)\b|['\"\u2018\u201c]|#\s*\d|"
    r"\b(?:task|todo|reminder|item)\s+(?:to|called|named|titled|saying)\b|"
    r"\b(?:to|on|onto)\s+(?:my|the)\s+(?:\w+\s+)?list\b"
)
# What the engine's reading holds when it took a message wrong: a title "Things" ("can you add things to my list?") or
# "Something nicer", "Move it to christmas eve" (a change to "it" on a date it cannot read), a position it does not
# know ("the ninth one").
_NO_TITLE = rx(
    r"^(?:things?|stuff|tasks?|items?|todos?|to-dos?|reminders?|more|it|that|this|them)$|^(?:something|anything)\s+\w|"
    r"^(?:which|who|so|because|and|but|or|just|i|it|no|not|then)\b|['\"\u2018\u2019\u201c\u201d]|\.\.|\b(?:no\s+wait|wait\s+no)\b"
)
_CONDITION = rx(
    r"\s(?:when|once|whenever|as\s+soon\s+as|in\s+case|unless|if)\s+(?:they|it|he|she|we|you|i|the|there|that|this)\b"
)
_DAY_LEFT = rx(rf"\b(?:{phrases.DAY_NAMED}|this\s+(?:week|weekend))\b")
_VERB_IT = rx(r"^\w+\s+(?:it|that|this|them|those)\b")
_A_POSITION = rx(
    r"^(?:sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th)|next|other|previous|top|bottom|middle)$|"
    r"\b(?:overdue|rest|remaining|pending|completed|done|new|old|latest|earlier|other)\b"
)
# Taking something back in the middle of a message: "for the 14th... no wait, just add it".
_SELF_CORRECTED = rx(r"\.\.\.|\b(?:no\s+wait|wait\s+no|scratch\s+that|i\s+mean|or\s+rather)\b")
_THE_LIST = rx(r"\b(?:my|the)\s+(?:tasks|list|todos|to-dos)\b")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$", re.MULTILINE)


def confident(messages: list[dict[str, Any]]) -> bool:
    """Whether the last user message is one plain command the engine reads for sure."""
    said = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), None)
    if not isinstance(said, str) or not said.strip():
        return False
    now = history.local_now(messages)
    try:
        with reading_on(now[0] if now else None):
            intent = parse(said)
    except Exception:  # a bug in the reading: the model (or the engine's own apology) answers instead
        log.exception("the fast path could not read a message")
        return False
    if intent.kind not in CONFIDENT_KINDS:
        return False
    if "\n" in said.strip():
        return _listed_to_add(said, intent)
    head = phrases.without_polite(normalize(said)).strip()
    if "?" in head and not (intent.kind == "list" or _asked_as_request(said, head)):
        return False
    text = _mended(_plain(head))
    if "?" in text and intent.kind != "list" or _second_order(text, intent) or _reads_wrong(intent) or _points_back(text, intent):
        return False
    if _SELF_CORRECTED.search(said):
        return False
    if mend_commands(head) != head and text == _plain(head):
        return False  # a command word mended by more than two letters swapped: "compete" may be meant
    if intent.kind == "list":
        return _asks_for_the_list(text, intent)
    if re.search(r"[,;]", text) and intent.kind != "add" and not _an_order_and_a_remark(text):
        return False
    if intent.kind == "add" and _CONDITION.search(text):
        return False  # "get concert tickets friday 9am when they drop": the engine leaves the condition out; a model may keep it
    ref = intent.ref
    if ref is not None and ref.loose and ref.pronoun and intent.kind == "complete" and _TICK_IT.search(text):
        # "I've paid the electricity bill, mark it done": the task the statement names, or a question; served only
        # when no task was touched before, which "it" could otherwise fall back to.
        return planner.last_acted_on(planner.outcomes(messages)) is None
    if ref is not None and ref.loose:
        return False  # words taken from another clause: "cancel my gym, remove it"
    if ref is not None and ref.pronoun:
        return _it_is_clear(messages, intent, said, text)
    if ref is not None and (ref.ordinal is not None or ref.ordinals):
        return _positions_seen(messages, intent, text)
    return said_by_a_fast_row(intent) or _a_quoted_add(said, intent)


def _a_quoted_add(said: str, intent: Intent) -> bool:
    """Whether the message adds one thing it names in quotes ("put 'call the caterers' on my list for tomorrow"): the
    quotes say the title whole, so the words around them can only be the request and its plans."""
    quoted = _QUOTED.findall(said)
    return (
        intent.kind == "add"
        and not intent.items
        and len(quoted) == 1
        and quoted[0].strip().rstrip(".!?").lower() == (intent.title or "").lower()
        and asks_to_add(phrases.without_polite(normalize(said)).strip())
        and not _orders_after_and(said)  # "add 'buy milk' and delete the bread task": two orders
    )


_QUOTED = re.compile(
    r"(?<!\w)['\"\u201c\u2018]((?:[^'\"\u201c\u201d\u2018\u2019]|(?<=\w)['\u2019](?=\w)){2,200})['\"\u201d\u2019](?!\w)"
)


def _an_order_and_a_remark(text: str) -> bool:
    """Whether the parts a comma sets apart are one order and what is said about it ("remove 'buy concert tickets',
    the gig got cancelled"; "I've paid the electricity bill, mark it done"), not two orders."""
    parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    orders = [part for part in parts if phrases.COMMAND.match(phrases.without_polite(part).strip()) or _TICK_IT.search(part)]
    return len(orders) == 1 and len(parts) <= 3


# "..., mark it done", "so that one's done", "you can cross it off": the order of a statement then "it".
_TICK_IT = rx(
    r"(?:^|[,;]\s*)(?:(?:so|please|pls|and|you\s+can|can\s+you|could\s+you)\s+)*(?:mark|tick|cross|check)\s+(?:it|that(?:\s+one)?)"
    r"(?:\s+(?:off|as))?(?:\s+(?:done|complete|completed|finished|off))?(?:\s+(?:for\s+me|please|pls|thanks))*\s*$"
)


def _points_back(text: str, intent: Intent) -> bool:
    """Whether an add's words point at another task ("book a restaurant for it"): what "it" is, the model judges."""
    return intent.kind == "add" and bool(
        re.search(r"\b(?:for|about|before|after)\s+(?:it|that|this|them)\b", text, re.IGNORECASE)
    )


def said_by_a_fast_row(intent: Intent) -> bool:
    """Whether one grammar row marked fast read the whole message (`grammar.py`)."""
    return intent.row is not None and grammar.BY_NAME[intent.row].fast


def _reads_wrong(intent: Intent) -> bool:
    """Whether the engine's reading shows it took the message wrong (see `_NO_TITLE`)."""
    if intent.kind == "add":
        titles = [title or "" for title in (intent.items or [intent.title])]
        # (a condition inside a title, "get concert tickets when they drop", is for a model to leave out or keep)
        # (a second day left in a title whose day was read, "chem hw and essay for the day after": two things, two days)
        dated = bool((intent.plan or {}).get("due"))
        return any(
            _NO_TITLE.match(title) or _VERB_IT.match(title) or _CONDITION.search(title) or dated and _DAY_LEFT.search(title)
            for title in titles
        )
    if intent.kind == "update" and intent.title and _NO_TITLE.match(intent.title):
        return True  # "change it to something nicer"
    if intent.ref and intent.ref.words and _SEVERAL.search(intent.ref.words):
        return True  # "move both of them to tomorrow": several tasks, for the model
    return bool(intent.ref and intent.ref.words and _A_POSITION.match(intent.ref.words.strip()))


def _asked_as_request(said: str, head: str) -> bool:
    """Whether a question mark ends a polite request ("could you add 'X' to my list, please?"), not a question."""
    return bool(_ASKING.match(normalize(said))) and head.count("?") == 1 and bool(_REQUEST_MARK.search(said))


def _plain(head: str) -> str:
    """The message without its polite close ("..., thanks") or its closing marks."""
    return phrases.without_polite_end(head).strip().rstrip(".!?").strip()


def _mended(text: str) -> str:
    """`text` with its command word put right when the slip was two letters swapped ("remvoe", "mrak ... dnoe")."""
    # Other slips can be words of their own ("compete" is not "complete", "charge" not "change"): the model reads them.
    mended = mend_commands(text)
    pairs = zip(text.split(" "), mended.split(" "), strict=True)
    return mended if all(a == b or _swapped(a.lower(), b.lower()) for a, b in pairs) else text


def _swapped(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with two neighbouring letters swapped."""
    diffs = [i for i, (x, y) in enumerate(zip(typed, meant, strict=False)) if x != y]
    return len(typed) == len(meant) and len(diffs) == 2 and diffs[1] == diffs[0] + 1 and typed[diffs[0]] == meant[diffs[1]]


def _second_order(text: str, intent: Intent) -> bool:
    """Whether an order follows the first ("mark task 3 done and delete task 4"): two requests in one."""
    # For an add, what counts is what it would add: "add X and tag it Y" is read whole, and "buy milk and make a cake"
    # is two things to do; the title "Milk and delete eggs", or a thing "Delete eggs", is another order.
    if intent.kind != "add":
        return bool(_orders_after_and(text))
    titles = [title or "" for title in (intent.items or [intent.title])]
    if _QUOTED.search(text) and [verb for verb in _orders_after_and(text) if verb not in ITEM_VERBS]:
        return True  # "add 'buy milk' and delete the bread task": an order outside the quoted title
    later = [title for title in titles[1:] if phrases.COMMAND.match(title) and title.split(" ")[0].lower() not in ITEM_VERBS]
    return bool(later) or any(verb not in ITEM_VERBS for title in titles for verb in _orders_after_and(title))


def _orders_after_and(text: str) -> list[str]:
    """The order verbs after "and", "then", "also" in `text`, a quoted title left out."""
    unquoted = re.sub(r"(['\"\u2018\u201c]).*?(['\"\u2019\u201d])", "", text)
    return [found.group(1).lower() for found in _SECOND_ORDER.finditer(unquoted)]


def _asks_for_the_list(text: str, intent: Intent) -> bool:
    """A question about the list, asked as one: "show my pending tasks", "what's due today?", "find the dentist task"."""
    # A search names the list or a task: "search for cheap flights", "look up train times" ask the web.
    searches = intent.query and phrases.SEARCH.match(text) and (_NAMES_A_TASK.search(text) or _THE_LIST.search(text))
    asks = phrases.LIST.match(text.lower()) or searches
    return bool(asks) and not re.search(r"[,;]|\band\b", text) and not _unread(text, intent)


def _unread(text: str, intent: Intent) -> list[str]:
    """The words of a list question its reading leaves unexplained ("which of my tasks are about the car?" read as all
    tasks leaves "car"): a question asked about something the reading missed is the model's."""
    read = set(_WORDS.findall(" ".join([intent.query or "", str((intent.filters or {}).get("tag") or "")]).lower()))
    said = [word.strip("'") for word in _WORDS.findall(_LIST_NOUN.sub("list", text.lower()))]
    dated = "due" in (intent.filters or {}) or intent.day is not None
    return [
        word for word in said if word not in _LIST_WORDS and word not in read and not (dated and _A_DATE_WORD.fullmatch(word))
    ]


_WORDS = re.compile(r"[a-z0-9][a-z0-9'-]*")
_LIST_NOUN = rx(r"\b(?:to-?do|to\s+do|task|todo)\s+list\b")
_A_DATE_WORD = rx(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|\d+(?:st|nd|rd|th)?|today|tonight|tomorrow|tmrw|yesterday|week|weekend|"
    r"month|morning|afternoon|evening|night|overdue|late|upcoming|soon|coming|next|this|last|end|days?|weeks?"
)
# The words a question about the list is made of, whatever it filters on.
_LIST_WORDS = frozenset(
    "what what's whats which show list lists me my all the a an tasks task todos todo to-dos to-do items item things stuff "
    "reminders is are am was on do does did i i've ive have has got get give let display tell see view how many much "
    "anything everything something any every of in for to with by at from left still else remaining outstanding open "
    "pending done completed complete finished unfinished incomplete closed due priority high low medium urgent important "
    "tagged tag tags labelled label sorted sort order ordered first top most can could would you please pls plz thanks "
    "there here so far currently now right up coming plate agenda need should be been need needs doing owe ones one "
    "whole full entire current about mentioning mention regarding containing called named with no without dates date "
    "overview summary rundown check quick oh ok okay hey hi hello hiya just again then more other already search find look "
    "not off ticked crossed checked yet that that's including incl total behind haven't hasn't i'm what've moment undone "
    "also r u bother sorry hope well gotta ask meaning i've it it's".split()
)


def _it_is_clear(messages: list[dict[str, Any]], intent: Intent, said: str, text: str) -> bool:
    """ "mark it done", "rename it to X": "it" is the one task the last turn touched, and the engine reads it so."""
    if _CORRECTING.match(normalize(said).lower()) or _SEVERAL.search(text) or not _ONE_TASK.search(text):
        return False  # "actually, delete it" may take back the change; "them" is several; "done" alone, "that's all"
    if intent.kind == "delete" and not _DELETES_IT.match(text):
        return False
    if not (said_by_a_fast_row(intent) or _about_it(text, intent)):
        return False
    touched = _one_task_touched(messages, deleting=intent.kind == "delete")
    planned = planner.respond(messages).calls
    return touched is not None and bool(planned) and all(arguments.get("task_id") == touched for _, arguments in planned)


def _about_it(text: str, intent: Intent) -> bool:
    """A statement about "it" that is one change: "it's done", "I paid it", "it's due Friday", "I didn't finish it"."""
    if intent.kind == "complete":
        return not _NOT_QUITE.search(text)
    if intent.kind == "update":
        return bool(intent.plan) and bool(re.match(r"(?:it|its|it's|it\s+is|that's|that\s+is)\b", text, re.IGNORECASE))
    return intent.kind == "reopen"


def _one_task_touched(messages: list[dict[str, Any]], *, deleting: bool) -> int | None:
    """The one task the last turn changed, or found when it only looked; None when it touched none, or several."""
    outcomes = _last_turn(messages)
    if not outcomes or any(o.is_error for o in outcomes):
        return None
    changes = [o for o in outcomes if o.name in MUTATING_TOOLS]
    if deleting and any(o.name == "update_task" for o in changes):
        return None  # "make it urgent", "remove that": the change may be what is to go
    if any(o.name == "delete_task" or isinstance(o.result, dict) and o.result.get("next") for o in changes):
        return None  # deleted, or a repeating task's next one made: which is "it" is not for sure
    if changes:
        touched = {o.result.get("task_id") for o in changes if isinstance(o.result, dict)}
    else:
        found = [o.result for o in outcomes if isinstance(o.result, list)]
        touched = {found[0][0].get("id")} if len(found) == 1 and len(found[0]) == 1 else set()
    return touched.pop() if len(touched) == 1 else None


def _positions_seen(messages: list[dict[str, Any]], intent: Intent, text: str) -> bool:
    """ "delete the second one": the last turn's reply numbered that task so, and the engine reads the same task."""
    if not said_by_a_fast_row(intent):
        return False
    reply = _last_reply(messages)
    shown = {int(number): line for number, line in _NUMBERED.findall(reply)}
    planned = planner.respond(messages).calls
    positions = intent.ref.ordinals or [intent.ref.ordinal]
    if not shown or "not shown" in reply or len(planned) != len(positions):
        return False
    for position, (_, arguments) in zip(positions, planned, strict=True):
        number = position if position > 0 else max(shown) + 1 + position
        if not re.search(rf"#{arguments.get('task_id')}\b", shown.get(number, "")):
            return False
    return True


def _listed_to_add(said: str, intent: Intent) -> bool:
    """A list of things to add, a line each: bullets, under "add these:" or "todo:" if headed; every line an add."""
    lines = normalize(said).split("\n")
    head, body = (lines[0], lines[1:]) if lines[0].rstrip().endswith(":") and not phrases.BULLET.match(lines[0]) else ("", lines)
    if intent.kind != "add" or len(intent.items or []) != len(body) or len(body) < 2:
        return False
    if head:
        # The heading only asks to add ("can you add these:"); "done today:" or "bought:" over a list is news, not an add.
        added = phrases.ADD.match(phrases.without_polite(head).strip())
        rest = head[added.end() :] if added and added.end() else None
        if rest is None or not re.fullmatch(
            r"\s*(?:these|the\s+following|this|(?:\d+|a\s+few|some)\s+(?:things|tasks|items))?\s*:?\s*", rest, re.IGNORECASE
        ):
            return False
    bullets = all(phrases.BULLET.match(line) for line in body)
    adds = not head and all(asks_to_add(line) for line in body)
    items = [phrases.BULLET.sub("", line).strip() for line in body]
    return (bullets or adds) and not any(phrases.COMMAND.match(item) and not asks_to_add(item) for item in items)


def _last_turn(messages: list[dict[str, Any]]) -> list[ToolOutcome]:
    """The tool outcomes of the turn before the last user message."""
    users = [i for i, m in enumerate(messages) if m.get("role") == "user"]
    return planner.outcomes(messages[users[-2] + 1 : users[-1]]) if len(users) >= 2 else []


def _last_reply(messages: list[dict[str, Any]]) -> str:
    """What the assistant said in the turn before the last user message."""
    users = [i for i, m in enumerate(messages) if m.get("role") == "user"]
    turn = messages[users[-2] + 1 : users[-1]] if len(users) > 1 else []
    said = [m.get("content") for m in turn if m.get("role") == "assistant" and m.get("content")]
    return said[-1] if said and isinstance(said[-1], str) else ""
