"""Finding the task a person means from a few of its words, forgiving stems and small typos."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

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
            if suffix in ("ing", "ed") and _SHORT_E_DROPPED.fullmatch(word):
                word += "e"  # "raking", "baked": the "e" of "rake", "bake" comes back
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiosl":
        word = word[:-1]  # "shopp" from "shopping" meets "shop"
    return word


# A stem of three letters, one vowel between consonants, that lost its "e" to "-ing" or "-ed".
_SHORT_E_DROPPED = re.compile(r"[bcdfghjklmnpqrstvz][aeiou][bcdfgklmnprstvz]")


def words(text: str, *, stemmed: bool = True) -> list[str]:
    """The meaningful stems of `text`, a synonym as the word it stands for ("phoned mum" meets "Call mom")."""
    return list(_words(text, stemmed))


@functools.lru_cache(maxsize=4096)
def _words(text: str, stemmed: bool) -> tuple[str, ...]:
    # A reading looks up the same titles many times (one `find` a way of saying the task): each is split once.
    lowered = _TWO_WORD_SYNONYMS.sub(lambda found: SYNONYMS[found.group(0)], text.lower())
    found = (_POSSESSIVE.sub("", w) for w in _WORD.findall(lowered))  # "bathroom's" meets "bathroom"
    said = ((stem if stemmed else str)(SYNONYMS.get(w, w)) for w in found if w and w not in _STOPWORDS and not _slipped_noun(w))
    return tuple(w for w in said if w not in _STOPWORDS)  # "marking" is "mark", a word that names no task


def _slipped_noun(word: str) -> bool:
    """ "tsak", "taks", "tsk": "task" slipped by a letter, a word that names no task (real words near it are kept)."""
    if not 3 <= len(word) <= 6 or word in _NEAR_TASK or word in _STOPWORDS:
        return False
    if "".join(sorted(word)) in ("akst", "akss"):
        return True
    return word[0] == "t" and (_within_one_edit(word, "task") or _within_one_edit(word, "tasks"))


# Words one slip from "task" that are words of their own: "the fish tank" names a tank.
_NEAR_TASK = frozenset(
    {"skat", "kats", "tank", "talk", "tack", "tusk", "tas", "tasty", "tanks", "talks", "tacks", "tusks", "tasse"}
)


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
    # A slip is looked for in words of a person's length: longer ones meet only as written, or the check of one pair
    # would cost as much as a whole list.
    return 4 <= min(len(a), len(b)) and max(len(a), len(b)) <= _LONGEST_WORD and _within_one_edit(a, b)


_LONGEST_WORD = 24
# A task is named by its title and the start of its notes: a long note is read no further, whatever the list holds.
_NOTES_READ = 200
# A sentence of more different words than this names no task in passing (the case files' longest has 29).
_MOST_SAID = 40


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
    lookup = _lookup(tuple(task["title"] + " " + (task.get("description") or "")[:_NOTES_READ] for task in tasks), stemmed)
    near = {needle: lookup.near(needle) for needle in needles}
    scored = []
    for task, hay, said in zip(tasks, lookup.words, lookup.sets, strict=True):
        hits = sum(1 for n in needles if not near[n].isdisjoint(said))
        if hits and as_noun and _only_its_verb(near[needles[0]], needles, hay):
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


def _only_its_verb(near: set[str], needles: list[str], hay: tuple[str, ...]) -> bool:
    """Whether the one word said (`near`: the words close to it) meets only the title's first word, a verb ("book" in
    "Book the vet")."""
    return len(needles) == 1 and len(hay) >= 2 and hay[0] in _VERBS and near.isdisjoint(hay[1:]) and hay[0] in near


class _Lookup:
    """The words of a list's tasks, and for a word said, the ones close to it (`_close`) without trying each in turn:
    a list of 200 tasks with long notes costs a lookup in C, not 200 x 40 comparisons in Python per word."""

    def __init__(self, texts: tuple[str, ...], stemmed: bool):
        self.words = [_words(text, stemmed) for text in texts]
        self.sets = [frozenset(said) for said in self.words]
        self.vocabulary = sorted(set().union(*self.sets))
        self._known = frozenset(self.vocabulary)
        self._slips = [word for word in self.vocabulary if 4 <= len(word) <= _LONGEST_WORD + 1]
        self._near: dict[str, frozenset[str]] = {}

    def near(self, word: str) -> frozenset[str]:
        """The list's words `_close` to `word`."""
        if (found := self._near.get(word)) is None:
            found = self._near[word] = frozenset(self._close_to(word))
        return found

    def _close_to(self, word: str) -> set[str]:
        found = {word} & self._known
        if len(word) == 3 and word + word[-1] in self._known:
            found.add(word + word[-1])  # "bil" for "bill"
        if len(word) == 4 and word[-1] == word[-2] and word[:-1] in self._known:
            found.add(word[:-1])
        if len(word) >= 4:
            start = bisect.bisect_left(self.vocabulary, word)
            found.update(itertools.takewhile(lambda w: w.startswith(word), self.vocabulary[start:]))  # "groc" "groceries"
            found.update(word[:end] for end in range(4, len(word)) if word[:end] in self._known)
        if 4 <= len(word) <= _LONGEST_WORD + 1:
            slips = process.extract(word, self._slips, scorer=OSA.distance, score_cutoff=1, limit=None)
            found.update(slip for slip, _, _ in slips if _close(word, slip))
        return found


@functools.lru_cache(maxsize=16)
def _lookup(texts: tuple[str, ...], stemmed: bool) -> _Lookup:
    # One reading looks the same list up many times (each way of saying the task; stems, then words as typed).
    return _Lookup(texts, stemmed)


def named_in(sentence: str, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The one task whose whole title the sentence says, among other words ("oops, I didn't pay rent yet").

    A last resort after `find`: several such tasks, or a title of one word, name nothing for sure.
    """
    said = set(_words(sentence, True))
    if len(said) > _MOST_SAID:
        return []
    lookup = _lookup(tuple(task["title"] for task in tasks), True)
    meets = set().union(*(lookup.near(word) for word in said))  # the title words some said word is close to
    named = [t for t, title in zip(tasks, lookup.words, strict=True) if len(title) >= 2 and meets.issuperset(title)]
    return named if len(named) == 1 else []
