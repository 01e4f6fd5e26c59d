"""The hold stage: what a message says that forbids the change it seems to ask for.

Negation, condition and timing are read here, once, over the whole message, never inside the phrasing
rules: "the phone bill still isn't paid" names the phone bill and a done-word, but says it is not done;
"if it rains, cancel the picnic" asks for nothing yet; "delete the gym task tomorrow" asks for something
later. Any of these stops the write and the engine says why, changing nothing: a question costs a person
a few words, a wrong write costs them their list.

Each guard is a row: the kinds of change it holds, its pattern, what the engine says, and the examples
it must and must not hold (tests/test_guards.py runs them). Words that carry a negation as part of the
request itself ("I no longer need X", "mark X as not done", "it doesn't repeat anymore") are read as
such by the phrasing rules and listed in `OWNED` so that no guard holds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from chatbot.engine.lexicon import rx

# The kinds of change, as the reading names them.
WRITES = frozenset({"add", "complete", "delete", "reopen", "update", "bulk", "correct", "again"})


# Negations that are the request itself: a reason to delete, a plan cleared, a polite lead-in, an interjection.
OWNED = rx(
    r"\b(?:not\s+needed|never\s*mind|nevermind|no\s+worries|no\s+problem|no\s+rush|no\s+hurry|"
    r"(?:won'?t|will\s+not|isn'?t\s+going\s+to|is\s+not\s+going\s+to|not\s+(?:gonna|going\s+to))\s+happen|not\s+happening|"
    r"not\s+(?:doing|bothering|bothered|interested|relevant|necessary)|no\s+need\s+(?:for\s+it|to\s+keep)|"
    r"didn'?t\s+mean\s+to|did\s+not\s+mean\s+to|(?:i'?m|i\s+am|we'?re)\s+not\s+(?:gonna|going\s+to)\s+(?!delete|remove|mark|do\b|finish)|"
    r"if\s+(?:it'?s|it\s+is)\s+not\s+too\s+much\s+trouble|if\s+you\s+don'?t\s+mind|don'?t\s+(?:let\s+me\s+)?forget|"
    r"don'?t\s+want\s+(?:it|that|this)|not\s+worth\s+it|don'?t\s+need\s+(?:it|that|this)(?:\s+any\s*more)?|"
    r"(?:it'?ll|it\s+will)\s+happen\s+when\s+it\s+happens|before\s+i\s+forget(?:\s+i\s+did\s+it)?|stop\s+(?:it|that|this|them)\s+(?:from\s+)?repeating|(?:don'?t|doesn'?t)\s+need\s+(?:a|the)\s+(?:weekly|daily|monthly)?\s*reminder)\b"
    r"|(?:^|[\s,])(?:no|nope|nah)(?:\s*[,!.]|\s+(?:wait|sorry|actually|i\s+meant))"
)
# "I don't need X anymore", "X is no longer needed": the negation says why X goes.
_GONE = rx(
    r"\b(?:any\s*more|no\s+longer|(?:not|no)\s+need(?:ed)?\s+(?:any\s*)?more)\b|"
    r"[,;]\s*(?:i\s+)?(?:don'?t|do\s+not)\s+need\s+(?:it|them|that|this|those)(?:\s+(?:now|either))?[\s.!]*$"
)
# Words of deleting, in one clause with a negation: "the dentist one isn't cancelled".
_GOING = (
    r"\b(?:delet\w*|remov\w*|eras\w*|cancel\w*|scrap\w*|drop\w*|bin\b|binned|get\s+rid|got\s+rid|gone|take\s+\w+\s+off|"
    r"off\s+(?:my|the)\s+list|ditch\w*|trash\w*)"
)
# What says a thing is done, in a sentence of its own.
_SAYS_DONE = rx(r"\b(?:done|finished|completed|complete|tick|ticked|cross|crossed|mark|sorted|booked|paid|bought|submitted)\b")
# A negation anywhere: said of a thing, it is not done.
_NEGATION = (
    r"\b(?:not|never|nor|no|none|nothing)\b(?!-)|\w+n't\b|\b(?:dont|didnt|doesnt|havent|hasnt|isnt|arent|wasnt|werent|cant|wont|"
    r"couldnt|shouldnt|wouldnt|aint)\b"
)
# Said of a thing: not done yet, or only partly.
_UNFINISHED = (
    r"\b(?:yet|almost|nearly|half|halfway|partly|partially|mostly|started|starting|begun|in\s+progress|about\s+to|"
    r"still\s+(?:working|doing|need|needs|have|has|got|on|going|to)|working\s+on|gonna|going\s+to|will|shall)\b|'ll\b"
)
# An order given in the negative: "don't mark it done", "no need to add that", "stop deleting things".
_NEGATED_ORDER = (
    r"(?:^|[,.;:!?]\s*|\b(?:please|pls|but|and|so|just|oh|actually)\s+)"
    r"(?:don'?t|dont|do\s+not|never|no\s+need\s+to|there'?s\s+no\s+need\s+to|you\s+(?:don'?t|do\s+not)\s+(?:need|have)\s+to|"
    r"stop)\s+(?!need\s+(?:it|them|that|this|those)\b)(?:\w+\s+){0,2}?"  # "..., don't need them": why it goes
    r"(?:add|put|create|make|mark|tick|check|cross|complete|finish|close|delete|remove|erase|clear|drop|cancel|scrap|bin|"
    r"ditch|trash|reopen|uncheck|untick|unmark|change|rename|move|update|edit|set|tag|push|shift|it|that|this|them)\b"
)
# A condition: "if it rains", "unless I go", "once it's dry", "when I get home", "after I've called".
_CONDITION = (
    r"\b(?:if|unless|in\s+case|as\s+soon\s+as|provided|assuming)\b"
    r"|\b(?:once|when|whenever)\s+(?:i|i'?ve|i'?m|we|we'?ve|you|he|she|they|it|it'?s|the|my|our)\b"
    r"|\b(?:after|before|until|till)\s+(?:i|i'?ve|i'?m|we|we'?ve|you|he|she|they|it|it'?s)\b"
)
# Polite conditions, which ask nothing of the world: "if you can", "when you get a chance".
_POLITE_CONDITION = rx(
    r"\b(?:if|when)\s+(?:you\s+(?:can|could|would|will|get\s+a\s+(?:chance|sec|second|minute|moment)|have\s+a\s+(?:sec|second|minute|"
    r"moment)|don'?t\s+mind|please|like|want|wish)|possible|that'?s\s+(?:ok|okay|alright|fine|possible)|it'?s\s+(?:ok|okay|"
    r"alright|fine|possible)|poss)\b"
)
# A time still to come, said with a destructive order: "delete it tomorrow", "mark it done next week".
_LATER = (
    r"\b(?:tomorrow|tmrw|tmr|tonight|later|this\s+(?:evening|afternoon|weekend)|next\s+\w+|in\s+(?:a|an|\d+|a\s+few|a\s+couple\s+of|"
    r"two|three)\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|at\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?|at\s+(?:noon|midnight)|end\s+of\s+(?:the\s+)?"
    r"(?:day|week|month))\b"
)
# "I collected my prescription this afternoon": a time said of what was done, which is past.
_DONE_EARLIER = (
    r"^(?:(?:ok|so|well|yes|yeah|good\s+news)[\s,!]+)?(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|already\s+|finally\s+)?"
    r"(?:[a-z]{2,}ed|went|got|did|paid|took|made|sent|bought|brought|caught|ran|rang|wrote|drove|gave|met|saw)\b"
    r"(?![^.!?]*\b(?:tomorrow|tmrw|next|later|in\s+(?:a|an|\d+))\b)"
)
# "should I delete it?", "do I need to finish X?": a question about a change, not an order for it.
_ASKS_WHETHER = r"^\s*(?:should|shall|do|does|did|must|have|has)\s+(?:i|we)\b"


@dataclass(frozen=True)
class Guard:
    """One reason not to write: the kinds of change it holds, when, what the engine says, and its examples."""

    name: str
    holds: frozenset[str]
    pattern: re.Pattern[str]
    reply: str
    examples: tuple[str, ...]
    not_examples: tuple[str, ...] = ()
    # Words that make the guard's pattern part of the request ("I don't need X anymore" asks to delete X).
    unless: re.Pattern[str] | None = None

    # Read sentence by sentence: a sentence that says a thing is done, with no negation in it, is not held by
    # another sentence's "still need to ..." ("I bought the lentils, so that task is done. Still need dessert.").
    per_sentence: bool = False

    def fires(self, prepared: str) -> bool:
        """Whether this guard holds a message, as `prepared` left it."""
        if self.unless and self.unless.search(prepared):
            return False
        if self.per_sentence:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+|\s*;\s*", prepared) if s.strip()]
            said_done = [s for s in sentences if _SAYS_DONE.search(s)]
            if said_done and len(sentences) > 1:
                return any(self.pattern.search(sentence) for sentence in said_done)
        return self.pattern.search(prepared) is not None


GUARDS: tuple[Guard, ...] = (
    Guard(
        "negated order",
        WRITES,
        rx(_NEGATED_ORDER),
        "OK, I'll leave that as it is. Nothing has changed.",
        examples=(
            "don't mark the laundry done, I'm still folding it",
            "please don't delete the gym one",
            "no need to add milk",
            "do not remove task 4",
        ),
        not_examples=("don't let me forget to call grandma", "don't forget to buy candles", "I don't need to buy milk anymore"),
    ),
    Guard(
        "taken back",
        WRITES,
        # The take-back follows an order in the same message: "scratch that" alone takes back the last turn (undo).
        rx(
            r"\b(?:add|remind|put|create|delete|remove|mark|tick|move|rename|change|set|new|note|jot)\b.*?(?:\.\.\.|[,.;!])\s*"
            r"(?:actually\s+)?(?:no\s*,?\s*)?(?:forget\s+(?:it|that|about\s+it)|scratch\s+that|don'?t\s+bother)\b"
        ),
        "OK, I'll leave that. Nothing has changed.",
        examples=("remind me to call Tom... actually no, forget it, I'll just text him", "add milk, scratch that"),
        not_examples=(
            "forget the fence, delete it",
            "wait no, scrap that, I didn't mean to add it",
            "never mind, remove it",
            "wait, scratch that",
        ),
    ),
    Guard(
        "condition",
        frozenset({"complete", "delete", "reopen", "update", "bulk", "again"}),
        rx(_CONDITION),
        "That depends on something that hasn't happened yet, so I haven't changed anything. Tell me once it has.",
        examples=(
            "if it rains tomorrow, cancel the picnic",
            "delete the gym task unless I actually go tomorrow",
            "mark the laundry done once it's dry",
            "when I get home, delete the grocery list task",
            "if I finish the slides tonight, mark them done",
        ),
        not_examples=(
            "could you remove the stamps task if you get a chance",
            "if it's not too much trouble could you remove the stamps task please",
            "delete the dentist task",
        ),
    ),
    Guard(
        "not done",
        frozenset({"complete", "again"}),
        rx(f"{_NEGATION}|{_UNFINISHED}"),
        "It sounds like that isn't done yet, so I haven't marked anything done.",
        per_sentence=True,
        examples=(
            "the phone bill still isn't paid",
            "I haven't called mom yet",
            "I did not call mom",
            "the report is almost done",
            "I'll finish the essay later",
        ),
        not_examples=("the report is done", "finished the report", "never mind, I finished the report"),
    ),
    Guard(
        "kept",
        frozenset({"delete", "bulk"}),
        # The gap is bounded: searched at every negation, an open-ended one is quadratic in the message.
        rx(rf"(?:{_NEGATION})[^,;.!?]{{0,80}}?{_GOING}|{_GOING}[^,;.!?]{{0,80}}?(?:{_NEGATION})"),
        "It sounds like you may still want that, so I haven't deleted anything.",
        unless=_GONE,
        examples=("the dentist one isn't cancelled", "I don't think it should be deleted", "never delete the gym task"),
        not_examples=(
            "I don't need to buy milk anymore",
            "i no longer need to walk the dog",
            "visit aunt may won't happen, remove it",
            "remove learn spanish, not gonna happen",
            "wait no, scrap that, I didn't mean to add it",
            "please erase the task visit aunt maria, she is not home this week",
        ),
    ),
    Guard(
        "later",
        frozenset({"complete", "delete", "bulk"}),
        rx(rf"(?:{_LATER})\s*(?:[,.;!?]|$)"),
        "I can't do that later on my own, so I haven't changed anything. Ask me then, or say it again without the time to do it now.",
        examples=("delete the dentist task tomorrow", "mark the report done next week", "remove the gym one on friday"),
        not_examples=(
            "delete the dentist task",
            "I paid the rent this morning",
            "tom cancelled so we're not doing dinner on friday anymore, take it off the list",
            "I collected my prescription from the chemist this afternoon",
        ),
        unless=rx(rf"{_GONE.pattern}|{_DONE_EARLIER}"),
    ),
    Guard(
        "musing",
        WRITES,
        # "not adding this, just thinking out loud: maybe I should learn french"
        rx(
            r"\b(?:(?:i'?m\s+)?not\s+(?:adding|asking\s+you\s+to)|just\s+thinking(?:\s+out\s+loud|\s+aloud)?|thinking\s+(?:out\s+loud|aloud))\b"
        ),
        "OK, just thinking aloud: I haven't changed anything. Tell me when you want something added.",
        examples=(
            "not adding this, just thinking out loud: maybe I should learn french",
            "just thinking aloud, maybe paint the hall",
        ),
        not_examples=("add think about the holiday", "I'm adding milk to the list"),
    ),
    Guard(
        "unsure",
        frozenset({"complete", "delete", "reopen", "bulk"}),
        # "I already paid the rent? I don't remember": said as a question, or not sure it happened
        rx(
            r"^(?:(?:i|we)\s+(?:already\s+|just\s+)?(?:[a-z]+ed|did|paid|sent|went|got|made|took|bought)\b[^.!?,;]{0,120}\?)|"
            r"\b(?:i\s+(?:don'?t|do\s+not|can'?t|cannot)\s+(?:remember|recall)|not\s+sure\s+(?:if|whether)|i\s+(?:think|guess)\s+i\s+(?:already\s+)?"
            r"(?:[a-z]+ed|did|paid|sent|went|got|made|took|bought)|maybe\s+i\s+(?:already\s+)?(?:[a-z]+ed|did|paid|sent))\b"
        ),
        "I'm not sure it's done, so I haven't changed anything. Tell me when it is, or which task, and I'll mark it.",
        examples=("I already paid the rent? I don't remember", "not sure if I sent the invoice", "I think I posted the parcel"),
        not_examples=(
            "I paid the rent",
            "I sent the invoice, mark it done",
            "did you get that?",
            "I marked the tax return done by mistake, can you reopen it?",
        ),
    ),
    Guard(
        "question",
        frozenset({"complete", "delete", "reopen", "bulk"}),
        rx(_ASKS_WHETHER),
        "Do you want me to make that change? Say so and I will; I haven't changed anything yet.",
        examples=("should I delete the gym task?", "do I need to finish the report", "did I pay the rent?"),
        not_examples=("delete the gym task", "can you delete the gym task please", "I paid the rent"),
    ),
)


def hold(message: str, kind: str) -> str | None:
    """What to say instead of making a change of `kind` that `message` forbids; None when nothing holds it."""
    return next((guard.reply for guard in _firing(message, kind)), None)


def holding(message: str, kind: str) -> list[str]:
    """The names of every guard that holds a change of `kind` in `message`."""
    return [guard.name for guard in _firing(message, kind)]


def _firing(message: str, kind: str) -> Iterator[Guard]:
    """The guards that hold a change of `kind` in `message`, in order, read lazily."""
    if kind not in WRITES:
        return
    prepared = prepare(message)
    yield from (guard for guard in GUARDS if kind in guard.holds and guard.fires(prepared))


def prepare(message: str) -> str:
    """The message as the guards read it: quotes left out, and the negations that are requests themselves."""
    said = _unquoted(message.replace("\u2019", "'").replace("\u2018", "'"))
    if ":" in said:
        said = _NOTE_BODY.sub(r"\1", said)  # "add a note to it: check if Tom can come": what the note says is no condition
    return _POLITE_CONDITION.sub(" ", OWNED.sub(" ", said))


_NOTE_BODY = re.compile(r"(\b(?:notes?|description|details|desc)\b[^:\n]{0,40}:).*$", re.IGNORECASE | re.DOTALL)


def _unquoted(text: str) -> str:
    """The message without what it quotes: a title may say anything ("add 'don't panic'")."""
    return re.sub(r"(?:^|(?<=\s))['\"\u201c].*?['\"\u201d](?=\s|$|[,.!?;:])", " ", text)
