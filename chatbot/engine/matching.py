"""Finding the task a person means from a few of its words, forgiving stems and small typos."""

from __future__ import annotations

import re
from typing import Any

from chatbot.engine.lexicon import ITEM_VERBS, PAST_TENSE, SYNONYMS

# The verbs a title may start with, as stems.
_VERBS = frozenset(ITEM_VERBS) | frozenset(PAST_TENSE.values())

_STOPWORDS = {
    "the",
    "by",
    "a",
    "an",
    "my",
    "to",
    "of",
    "for",
    "and",
    "on",
    "in",
    "at",
    "with",
    "task",
    "todo",
    "item",
    "one",
    "that",
    "this",
    "about",
    "from",
    "up",
    "i",
    "me",
    "it",
    "just",
    "already",
    "now",
    "finally",
    "actually",
    "really",
    "ok",
    "okay",
    "so",
    "well",
    "is",
    "are",
    "was",
    "were",
    "been",
    "have",
    "has",
    "had",
    "am",
    "done",
    "finished",
    "please",
    "them",
    "off",
    "tick",
    "mark",
    "job",
    "thing",
    "stuff",
    "all",
    "both",
}


# The most words a phrase naming a task has.
MOST_WORDS = 16


def stem(word: str) -> str:
    """A crude English stem: enough to make 'calling', 'called' and 'calls' meet 'call'."""
    word = word.lower()
    if word in PAST_TENSE:
        return PAST_TENSE[word]
    for suffix, keep in (("ation", "ate"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiosl":
        word = word[:-1]  # "shopp" from "shopping" meets "shop"
    return word


def words(text: str, *, stemmed: bool = True) -> list[str]:
    """The meaningful stems of `text`, a synonym as the word it stands for ("phoned mum" meets "Call mom")."""
    lowered = _TWO_WORD_SYNONYMS.sub(lambda found: SYNONYMS[found.group(0)], text.lower())
    found = (_POSSESSIVE.sub("", w) for w in _WORD.findall(lowered))  # "bathroom's" meets "bathroom"
    return [(stem if stemmed else str)(SYNONYMS.get(w, w)) for w in found if w and w not in _STOPWORDS]


_WORD = re.compile(r"[\w'-]+")
_POSSESSIVE = re.compile(r"'s?$")


_TWO_WORD_SYNONYMS = re.compile("|".join(re.escape(words) for words in SYNONYMS if " " in words))


def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) == 3 and len(long_) == 4 and long_[-1] == long_[-2] and long_[:-1] == short:
        return True  # "bil" for "bill": a doubled letter typed once
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    return min(len(a), len(b)) >= 4 and _within_one_edit(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 or (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def find(phrase: str, tasks: list[dict[str, Any]], *, as_noun: bool = False) -> list[dict[str, Any]]:
    """The tasks `phrase` fits best: an exact title wins; otherwise every word must meet the title.

    `as_noun`: the phrase names a thing ("my book"), which a title's leading verb ("Book the vet") is not.
    """
    wanted = phrase.strip().lower()
    exact = [t for t in tasks if t["title"].strip().lower() == wanted]
    if exact:
        return exact
    # Stems first; then the words as typed, where a slip and a stem can miss each other ("clas" is not "class"'s stem).
    return _best(phrase, tasks, as_noun=as_noun, stemmed=True) or _best(phrase, tasks, as_noun=as_noun, stemmed=False)


def _best(phrase: str, tasks: list[dict[str, Any]], *, as_noun: bool, stemmed: bool) -> list[dict[str, Any]]:
    needles = words(phrase, stemmed=stemmed)
    if not needles or len(needles) > MOST_WORDS:
        return []  # more words than any name has: no task is named so, and a long message costs no more to look up
    scored = []
    for task in tasks:
        hay = words(task["title"] + " " + (task.get("description") or ""), stemmed=stemmed)
        hits = sum(1 for n in needles if any(_close(n, h) for h in hay))
        if hits and as_noun and _only_its_verb(needles, hay):
            continue  # "finished my book" is not "Book the vet": one word that is the title's verb names a thing, not it
        if hits == len(needles):
            title_words = words(task["title"], stemmed=stemmed) or [""]
            scored.append((hits / len(title_words), task))
        elif hits and hits >= len(needles) - 1 and len(needles) >= 3:
            scored.append((hits / len(needles) / 2, task))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    # A task whose title the phrase covers entirely beats ones it only brushes.
    if best >= 1.0:
        return [task for score, task in scored if score >= 1.0]
    return [task for _, task in scored]


def _only_its_verb(needles: list[str], hay: list[str]) -> bool:
    """Whether the one word said meets only the title's first word, a verb ("book" in "Book the vet")."""
    return (
        len(needles) == 1
        and len(hay) >= 2
        and hay[0] in _VERBS
        and not any(_close(needles[0], h) for h in hay[1:])
        and _close(needles[0], hay[0])
    )


def named_in(sentence: str, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The one task whose whole title the sentence says, among other words ("oops, I didn't pay rent yet").

    A last resort after `find`: several such tasks, or a title of one word, name nothing for sure.
    """
    said = words(sentence)
    named = [t for t in tasks if len(title := words(t["title"])) >= 2 and all(any(_close(w, s) for s in said) for w in title)]
    return named if len(named) == 1 else []
