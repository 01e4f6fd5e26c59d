"""Checks on the text people send, shared by the REST API, the chat route and the tools."""

from __future__ import annotations

from chatbot.errors import Unprocessable

MAX_MESSAGE = 5000
MAX_TITLE = 200
MAX_DESCRIPTION = 1000


def clean_text(field: str, value: str, limit: int, *, allow_blank: bool = False) -> str:
    """`value` trimmed; 422 when blank, longer than `limit`, or holding a character PostgreSQL refuses."""
    text = value.strip()
    if not text and not allow_blank:
        raise Unprocessable(f"The {field} must not be blank.")
    if len(text) > limit:
        raise Unprocessable(f"The {field} must be at most {limit} characters.")
    if "\x00" in text:
        raise Unprocessable(f"The {field} must not contain a NUL character.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Unprocessable(f"The {field} holds a character that is not valid text.") from None
    return text


def clean_description(value: str | None) -> str | None:
    """A description trimmed, with blank meaning none."""
    if value is None:
        return None
    return clean_text("description", value, MAX_DESCRIPTION, allow_blank=True) or None


def digits(text: str) -> bool:
    """Whether `text` is a whole number in ASCII digits ("²" and "٣" are digits to `str.isdigit`, not to us)."""
    return text.isascii() and text.isdigit()


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
