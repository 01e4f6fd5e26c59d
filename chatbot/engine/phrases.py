"""The phrasings the offline engine recognises: one pattern per way of saying a thing, read by `understand.py`.

To teach the engine a new way of saying something, add to a pattern here (or a word to `vocabulary.py`)
and a case to `tests/eval/`; the order in which they are tried is `understand.CLAUSE_RULES`.
"""

from __future__ import annotations

import functools
import re

from chatbot.engine.lexicon import rx

POLITE = rx(
    r"^(?:(?:please|pls|plz|ok(?:ay)?|so|hey|hi|hello|hiya|and|also|actually|anyway|anyways|oh|oops|hmm+|um+|ugh|nah|nope|lovely|great|right|now|then|"
    r"yo|cool|nice|awesome|perfect|sweet|alright|ah|right\s+then|yeah|yes|yep|yup|sure|hm+|nvm|sorry|for\s+now|wait|"
    r"go\s+ahead\s+and|please\s+do\s+the\s+needful\s+and|do\s+the\s+needful\s+and|"
    r"no(?=\s*[,!.]|\s+(?:wait|sorry|actually|undo|scrap))|oh\s+dear|"
    r"would\s+(?:you|u)\s+(?:be\s+so\s+kind\s+as\s+to|kindly)|is\s+possible\s+to|(?:do|please\s+do)(?=\s+(?:add|delete|remove|mark|tick))|"
    r"(?:i\s+(?:want|wanna|would\s+like|'d\s+like)(?:\s+to)?|you|let\s+me)(?=\s+(?:add|delete|remove|mark|complete|change|rename|move|update|tick|make|set|"
    r"show|list|reopen|finish))|"
    r"(?:good\s+)?(?:morning|afternoon|evening)(?=\s*[,!.])|"
    r"finally|kindly|would\s+(?:you|u)\s+mind|"
    r"on\s+second\s+thoughts?|sorry\s+to\s+(?:bother|trouble)\s+you|but|typo(?:\s+sorry)?|never\s+mind|nevermind|"
    # "can you at least add ...", "please to add: ...": words before the order that change nothing of it
    r"(?:just|at\s+least|maybe|perhaps|quickly|possibly|simply|to)(?=\s+(?:delete|remove|add|mark|tick|complete|rename|change|undo|move|push|put|get|erase|trash|scrap|drop|bin|"
    r"ditch|nix|axe|nuke|kill|cancel|cross|check)\b)|"
    r"if\s+(?:it'?s|it\s+is)\s+not\s+too\s+much\s+trouble|you\s+(?:can|may|could)|feel\s+free\s+to|(?:could|can|would|will)\s+(?:you|u)(?:\s+please)?|"
    r"is\s+it\s+possible\s+to|(?:i'?d|i\s+would)\s+like\s+(?:you\s+)?to)[\s,!.]+)+"
)
POLITE_END = rx(
    r"(?:(?:[\s,]+(?:please|pls|thanks|thank\s+you|thx|tysm|cheers|lol|haha|for\s+me|too|as\s+well|finally|at\s+last|yay|phew|fr|tbh|"
    r"sharp\s+sharp|abeg)|"
    r"\s*,\s*(?:ta|ty))"
    r"(?:\s+(?:so\s+much|a\s+lot|again|in\s+advance))?\s*[.!?]*)+$"
)
# Polite endings are short: only the message's tail is searched, so a long run of ", , ," costs no more than a short one.
_POLITE_TAIL = 160


@functools.lru_cache(maxsize=1024)
def without_polite(text: str) -> str:
    """`text` without its polite words ("please", "could you"): the rules ask it of one clause many times."""
    return POLITE.sub("", text)


@functools.lru_cache(maxsize=1024)
def without_polite_end(text: str) -> str:
    """`text` without its polite ending ("..., thanks so much!")."""
    head, tail = text[:-_POLITE_TAIL], text[-_POLITE_TAIL:]
    tail = POLITE_END.sub("", tail)
    # "po", said to be polite in Filipino English ("pay the bill on Friday po"); "send the PO" orders a purchase
    if (
        tail[-4:].lower().rstrip(" .!?").endswith("po")
        and (po := _PO_END.search(tail))
        and tail[: po.start()].rsplit(" ", 1)[-1].lower() not in _PO_OWNERS
    ):
        tail = POLITE_END.sub("", tail[: po.start()])
    return head + tail


_PO_END = re.compile(r"[\s,]+po[\s.!?]*$", re.IGNORECASE)
_PO_OWNERS = frozenset({"the", "a", "my", "our", "your", "this", "that", "new"})


HELP = rx(
    r"\b(help|what can you do|what do you do|how does (?:this|it) work|how do i use|what are you|who are you|"
    r"what can i (?:say|ask|do)|what should i say|what (?:would|will) happen if|is it possible to|what'?s the difference between|"
    r"or can i only|can i only (?:add|delete|see|edit)|can (?:i|we|you) share|"
    r"what(?:'s| is| does) (?:the )?(?:difference|priority|a tag|a due date|urgent|recurrence) mean|"
    r"can (?:you|i) (?:only )?(?:add|delete|remove|edit|change|complete|tag|share|sort|search|undo) (?:tasks|things|reminders|them)(?=,| or\b|\?)|"
    r"(?:can|could|do|does|will|would) (?:tasks?|reminders?|the tasks?|my tasks) (?!(?:be\s+)?(?:shown|listed))\w+)\b"
)
SMALLTALK = rx(
    r"^(hi|hello|hey|yo|good (morning|afternoon|evening|night)|thanks|thank you|thx|cheers|bye|goodbye|"
    r"see you|ok|okay|cool|great|nice|awesome|perfect|no|nope|yes|yep|that's all|that is all|nothing)\b"
)
# "hang on", "one sec, let me check my diary": the person pausing the conversation, never a thing to do.
HOLD_ON = rx(
    # ("hang up the coats", "hold on to the receipts": things to do; the pause ends there, or goes on to say why)
    r"^(?:(?:hang|hold)\s+(?:on|up|about|fire)(?=\s*(?:$|[,.!;:\u2013\u2014-]|a\s+(?:sec|second|moment|min|minute)|let\b|i\b))|wait\s+up|bear\s+with\s+me|(?:one|a|just\s+a)\s+(?:sec|second|moment|min|minute|mo)\b|"
    r"(?:give\s+me|gimme)\s+(?:a|one|two|a\s+few)\s+(?:sec|secs|second|seconds|moment|moments|min|mins|minute|minutes)\b|"
    r"let\s+me\s+(?:just\s+)?(?:check|think|see|look|have\s+a\s+look|find|get\s+back|ask|double[-\s]check)\b)",
)
ADD = rx(
    # "I want add ...", "you add ...": said before the verb, by people writing in a second language.
    r"^(?:(?:(?:i\s+)?(?:am\s+|'m\s+)?(?:want|wanna|need|would\s+like|'d\s+like)\s+(?:to\s+)?|you\s+|u\s+|"
    r"i\s+wonder(?:ed)?\s+if\s+(?:you|u)\s+(?:could|would|might)\s+(?:also\s+|please\s+)?)(?=add\b))?"
    r"(?:(?:put|add|pop|stick)\s+(?:it|this|that|these|them|those)\s+(?:on|in|to|onto)\s+(?:the|my)\s+(?:\w+\s+)?list(?:\s+(?:please|pls|for\s+me))?\s*[:\-]|"
    r"(?:add|put|note|jot)\s+(?:it|this|that)(?:\s+down)?\s*:|(?:put|pop|stick|bung|chuck|add)\s+(?:these|those|them|this)\s+(?:on|down|in)\s*[:\-\u2013\u2014]|"
    r"(?:put|add|write|pop)\s+(?:in|on|to|onto)\s+(?:my|the)\s+(?:\w+\s+)?list\s*:?|make\s+sure\s+i\s+(?:don'?t|do\s+not)\s+forget\s+to|"
    r"note\s+to\s+self\s*:|something\s+(?:for|to\s+add\s+to)\s+(?:the|my)\s+list\s*:|(?:(?:put|write|jot|note)\s+down\s+(?:that\s+)?|add\s+that\s+)(?:i|we)\s+(?:(?:have|need|must|ought)\s+to|gotta|got\s+to|'?ve\s+got\s+to|must|should)|"
    r"(?:would\s+you\s+)?mind\s+adding|(?:can|could)\s+(?:you|u)\s+make\s+sure\s+i\s+(?:don'?t|do\s+not)\s+forget\s+to|"
    r"\+\s*(?=\w)|add\s+(?:something|one\s+thing|a\s+thing)\s*[:\-\u2013\u2014]|add\s+(?:these|this|them|the\s+following)(?:\s+(?:\d+|two|three|four|five|six))?(?:\s+(?:tasks|things|items|todos|ones))?(?:\s+(?:pls|please|for\s+me))?\s*:|(?:put|add)\s+(?:one|a)\s+task\s+for\s+me\s*[:\-\u2013\u2014]|(?:add|put|create)\s+(?:one|a|an|another)\s+(?:new\s+)?(?:task|todo|reminder|item)\s*(?:for\s+me\s*)?[:,\-\u2013\u2014]|"
    r"(?:(?:add|and|also)\s+)?(?:another(?:\s+one)?|one\s+more|a\s+second(?:\s+one)?|a\s+third(?:\s+one)?)(?:\s+(?:task|thing|todo|reminder))?\s*:|"
    r"(?:i\s+)?(?:need|want|have|got|must|should)\s+to\s+remember\s+to|(?:i\s+)?(?:gotta|must|should)\s+remember\s+to|remember\s+to|remind\s+me\s+to|i\s+(?:keep|always)\s+forget(?:ting)?\s+to|"
    r"(?:todo|to-do|task|reminder)\s*:|(?:i|we)\s+(?:need|want|have)\s+(?:a|an|another|one\s+more)\s+(?:new\s+)?(?:task|todo|reminder)\s*:|"
    r"(?:i(?:'ve)?\s+)?(?:gotta|got\s+to)|i\s+ought\s+to|"
    r"don'?t\s+let\s+me\s+forget\s+to|do\s+not\s+let\s+me\s+forget\s+to|don'?t\s+forget\s+to|do\s+not\s+forget\s+to|"
    r"note\s*:|note\s+down|jot\s+down|(?:i\s+)?(?:need|want)(?=\s+\S.{0,160}?\s+(?:on|onto|in|added\s+to)\s+(?:my|the)\s+(?:\w+\s+)?list\b)|"
    r"(?:(?:add|put)\s+(?:[2-9]|1[0-9]|two|three|four|five|six|a\s+few|a\s+couple\s+of|some)\s+(?:more\s+)?(?:things|tasks|items|jobs)(?:\s+for\s+me)?\s*(?::|[\u2013\u2014-])\s*(?=\w)|"
    r"(?:new|another)\s+(?:job|thing)(?:\s*,\s*(?=[^:]+:))?|"
    r"put\s+down|write\s+down|set\s+(?:up\s+)?(?=an?\s+reminder)|(?:put|pop|pencil|stick|slot|chuck|throw|bung)\s+in(?=\s+['\"\u201c\u2018]|\s+(?:a|an|another)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:appointment|meeting|call|session|reminder|task|todo|booking|visit|check-?up|lesson|class|event|slot|haircut)s?\b)|make(?=\s+(?:a|an)\s+(?:new\s+)?(?:task|todo|to-do|reminder)\b)|(?:schedule|register|log|enter|record|bung|chuck|whack|stick|pop|throw)(?=\s+['\"\u201c\u2018])|add(?:\s+also|\s+please|\s+pls|\s+plz)?|adding|create|creating|put(?!\s+in\b)|putting|pop|stick|throw|chuck|slap|new)\b(?:\s+(?:another|one\s+more|an|a)\b)?(?:\s+(?:new|recurring|repeating|quick)\b)?(?:\s+(?:task|todo|to-do|item|reminder)(?:s\b(?!\s+for\s+\w)|\b)|\s+one(?=\s*:))?"
    r"(?:\s+for\s+me(?=\s+to\b|\s+(?:a\s+)?(?:task|todo|reminder)\b|\s*[:,.\-\u2013\u2014]|\s+['\"\u201c\u2018]|\s+(?!and\b|and\s|or\b)[a-z]+\s+\S))?(?:\s+(?:a\s+|an\s+)?(?:task|todo|to-do|item|reminder|one(?=\s+(?:to|for)\b))\b)?"
    r"(?:\s+(?:called|named|titled|to|for)\b|\s+:)?|"
    r"i\s+(?:need|have|must|should|gotta|got)\s+to|(?:need|have)\s+to(?=\s+[a-z]+\s)|i\s+must|i\s+should)[\s:,-]*"
)
ADD_TAIL = rx(r"\s+(?:(?:to|on|onto|in)\s+(?:my|the)\s+(?:[\w-]+\s+)?(?:list|tasks|todos)|on\s+there|on\s+it)\s*$")
DESCRIPTION = rx(
    r"\s*(?:,\s*)?(?:(?:with\s+(?:the\s+|a\s+)?(?:description|details|note|notes)(?:\s+(?:saying|that\s+says|reading))?|description|details)\s*[:=]?|"
    # "..., and in the description write 'ask for the quote'"
    r"(?:and\s+)?(?:in|on|into)\s+(?:the\s+)?(?:notes?|description|details)\s*,?\s*(?:put|write|say|add|jot(?:\s+down)?)\s*[:=,-]?|"
    # "... and put a note: ask for matte": the details, asked for after the thing
    r"(?:and\s+)?(?:please\s+)?(?:put|add|leave|write|include|attach)\s+(?:a|the|this)\s+(?:note|description|details|comment)"
    r"(?:\s+(?:on|to|with)\s+(?:it|that|this))?(?:\s+(?:saying|that\s+says))?\s*[:=,-]?|"
    r"(?:[-\u2013\u2014]\s*)?notes?\s*[:=])\s+(.+)$"
)
# "note: they want it by the 20th": the details of what was just said.
NOTE = rx(
    r"^(?:(?:and\s+)?(?:in|on|into|to)\s+(?:the\s+)?(?:notes?|details?|description)\s*,?\s*(?:put|write|say|add|jot)(?:\s+down)?\s*:?"
    r"|(?:notes?|details?|description|desc|fyi|p\.?s\.?)\s*[:=-])\s*(.+)$"
)  # "note: X", "and in the notes put 'X'"
# "- note: X", "with a note saying X", "notes: X": the details said after a title.
NOTE_AFTER = rx(
    r"(?:^|[\s,;])(?:[-\u2013\u2014:]\s*)?(?:with\s+(?:a\s+|the\s+)?|(?:and\s+)?(?:in|on|into)\s+(?:the\s+)?)?(?:notes?|details?|description|desc)"
    r"(?:\s+(?:on|to|for)\s+(?:it|that|this))?(?:\s+(?:saying|that\s+says|reading|put|write|say|add|jot(?:\s+down)?))?"
    r"\s*[:=-]?\s+(.+)$"
)
# A title in quotes first, then whatever else: "'gym sesh' for tmrw fr".
QUOTED_FIRST = rx(
    r"^\s*['\"\u201c\u2018]((?:[^'\"\u201c\u201d\u2018\u2019]|(?<=\w)['\u2019](?=\w)){2,200})['\"\u201d\u2019](?!\w)(.*)$"
)
# "add a note: he likes lego", "for the plumber task put in the details: 07700": details for a task.
NOTE_FOR = rx(
    r"^(?:for\s+(?:the\s+)?(.+?)\s*,?\s+)?(?:add|put|set|write|attach|change|update|make)\s+(?:in\s+)?(?:a\s+|the\s+)?(?:note|notes|description|details|desc)"
    r"(?:\s+(?:to|on)\s+(?:it|that|this))?(?:\s*[:=-]\s*|\s+(?:to|as)\s+(?:just\s+|only\s+|simply\s+)?(?=['\"\u2018\u201c]))(.+)$"
)
# "'Plan the offsite' and put this in the description: budget 2k": a quoted title, then its details.
QUOTED_THEN_PUT = rx(
    r"^(['\"\u201c\u2018][^'\"\u201d\u2019]+['\"\u201d\u2019])[\s,]+(?:and\s+)?(?:put|add|write|with)\s+"
    r"(['\"\u201c\u2018].+['\"\u201d\u2019])\s+(?:in|into|as|for)\s+(?:the\s+)?(?:description|details|notes?)$"
)
PUT_IN_DETAILS = rx(
    r"^(?:for\s+(?:the\s+)?(.+?)\s*,?\s+)?(?:put|add|write)\s+(['\"\u201c\u2018].+['\"\u201d\u2019]|.+?)\s+(?:in|into|as)\s+"
    r"(?:the\s+|its\s+)?(?:description|details|notes?)(?:\s+(?:of|for)\s+(.+))?$"
)
QUOTED_THEN_DETAILS = rx(
    r"^(['\"\u201c\u2018][^'\"\u201d\u2019]+['\"\u201d\u2019])[\s,]+(?:and\s+)?(?:(?:put|add|write|with)\s+)?(?:this|that)?\s*"
    r"(?:(?:in|as|to|for)\s+)?(?:the\s+)?(?:description|details|notes?)\s*[:=-]\s*(.+)$"
)
DASH = re.compile(r"\s+[-\u2013\u2014]\s+(.+)$|:\s+(.+)$")
ADD_DESCRIPTION = rx(
    r"^(?:for|on)\s+(.+?)\s*,?\s+(?:add|put|set|attach|write)\s+(?:a\s+|the\s+)?(?:description|note|details)\s*(?:[:,]|\s-\s|\s+saying\s+|\s+)\s*(.+)$|"
    r"^(?:add|put|set|attach|write)\s+(?:a\s+|the\s+)?(?:description|note|details)\s+(?:to|on|for)\s+(.+?)\s*(?:[:,]|\s-\s|\s+saying\s+)\s*(.+)$|"
    # "add a note to the van one garage closes at 5": the task named as "the ... one", then the note
    r"^(?:add|put|attach|write)\s+(?:a\s+|the\s+)?(?:description|note|details)\s+(?:to|on|for)\s+"
    r"((?:the\s+|my\s+)?[\w'-]+(?:\s+[\w'-]+){0,3}?\s+(?:one|task))\s+(?!(?:to|as|is|was|for|and)\b)(\w.*)$|"
    # "change the bike note to: front brake squeaks", "note on visit grandad - bring the crossword books"
    r"^(?:change|update|set|edit)\s+(?!(?:the|its|my|a|it'?s)\s+(?:note|notes|description|details)\b)(?:the\s+)?(.+?)(?:'s)?\s+"
    r"(?:note|notes|description|details)\s+to\s*:?\s+(.+)$|"
    r"^(?:note|notes)\s+(?:on|for)\s+(.+?)\s*(?:[:\u2013\u2014]|\s-\s)\s*(.+)$|"
    # "then record in its description: part number CV-150": the note of the task talked about
    r"^(?:then\s+)?(?:record|put|write|note|add|jot|save)(?:\s+down)?\s+(?:in|into|to|on)\s+(?:its|it'?s|the)\s+(?:description|notes?|details)"
    r"()\s*[:,-]?\s*(.+)$|"
    # "put this in the description of the school fees task: account number is with Mummy"
    r"^(?:put|add|write)\s+(?:this|the\s+following)\s+(?:in|into|as|on)\s+(?:the\s+|its\s+)?(?:description|details|notes?)\s+"
    r"(?:of|for|on)\s+([^:]+?)\s*:\s*(.+)$"
)
DESCRIPTION_AFTER = rx(r"^(?:the\s+)?(.+?)(?:'s)?\s+(?:description|details|notes?)\s+(?:to|as|=)\s+(.+)$")
SAID_DONE = rx(
    r"(?:\s(?:is|are|was|has\s+been|have\s+been)|'s)\s+(?:now\s+|all\s+|both\s+)?(?:done|finished|completed|complete|sorted)\s*$"
)
# "mark it done i went this morning": a done-word after the thing marked.
DONE_SAID = rx(r"\s(?:as\s+)?(?:done|complete|completed|finished)\b")
A_FIELD_OF = rx(
    r"\b(?:tags?|labels?|due\s+date|date|deadline|priority|notes?|description|details|time|reminder|repeat\w*|recurrence)\s+(?:from|off|on|of)\b"
)
REMOVE_TAG = rx(
    r"^(?:remove|delete|drop|take\s+off|take\s+away|take|untag|clear)\s+(?:the\s+)?(?:tag\s+|label\s+)?['\"#]?([a-z][\w-]{0,31})['\"]?\s+"
    r"(?:tag|label)(?:\s+(?:from|off|on|off\s+of)\s+(.+?))?(?:,\s.*)?$"
)
# "drop it to low", "bump the report up to urgent": a priority, said as a level to go to.
PRIORITY_SET = rx(
    r"^(?:drop|lower|knock|bump|raise|set|put|move|make|change)\s+(.+?)\s+(?:down\s+|up\s+|back\s+)?(?:to|as)\s+"
    r"(low|medium|high|urgent|normal|none)(?:\s+priority)?$"
    # "put the priority high", "assign it medium priority", "assign high priority to task 260"
    r"|^(?:put|set|make|assign|give)\s+(?:(it|that|this|them)\s+)?(?:the\s+|a\s+)?(?:priority\s+(?:to\s+|as\s+|at\s+)?)?"
    r"(low|medium|high|urgent|normal)(?:\s+priority)?(?:\s+(?:to|for|on)\s+(.+))?$"
)
# "set the priority to high": said of the task talked about.
PRIORITY_TO = rx(
    r"^(?:set|change|make|put|update)\s+(?:the\s+|its\s+)?priority\s+(?:to|as|at)\s+(low|medium|high|urgent|normal|none)\b"
)
ENDS_DONE = rx(r"\s(?:as\s+)?(?:done|complete|completed|finished)$")
# A thing named in a few words, said with when it is: no verb of saying, no question, no pronoun first.
A_THING = rx(
    r"(?!(?:delete|remove|cancel|drop|scrap|mark|tick|check|complete|finish|reopen|rename|change|update|move|push|shift|set|make|"
    r"clear|put|add|show|list|find|search|undo|postpone|prepone|reschedule|tag|label|long\s+day|busy\s+day)\b)"
    r"(?!(?:i|we|you|it|its|it's|that|this|they|he|she|what|which|when|where|how|who|why|is|are|was|were|do|does|did|can|could|"
    r"should|will|would|my\s+list|the\s+list|everything|nothing|anything|all|no|not|yes|ok|okay|thanks|thank)\b)"
    r"(?:(?:the|my|a|an)\s+)?[a-z][\w'-]*(?:\s+(?!(?:is|are|was|were|has|have|had|will|can|should|must|needs?|got)\b)[\w'-]+){0,4}"
)
# What follows "lol" in a title is said about it: "clean my room lol mom keeps asking".
REMARK_AFTER = rx(r"\s+(?:lol|lmao|haha+|omg|smh)\b")
# What an add cannot be about: "add it all up", "add something for the weekend".
NO_THING = rx(
    r"^(?:it|that|this|them|something|anything|stuff|things|some\s+stuff)\s+"
    r"(?!to\s+(?:my|the)\s+list|(?:(?:both|all|too|as\s+well|please|pls|plz|thanks|down|in|on|as|for\s+me)\b[\s,.!]*)+$)\S"
)
# No time at all: "at some point", "sometime", "eventually".
SOMETIME = rx(
    r"\s+(?:at\s+some\s+(?:point|stage)|some\s*time(?:\s+soon)?|eventually|one\s+of\s+these\s+days|when\s+i\s+(?:can|get\s+a\s+chance)|"
    r"on\s+(?:the|my)\s+way(?:\s+home|\s+back)?|while\s+i'?m\s+(?:out|there)|for\s+(?:it|that|this|them))$"
)
# "and bread", "also the eggs": another thing for the last request.
AND_ANOTHER = rx(r"^(?:and|also|plus|oh\s+and)\s+(?:also\s+)?(?:the\s+|some\s+)?([a-z][\w'-]*(?:\s+[\w'-]+){0,3})[.!]?$")
# "I keep forgetting to X": said as a wish, unless the message asks to add it too.
FORGETTING = rx(
    r"^(?:(?:ugh|oh|hmm+|argh|man|god)[\s,!.]+)?i\s+(?:keep|always)\s+forget(?:ting)?\s+to\s+(?!.*\b(?:add|put|save|note|remind|list)\b)"
)
# A request said again after what it asks: "... by Friday. Please add it.", "..., can you fix the name?"
ASKED_AFTER = rx(
    r"(?:[.!?]\s+|,\s*)(?:please\s+|pls\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?"
    r"(?:add|put|save|note|fix|change|update|correct)\s+(?:it|that|this|the\s+name|the\s+title|it\s+for\s+me)(?:\s+(?:please|pls|for\s+me))?[.!?]*$"
)
# "due tomorrow", "have on friday", "anything for the 14th": a list question about one day.
A_DAY_ASKED = rx(
    r"\b(?:due|have|got|on|for|scheduled|planned|do)\s+(?:on\s+|for\s+)?(?:tomorrow|tmrw|(?:this\s+|next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"the\s+\d{1,2}(?:st|nd|rd|th)?|\d{4}-\d{2}-\d{2})\b"
)
# A day named in words that can be left in a title when another day was read as its plan ("... for the day after").
DAY_NAMED = r"(?:the\s+)?day\s+after|tomorrow|tmrw|tonight|today|next\s+(?:week|month)|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "it's urgent, due friday": plans said of the task just talked about.
SAID_OF_IT = rx(
    r"^(?:also\s+|and\s+)?(?:it'?s|its|it\s+is|that'?s|that\s+is|this\s+is|the\s+(?:due\s+)?date\s+is|the\s+deadline\s+is)\b"
)
COMPLETION_WORD = rx(r"^(?:done|complete|completed|finished|closed)$")
UPDATE = rx(r"^(?:change|update|rename|edit|modify|set|retitle)\b\s*(.*)$")
DESCRIPTION_OF = rx(r"^(?:the\s+)?(?:description|details|notes?)\s+(?:of|for|on)\s+(.+?)\s+(?:to|as|=)\s*:?\s+(.+)$")
PRIORITY_OF = rx(
    r"^(?:set|change|update|make|raise|bump|increase|lower|drop|decrease|put)\s+(?:the\s+)?(?:priority|prio)\s+(?:of|for|on)\s+(.+?)\s+"
    r"(?:to|as|at)\s+(?:a\s+)?(\w+(?:\s+priority)?)$"
)
FIX_TYPO = rx(
    r"^(?:(?:fix|correct)\s+(?:the\s+)?|there'?s\s+a\s+|(?:a\s+|the\s+)?)(?:typo|spelling|name|title|mistake)\s+(?:in|of|on)\s+(.+?)\s*[,;-]?\s+(?:it\s+|that\s+)?"
    r"(?:should\s+(?:be|say|read)|to)\s+(.+)$"
)
# "I wrote 'Buy wool' but it should say 'Buy blue wool'": a title as written, then as meant.
WROTE_BUT = rx(
    r"^(?:i\s+(?:wrote|typed|put|put\s+down|called\s+it|named\s+it|said)|it\s+says|the\s+task\s+says)\s+"
    r"(['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]+['\"\u201d\u2019])[\s,]+but\s+(?:it\s+|that\s+)?(?:should|needs\s+to|was\s+meant\s+to)\s+"
    r"(?:say|be|read)\s+(['\"\u201c\u2018](?:[^'\"\u201c\u201d\u2018\u2019]|(?<=\w)['\u2019](?=\w))+['\"\u201d\u2019]|[^.!?]+)(?:[.!?](?:\s.*)?)?$"
)
# "fix the typo: 'Reveiw budget' should be 'Review budget'", "'Call Steve' -> 'Call Stephen'": a title as it is, then as meant.
QUOTED_SHOULD_BE = rx(
    r"^(?:(?:please\s+)?(?:fix|correct)\s+(?:the\s+|a\s+|my\s+|this\s+|that\s+)?(?:typo|spelling|mistake|name|title)s?\s*[:,-]?\s*|"
    r"(?:typo|correction|oops)\s*[:,-]\s*)?"
    r"(['\"\u201c\u2018][^'\"\u201c\u201d\u2018\u2019]+['\"\u201d\u2019])\s*,?\s*"
    r"(?:should\s+(?:be|say|read)|is\s+(?:meant|supposed)\s+to\s+(?:be|say|read)|needs\s+to\s+(?:be|say|read)|->|=>|\u2192)\s+"
    r"(['\"\u201c\u2018](?:[^'\"\u201c\u201d\u2018\u2019]|(?<=\w)['\u2019](?=\w))+['\"\u201d\u2019]|[^.!?]+)[.!?]*$"
)
TITLE_OF = rx(r"^(?:the\s+)?(?:title|name)\s+(?:of|for)\s+(.+?)\s+(?:to|as)\s+(.+)$")
DELETE = rx(
    r"^(?:take\s+out(?=\s+(?:the\s+)?(?:task|todo|item|one|reminder)\b)|delete|remove|rm(?=\s)|cancel|drop|erase|scrap|scratch|strike|nix|ditch|bin|kill|nuke|axe|trash|get\s+rid\s+of|forget(?:\s+about)?)\b\s*(.*)$"
)
# "the old newspapers can go", "visit aunt may won't happen": a task that is no longer needed.
GOES = rx(
    r"^(?:the\s+)?([^,]+?)\s+(?:can\s+go|can\s+be\s+(?:deleted|removed|dropped)|won'?t\s+happen|will\s+not\s+happen|is\s+off|"
    r"(?:is|are)\s+no\s+longer\s+(?:needed|necessary|happening|relevant)|(?:is|are)n'?t\s+needed(?:\s+any\s*more)?|"
    r"(?:is|are)\s+not\s+needed(?:\s+any\s*more)?)$"
    r"|^(?:i'?m|i\s+am)\s+not\s+going\s+to\s+([^,]+)(?:,.*)?$"
    r"|^take\s+(.+?)\s+off(?:\s+(?:the|my)\s+(?:list|tasks|todos))?$"
)
# "call the vet task 'Vet for Rex' instead"
CALL_IT = rx(r"^(?:call|name|title)\s+(?:the\s+)?(.+?)\s+(['\"\u201c\u2018].+['\"\u201d\u2019])(?:\s+instead)?$")
# "expenses: done", "rent - paid"
# How a thing went, said after its name: "Okafor caterer: called, all set", "Printer: ordered".
HOW_IT_WENT = r"done|finished|complete|completed|paid|sorted|called|booked|sent|confirmed|handled|all\s+set|[a-z]{3,}ed"
LABEL_DONE = rx(
    rf"^(.+?)\s*[:=\u2013\u2014-]\s*(?:{HOW_IT_WENT})"
    r"(?:\s*(?:,|and|&)\s*(?:done|all\s+set|sorted|confirmed|booked|paid|finally))*$|"
    r"^(?:done|finished|completed|sorted|ticked\s+off)\s*[:\u2013\u2014-]\s*(.+)$"
)
# "#12 and #14", "tasks 3, 5 and 9": several ids in one request.
IDS = rx(r"(?:#\s*|\btask\s+)(\d+)\b")
# "the gym task should be called 'Leg day'"
SHOULD_BE = rx(r"^(?:the\s+)?(.+?)\s+should\s+(?:be\s+)?(?:called|named|renamed\s+to|retitled|say|read)\s+(.+)$")
# "got the tyres changed at last": a task done by someone else, said in the past.
GOT_DONE = rx(
    r"^(?:i\s+)?(?:finally\s+)?(?:got|had)\s+(?:the\s+|my\s+)?(.+?)\s+(\w+)(?:\s+(?:at\s+last|finally|today|now|done))?$"
)
# "what's task 12 about?", "details of the rent task"
# "timesheet submitted", "dinner booked": a task's noun and its verb, done.
NOUN_PAST = rx(
    r"^(?:the\s+|my\s+)?((?!i\b)[a-z][\w']*(?:\s+[\w']+){0,3}?)\s+"
    r"(\w+ed|paid|sent|bought|made|written|taken|given|eaten|driven|sold|built|kept|told|found)"
    r"(?:\s+(?:today|now|already|at\s+last))?$"
)
# "got the stamps", "picked up the parcel": the thing itself, whatever the task's verb.
GOT_THING = rx(
    r"^(?:i\s+)?(?:just\s+)?(?:got|picked\s+up|collected|bought)\s+(?:the|my|some)\s+(.+)$"
    r"|^(?:i\s+)?(?:just\s+|finally\s+|also\s+)?(?:got|picked\s+up|collected|bought)\s+"
    r"(?!(?:home|back|up|ready|sick|lost|it|there|here|time|paid|tired|bored|stuck|married|that|this|them|a|an|to|in|out|off|"
    r"on|over|away|around|through|done|called|told|asked|any|anything|some|something|everything|nothing|all|much|many|more)\b)"
    r"([a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)$"
)
# "search for contract", "find tasks about the bank"
SEARCH = rx(
    r"^(?:search(?:\s+(?:for|my\s+(?:tasks|list)\s+for))?|look\s+(?:up|for)|find\s+(?:my\s+|the\s+)?(?:tasks?|todos?|anything|reminders?|ones?)\s+(?:about|with|for|mentioning|on|called))\s+"
    r"(?:(?:anything|everything|stuff|things|tasks)\s+(?:about|to\s+do\s+with|related\s+to|mentioning)\s+)?(.+)$"
    r"|^(?:find|where'?s|where\s+is|which\s+(?:task|one)\s+is)\s+(?:the|my|that)\s+(.+?)\s+(?:one|task|todo|thing|item)$"
    r"|^(?:find|show\s+me|where'?s|get)\s+(?:the|that)\s+(?:one|task|thing|todo)\s+(?:about|with|mentioning|for|on)\s+(.+)$"
    r"|^(?:do\s+i\s+have\s+|is\s+there\s+)?anything\s+(?:about|on|mentioning|with)\s+(.+)$"
    r"|^(?:show\s+(?:me\s+)?|list\s+|give\s+me\s+|find\s+(?:me\s+)?|search\s+(?:for\s+)?|look\s+for\s+|what\s+(?:have\s+i\s+got|do\s+i\s+have)\s+)?"
    r"(?:everything|anything|all|stuff|things)\s+"
    r"(?:about|mentioning|related\s+to|to\s+do\s+with)\s+(.+)$"
    r"|^(?:any|do\s+i\s+have\s+(?:a|any))\s+(?:tasks?|todos?)\s+(?:about|mentioning|with|for)\s+(.+)$"
    r"|^(?:show|find|get)\s+(?:me\s+)?(?:the|my)\s+(?!(?:completed|done|finished|pending|open|overdue|urgent|important|next|last|first|"
    r"other|new|old|recent)\b)(.+?)\s+(?:task|one|todo|item|reminder)$"
    r"|^when(?:'s|\s+is|s)\s+(?:the|my)\s+(.+?)$"
    r"|^is\s+(.+?)\s+(?:already\s+|still\s+)?(?:(?:on|in)\s+(?:my|the)\s+(?:\w+\s+)?list|on\s+there)(?:\s+already|\s+still)?$"
    r"|^do\s+i\s+still\s+have\s+(.+?)\s+(?:(?:on|in)\s+(?:my|the)\s+(?:\w+\s+)?list|on\s+there|to\s+do)$"
    r"|^(?:find|show\s+me|get|search\s+for)\s+(?:the\s+|a\s+|any\s+)?(?:tasks?|todos?|ones?)\s+with\s+(['\"\u2018\u201c].+?['\"\u2019\u201d]|\w+)\s+in\s+(?:it|them|the\s+title)$"
    r"|^(?:is\s+there|are\s+there|do\s+i\s+have|have\s+i\s+got|got)\s+(?:a|an|any|some)?\s*(?:tasks?|todos?|something|anything)\s+"
    r"(?:about|mentioning|with|for|on)\s+(.+)$"
    r"|^(?:did|have|has)\s+i\s+(?:already\s+|ever\s+|actually\s+)?(?:do|did|done|finish(?:ed)?|complete(?:d)?)\s+(?:the\s+|my\s+)?"
    r"(?!(?:everything|anything|all|it|that|this|them|tasks|stuff)\b)(.+?)(?:\s+yet)?$"
    r"|^(?:did|have)\s+i\s+(?:already\s+|ever\s+|actually\s+)?((?!(?:any|anything|everything|all|do|did|done|finish\w*|complete\w*|get|got|miss\w*|forget|forgot)\b)[a-z]+\s+(?:the\s+|my\s+|a\s+)?[a-z].+?)"
    r"(?:\s+yet|\s+already)?$"
)
# "I meant the other one", "no, the other one": the same change, on the other of two tasks.
OTHER = rx(r"^(?:(?:no|nope|sorry|oops|wait|actually)[\s,!.]+)*(?:i\s+meant\s+|i\s+mean\s+)?(?:the\s+)?other\s+one$")
DETAIL = rx(
    r"^(?:what'?s|what\s+is|whats)\s+(.+?)\s+about$|^what\s+(?:did\s+i\s+(?:write|put|say|note)|have\s+i\s+(?:written|put|noted))\s+(?:about|for|on|in)\s+(.+)$|"
    r"^(?:what'?s|what\s+is|whats|show\s+me|read\s+me)\s+(?:the\s+)?(?:description|details|notes?)\s+(?:on|of|for|in)\s+(.+?)(?:\s+now)?$|^(?:details|description)\s+(?:of|for|on)\s+(.+)$|^(?:describe|tell\s+me\s+about)\s+(.+)$"
)
UNDO = rx(
    r"^(?:oops,?\s+)?(?:undo|revert|reverse|take\s+back|take\s+(?:that|it|this)\s+back|scrap\s+that\s+last\s+change)(?:\s+(?:that|it|this|(?:that|the)\s+last\s+(?:change|one|thing)|last\s+(?:change|one|thing)|my\s+last\s+change))?$"
)
THEM_ALL = (
    r"(?:all\s+(?:of\s+)?(?:them|those|these|my\s+tasks|the\s+tasks|tasks)|them\s+all|both(?:\s+of\s+(?:them|those|these))?|"
    r"th(?:ose|ese)(?:\s+(?:two|three|four|five|ones|tasks))?|everything(?:\s+on\s+(?:my|the)\s+(?:list|todo\s+list))?)"
)
COUNT_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
# "mark all of them done", "delete them all", "clear all completed": one change to many tasks.
BULK = (
    ("complete", "shown", rx(rf"^(?:mark|set|tick(?:\s+off)?|check\s+off|cross(?:\s+off)?)\s+{THEM_ALL}(?:\s+(?:as\s+)?(?:done|complete|completed|finished|off))?$")),
    ("complete", "shown", rx(rf"^(?:complete|finish|close)\s+{THEM_ALL}$")),
    ("complete", "shown", rx(rf"^(?:tick|check|cross)\s+{THEM_ALL}\s+off$")),
    # "I've done all of them", "both done", "they're both finished": the tasks just shown, said done.
    ("complete", "shown", rx(rf"^(?:(?:i'?ve|ive|i\s+have|we'?ve|i|just|i\s+just)\s+)?(?:done|finished|completed|did)\s+{THEM_ALL}(?:\s+(?:today|now|already|this\s+morning|yesterday|earlier))?$")),
    ("complete", "shown", rx(rf"^{THEM_ALL}\s+(?:are\s+|r\s+)?(?:now\s+|all\s+)?(?:done|finished|complete|completed|sorted)$")),
    ("complete", "shown", rx(r"^(?:they'?re|theyre|they\s+are|those\s+are|these\s+are)\s+(?:both|all)\s+(?:done|finished|complete|completed|sorted)$")),
    ("delete", "shown", rx(rf"^(?:delete|remove|clear|drop|scrap|wipe|empty)\s+(?:{THEM_ALL}(?:\s+(?:off|from)\s+(?:my|the)\s+list)?|(?:my|the)\s+(?:whole\s+|entire\s+)?list)$")),
    (
        "delete",
        "completed",
        rx(r"^(?:clear|delete|remove|drop|get\s+rid\s+of)\s+(?:out\s+)?(?:all\s+(?:the\s+|of\s+the\s+|my\s+)?|every\s+|the\s+)?"
            r"(?:completed|done|finished)(?:\s+(?:ones|tasks|items|todos))?$"),
    ),
)  # fmt: skip
# "delete all the email tasks", "did all 3 of the dishes tasks": many tasks named by a word they share.
BULK_BY_WORDS = rx(
    r"^(delete|remove|clear|drop|complete|finish|tick\s+off|check\s+off|cross\s+off|mark|did|done|finished|completed)\s+"
    r"(?:all\s+(?:(\d+|two|three|four|five|six)\s+of\s+)?|(?:the\s+)?(both|two|three|four|five|[2-6])\s+(?:of\s+(?:the\s+|my\s+)?)?)"
    r"(?:the\s+|my\s+)?(.+?)\s+(?:tasks|ones|todos|items|jobs)"
    r"(?:\s+(?:as\s+)?(?:done|complete|completed|finished|off))?(?:\s*,\s.*)?$"
)
# "delete all about the gym", "remove everything to do with the party": the tasks about a thing, by its words.
BULK_ABOUT = rx(
    r"^(delete|remove|clear|drop|complete|finish|tick\s+off|check\s+off|cross\s+off)\s+(?:all|everything|every\s+task|all\s+the\s+tasks)\s+"
    r"(?:about|to\s+do\s+with|related\s+to|regarding|mentioning|for)\s+(?:the\s+|my\s+)?([\w'-]+(?:\s+[\w'-]+){0,3})$"
)
OTHER_ONE = rx(r"^(?:the\s+)?other(?:\s+one)?$")
CONFIRM = rx(
    r"^(?:(?:yes|yep|yeah|yup|yes\s+please|sure|ok(?:ay)?|go\s+ahead|go\s+for\s+it|do\s+it|confirm(?:ed)?|please\s+do)[\s,!.]*)+"
    r"(?:please)?$"
)
# "no wait, call it X", "actually, make that X", "sorry, I meant X": the words just added, put right.
CORRECTION = rx(
    r"^(?:(?:no|nope|sorry|oops|wait|actually|hmm|oh)[\s,!.]+)*"
    r"(?:call\s+it|name\s+it|make\s+(?:that|it)|i\s+meant|i\s+mean|it\s+should\s+(?:be|say)|(?:it'?s|its)(?=\s+.+\s+not\s+))\s+(.+?)"
    r"(?:\s+instead)?$"
)
# "make it low": a priority said alone, after "make it".
PRIORITY_LEVELS = {"low": "low", "high": "high", "medium": "medium", "normal": "medium", "urgent": "urgent", "top priority": "urgent",
                   "low priority": "low", "high priority": "high", "medium priority": "medium", "not urgent": "none",
                   "none": "none", "no priority": "none", "top": "urgent", "highest": "urgent",
                   "lowest": "low", "very important": "high", "important": "high"}  # fmt: skip
# "and another one, ...", "one more: ...": a lead-in that says another thing follows.
ANOTHER = rx(r"^\s*(?:and\s+)?(?:also\s+)?(?:another(?:\s+one)?|one\s+more|a\s+new\s+one)\s*[,:]?\s*")
# "finish the report by friday": an order to do, with a deadline.
TO_FINISH_BY = rx(r"^(?:finish|complete)\s+\S")
HOW_MANY = rx(r"^how\s+many\b")
# Question words ask for the list only when the list is what they talk about ("what's the weather like?" is not).
QUESTION_WORD = rx(r"^(?:what|which|whats|what's|tell|give|get|anything|is\s+there|are\s+there|how\s+many)\b")
ABOUT_THE_LIST = rx(
    r"\b(?:tasks?|todos?|to-dos?|list|pending|open|left|remaining|outstanding|done|complete|completed|finished|undone|unfinished|"
    r"incomplete|ticked|checked|crossed|have|need|needs|doing|still|plate|agenda|items?|things|next|due|else|overdue|urgent|"
    r"upcoming|coming|behind|priority|important|tagged|labell?ed|finish|crossed\s+off|ticked\s+off|remains|remain)\b"
)
_DELETE_IT = r"\s*,?\s*(?:so\s+)?(?:please\s+)?(?:delete|remove|bin|scrap)(?:\s+(?:it|that|this|them))?(?:\s+please)?"
NO_LONGER = rx(
    r"^(?:i\s+(?:don'?t|do\s+not)\s+(?:need|have|want)\s+(?:to\s+)?(.+?)\s+(?:anymore|any\s+more|any\s+longer)|"
    r"(?:i\s+)?no\s+(?:longer\s+(?:need|have|want)\s+to|need\s+to)\s+(?!keep\b|do\s+(?:it|that)\b|have\s+it\b)(.+?)"
    r"(?:\s+(?:anymore|any\s+more|any\s+longer))?|"
    # "photos for passport I don't need anymore, please delete": the thing first
    r"(?!i\b)(.+?),?\s+i\s+(?:don'?t|do\s+not|no\s+longer)\s+need(?:\s+(?:it|that|this|them))?"
    rf"(?:\s+(?:anymore|any\s+more|any\s+longer)(?:{_DELETE_IT})?|{_DELETE_IT}))$"
)
LIST = rx(
    r"^(?:(?:gimme|give\s+me)\s+(?:(?:a\s+)?(?:rundown|run-down|list|summary|overview)|(?=what'?s|what\s+is|everything|all\b|my\b))|(?:have|did)\s+i\s+(?:finished|done|completed|ticked\s+off|crossed\s+off|finish|complete|do)\s+(?:anything|something|much)|remind\s+me\s+(?:of\s+)?what|"
    r"sort\s+(?=them|my|the|it|all|everything|tasks)|order\s+(?=them|my|the|all|tasks)|read\s+(?:me\s+|out\s+)*(?=my|the|all|everything)|"
    r"(?:pull|bring)\s+up|have\s+i\s+(?:got|saved|put)\s+(?=anything|something)|(?:open|pending|done|completed|finished|overdue|urgent|outstanding|remaining)\s+(?=(?:items|tasks|todos|to-dos|ones|stuff|list)\b)|"
    r"show|list|display|see|view|give|tell|get|what|which|whats|what's|how\s+many|do\s+i\s+have|are\s+there|"
    r"anything|is\s+there|my\s+(?:tasks|list|todos))\b"
)
PENDING = rx(
    r"\b(pending|open|left|remaining|still|to\s+do|todo|incomplete|unfinished|undone|outstanding|"
    r"not\s+(?:yet\s+)?(?:done|finished|completed|ticked|checked|crossed)|n[o']t\s+(?:been\s+)?(?:done|finished|ticked\s+off))\b"
)
# "which ones haven't I done?", "everything that isn't finished": negated, done means pending.
NOT_DONE = rx(
    r"\b(?:not|haven'?t|hasn'?t|havent|isn'?t|isnt|aren'?t|arent|weren'?t|never)\s+(?:\w+\s+){0,2}?(?:yet\s+)?"
    r"(?:done|finish(?:ed)?|complete(?:d)?|ticked|checked|crossed)"
)
# Reopening: "mark it as not done", "reopen the rent task", "I didn't actually finish it".
# "put X back on my list": read before adding, which it would otherwise be.
PUT_BACK = rx(
    r"^(?:put|add|move|set|bring)\s+([^:,]+?)\s+back(?:\s+on(?:to)?(?:\s+(?:my|the)\s+(?:list|tasks|todos))?)?"
    r"(?:\s+(?:to|as)\s+(?:pending|open|undone|not\s+done|to\s+do|incomplete))?(?:\s*[,;.]\s*\S.*)?$"
)
# "I need to undo the dog walk, it got marked done by mistake": that task, open again.
UNDO_TASK = rx(
    r"^(?:i\s+need\s+to\s+|can\s+you\s+|please\s+)?undo\s+(?!(?:that|it|this|the\s+last|my\s+last|last)\b)(?:the\s+)?([^,]+?)"
    r"\s*,.*\b(?:mistake|accident|wrong|error)\b.*$"
)
REOPEN = (
    rx(
        r"^(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:not\s+(?:yet\s+)?(?:done|finished|complete|completed)|undone|unfinished|incomplete|pending|open|to\s+do)(?:\s+(?:again|now))?$"
    ),
    rx(
        r"^(?:reopen|re-open|uncheck|untick|unmark|uncomplete|un-complete|restore|un-tick|un-check|un-mark|unfinish|un-finish)\s+(.+)$"
    ),
    rx(r"^()(?:re-?open|open)(?:\s+(?:it|that|this))?(?:\s+up)?\s+again$"),  # "open again please": it
    rx(r"^(.+?)\s+should\s+(?:still\s+)?be\s+(?:open|pending|not\s+done|undone|unticked|on\s+(?:my|the)\s+list)(?:\s*[,;.].*)?$"),
    # "I accidentally ticked off the gas safety one": done by mistake, so not done.
    rx(
        r"^i\s+(?:accidentally|mistakenly|wrongly)\s+(?:ticked|checked|crossed|marked)\s+(?:off\s+)?(.+?)(?:\s+(?:off|as\s+done|done))?$"
    ),
    rx(
        r"^i\s+(?:ticked|checked|crossed|marked)\s+(?:off\s+)?(.+?)(?:\s+(?:off|as\s+done|done))?\s+(?:by\s+mistake|by\s+accident|accidentally)$"
    ),
    rx(r"^(?:re-?)?open\s+(.+?)\s+(?:again|back\s+up)$"),
    # "undo completing 'call the plumber'", "undo marking the vet done", "undo the tick on task 4"
    rx(
        r"^(?:please\s+)?(?:undo|reverse|revert|take\s+back)\s+(?:(?:completing|finishing|ticking(?:\s+off)?|checking\s+off|crossing\s+off)\s+"
        r"(?!(?:that|it|this)$)(.+?)(?:\s+off)?|marking\s+(?!(?:that|it|this)\s)(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)|"
        r"the\s+(?:tick|check|completion|done)\s+(?:on|of|for)\s+(.+?))$"
    ),
    rx(
        r"^((?:it|that|this)(?:'?s|\s+is)?|)\s*not\s+(?:actually\s+|really\s+|yet\s+)?(?:done|finished|complete|completed)(?:\s+(?:actually|after\s+all|yet))?$"
    ),
    rx(
        r"^(?!(?:how|what|which|show|list|any|is|are|do|did|have|has|who|when|where)\b)([^?]+?)\s+(?:is\s+|'s\s+|are\s+)?not\s+(?:actually\s+|really\s+)?(?:done|finished|complete|completed)(?:\s+(?:actually|after\s+all|yet))?$"
    ),
    PUT_BACK,
    rx(
        r"^(.+?)\s+(?:is|isn'?t|isnt|was|wasn'?t|wasnt)\s+(?:not\s+)?(?:actually\s+|really\s+)?(?:done|\w+ed|paid)\s+(?:after\s+all|yet)$"
    ),
    rx(
        r"^(?!(?:show|list|display|what|which|tell|give|see|view)\b)(.+?)\s+(?:isn'?t|wasn'?t|is\s+not|was\s+not|aren'?t|are\s+not|weren'?t)\s+"
        r"(?:actually\s+|really\s+)?(?:done|finished|complete|completed)$"
    ),
    rx(
        r"^i\s+(?:didn'?t|did\s+not|haven'?t|have\s+not|havent|didnt)\s+(?:actually\s+|really\s+|even\s+)?"
        r"(?:finish|finished|complete|completed|do|done)\s+(.+?)(?:\s+(?:after\s+all|yet))?$"
    ),
)
COMPLETED = rx(r"\b(completed|complete|done|finished|ticked|checked|crossed|finish|knocked\s+off|got\s+through)\b")
# The name between "mark" and "done" is bounded: searched at every "mark", an open-ended one is quadratic.
MARK = rx(r"\b(?:mark|set|flag)\s+(.{1,200}?)\s+(?:as\s+)?(?:done|complete|completed|finished|paid|sorted|handled|sent|booked)\b")
COMPLETE_VERB = rx(
    r"^(?:complete|completed|finish|finished|check\s+off|tick\s+off|cross\s+off|close|closed)(?:\s*:\s*|\s+)"
    r"(?!(?:ones|items|tasks|todos|stuff|things)(?:\s+(?:today|this\s+week))?[\s.?!]*$)(.+)$"  # "finished ones" asks for them
)
DONE_ALONE = rx(
    r"^(?:(?:it'?s|that'?s|all)\s+)?(?:done|finished|completed)(?:\s+(?:now|already))?(?:\s*[-!.]*\s*(?:(?:i\s+)?did\s+it|got\s+it\s+done)\b.*)?$|"
    r"^(?:just\s+)?(?:tick|check|cross)\s+(?:it|that|this)(?:\s+off)?$|"
    # "done that one", "finished it": the task just talked about, done.
    r"^(?:(?:i'?ve|ive|i\s+have|just|i\s+just)\s+)?(?:done|finished|completed)\s+(?:it|that|this)(?:\s+one)?(?:\s+(?:now|already|too|as\s+well))?$"
)
DONE_WITH = rx(r"^(?:i'?m\s+|i\s+am\s+|we'?re\s+)?(?:done|finished|through|all\s+set|all\s+done|sorted)\s+with\s+(.+)$")
# "Please mark as done the task with drill": the done-word before the task.
MARK_DONE_FIRST = rx(
    r"^(?:mark|set|tick)\s+(?:as\s+)?(?:done|complete|completed|finished)\s+(?!(?:and|but|so|then|now|please|pls)\b)(.+)$"
)
OFF = rx(r"^(?:check|tick|cross|mark)\s+(.+?)\s+off(?:\s+(?:now|please|pls|too|then|for\s+me))*$")
I_DID = rx(r"^i(?:'ve|\s+have|\s+just|\s+already)*\s+(?:finished|completed|done|did)\s+(.+)$")
# "the task 'iron shirt' I did it already", "The report to my boss, I finish it already": the thing first, then done.
TOPIC_DONE = rx(
    r"^(?:also\s+|and\s+)?(?:the\s+(?:task|one)\s+)?(?!i\b)(.+?),?\s+i(?:'ve|\s+have|\s+already|\s+just)*\s+"
    r"(?:(?:did|done|finished|completed)\s+(?:it|that|this)(?:\s+(?:already|now|today|earlier|finally|yesterday))*|"
    r"(?:do|finish|complete)\s+(?:it|that|this)\s+already)$"
)
I_PAST = rx(
    r"^(?:i(?:'ve|\s+have|\s+just|\s+already)*\s+|(?:just|already)\s+)?(\w+(?:ed|id|ught|ent|ote|ade|ew|one|ook|an|ave|ot|ang|ung|ode|own|itten))\b\s*(.*)$"
)
# "did the dishes" tells; "did the parcel get sent" asks: a second verb makes it a question.
DID_THE = rx(
    r"^(?:i\s+)?(?:just\s+|finally\s+|already\s+)?did\s+(?!.*\b(?:get|go|arrive|come|happen|work|turn|show|make\s+it)\b)"
    r"((?:the|my|all\s+the|some)\s+.+)$"
)
IT_DONE = rx(
    r"^(.+?)(?:\s+(?:is|are)|'s)\s+(?:now\s+|all\s+|both\s+|finally\s+|actually\s+|totally\s+)?(?:done|finished|completed|complete|sorted|handled|taken\s+care\s+of|dealt\s+with|"
    r"squared\s+away)(?:\s+now)?$"
)
ID_DONE = rx(r"^((?:task\s*(?:number\s*)?)?#?\s*\d+)\s+(?:is\s+)?(?:done|finished|completed|complete)$")
IS_PAST = rx(
    r"^(?:the\s+|my\s+)?(.+?)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+|already\s+|all\s+)?(\w+)(?:\s+now)?$"
)
# Past tenses that are not "I did the task": asking, listing, or talking about the list itself.
NOT_DONE_VERBS = {
    "added",
    "relieved",
    "tired",
    "bored",
    "excited",
    "stressed",
    "worried",
    "annoyed",
    "pleased",
    "surprised",
    "confused",
    "exhausted",
    "overwhelmed",
    "scared",
    "amazed",
    "thrilled",
    "disappointed",
    "stuck",
    "worked",
    "created",
    "listed",
    "deleted",
    "removed",
    "renamed",
    "promised",
    "agreed",
    "decided",
    "hoped",
    "tried",
    "wondered",
    "realised",
    "realized",
    "noticed",
    "heard",
    "remembered",
    "figured",
    "reckoned",
    "spelled",
    "spelt",
    "misspelled",
    "misspelt",
    "typed",
    "mistyped",
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
QUESTION = rx(r"^(?:what|which|how|show|list|do|did|have|has|any|are|is|am|can|could|tell)\b")

ID = rx(r"(?:#\s*|\btask\s+(?:number\s+|no\.?\s+|#\s*)?|\bnumber\s+|\bid\s+)(\d+)\b")
BARE_ID = re.compile(r"^\s*#?(\d+)\s*$")
PRONOUN = rx(
    r"^(?:it|that|this|them|that\s+one|this\s+one|that\s+task|this\s+task|the\s+task|same\s+one)"
    r"(?:\s+(?:online|already|yesterday|today|earlier|now|finally|at\s+last|too|as\s+well|this\s+morning|last\s+night|just\s+now|"
    r"(?:i|you|we)\s+(?:just\s+)?(?:added|made|created|put\s+(?:in|on)|mentioned|said)))?$"
)
ORDINAL = rx(
    r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\b(?:\s+(?:one|task|item|of\s+(?:those|them|these|the\s+list)))?"
)
BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+")
REF_FILLER = rx(
    r"^(?:(?:the\s+|a\s+)?(?:typo|spelling|mistake)\s+(?:in|on|of)\s+)?(?:the\s+|my\s+|a\s+|an\s+)?(?:(?:task|todo|to-do|item|one|reminder|entry|note)\b\s*)?(?:(?:called|named|titled|about|for|to|with|of)\s+)?"
    # "today's vitamins", "this week's timesheet": the day says which time of a repeating thing, not its name
    r"(?:(?:today|tonight|tomorrow|yesterday|this\s+(?:week|month|morning|evening))'s\s+)?|"
    r"\s+(?:task|todo|item|one|thing|stuff|reminder|job)(?=(?:\s+(?:altogether|completely|entirely|for\s+good|permanently))*$)|"
    r"(?:\s+(?:already|lol|haha+|now|at\s+last|finally|too|as\s+well|also|actually|instead|today|yesterday|last\s+night|"
    r"this\s+(?:morning|afternoon|evening)|earlier(?:\s+today)?|just\s+now|out|altogether|completely|entirely|for\s+good|permanently|i\s+mean|"
    r"i\s+meant))+$"
)
ACTIONS = ("add", "list", "complete", "reopen", "delete", "update", "detail", "undo", "bulk", "correct", "other", "again")
CLAUSES = re.compile(
    r"\s*(?:[,;]|\s-\s|(?<![\w-])so(?![\w-])|\band\s+then\b|(?=\byou\s+can\s+(?:tick|mark|cross|check|take|delete|remove)\b))\s*",
    re.IGNORECASE,
)


# ---- planning: changing a task's plans, and asking for tasks by them
CLEAR_PLAN = rx(
    r"^(?:remove|clear|delete|drop|take\s+off|take\s+away|get\s+rid\s+of|unset|scrap|wipe|take)\s+(?:all\s+)?(?:the\s+|its\s+|any\s+)?"
    r"(due\s+date|deadline|due\s+time|date|tags?|labels?|priority|repeat(?:ing)?|recurrence|schedule|notes?|description|details)\s+"
    r"(?:from|on|of|for|off(?:\s+of)?|in)\s+([^,]+)(?:,.*)?$"
)
NO_DATE = rx(
    r"^no\s+(?:more\s+)?(?:deadline|due\s+date|date)\s+(?:for|on)\s+(?:the\s+)?(.+?)(?:\s+any\s*more)?$|"
    r"^(?:the\s+)?(.+?)\s+(?:doesn'?t|does\s+not|won'?t|no\s+longer)\s+(?:need|have|has)s?\s+(?:a\s+|any\s+)?"
    r"(?:fixed\s+)?(?:due\s+)?(?:date|deadline)(?:\s+any\s*more)?(?:,.*)?$"
)
NO_REPEAT = rx(
    r"^(?:the\s+)?(.+?)\s+(?:doesn'?t|does\s+not|won'?t|will\s+not|shouldn'?t|should\s+not|no\s+longer|isn'?t\s+going\s+to|"
    r"needn'?t|don'?t|do\s+not)\s+(?:need\s+to\s+)?(?:repeat|recur|be\s+recurring)s?(?:\s+any\s*more|\s+any\s+longer)?$"
    r"|^stop\s+(?:making|having|letting)\s+(?:the\s+)?(.+?)\s+(?:repeat|recur)(?:,\s.*)?$"
    r"|^stop\s+(?:repeating\s+)?(.+?)(?:\s+(?:from\s+)?repeating)?(?:,\s.*)?$"
    # "make the bins task stop repeating", "the bins can stop repeating now"
    r"|^(?:(?:make|have|let|get)\s+)?(?:the\s+)?(.+?)\s+(?:(?:should|can|must|needs?\s+to|has\s+to)\s+)?stop\s+(?:repeating|recurring)(?:\s+now)?(?:,\s.*)?$"
)
TAG_AS = rx(
    r"^(?:re-?)?(?:tag|label)\s+(it|(?:this|that)\s+one|this|that|them|.+?)\s+(?:as\s+|with\s+|(?<=it\s)|(?<=\sone\s)|(?<=that\s)|(?<=this\s)|(?<=them\s)|(?<=those\s)|(?<=these\s)|(?<=both\s)|(?<=\stask\s)|(?=['\"#]))"
    r"(?:the\s+)?(?:tags?\s+|labels?\s+)?['\"#]?([a-z][\w\s,&#-]*?)['\"]?$"
)
ADD_TAG = rx(
    r"^(?:add|put|give)\s+(?:the\s+|a\s+)?(?:tags?|labels?)\s+(['\"#]?[a-z][\w-]{0,31}['\"]?(?:\s*(?:,|and|&)\s*['\"#]?[a-z][\w-]{0,31}['\"]?){0,9})"
    r"\s+(?:to|on)\s+(.+)$"
)
# A statement about a task never starts by asking: "list everything that's urgent" is a question.
_NOT_ASKING = r"^(?!(?:what|which|anything|is\s+there|how|who|when|where|are|any|list|show|display|give|tell|find)\b)"
IS_DUE = rx(
    _NOT_ASKING + r"(?:the\s+)?([^,]+?)(?:'s|\s+is|\s+are|\s+should\s+be|"
    # "isn't due till friday": not due before then, so due then.
    r"(?:'s\s+not|\s+is\s+not|\s+isn'?t|\s+are\s+not|\s+aren'?t)(?=\s+(?:due\s+)?(?:till|until|til)\b)|"
    r"\s+(?:needs?\s+to|has\s+to|have\s+to|must)\s+be(?:\s+(?:done|in|back|ready|sent|paid|submitted|filed|handed\s+in|finished))?)\s+(?:now\s+|actually\s+)?"
    r"(?:(?:due|done\s+by|by)\s+)?(.+)$"
)
SHOULD_REPEAT = rx(r"^(?:make\s+|set\s+)?(?:the\s+)?([^,]+?)\s+(?:should\s+)?(?:to\s+)?(?:repeats?|recurs?|happens?)\s+(.+)$")
IS_PRIORITY = rx(
    _NOT_ASKING + r"(?:the\s+)?([^,]+?)\s+(?:is|are|can\s+be|could\s+be|should\s+be)\s+(?:now\s+|actually\s+|really\s+|just\s+)?"
    r"((?:not\s+)?(?:urgent|important|high\s+priority|low\s+priority|a\s+priority|top\s+priority|medium\s+priority)"
    r"(?:\s+any\s*more)?)(?:\s+now)?(?:\s*,.*)?$"
)
PLAN_VERB = rx(
    r"^(?!make\s+(?:a|an)\s+(?:new\s+)?(?:task|todo|reminder)\b)(?!(?:pull|bring)\s+up\b)"
    r"(?:move|push|reschedule|postpone|prepone|shift|bump|make|set|change|flag|prioriti[sz]e|deprioriti[sz]e|delay|defer|pull|bring|lower|knock|"
    r"raise|drop|increase|decrease|"
    r"update|mark|give)\s+(.+)$"
)
PLAN_FILLER = rx(
    r"^(?:the\s+|a\s+)?(?:due\s+date|deadline|date|priority|due\s+time|time)\s+(?:of|for|on)\s+|"
    r"\s+(?:back|forward|up|out|over|to|as|a|an|the|priority|due|the\s+due\s+date|its\s+due\s+date|instead)$|"
    r"\s+(?:a\s+|the\s+)?(?:deadline|due\s+date|priority)(?:\s+of)?$|"
    r"(?:\s+and)?(?:\s+(?:make|set)\s+(?:it|that|them))?(?:\s+and)?$"
)
DUE_WINDOWS = (
    (
        "overdue",
        rx(r"\b(?:overdue|past\s+due|late|behind|missed|slipped|miss(?:ed)?\s+(?:any\s+)?(?:deadlines?|due\s+dates?))\b"),
    ),
    (
        "today",
        rx(
            r"\b(?:due|for|on\s+for|scheduled|planned)\s+(?:for\s+)?(?:today|tonight)\b|\btoday'?s\s+(?:tasks|list|todos)\b|"
            r"\bdo\s+today\b|\bon\s+today\b|\b(?:have|got)\s+(?:on\s+|for\s+|to\s+do\s+)?today\b|"
            r"\b(?:plate|agenda|schedule|docket|calendar|list)\s+(?:for\s+)?today\b"
        ),
    ),
    ("this_week", rx(r"\b(?:this|the\s+rest\s+of\s+the)\s+week\b|\b(?:left|due|on)\s+for\s+the\s+week\b")),
    ("upcoming", rx(r"\b(?:upcoming|coming\s+up|due\s+soon|ahead|later|in\s+the\s+future|next\s+few\s+days)\b")),
    (
        "none",
        rx(
            r"\b(?:no|without\s+(?:a|any)?)\s*(?:due\s+)?(?:date|deadline)s?\b|\bundated\b|"
            r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+have\s+(?:a\s+|any\s+)?(?:due\s+)?(?:date|deadline)|"
            r"\b(?:haven'?t|hasn'?t|have\s+not|has\s+not)\s+got\s+(?:a\s+|any\s+)?(?:due\s+)?(?:date|deadline)"
        ),
    ),
)
PRIORITY_FILTERS = (
    ("urgent", rx(r"\burgent\b(?!\s+first)")),
    ("high", rx(r"\b(?:high[\s-]+priority|important)\b(?!\s+(?:first|ones\s+first|stuff\s+first))")),
    ("low", rx(r"\blow[\s-]+priority\b")),
    ("medium", rx(r"\bmedium[\s-]+priority\b")),
)
SORTS = (
    (
        "priority",
        rx(
            r"\b(?:by|on)\s+priority\b|\bmost\s+(?:urgent|important)\b|\b(?:important|urgent|priority)\s+(?:\w+\s+)?first\b|"
            r"\bpriorit(?:y|ies)\s+order\b"
        ),
    ),
    (
        "due",
        rx(
            r"\bby\s+(?:due\s+)?date\b|\bby\s+(?:deadline|due)\b|\b(?:soonest|earliest|deadline)s?\s+first\b|\bdue\s+date\s+order\b|"
            r"\bdue\s+(?:soonest|first|next)\b"
        ),
    ),
    ("created", rx(r"\bby\s+(?:when|creation|created)\b|\boldest\s+first\b")),
)
HASHTAG = rx(r"#([a-z][\w-]{0,31})")
TAGGED = rx(
    r"\b(?:tagged|labell?ed)\s+(?:as\s+|with\s+)?['\"#]?([a-z][\w-]{0,31})|\b(?:with\s+the\s+|under\s+)(?:tag|label)\s+['\"#]?([a-z][\w-]{0,31})|"
    r"\b(?:with|under|in)\s+(?:the\s+|a\s+|my\s+)?['\"#]?([a-z][\w-]{0,31})['\"]?\s+(?:tag|label)\b"
)
# "show my errands": a kind of thing asked for by its name alone, a tag.
SHOW_MY_KIND = rx(r"^(?:show|list|display|see)\s+(?:me\s+)?(?:(?:all\s+)?(?:my|the)\s+)?([a-z][\w-]{1,31})$")
KIND_OF_TASKS = rx(
    r"(?:\b(?:my|the|all|any)\s+|^(?:show|list|display|see|find|get|what|which)\s+(?:me\s+)?)(?!(?:my|the|all|any|me)\b)([a-z][\w-]{1,31})\s+"
    r"(?:tasks|todos|to-dos|items|stuff|things|ones|jobs|errands|list)\b"
)
NOT_TAGS = frozenset({"open", "pending", "done", "completed", "finished", "remaining", "outstanding", "other", "new", "old",
                      "current", "urgent", "important", "overdue", "upcoming", "undone", "unfinished", "incomplete", "recent",
                      "latest", "first", "last", "next", "own", "active", "closed", "ticked", "checked", "recurring", "repeating",
                      "daily", "weekly", "today's", "priority", "high", "low", "due", "late", "many", "few", "the", "a", "of",
                      "my", "your", "our", "all", "these", "those", "them", "any", "every", "more", "some", "todo", "to-do",
                      "task", "whole", "entire", "full", "main"})  # fmt: skip
# What may be left of a part that only plans: "it's", "due", "it has to be done", "instead".
PLAN_LEFTOVER = rx(
    r"(?:it'?s|it\s+is|that'?s|this\s+one'?s|this\s+one\s+is|this\s+is|make\s+it|and|also|with|as|a|is|due|starting|from|it\s+(?:has|needs)\s+to\s+be\s+(?:done|finished)|"
    r"it'?s\s+due|(?:it\s+)?(?:needs|wants)\s+doing|(?:it\s+)?(?:needs|has)\s+to\s+(?:happen|be\s+done)|it\s+(?:has|needs)\s+to\s+be\s+(?:in|handed\s+in|sent|submitted|back|returned|paid|ready)|instead|please|repeat|recur|recurring|a\s+deadline\s+of|deadline|in\s+the\s+morning|same\s+time|now|one|"
    r"that\s+one|do|let'?s\s+do|actually|only|just|very|also\s+it\s+is|(?:it\s+)?(?:needs|has|have)\s+to\s+(?:go\s+out|go\s+in|be\s+\w+|happen|get\s+done)|also\s+it'?s|and\s+it'?s|and\s+it\s+is|make\s+it|make\s+that|"
    r"repeating|recurring|repeats|recurs|happening|going|(?:on\s+)?(?:the\s+)?same\s+day|both|both\s+of\s+them|all\s+of\s+them|"
    r"them\s+all|each|all\s+(?:two|three|four|five)|"
    r"(?:and\s+)?(?:mark|set|make|flag)\s+it(?:\s+(?:as|to))?|which\s+is|which'?s|that\s+is|that'?s\s+on"
    r"|at\s+all|really|though|tho|honestly|i\s+guess|i\s+think|lol|haha|thanks|cheers|for\s+me|then|too|as\s+well|pls|plz)"
    r"(?:\s+(?:it'?s|is|due|please|pls|plz|instead|in\s+the\s+morning|now|only|just|very|and|one|also|at\s+all|really|though|tho|lol|thanks|then|too))*"
)
# A part that only asks for the add ("..., can you add that?").
ADD_REQUEST = rx(
    r"(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?(?:add|put|save|note|jot|write|stick|pop|set)\s+(?:that|it|this)(?:\s+(?:down|on|in|up))?.*|"
    r"(?:please\s+)?(?:add|put|save|note)\s+(?:that|it|this)(?:\s+(?:down|please))?"
    r"|(?:please\s+)?(?:add|put|save|write)\s+(?:that|it|this)\s+(?:in|on|to|onto)\s+(?:the\s+|my\s+)?(?:\w+\s+)?list(?:\s+please)?"
    # "please put in list", "add to my list pls": the request, with what to add left out
    r"|(?:please\s+|pls\s+)?(?:add|put|save|write)\s+(?:(?:it|that|this)\s+)?(?:in|on|to|onto|into)\s+(?:the\s+|my\s+)?(?:\w+\s+)?list(?:\s+(?:please|pls))?"
    # "gotta ring the vet tmrw, stick it on": the request, said as where the thing goes
    r"|(?:stick|pop|put|chuck|throw|bung|whack)\s+(?:it|that|this)\s+(?:on|in|down)(?:\s+(?:the|my)\s+(?:list|tasks|todos))?(?:\s+(?:please|pls|for\s+me))?"
    # "... . add pls": the request alone, after the thing
    r"|(?:please\s+|pls\s+)?(?:add|save)(?:\s+(?:please|pls|plz|thanks|ty))?"
)
# "add that as a task", "add them pls": the thing to add was said in another part of the message.
ADD_THAT = rx(
    r"^(?:(?:can|could|would)\s+(?:you|u)\s+|please\s+|pls\s+)?(?:"
    r"(?:add|put|save|note|make|stick|pop|chuck|throw|set)\s+(?:that|it|this|them|those|these)"
    r"(?:\s+up)?(?:\s+as\s+an?\s+(?:(?:new|repeating|recurring|regular|daily|weekly|monthly|yearly)\s+)*(?:task|todo|reminder|thing))?"
    r"|(?:add|put|save)\s+(?:both|them\s+both|all\s+of\s+them|the\s+two|(?:all|the|these|those)\s+(?:two|three|four|five|[2-9])|them\s+all)"
    r"|(?:add|put|save|write)\s+(?:in|on|to|onto|into)\s+(?:the\s+|my\s+)?(?:\w+\s+)?list"
    r"|add(?=(?:\s+(?:pls|please|plz))?$))"  # "dentist check-up friday 9:15, pls add"
    r"(?:\s+(?:as\s+(?:a\s+)?(?:task|todo|reminder)s?|(?:to|on|in|onto)\s+(?:(?:my|the)\s+)?(?:\w+\s+)?list|down|in))*"
    r"(?:\s+(?:both|all|too))?(?:\s+for\s+me)?(?:\s+(?:pls|please|thanks))?$"
)
# "and the hoovering too": the last request again, for another task.
AGAIN = rx(
    r"^(?:(?:and|also|plus|oh\s+and)\s+(?:also\s+)?|(?=(?:the\s+|my\s+)?\w+(?:\s+(?:one|task))?\s+(?:too|as\s+well)$))"
    r"(?!(?:the\s+|my\s+)?(?:completed|done|finished|pending|open|other)\s+ones\b)"
    r"(?!(?:could|can|would|will|please|pls|you|u|pop|add|put|stick|remind|make|set|mark|delete|remove|how|what|which|any|is|are)\b)"
    r"(?:the\s+|my\s+)?(.+?)"
    r"\s+(?:too|as\s+well|also)$"
)
# "the first and last ones", "the second and third".
ORDINALS_AND = rx(
    r"^(?:the\s+)?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+(?:one\s+)?(?:and|&)\s+(?:the\s+)?"
    r"(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)(?:\s+(?:ones?|tasks?|items?))?$"
)
# A sentence ends at ".", "!" or "?", but not after a title's abbreviation ("Dr. Patel").
SENTENCES = re.compile(
    r"(?<=[.!?])(?<!\b[Dd]r\.)(?<!\b[Mm]r\.)(?<![Mm]rs\.)(?<!\b[Mm]s\.)(?<!\b[Ss]t\.)(?<!\b[Jj]r\.)(?<!\b[Nn]o\.)(?<!\b[Nn]r\.)(?<!\b[Aa]pt\.)"
    r"\s+(?=\S)(?<!\b[Nn]o\.\s)"
)
# A clause that gives an order: it wins over the statements around it ("i cancelled my gym so you can remove that task").
COMMAND = rx(
    r"^(?:delete|remove|cancel|drop|scrap|bin|nix|ditch|get\s+rid\s+of|tick|check|cross|mark|complete|finish|reopen|undo|"
    r"rename|change|update|"
    r"move|push|make|set|add|put|take|clear)\b"
)
# "oh its needed by saturday": the task just talked about, given a date.
# "the MOT needs doing by Friday": a named task's date, said as what it needs.
NAMED_NEEDED_BY = rx(
    r"^(?:the\s+|my\s+)?([^,]+?)\s+(?:needs|has|must|should|wants)\s+(?:to\s+be\s+|be\s+)?(?:doing|done|finishing|finished|sorting|"
    r"sorted|handing\s+in|handed\s+in|sending|sent|paying|paid|booking|booked)\s+(.+)$"
)
NEEDED_BY = rx(
    r"^(?:(?:it'?s|its|it\s+is|that'?s|thats|that\s+is)\s+(?:actually\s+|now\s+)?(?:needed|due|wanted|to\s+be\s+done|for|on|at)|"
    r"(?:it|that|this)\s+(?:needs|has|must|should|wants)\s+(?:to\s+be\s+|be\s+)?(?:doing|done|finishing|finished|sorting|sorted|"
    r"handing\s+in|handed\s+in|sending|sent|paying|paid))\s+(.+)$"
)
# "appointment moved to thursday": a task's date moved, said as news.
MOVED = rx(
    r"^(?:[^,]*,\s*)?(?:the\s+|my\s+)?([^,]+?)\s+(?:has\s+been\s+|was\s+|is\s+|got\s+|'s\s+)?(?:moved|moving|pushed(?:\s+back)?|rescheduled|postponed|changed|"
    r"shifted|brought\s+forward)\s+(?:to|till|until|for)\s+(.+)$"
    # "Hartwell moved our call to 4pm": someone moved the thing, which is named with them ("Hartwell call")
    r"|^([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+(?:has\s+)?(?:moved|pushed(?:\s+back)?|rescheduled|postponed|shifted|changed)\s+"
    r"(?:our|my|the|their)\s+([^,]+?)\s+(?:to|till|until|for)\s+(.+)$"
    r"|^(?:actually\s+)?(?:the\s+|my\s+)?([^,]+?)\s+can\s+wait\s+(?:till|until|to|for)\s+(.+?)"
    r"(?:[\s,]+(?:so\s+)?(?:please\s+)?(?:move|push|change|shift)\s+(?:it|that)(?:\s+please)?)?$"
)
# "saturday not friday": a plan put right.
NOT_THAT = rx(r"^(.+?),?\s+not\s+(.+)$")
# "whats the weather doing": what a todo list cannot answer.
OUT_OF_DOMAIN = rx(
    r"\b(?:weather|forecast|temperature|raining|news|football|score|joke|poem|song|recipe|capital\s+of|translate|stock\s+price|"
    r"bitcoin|horoscope)\b"
)
