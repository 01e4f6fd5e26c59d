"""The grammar's rows: each reads its own examples and none of its not-examples, and the fast path trusts only rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot import evaluate
from chatbot.engine import grammar
from chatbot.engine.understand import parse

EXAMPLES = [(row.name, example) for row in grammar.ROWS for example in row.examples]
NOT_EXAMPLES = [(row.name, example) for row in grammar.ROWS for example in row.not_examples]


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[f"{n}: {e}" for n, e in EXAMPLES])
def test_each_row_reads_its_examples(name, example):
    found = grammar.read_clause(example, vouching=True)
    assert found is not None and found.row.name == name


@pytest.mark.parametrize(("name", "example"), NOT_EXAMPLES, ids=[f"{n}: {e}" for n, e in NOT_EXAMPLES])
def test_no_row_reads_its_not_examples(name, example):
    found = grammar.read_clause(example, vouching=True)
    assert found is None or found.row.name != name


def test_every_row_has_examples_and_compiles():
    assert len({row.name for row in grammar.ROWS}) == len(grammar.ROWS)
    for row in grammar.ROWS:
        assert row.examples, row.name
        assert row.pattern.pattern


def test_templates_compile_optional_words_choices_and_slots():
    row = grammar.Row("t", "complete", "[please] {MARK} {ref} [as] (done|finished) [:]")
    assert row.match("please mark the milk as done") == {"ref": "the milk"}
    assert row.match("mark the milk finished") == {"ref": "the milk"}
    assert row.match("mark done") is None  # a slot is never empty


def test_a_clause_longer_than_any_row_is_not_tried():
    assert grammar.read_clause("mark " + "x " * grammar.LONGEST_CLAUSE + "done") is None


def test_the_reading_names_the_row_that_read_it():
    assert parse("mark the dentist task as done").row == "complete.mark"
    assert parse("move the dentist to friday").row == "update.move"
    assert parse("just called mom, tick it off").row is None  # two clauses: no row says the whole message
    assert parse("the phone bill still isn't paid").row is None


def test_rows_tried_by_first_word_are_every_row_that_says_the_clause():
    # The index only skips rows that cannot match: over every saying of the case files and every row's examples,
    # with their first word in other cases and spellings, it finds exactly the rows a scan of all of them finds.
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "chatbot" / "cases").glob("*.jsonl")) + sorted((root / "tests" / "eval").glob("*.jsonl"))
    sayings = [turn["say"] for case in evaluate.load_cases(files) for turn in case["turns"]]
    examples = [example for row in grammar.ROWS for example in (*row.examples, *row.not_examples)]
    clauses = {c for said in sayings + examples for c in (said, said.upper(), said.title(), f"  {said}", f"- {said}")}
    for clause in clauses:
        every_row = [row.name for row in grammar.ROWS if row.match(clause) is not None]
        assert [row.name for row, _ in grammar._rows_saying(clause)] == every_row, clause
