"""Local accounts for running without Better Auth: email and password, scrypt hashes, slowed guessing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import anyio
from psycopg import AsyncConnection

from chatbot.db import execute, fetch_one
from chatbot.errors import Conflict, TooManyRequests, Unauthorized, Unprocessable

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Hashed for an unknown email too, so a wrong email costs as long as a wrong password.
_DECOY = "scrypt$16384$8$1$" + base64.b64encode(b"decoy-salt-16byt").decode() + "$" + base64.b64encode(b"\0" * 32).decode()


@dataclass
class Credentials:
    email: str
    password: str


def credentials(data: dict) -> Credentials:
    """Email and password from a request body; 422 when they cannot be an account's."""
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise Unprocessable("Send an email and a password, both as strings.")
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise Unprocessable("That does not look like an email address.")
    if not 8 <= len(password) <= 128 or "\x00" in password:
        raise Unprocessable("The password must be 8 to 128 characters long.")
    return Credentials(email, password)


def hash_password(password: str) -> str:
    """A salted scrypt hash, with its parameters, as one string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def password_matches(password: str, stored: str) -> bool:
    """Whether `password` hashes to `stored`, compared in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


async def register(conn: AsyncConnection, given: Credentials) -> str:
    """Create an account and return its user id; 409 when the email already has one."""
    password_hash = await anyio.to_thread.run_sync(hash_password, given.password)
    user_id = "u_" + secrets.token_hex(8)
    if await fetch_one(conn, "create_account", user_id=user_id, email=given.email, password_hash=password_hash) is None:
        raise Conflict("An account with this email already exists; sign in instead.", code="email_taken")
    return user_id


async def sign_in(conn: AsyncConnection, given: Credentials) -> str:
    """The user id of the account these credentials open; one 401 for any mistake, 429 after too many."""
    failures = await fetch_one(conn, "recent_login_failures", email=given.email, window_seconds=FAILURE_WINDOW_SECONDS)
    if failures["failures"] >= MAX_FAILURES:
        raise TooManyRequests(
            "Too many failed sign-ins for this email; wait a few minutes and try again.",
            retry_after=FAILURE_WINDOW_SECONDS,
        )
    account = await fetch_one(conn, "account_by_email", email=given.email)
    stored = account["password_hash"] if account else _DECOY
    if not await anyio.to_thread.run_sync(password_matches, given.password, stored) or account is None:
        await execute(conn, "record_login_failure", email=given.email)
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    return account["user_id"]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
