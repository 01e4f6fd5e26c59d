"""The offline engine's first stages: misspelt command words mended, never a title; lists split into items."""

from __future__ import annotations

import pytest

from chatbot.engine.reading import mend_commands, normalize, split_items
from chatbot.engine.understand import parse


@pytest.mark.parametrize(
    "said, meant",
    [
        ("remvoe buy milk", "remove buy milk"),
        ("lsit my tasks", "list my tasks"),
        ("add a tsak to water the lawn", "add a task to water the lawn"),
        ("mark task 5 as doen", "mark task 5 as done"),
        ("ad a task to buy tape", "add a task to buy tape"),
        ("waht's on my list now", "what's on my list now"),
        ("remnd me to defrost the chicken", "remind me to defrost the chicken"),
    ],
)
def test_a_misspelt_command_word_is_mended(said, meant):
    assert mend_commands(said) == meant


@pytest.mark.parametrize(
    "said",
    ["add a task to fix the remvoe button", "lost my keys", "lists are great", "dad called", "that's done", "shop for milk"],
)
def test_titles_and_real_words_are_never_corrected(said):
    assert mend_commands(said) == said


@pytest.mark.parametrize(
    "text, items",
    [
        ("milk, eggs and bread", ["milk", "eggs", "bread"]),
        ("salt and pepper", ["salt and pepper"]),
        ("buy milk and call mom", ["buy milk", "call mom"]),
        ("3 tasks: laundry, dishes, vacuum", ["laundry", "dishes", "vacuum"]),
        ("call the bank; renew my passport", ["call the bank", "renew my passport"]),
        ("research flights to Rome and Paris", ["research flights to Rome and Paris"]),
    ],
)
def test_a_message_splits_into_the_things_it_lists(text, items):
    assert split_items(text) == items


def test_symbols_go_and_lines_stay():
    assert normalize("Finished:  submit the form \u2714\n\n- next") == "Finished: submit the form\n- next"


def test_a_count_before_a_list_is_not_a_task():
    intent = parse("add 3 tasks: laundry, dishes, vacuum")
    assert intent.kind == "add" and intent.items == ["Laundry", "Dishes", "Vacuum"]


def test_a_bulleted_list_under_a_heading_is_one_task_per_line():
    intent = parse("new tasks:\n\u2022 renew gym membership\n\u2022 cancel netflix")
    assert intent.kind == "add" and intent.items == ["Renew gym membership", "Cancel netflix"]


@pytest.mark.parametrize(
    "text", ["Move it to TUESDAY", "URGENT: call mum", "every Monday", "Tag it WORK", "ſunday 5pm", "Ķelvin at 9", "HALF 3"]
)
def test_a_gate_opens_whenever_its_words_are_there_in_any_case(text):
    from chatbot.engine import slots
    from chatbot.engine.lexicon import rx

    gates = [
        slots._MAYBE_DATE,
        slots._MAYBE_REPEAT,
        slots._MAYBE_TIME,
        slots._MAYBE_PRIORITY,
        slots._MAYBE_TAG,
        slots._MAYBE_HALF,
    ]
    for gate in gates:
        assert gate(text) == bool(rx(gate._lowered.pattern).search(text)), (gate._lowered.pattern, text)
