"""Finding the task a person means: the lookup finds what comparing every pair of words finds, in bounded time."""

from __future__ import annotations

import random
import string
from pathlib import Path

from chatbot import evaluate
from chatbot.engine import matching

ROOT = Path(__file__).resolve().parent.parent


def _case_titles() -> list[str]:
    files = sorted((ROOT / "chatbot" / "cases").glob("*.jsonl")) + sorted((ROOT / "tests" / "eval").glob("*.jsonl"))
    cases = evaluate.load_cases(files)
    return sorted({task["title"] for case in cases for task in case.get("tasks", [])})


def _slips(word: str) -> list[str]:
    """The word, and it with a letter left out, doubled, swapped or changed, cut short, or made longer."""
    out = [word, word[:-1], word + "s", word + "ing", word[:4], word[:3]]
    out += [word[:i] + word[i + 1 :] for i in range(len(word))]
    out += [word[:i] + word[i] + word[i:] for i in range(len(word))]
    out += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    out += [word[:i] + "x" + word[i + 1 :] for i in range(len(word))]
    return [slip for slip in out if slip]


def test_the_words_close_to_a_word_are_the_ones_comparing_each_pair_finds():
    titles = _case_titles()
    for stemmed in (True, False):
        lookup = matching._Lookup(tuple(titles), stemmed)
        said = sorted({slip for title in titles for word in matching.words(title, stemmed=stemmed) for slip in _slips(word)})
        for word in random.Random(7).sample(said, 400):
            assert lookup.near(word) == {known for known in lookup.vocabulary if matching._close(word, known)}, word


def test_a_task_is_found_by_its_words_with_slips_and_stems():
    tasks = [
        {"id": 1, "title": "Pay the electricity bill"},
        {"id": 2, "title": "Book the vet"},
        {"id": 3, "title": "Buy groceries"},
    ]
    assert [t["id"] for t in matching.find("electrcity", tasks)] == [1]  # a letter left out
    assert [t["id"] for t in matching.find("the groc shopping", tasks)] == []  # "shopping" is in no title
    assert [t["id"] for t in matching.find("grocery", tasks)] == [3]  # a stem
    assert [t["id"] for t in matching.find("bil", tasks)] == [1]  # a doubled letter typed once
    assert matching.find("my book", tasks, as_noun=True) == []  # a thing, not the title's verb
    assert [t["id"] for t in matching.named_in("oops I didn't pay the electricity bill yet", tasks)] == [1]


def test_a_long_list_with_long_notes_is_looked_up_in_bounded_work(monkeypatch):
    chance = random.Random(5)

    def word() -> str:
        return "".join(chance.choice(string.ascii_lowercase) for _ in range(chance.randint(4, 9)))

    tasks = [
        {"id": n, "title": " ".join(word() for _ in range(8)), "description": " ".join(word() for _ in range(250))}
        for n in range(200)
    ]
    compared = 0
    close = matching._close

    def counted(a: str, b: str) -> bool:
        nonlocal compared
        compared += 1
        return close(a, b)

    monkeypatch.setattr(matching, "_close", counted)
    for phrase in ("delete " * 140, " ".join(word() for _ in range(150))):
        matching.find(phrase, tasks)
        matching.named_in(phrase, tasks)
        matching.find(" ".join(phrase.split()[:8]), tasks)
    # Pairwise this was ~460,000 typo checks in Python, seconds with every other user waiting; the lookup checks
    # only the words it found near each one said.
    assert compared < 2_000


def test_the_word_task_with_two_letters_swapped_names_no_task():
    tasks = [{"id": 1, "title": "Go to the gym"}, {"id": 2, "title": "Meal prep"}]
    assert [t["id"] for t in matching.find("gym taks", tasks)] == [1]


def test_a_doing_word_meets_the_title_it_starts():
    tasks = [{"id": 1, "title": "Bake the cake"}, {"id": 2, "title": "Mark the essays"}, {"id": 3, "title": "Buy eggs"}]
    assert [t["id"] for t in matching.find("baking the cake", tasks)] == [1]
    assert [t["id"] for t in matching.find("marking the essays", tasks)] == [2]
