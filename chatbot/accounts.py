"""Local accounts for running without Better Auth: email and password, scrypt hashes, slowed guessing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass

import anyio
from psycopg_pool import AsyncConnectionPool

from chatbot.db import execute, fetch_one
from chatbot.errors import Conflict, ServiceUnavailable, TooManyRequests, Unauthorized, Unprocessable
from chatbot.metrics import RATE_LIMITED

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


class Hasher:
    """Runs password hashing in threads, a few at a time: a flood of sign-ins waits its turn or is told to come back.

    Hashing is slow on purpose (scrypt); unbounded, a crowd of sign-in attempts would take every core and
    every worker thread from the users already signed in.
    """

    def __init__(self, concurrency: int, max_waiting: int):
        self.limiter = anyio.CapacityLimiter(concurrency)
        self.max_waiting = max_waiting
        self.waiting = 0

    async def run(self, function, *args):
        if self.waiting >= self.max_waiting:
            raise ServiceUnavailable("Too many sign-ins at once; please try again in a moment.", code="busy", retry_after=1)
        self.waiting += 1
        try:
            return await anyio.to_thread.run_sync(function, *args, limiter=self.limiter)
        finally:
            self.waiting -= 1


async def register(pool: AsyncConnectionPool, hasher: Hasher, given: Credentials) -> str:
    """Create an account and return its user id; 409 when the email already has one."""
    password_hash = await hasher.run(hash_password, given.password)  # no connection held while hashing
    user_id = "u_" + secrets.token_hex(8)
    async with pool.connection() as conn:
        created = await fetch_one(conn, "create_account", user_id=user_id, email=given.email, password_hash=password_hash)
    if created is None:
        raise Conflict("An account with this email already exists; sign in instead.", code="email_taken")
    return user_id


async def sign_in(pool: AsyncConnectionPool, hasher: Hasher, given: Credentials) -> str:
    """The user id of the account these credentials open; one 401 for any mistake, 429 after too many.

    The attempt counts as failed before the password is checked, so concurrent guesses can't slip past the limit.
    """
    async with pool.connection() as conn:
        claimed = await fetch_one(
            conn, "claim_sign_in_attempt", email=given.email, window_seconds=FAILURE_WINDOW_SECONDS, max_failures=MAX_FAILURES
        )
        if claimed is None:
            wait = await fetch_one(conn, "sign_in_wait", email=given.email, window_seconds=FAILURE_WINDOW_SECONDS)
            RATE_LIMITED.labels("sign_in").inc()
            raise TooManyRequests(
                "Too many failed sign-ins for this email; wait a few minutes and try again.",
                retry_after=math.ceil(wait["wait_seconds"]) if wait else FAILURE_WINDOW_SECONDS,
            )
        account = await fetch_one(conn, "account_by_email", email=given.email)
    stored = account["password_hash"] if account else _DECOY
    if not await hasher.run(password_matches, given.password, stored) or account is None:
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    async with pool.connection() as conn:
        await execute(conn, "sign_in_succeeded", email=given.email)
    return account["user_id"]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
