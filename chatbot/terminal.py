"""`chatbot chat`: talk to a running server from the terminal, the reply streaming in as it is written."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

import httpx

from chatbot import replies

HELP = "Type a message and press Enter. /new starts a new conversation, /quit (or Ctrl-D) leaves."


class ChatSession:
    """One person's conversation with the server, kept across lines and resumable by id."""

    def __init__(self, client: httpx.Client, user_id: str, token: str, out: TextIO, conversation_id: int | None = None):
        self.client = client
        self.user_id = user_id
        self.headers = {"Authorization": f"Bearer {token}"}
        self.out = out
        self.conversation_id = conversation_id

    def resume(self, last: int = 6) -> None:
        """Show the end of the conversation being resumed."""
        response = self.client.get(f"/api/{self.user_id}/conversations/{self.conversation_id}/messages", headers=self.headers)
        if response.status_code != 200:
            self._say_error(response)
            self.conversation_id = None
            return
        spoken = [m for m in response.json() if m["role"] in ("user", "assistant") and m["content"]]
        self.out.write(f"(resuming conversation {self.conversation_id})\n")
        for message in spoken[-last:]:
            self.out.write(f"{'you' if message['role'] == 'user' else 'bot'}> {message['content']}\n")

    def send(self, message: str) -> None:
        """Send one turn and print what happens as it happens."""
        body: dict[str, Any] = {"message": message}
        if self.conversation_id is not None:
            body["conversation_id"] = self.conversation_id
        with self.client.stream("POST", f"/api/{self.user_id}/chat", json=body, headers=self.headers) as response:
            if response.status_code != 200:
                response.read()
                self._say_error(response)
                return
            self.out.write("bot> ")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    self._show(json.loads(line[len("data: ") :]))
        self.out.write("\n")
        self.out.flush()

    def _show(self, event: dict[str, Any]) -> None:
        if "content" in event:
            self.out.write(event["content"])
        elif "tool_call" in event:
            call = event["tool_call"]
            self.out.write(f"\n  [{call['name']} {json.dumps(call['arguments'])}]\n     ")
        elif "tool_result" in event:
            result = event["tool_result"]["result"]
            summary = result.get("error") if isinstance(result, dict) and "error" in result else _summary(result)
            self.out.write(f"  -> {summary}\nbot> ")
        elif "done" in event:
            self.conversation_id = event["conversation_id"]
        elif "error" in event:
            self.out.write(f"\n(error: {event['error']['message']})")
        self.out.flush()

    def _say_error(self, response: httpx.Response) -> None:
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = response.text[:200]
        self.out.write(f"(error {response.status_code}: {message})\n")
        self.out.flush()


def run(session: ChatSession, lines: Iterable[str] | None = None, prompt: Callable[[str], str] = input) -> None:
    """Read lines (from `lines`, or the keyboard) and send each one, until /quit or the end of input."""
    session.out.write(HELP + "\n")
    if session.conversation_id is not None:
        session.resume()
    source = iter(lines) if lines is not None else None
    while True:
        try:
            line = next(source) if source is not None else prompt("you> ")
        except (StopIteration, EOFError, KeyboardInterrupt):
            session.out.write("\n")
            return
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return
        if line == "/new":
            session.conversation_id = None
            session.out.write("(new conversation)\n")
            continue
        try:
            session.send(line)
        except httpx.HTTPError as error:
            session.out.write(f"(cannot reach the server: {error})\n")


def _summary(result: Any) -> str:
    if isinstance(result, list):
        # Each task on a line of its own, with its plans: "#4 Pay rent (pending, due Fri 27 Nov 17:00, urgent, #home)".
        lines = [
            f"\n     #{t['id']} {t['title']} ({'done' if t.get('completed') else 'pending'}{replies.plans(t)})"
            for t in result
            if isinstance(t, dict) and "id" in t
        ]
        return f"{len(result)} task(s)" + "".join(lines)
    if isinstance(result, dict) and "task_id" in result:
        return f"{result.get('status')} #{result['task_id']} {result.get('title', '')}"
    return json.dumps(result)[:120]
