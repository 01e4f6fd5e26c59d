"""Checks on the text people send, shared by the REST API, the chat route and the tools."""

from __future__ import annotations

import re

from chatbot.errors import Unprocessable

MAX_MESSAGE = 5000
MAX_TITLE = 200
MAX_DESCRIPTION = 1000


# Control characters (tab and line breaks aside) and the marks that turn text's direction around (U+202E shows
# "gpj.exe" as "exe.jpg"): no task or message needs them, and they make what a person reads differ from what is stored.
_HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters that take no room: a text of only these is as blank as one of spaces.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def clean_text(field: str, value: str, limit: int, *, allow_blank: bool = False) -> str:
    """`value` trimmed; 422 when blank (or only invisible), longer than `limit`, or holding a control or
    text-direction character (NUL among them, which PostgreSQL refuses)."""
    text = value.strip()
    if not text.strip(_INVISIBLE).strip() and not allow_blank:
        raise Unprocessable(f"The {field} must not be blank.")
    if len(text) > limit:
        raise Unprocessable(f"The {field} must be at most {limit} characters.")
    if found := _HIDDEN.search(text):
        what = "a NUL character" if found.group(0) == "\x00" else f"the control character U+{ord(found.group(0)):04X}"
        raise Unprocessable(f"The {field} must not contain {what}.")
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
