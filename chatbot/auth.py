"""Bearer tokens: HS256-style JWTs whose `sub` is the user, verified and minted here."""

from __future__ import annotations

import time

import jwt

from chatbot.errors import Unauthorized

MAX_USER_ID = 200


def mint_token(secret: str, user_id: str, *, ttl_seconds: int = 3600, algorithm: str = "HS256") -> str:
    """A signed token for `user_id` that expires after `ttl_seconds`."""
    now = int(time.time())
    return jwt.encode({"sub": user_id, "iat": now, "exp": now + ttl_seconds}, secret, algorithm=algorithm)


def verify_token(token: str, secret: str, algorithm: str = "HS256") -> str:
    """The user id a valid token speaks for; 401 for anything else."""
    try:
        claims = jwt.decode(token, secret, algorithms=[algorithm], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise Unauthorized("Your token has expired; sign in again.", code="token_expired") from None
    except jwt.PyJWTError:
        raise Unauthorized("The token is missing, malformed or not signed by this service.", code="invalid_token") from None
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_USER_ID or "\x00" in subject:
        raise Unauthorized("The token does not name a valid user.", code="invalid_token")
    return subject


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header; 401 when there is none."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send 'Authorization: Bearer <token>'.", code="missing_token")
    return token.strip()
