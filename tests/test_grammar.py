"""The grammar's rows: each reads its own examples and none of its not-examples, and the fast path trusts only rows."""

from __future__ import annotations

import pytest

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
