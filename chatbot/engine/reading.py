"""The offline engine's first stages: normalise a message, mend misspelt command words, split it into items."""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import OSA

from chatbot.engine.lexicon import COMMAND_WORDS, DONE_WORDS, ITEM_VERBS, KNOWN_WORDS, QUESTION_WORDS, TASK_NOUNS

# "add 3 tasks:", "two things:", "these:", "groceries for the week:": a lead-in naming what follows.
_COUNT_LEAD_IN = re.compile(
    r"^(?:remember\s+)?(?:(?:these|the)\s+(?=\d|two|three|four|five|six|seven|eight|nine|ten))?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|(?:a\s+)?few|(?:a\s+)?couple(?:\s+of)?|some|these|the\s+following)"
    r"(?:\s+(?:more\s+|quick\s+|small\s+|little\s+|new\s+|other\s+|short\s+)*(?:tasks?|things?|items?|todos?|to-dos?|jobs?|ones))?(?:\s+for\s+me)?\s*:\s*(?!\d)",  # "1:1 with Priya" is a title
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^[^:,;\n]{1,40}(?<!\d):(?!\d)\s*")
# Words before the command word that are not it: "pls", "ok", "yeah", "hey".
_LEAD_WORDS = re.compile(
    r"^(?:(?:pls|plz|please|ok|okay|yeah|yes|yep|hey|hi|so|and|also|oh|um|hmm|actually|now|can\s+(?:you|u)|could\s+(?:you|u)|let\s+me)[\s,!.]+)+",
    re.IGNORECASE,
)
# A part of a list that is only a sound or a courtesy ("..., ugh", "..., thanks"): no thing to do.
_INTERJECTION_WORD = (
    r"(?:ugh+|argh+|sigh|lol|haha+|hmm+|meh|ok(?:ay)?|yeah|yep|yup|yes|sure|alright|all\s+right|right|fine|cool|great|perfect|"
    r"go\s+on|sounds\s+good|no\s+problem|then|pls|please|plz|thanks?|thank\s+you|ta|cheers|thx|ty|oops|whoops|sorry|my\s+bad|oh|ah|um+|uh+|er+m?|"
    r"phew|yay|damn|dang|god|omg|lmao|mate|y'?all|guys|buddy|bro|dude|pal|thanks\s+a\s+(?:bunch|lot|million)|cheers\s+mate|quick|real\s+quick|"
    r"(?:y'?all|mate)\??\s+thanks(?:\s+a\s+(?:bunch|lot))?)[!.?]*"
)
# Words that say nothing to do, alone or a few together: "ugh", "ok yeah", "alright then".
INTERJECTION = re.compile(rf"{_INTERJECTION_WORD}(?:[\s,]+{_INTERJECTION_WORD}){{0,3}}", re.IGNORECASE)
# "I've got two errands, X and Y": how many there are, said before them, is none of them.
_COUNT_SAID = re.compile(
    r"(?:i'?ve\s+got|i\s+have(?:\s+got)?|got|there'?s|there\s+are|here\s+are)\s+(?:two|three|four|five|\d+|a\s+few|a\s+couple(?:\s+of)?|some)"
    r"\s+\w+",
    re.IGNORECASE,
)
_ALSO = re.compile(r"^(?:and\s+)?(?:also|then|plus)\s+|^and\s+", re.IGNORECASE)


# Slips of short words that are never words of their own.
_SLIPS = {"teh": "the", "adn": "and", "taht": "that", "thier": "their", "tomorow": "tomorrow", "tommorow": "tomorrow",
          "tommorrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
          "wk": "week", "priorty": "priority", "prioity": "priority", "prority": "priority", "priortiy": "priority",
          "prio": "priority", "hgih": "high", "urgnet": "urgent", "w/": "with", "w/o": "without", "cna": "can",
          "plese": "please", "pleae": "please", "plse": "please", "yuo": "you", "coud": "could", "cuold": "could",
          "woudl": "would", "shoudl": "should", "wat": "what", "wot": "what", "wats": "what's", "wots": "what's",
          "wut": "what", "whatz": "what's", "hav": "have", "arvo": "afternoon", "2day": "today", "2nite": "tonight",
          "tonite": "tonight", "2nyt": "tonight", "what've": "what have", "whatve": "what have", "nvm": "never mind",
          # said into a phone ("to morrow"), and polite words of Filipino and Nigerian English ("pa-add naman", "abeg")
          "to morrow": "tomorrow", "to-morrow": "tomorrow", "to nite": "tonight", "pa-add": "please add", "abeg": "please",
          "naman": "please", "tmrow": "tomorrow", "tmro": "tomorrow", "tomoro": "tomorrow", "tmoro": "tomorrow", "evry": "every",
          "evey": "every", "eveyr": "every", "b4": "before", "dun": "done", "lemme": "let me", "smth": "something",
          "sth": "something", "lft": "left", "cn": "can"}  # fmt: skip
# "with the name 'X'", "named as X": a title given, said as "called" is.
# (only after the word for a task: "the order is under the name Okafor" is a note, said as written)
_CALLED = re.compile(
    r"(?:(?<=\btask\s)|(?<=\btodo\s)|(?<=\bitem\s)|(?<=\bone\s))(?:with|by|under)\s+the\s+(?:name|title)(?:\s+of)?\b|\b(?:named|called|titled)\s+as\b",
    re.IGNORECASE,
)


def _said_as_called(line: str) -> str:
    lowered = line.lower()
    return _CALLED.sub("called", line) if " the name" in lowered or " the title" in lowered or " as " in lowered else line


_SLIP = re.compile(r"(?<![\w/])(" + "|".join(map(re.escape, _SLIPS)) + r")(?![\w/])", re.IGNORECASE)


_TICKED = re.compile(
    r"(?<![\w'-])(?!(?:done|finished|complete|completed|paid|sorted)\b)([A-Za-z][\w'-]*)\s*[\u2714\u2713\u2611\u2705](?:\ufe0f)?(?!\s*done)"
)


_DONE_WORD = re.compile(r"\b(?:done|finished|completed|complete)\b", re.IGNORECASE)


_EMOJI_THEN_ORDER = re.compile(
    r"(?<=\w)\s*[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+\s+(?=(?:(?:could|can|would|will)\s+(?:you|u)\b|(?:please\s+|pls\s+)?(?:cancel|delete|remove|add|mark|tick|"
    r"move|change|put|push|set|make|rename|complete|finish|show|list|scrap|drop|bin|ditch|nix|kill|trash|erase|tick|cross)\b))",
    re.IGNORECASE,
)
_EMOJI_BETWEEN = re.compile(r"(?<=\w)\s+[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+\s+(?=\w)")
_ASCII_SYMBOLS = str.maketrans("", "", "".join(chr(c) for c in range(128) if unicodedata.category(chr(c)) in ("So", "Sk")))


def _ticked(line: str) -> str:
    """ "groceries ✓" as "groceries done"; a whole line ticked at its end ("bins are out ✔️") as "bins are out - done"."""
    if _DONE_WORD.search(line):
        return line
    if (end := _TICK_AT_END.search(line)) and " " in line[: end.start()].strip():
        return line[: end.start()].rstrip() + " - done"
    line = _TICK_AFTER_DONE.sub(".", line)  # "gate's fixed ✅ tick it off": said done, then the order
    return _TICKED.sub(lambda found: found.group(1) + " done", line)


_TICK_AFTER_DONE = re.compile(r"(?<=\w(?:ed|ne|id|ot|nt))\s*[\u2714\u2713\u2611\u2705](?:\ufe0f)?(?=\s+\w)")
_TICK_AT_END = re.compile(r"\s*[\u2714\u2713\u2611\u2705](?:\ufe0f)?\s*$")


@functools.lru_cache(maxsize=512)
def normalize(message: str) -> str:
    """The message without symbols and emoji (✔, 👍), its spaces collapsed line by line, common slips mended."""
    # A tick after words says they are done ("groceries ✓"); then emoji go, with the joiners and variation selectors.
    message = "\n".join(_ticked(line) for line in message.split("\n"))
    # An emoji between what was said and an order ends a sentence: "guess the picnic's off 🙁 cancel the picnic task".
    message = _EMOJI_THEN_ORDER.sub(". ", message) if not message.isascii() else message
    if not message.isascii() and len(_EMOJI_BETWEEN.findall(message)) > 1:
        message = _EMOJI_BETWEEN.sub(", ", message)  # "🛒 buy eggs 🧹 mop the kitchen 📞 call the landlord": a list
    if message.isascii():
        kept = message.translate(_ASCII_SYMBOLS)  # the only symbols of those classes in ASCII: most messages, read at once
    else:
        kept = "".join(
            ch for ch in message if unicodedata.category(ch) not in ("So", "Sk", "Cs", "Co") and ch not in "\u200d\ufe0e\ufe0f"
        )
    lines = (
        re.sub(r"[ \t\u00a0]+", " ", line).strip()
        for line in re.sub(r"\s+[\u2013\u2014]\s+", " - ", kept).replace("\r", "").split("\n")
    )
    lines = (line for line in (_SLIP.sub(lambda found: _SLIPS[found.group(1).lower()], line) for line in lines))
    lines = (_said_as_called(line) for line in lines)
    return _mend_plan_words(_mend_weekdays("\n".join(line for line in lines if line)))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words that end like a weekday and are words of their own.
_DAYLIKE_WORDS = frozenset({"today", "midday", "someday", "everyday", "holiday", "birthday", "weekday", "payday", "doomsday",
                            "heyday", "mayday", "yesterday", "workday", "sundae", "monday", "tuesday", "wednesday",
                            "thursday", "friday", "saturday", "sunday", "mondays", "fridays", "sundays", "saturdays"})  # fmt: skip
_DAYLIKE = re.compile(r"\b[a-z]{2,}(?:day|dy|dey|di)\b", re.IGNORECASE)


# The words of plans and list questions, which a slip of one letter should not hide: "hihg priority", "whats overdeu".
_PLAN_WORDS = ("high", "urgent", "priority", "important", "tomorrow", "today", "tonight", "overdue", "pending", "completed",
               "daily", "weekly", "monthly", "yearly", "done")  # fmt: skip
_BY_INITIAL = {initial: tuple(w for w in _PLAN_WORDS if w[0] == initial) for initial in {w[0] for w in _PLAN_WORDS}}
# Words of their own one slip from those.
_NEAR_PLAN_WORDS = frozenset({"competed", "dally", "toady", "hugh", "thigh", "weakly", "mighty", "highs", "dome", "dune", "dine",
                               "dong", "dose", "dote", "doge", "dove", "dane", "dona", "node", "doze"})  # fmt: skip
# Words of the engine's own vocabulary, which are never slips: "complete" is not "completed".
_OWN_WORDS = (
    COMMAND_WORDS | DONE_WORDS | ITEM_VERBS | frozenset({"complete", "importance", "highly", "urgency", "daisy", "dairy"})
)
_WORD = re.compile(r"\b[hupitodwmycHUPITODWMYC][a-zA-Z]{3,9}\b")  # the initials of the plan words


def _mend_plan_words(text: str) -> str:
    """A plan word misspelt by one letter put right."""
    return _WORD.sub(_plan_word_meant, text)


def _plan_word_meant(found: re.Match[str]) -> str:
    word = found.group(0)
    lowered = word.lower()
    choices = _BY_INITIAL.get(lowered[0])
    if not choices or lowered in _PLAN_WORDS or lowered in _NEAR_PLAN_WORDS or lowered in KNOWN_WORDS or lowered in _OWN_WORDS:
        return word
    # one slip, or two in "tomorrow" ("tomoroww")
    near = [
        w
        for w in choices
        if OSA.distance(lowered, w, score_cutoff=2) <= (2 if w == "tomorrow" else 1)
        and (len(w) > 4 or sorted(w) == sorted(lowered))
    ]
    return near[0] if len(near) == 1 else word


def _mend_weekdays(text: str) -> str:
    """A weekday's name misspelt ("saterday", "wensday", "tuesdy") put right, so it reads as a date."""
    return _DAYLIKE.sub(_weekday_meant, text) if _DAYLIKE.search(text) else text


def _weekday_meant(found: re.Match[str]) -> str:
    word = found.group(0)
    lowered = word.lower()
    if lowered in _DAYLIKE_WORDS:
        return word
    near = [day for day in _WEEKDAYS if day[0] == lowered[0] and OSA.distance(lowered, day, score_cutoff=2) <= 2]
    return near[0] if len(near) == 1 else word


@functools.lru_cache(maxsize=1024)  # one message's clauses are mended by several readers
def mend_commands(text: str) -> str:
    """`text` with a misspelt command word put right: its first word, the noun of "add a tsak", a final "doen".

    Only those places: a title ("fix the remvoe button") is never touched.
    """
    lead = _LEAD_WORDS.match(text)
    if lead and lead.end() < len(text) and not text[lead.end()].isupper():  # "pls delet the ..." ("actually Lisa ..." is a name)
        return text[: lead.end()] + mend_commands(text[lead.end() :])
    words = text.split(" ")
    if not words:
        return text
    words[0] = _closest(words[0], COMMAND_WORDS) or words[0]
    if len(words) > 2 and words[0].lower() in _SUBJECTS:  # "i finsihed the laundary": the done word after "I"
        words[1] = _closest(words[1], DONE_WORDS) or words[1]
    if question := re.fullmatch(r"([a-z]+)('s)?", words[0], re.IGNORECASE):  # "waht's on my list"
        words[0] = (_closest(question.group(1), QUESTION_WORDS) or question.group(1)) + (question.group(2) or "")
    if words[0].lower() in ("add", "create", "new") and len(words) > 2 and words[1].lower() in ("a", "an", "new", "another"):
        noun, mark = re.match(r"^(.*?)([:,]?)$", words[2]).groups()  # "add a taks: ..."
        words[2] = (_closest(noun, TASK_NOUNS) or noun) + mark
    if len(words) > 2 and (words[0].lower() == "mark" or words[-2].lower() in ("is", "are", "as")):
        words[-1] = _closest(words[-1], DONE_WORDS) or words[-1]  # "mark it as dnoe"
    elif 1 < len(words) <= 4 and (done := _closest(words[-1], DONE_WORDS)) and sorted(done) == sorted(words[-1].lower()):
        words[-1] = done  # "dentist dnoe": two letters swapped only ("nix the drone" is a drone)
    for i in range(1, len(words)):  # "show me my taks": what is "my" list
        said = words[i].rstrip("?!.,").lower()
        if words[i - 1].lower() == "my" and (noun := _closest(said, _LIST_NOUNS)) and not noun.startswith(said):
            words[i] = noun + words[i][len(words[i].rstrip("?!.,")) :]
    return " ".join(words)


_SUBJECTS = frozenset({"i", "i've", "ive", "just", "already"})
_LIST_NOUNS = frozenset({"tasks", "todos", "list", "reminders"})


def _closest(word: str, vocabulary: frozenset[str]) -> str | None:
    """The one vocabulary word `word` is a slip of (one edit, or a swap of neighbours), if it is not a word itself."""
    lowered = word.lower()
    if lowered in vocabulary or lowered in KNOWN_WORDS or not lowered.isalpha():
        return None
    if lowered.endswith("s") and (lowered[:-1] in vocabulary or lowered[:-2] in vocabulary):
        return None  # "lists", "marks", "finishes": words of their own
    if len(lowered) < 4 and lowered not in (
        "ad",
        "tsk",
        "tsak",
        "mrk",
        "dlt",
        "del",
        "don",
        "dne",
        "sho",
        "shw",
        "mve",
        "mov",
        "rmv",
    ):
        return None
    near = process.extract(lowered, vocabulary, scorer=OSA.distance, score_cutoff=1, limit=2)
    return near[0][0] if len(near) == 1 else None


def strip_lead_in(text: str) -> str:
    """`text` without a count or a heading before a colon ("3 tasks: ...", "groceries for the week: ...")."""
    return _COUNT_LEAD_IN.sub("", text, count=1)


def split_items(text: str, *, lead_in: bool = False) -> list[str]:
    """The separate things one line lists, split by semicolons, commas and "and".

    "Buy salt and pepper" stays one thing; "buy milk and call mom" is two, each starting with a verb.
    With `lead_in`, a heading before a colon ("groceries for the week: ...") is dropped. Lines and
    bullets are joined into one line by semicolons before this (`understand._one_line`).
    """
    text = strip_lead_in(text).strip()
    if lead_in:
        text = _LEAD_IN.sub("", text, count=1)
    quoted = re.findall(r"['\"\u201c\u2018]([^'\"\u201c\u201d\u2018\u2019]+)['\"\u201d\u2019]", text)
    if len(quoted) > 1 and not re.sub(
        r"['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]+['\"\u201d\u2019]|,|&|\band\b|\s", "", text
    ):
        return quoted  # "'call grandma' and 'buy flowers'": each quoted thing is one
    if re.fullmatch(r"\s*(['\"\u201c\u2018])[^'\"\u201c\u201d\u2018\u2019]*(['\"\u201d\u2019])\s*", text):
        return [text]  # a quoted title is one thing, commas and all
    if ";" in text:
        parts = text.split(";")
    elif "," in text:
        parts = text.split(",")
        # "milk, eggs and bread": the last "and" joins the last two.
        parts[-1:] = re.split(r"\s+(?:and|&)\s+", parts[-1].strip(), maxsplit=1, flags=re.IGNORECASE)
    else:
        # "buy a card and also wrap the present": "and also" always starts another thing.
        # ("... and add call the health visitor": another thing asked for, the same way)
        parts = [
            pair
            for part in re.split(r"\s+(?:and|&)\s+(?:also|then|add|also\s+add)\s+", text, flags=re.IGNORECASE)
            for pair in _verb_pairs(part)
        ]
    items: list[str] = []
    for part in (_ALSO.sub("", part.strip(" .")).strip() for part in parts):
        if items and (moved := _MOVE_IT.match(part)):
            # "milk, move it to friday": when the thing before is, not a thing of its own
            items[-1] += f" {moved.group(1)}" if moved.group(1) else ""
        else:
            items.append(part)
    return [item for item in items if item and not INTERJECTION.fullmatch(item) and not _COUNT_SAID.fullmatch(item)]


# An order about the thing just named, not a thing of its own: "(please) move it", "change that".
MOVE_IT = r"(?:(?:please|pls)\s+)?(?:move|change|push|put|make|set|switch)\s+(?:it|that|this)"
_MOVE_IT = re.compile(rf"{MOVE_IT}(?:\s+((?:to|for|till|until|on|at)\s+.+))?$", re.IGNORECASE)


_VERB_AND_OBJECT = re.compile(r"[a-z]+\s+(?:the|my|a|an|our|his|her|their|some|up|out|off|in)\s+\w", re.IGNORECASE)


def _verb_pairs(text: str) -> list[str]:
    """Split at "and" only where both sides start with a verb ("buy milk and call mom")."""
    sides = re.split(r"\s+(?:and|&)\s+", text, flags=re.IGNORECASE)
    if len(sides) > 1 and all(side.split(" ")[0].lower() in ITEM_VERBS for side in sides if side):
        return sides
    # "grease the fifth wheel and check the tail lift": after a first thing, one that starts with a verb and its object
    if (
        len(sides) == 2
        and len(sides[0].split()) >= 3
        and sides[1].split(" ")[0].lower() in ITEM_VERBS
        and _VERB_AND_OBJECT.match(sides[1])
    ):
        return sides
    return [text]
