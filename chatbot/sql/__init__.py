"""Named SQL queries from the `.sql` files beside this module, parsed once."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_NAME = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


class QueryFileError(Exception):
    """A query file names a query twice, or holds SQL outside a named query."""


@cache
def queries() -> dict[str, str]:
    """Every named query, by name; a duplicate or stray SQL fails here, at first load."""
    found: dict[str, str] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            for name, sql in parse(entry.read_text(encoding="utf-8"), entry.name):
                if name in found:
                    raise QueryFileError(f"query {name!r} is defined twice (again in {entry.name})")
                found[name] = sql
    return found


def parse(text: str, source: str) -> list[tuple[str, str]]:
    """Split a file into `(name, sql)` pairs at its `-- name:` lines, dropping comment lines."""
    parts = _NAME.split(text)
    if _strip_comments(parts[0]):
        raise QueryFileError(f"{source} has SQL before its first '-- name:' line")
    pairs = []
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        sql = _strip_comments(body)
        if not sql:
            raise QueryFileError(f"query {name!r} in {source} is empty")
        pairs.append((name, sql))
    return pairs


def _strip_comments(body: str) -> str:
    lines = [line for line in body.splitlines() if not line.lstrip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";")
