"""Better Auth's own credentials sent as the bearer token: its signed session cookie, and its cookie cache.

The formats are those of better-auth 1.7 and better-call 1.4 (tests/test_better_auth.py runs the real package):

- `better-auth.session_token` is `${token}.${signature}`, URL-encoded, the signature being the standard base64 (44
  characters, padded) of HMAC-SHA256(BETTER_AUTH_SECRET, token); the token is a row of the `session` table.
- `better-auth.session_data`, the cookie cache, holds `{session, user, updatedAt, version}`: with the "jwt" strategy as
  an HS256 JWT signed with the secret; with the "compact" one (the default) as the base64url of
  `{"session": <that>, "expiresAt": <ms>, "signature": <base64url HMAC-SHA256 of JSON.stringify({...that, expiresAt})>}`.
  (The "jwe" strategy encrypts it; that one is not accepted.)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

from chatbot.db import DATABASE_ERRORS
from chatbot.errors import DatabaseUnavailable, Unauthorized

log = logging.getLogger("chatbot.auth")

# A looked-up session is trusted this long (never past its expiry): signing out elsewhere takes up to this to count here.
SESSION_CACHE_SECONDS = 30.0
SESSION_CACHE_SIZE = 10_000
# Better Auth's tokens are 32 characters; anything much longer is not one, and is not sent to the database.
MAX_SESSION_TOKEN = 512
# The base64 of an HMAC-SHA256, as better-call writes it (and insists on when it reads one).
SIGNATURE_LENGTH = 44


@dataclass(frozen=True)
class SessionTable:
    """Where Better Auth keeps its sessions: Better Auth's names by default (BETTER_AUTH_SESSION_TABLE and the like)."""

    table: str = "session"
    token: str = "token"
    user: str = "userId"
    expires: str = "expiresAt"

    def query(self) -> sql.Composed:
        # Names quoted as identifiers (Better Auth's are camelCase), the token a parameter.
        return sql.SQL("SELECT {user}, {expires} FROM {table} WHERE {token} = %s LIMIT 1").format(
            user=sql.Identifier(self.user),
            expires=sql.Identifier(self.expires),
            table=sql.Identifier(self.table),
            token=sql.Identifier(self.token),
        )


def signed_token(value: str, secret: str) -> str | None:
    """The session token of a `better-auth.session_token` value (`token.signature`, already URL-decoded);
    None unless the signature is the secret's."""
    token, dot, signature = value.rpartition(".")
    if not dot or not token or len(token) > MAX_SESSION_TOKEN or len(signature) != SIGNATURE_LENGTH:
        return None
    try:
        given = base64.b64decode(signature, validate=True)
        expected = hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()
    except (binascii.Error, ValueError):
        return None
    return token if hmac.compare_digest(given, expected) else None


def sign(token: str, secret: str) -> str:
    """`token.signature`, as Better Auth signs its session cookie (before URL-encoding)."""
    signature = hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()
    return f"{token}.{base64.b64encode(signature).decode()}"


class SessionStore:
    """Which user a Better Auth session token belongs to, and until when: its `session` table, read through a short cache.

    The pool is given once the app's lifespan has opened it (`store.pool = pool`); a connection is held for the
    lookup alone.
    """

    def __init__(
        self,
        table: SessionTable = SessionTable(),
        *,
        cache_seconds: float = SESSION_CACHE_SECONDS,
        cache_size: int = SESSION_CACHE_SIZE,
    ):
        self.table = table
        self.query = table.query()
        self.pool: AsyncConnectionPool | None = None
        self.cache_seconds = cache_seconds
        self.cache_size = cache_size
        # token -> (user, expires at (epoch seconds), trusted until (monotonic)); oldest first.
        self.cache: dict[str, tuple[Any, float, float]] = {}

    async def user_of(self, token: str) -> Any:
        """The user of a (verified) session token: 401 when there is no such session or it has expired."""
        found = await self._lookup(token)
        if found is None:
            raise Unauthorized("This Better Auth session does not exist (signed out?); sign in again.", code="invalid_token")
        user, expires_at = found
        if expires_at <= time.time():
            self.cache.pop(token, None)
            raise session_expired()
        return user_text(user)

    async def _lookup(self, token: str) -> tuple[Any, float] | None:
        hit = self.cache.get(token)
        if hit is not None and hit[2] > time.monotonic():
            return hit[0], hit[1]
        row = await self._fetch(token)
        if row is None:
            self.cache.pop(token, None)
            return None
        user, expires = row
        expires_at = epoch_seconds(expires)
        if expires_at is None:
            log.warning(
                "a Better Auth session's expiry is not a time; is BETTER_AUTH_EXPIRES_COLUMN right?",
                extra={"column": self.table.expires, "type": type(expires).__name__},
            )
            return None
        if expires_at > time.time():
            self.cache.pop(token, None)
            while len(self.cache) >= self.cache_size:
                del self.cache[next(iter(self.cache))]
            self.cache[token] = (user, expires_at, time.monotonic() + self.cache_seconds)
        return user, expires_at

    async def _fetch(self, token: str) -> tuple[Any, Any] | None:
        if self.pool is None:
            raise DatabaseUnavailable()
        try:
            async with self.pool.connection() as conn, conn.cursor(row_factory=tuple_row) as cursor:
                await cursor.execute(self.query, (token,))
                return await cursor.fetchone()
        except DATABASE_ERRORS:
            raise  # the database away: the usual 503
        except psycopg.Error as error:
            # No session table (Better Auth is elsewhere, or not used) or other names: then this is no session token.
            log.warning(
                "could not look a Better Auth session up; are BETTER_AUTH_SESSION_TABLE and its columns right?",
                extra={"table": self.table.table, "error": str(error)[:200]},
            )
            return None


def compact_cache_user(value: str, secret: str) -> Any:
    """The user of a `better-auth.session_data` value of the "compact" strategy; 401 unless it is one, signed and current."""
    try:
        document = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError, RecursionError):  # "[[[[...": nested past what the reader follows
        raise invalid() from None
    if not isinstance(document, dict) or set(document) != {"session", "expiresAt", "signature"}:
        raise invalid()
    payload, expires_at, signature = document["session"], document["expiresAt"], document["signature"]
    if not isinstance(payload, dict) or not _is_number(expires_at) or not isinstance(signature, str):
        raise invalid()
    # What Better Auth signed: JSON.stringify of the payload with expiresAt added, which json.dumps writes alike.
    try:
        signed = json.dumps({**payload, "expiresAt": expires_at}, separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, UnicodeEncodeError, RecursionError):
        raise invalid() from None
    expected = base64.urlsafe_b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).rstrip(b"=")
    if not hmac.compare_digest(signature.encode(), expected):
        raise invalid()
    if expires_at / 1000 <= time.time():
        raise session_expired()
    return cached_session_user(payload)


def cached_session_user(payload: Any) -> Any:
    """The user of a verified cookie-cache payload (`{session, user, ...}`): `session.userId`, while the session lasts."""
    session = payload.get("session") if isinstance(payload, dict) else None
    if not isinstance(session, dict) or not isinstance(payload.get("user"), dict):
        raise invalid()
    expires_at = epoch_seconds(session.get("expiresAt"))
    if expires_at is None:
        raise invalid()
    if expires_at <= time.time():
        raise session_expired()
    return user_text(session.get("userId"))


def user_text(value: Any) -> Any:
    """A user id from a database row as text: Better Auth's ids are text, or numbers and UUIDs when so configured."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def epoch_seconds(value: Any) -> float | None:
    """A time from the database (timestamptz, or a timestamp taken as UTC) or from JSON (ISO 8601), as epoch seconds."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def session_expired() -> Unauthorized:
    return Unauthorized("Your Better Auth session has expired; sign in again.", code="token_expired")


def invalid() -> Unauthorized:
    return Unauthorized("The token is missing, malformed or not signed by this service.", code="invalid_token")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
