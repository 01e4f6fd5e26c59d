"""Named queries: parsed once, and a mistake in a file fails at load time."""

from __future__ import annotations

import pytest

from chatbot.sql import QueryFileError, parse, queries


def test_every_query_file_loads_with_unique_names():
    loaded = queries()
    assert {"add_task", "list_tasks", "add_message", "continue_conversation", "ensure_user"} <= set(loaded)
    assert all("-- name" not in sql for sql in loaded.values())


# Signing in finds the account by its email: that is how the user id is learnt in the first place.
BY_EMAIL = {"create_account", "account_by_email", "claim_sign_in_attempt", "sign_in_wait", "sign_in_succeeded"}
# Upkeep across users that reads nothing and answers no one: forgetting live events and webhook deliveries.
UPKEEP = {"prune_task_events", "prune_reminder_webhooks"}


def test_every_query_on_user_data_filters_by_user():
    for name, sql in queries().items():
        if name not in BY_EMAIL | UPKEEP:
            assert "user_id" in sql, f"{name} does not mention user_id"


def test_a_duplicate_or_stray_sql_is_rejected():
    with pytest.raises(QueryFileError):
        parse("SELECT 1;\n-- name: a\nSELECT 2;", "x.sql")
    with pytest.raises(QueryFileError):
        parse("-- name: a\n-- only a comment\n", "x.sql")
    assert parse("-- name: a\n-- what it does\nSELECT 1;\n\n-- name: b\nSELECT 2;", "x.sql") == [
        ("a", "SELECT 1"),
        ("b", "SELECT 2"),
    ]
