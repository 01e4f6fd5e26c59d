"""Bearer tokens: HMAC-signed JWTs of this service, Better Auth's (EdDSA/RS256/ES256) through its JWKS,
and Better Auth's session cookie or cookie cache (chatbot/better_auth.py)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import unquote

import anyio
import httpx
import jwt

from chatbot import better_auth
from chatbot.better_auth import SessionStore
from chatbot.errors import Unauthorized

# Where the HTTP layer leaves the authenticated user in the ASGI scope, for the tools and the request log.
USER_SCOPE_KEY = "chatbot.user_id"
# The user a development server signs in without a password (`chatbot serve` prints a token for it).
DEMO_USER = "demo"

log = logging.getLogger("chatbot.auth")

MAX_USER_ID = 200
JWKS_ALGORITHMS = ("EdDSA", "RS256", "ES256")
# A JWKS is fetched again after this long, or at once for an unknown key id (at most this often).
JWKS_TTL_SECONDS = 600
JWKS_REFETCH_SECONDS = 30
# Better Auth signs its cookie-cache JWT (`{session, user, ...}`, no `sub`) with its secret, always so.
COOKIE_CACHE_ALGORITHM = "HS256"


def mint_token(secret: str, user_id: str, *, ttl_seconds: int = 3600, algorithm: str = "HS256") -> str:
    """A signed token for `user_id` that expires after `ttl_seconds`."""
    now = int(time.time())
    return jwt.encode({"sub": user_id, "iat": now, "exp": now + ttl_seconds}, secret, algorithm=algorithm)


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header; 401 when there is none."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send 'Authorization: Bearer <token>'.", code="missing_token")
    return token.strip()


class KeySet:
    """A JWKS fetched over HTTP without blocking the event loop, cached, refreshed on an unknown `kid`."""

    def __init__(self, url: str, timeout_seconds: float = 5.0):
        self.url = url
        self.timeout_seconds = timeout_seconds
        self.keys: dict[str, jwt.PyJWK] = {}
        self.fetched_at = float("-inf")
        self.lock = anyio.Lock()

    async def key(self, kid: str | None) -> jwt.PyJWK:
        """The key for `kid` (or the only key, when the token names none); 401 when there is no such key."""
        now = time.monotonic()
        stale = now - self.fetched_at > JWKS_TTL_SECONDS
        unknown = self._find(kid) is None and now - self.fetched_at > JWKS_REFETCH_SECONDS
        if stale or unknown:
            async with self.lock:
                if time.monotonic() - self.fetched_at > min(JWKS_REFETCH_SECONDS, JWKS_TTL_SECONDS):
                    await self._fetch()
        found = self._find(kid)
        if found is None:
            _refused("unknown key", None, f"kid {kid!r}")
            raise Unauthorized("The token was signed with a key this service does not know.", code="invalid_token")
        return found

    def _find(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None:
            return next(iter(self.keys.values())) if len(self.keys) == 1 else None
        return self.keys.get(kid)

    async def _fetch(self) -> None:
        try:
            async with httpx.AsyncClient(timeout=self.timeout_seconds) as client:
                response = await client.get(self.url)
                response.raise_for_status()
                document = response.json()
            keys = {}
            for number, entry in enumerate(document.get("keys", [])):
                try:
                    keys[entry.get("kid") or f"key-{number}"] = jwt.PyJWK(entry)
                except jwt.PyJWTError as error:
                    log.warning(
                        "skipping a JWKS key this service cannot use", extra={"kid": entry.get("kid"), "error": str(error)}
                    )
            self.keys = keys
        except (httpx.HTTPError, json.JSONDecodeError, AttributeError) as error:
            # Keep the keys we had: a JWKS endpoint that blips must not lock everyone out.
            log.error("could not fetch the JWKS", extra={"url": self.url, "error": str(error)[:200]})
        self.fetched_at = time.monotonic()


class Authenticator:
    """Decides which user a bearer token speaks for."""

    def __init__(
        self,
        secret: str,
        algorithm: str = "HS256",
        *,
        jwks_url: str | None = None,
        issuer: str | tuple[str, ...] = (),
        audience: str | tuple[str, ...] = (),
        sessions: SessionStore | None = None,
    ):
        self.secret = secret
        self.algorithm = algorithm
        self.key_set = KeySet(jwks_url) if jwks_url else None
        # Any one of these, when given: a token names one issuer, and one audience it is for.
        self.issuers = (issuer,) if isinstance(issuer, str) else tuple(issuer)
        self.audiences = (audience,) if isinstance(audience, str) else tuple(audience)
        # Better Auth's session table, for its session cookie sent as the token (without it, that cookie is refused).
        self.sessions = sessions

    async def user_of(self, token: str) -> str:
        """The user id a valid token speaks for; 401 for anything else, however the token is malformed."""
        try:
            return await self._user_of(token)
        except (ValueError, UnicodeError, RecursionError) as error:
            # What a reader of a token's parts raises on a token no one issued (JSON nested 2,000 deep, bytes that
            # are no text): the plain 401, never a 500 and a traceback per request.
            _refused("malformed", None, type(error).__name__)
            raise _invalid() from None

    async def _user_of(self, token: str) -> str:
        # A cookie value copied as the browser keeps it is URL-encoded (%2B, %2F, %3D); a JWT has no "%".
        if "%" in token:
            token = unquote(token)
        dots = token.count(".")
        if dots == 2:
            return _user(await self._jwt_user(token))
        if dots == 1:
            # Better Auth's session cookie, `token.signature`: its signature first, the database only then.
            session_token = better_auth.signed_token(token, self.secret)
            if session_token is None or self.sessions is None:
                raise _invalid()
            return _user(await self.sessions.user_of(session_token))
        if dots == 0:
            return _user(better_auth.compact_cache_user(token, self.secret))
        raise _invalid()

    async def _jwt_user(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _invalid() from None
        algorithm = header.get("alg")
        issuers: tuple[str, ...] = ()
        audiences: tuple[str, ...] = ()
        shared_secret, cookie_cache = True, False
        if self.key_set is not None and algorithm in JWKS_ALGORITHMS:
            key: Any = (await self.key_set.key(header.get("kid"))).key
            shared_secret = False
            # The identity provider's tokens carry its issuer and audience; the service's own HMAC tokens
            # (chatbot token, sign-in, the demo) do not, and are checked by the shared secret alone.
            issuers, audiences = self.issuers, self.audiences
        elif algorithm == self.algorithm:
            key = self.secret
        elif algorithm == COOKIE_CACHE_ALGORITHM:
            # Only Better Auth's cookie cache, when the service's own tokens use another HMAC size.
            key, cookie_cache = self.secret, True
        else:
            raise _invalid()
        options: dict[str, Any] = {"require": ["exp"], "verify_aud": bool(audiences)}
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                options=options,
                issuer=list(issuers) or None,
                audience=list(audiences) or None,
            )
        except jwt.ExpiredSignatureError:
            _refused("expired", algorithm)
            raise Unauthorized("Your token has expired; sign in again.", code="token_expired") from None
        except jwt.PyJWTError as error:
            # The client gets the plain 401; the log says why, for whoever runs the service.
            _refused(_REASONS.get(type(error).__name__, "invalid"), algorithm, str(error))
            raise _invalid() from None
        # PyJWT reads "exp": "1900000000" as a number; a time written as text is not one (RFC 7519 NumericDate).
        if any(name in claims and not _is_number(claims[name]) for name in ("exp", "nbf", "iat")):
            raise _invalid()
        if "sub" in claims and not cookie_cache:
            return claims["sub"]
        if "sub" not in claims and shared_secret:
            # Better Auth's cookie cache (strategy "jwt"): `{session, user, updatedAt, version}`, signed with the secret.
            return better_auth.cached_session_user(claims)
        raise _invalid()


# Why PyJWT refused a token, in the words of the log.
_REASONS = {
    "InvalidIssuerError": "wrong issuer",
    "InvalidAudienceError": "wrong audience",
    "MissingRequiredClaimError": "a required claim missing",
    "InvalidSignatureError": "bad signature",
    "ImmatureSignatureError": "not valid yet",
    "DecodeError": "malformed",
}


def _refused(reason: str, algorithm: str | None, detail: str = "") -> None:
    log.info("token refused", extra={"reason": reason, "algorithm": algorithm, "detail": detail[:200]})


def _user(subject: Any) -> str:
    """A user id as a token names it, checked alike whatever the token: text, not blank, not too long, no NUL."""
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_USER_ID or "\x00" in subject:
        raise Unauthorized("The token does not name a valid user.", code="invalid_token")
    return subject


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_invalid = better_auth.invalid
