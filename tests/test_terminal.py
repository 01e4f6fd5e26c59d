"""`chatbot chat`: the reply and each tool call shown as they arrive, the conversation kept and resumable."""

from __future__ import annotations

import io

from chatbot import terminal
from chatbot.auth import mint_token
from tests.conftest import SECRET


def session(client, out, conversation=None):
    return terminal.ChatSession(client, "alice", mint_token(SECRET, "alice"), out, conversation)


def test_a_conversation_in_the_terminal_shows_tool_calls_and_replies_and_keeps_going(client):
    out = io.StringIO()
    chat = session(client, out)
    terminal.run(chat, ["add a task to buy milk", "", "mark it done", "/quit", "never sent"])

    shown = out.getvalue()
    assert '[add_task {"title": "Buy milk"}]' in shown
    assert "created #" in shown and "Added 'Buy milk'" in shown
    assert "[complete_task" in shown and "as done" in shown
    assert "never sent" not in shown
    conversations = client.get("/api/alice/conversations", headers=chat.headers).json()
    assert len(conversations) == 1 and conversations[0]["id"] == chat.conversation_id


def test_a_conversation_can_be_resumed_by_id(client):
    first = session(client, io.StringIO())
    terminal.run(first, ["add a task to water the plants"])

    out = io.StringIO()
    resumed = session(client, out, first.conversation_id)
    terminal.run(resumed, ["delete it"])
    shown = out.getvalue()
    assert f"resuming conversation {first.conversation_id}" in shown
    assert "you> add a task to water the plants" in shown
    assert "Deleted 'Water the plants'" in shown
    assert resumed.conversation_id == first.conversation_id


def test_errors_are_said_plainly(client):
    out = io.StringIO()
    terminal.run(session(client, out, conversation=987654), ["hello"])
    assert "(error 404" in out.getvalue()
    bad = terminal.ChatSession(client, "alice", "not-a-token", out)
    terminal.run(bad, ["hello"])
    assert "(error 401" in out.getvalue()


def test_lists_in_the_terminal_show_due_dates_priorities_and_tags(client):
    out = io.StringIO()
    chat = session(client, out)
    terminal.run(chat, ["add pay rent on 2027-01-05 at 5pm, urgent #home", "show my tasks"])
    shown = out.getvalue()
    assert '"due": "2027-01-05T17:00"' in shown and '"priority": "urgent"' in shown
    listed = next(line for line in shown.splitlines() if "Pay rent (pending" in line)
    assert "due Tue 5 Jan 17:00" in listed and "urgent" in listed and "#home" in listed
