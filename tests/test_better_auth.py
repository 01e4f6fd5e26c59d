"""Better Auth's session cookie (and its cookie cache) as the bearer token: signed values minted here against a
`session` table in the test database, then the real better-auth package (tests/node) signing a user up."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import quote, unquote

import jwt
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from chatbot import better_auth
from tests.conftest import ROOT, SECRET

NODE_DIR = ROOT / "tests" / "node"
USER = "ba_user_1"


def run(database_url: str, statement: str, *params) -> None:
    """A statement with no result (DDL, INSERT, UPDATE, DELETE) run straight on the test database."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(statement, params)


def signed(token: str, secret: str = SECRET) -> str:
    """`token.signature` as better-call signs a cookie: the padded base64 of HMAC-SHA256(secret, token)."""
    signature = hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()
    return f"{token}.{base64.b64encode(signature).decode()}"


def session_table(database_url: str, table: str = "session", token="token", user="userId", expires="expiresAt") -> None:
    """Better Auth's session table as its migration makes it on PostgreSQL (camelCase names, quoted)."""
    run(
        database_url,
        f'CREATE TABLE "{table}" ("id" text PRIMARY KEY, "{expires}" timestamptz NOT NULL, "{token}" text NOT NULL UNIQUE,'
        f' "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL DEFAULT now(),'
        f' "ipAddress" text, "userAgent" text, "{user}" text NOT NULL)',
    )


def add_session(
    database_url: str,
    token: str,
    user: str = USER,
    expires_in: float = 3600,
    table="session",
    columns=("token", "userId", "expiresAt"),
) -> None:
    token_column, user_column, expires_column = columns
    run(
        database_url,
        f'INSERT INTO "{table}" ("id", "{token_column}", "{user_column}", "{expires_column}")'
        f" VALUES (%s, %s, %s, now() + make_interval(secs => %s))",
        "id-" + token,
        token,
        user,
        expires_in,
    )


def tasks(client, token: str, user: str = USER):
    return client.get(f"/api/{user}/tasks", headers={"Authorization": f"Bearer {token}"})


def refused(response, code: str = "invalid_token") -> bool:
    return (
        response.status_code == 401
        and response.json()["error"]["code"] == code
        and response.headers["WWW-Authenticate"].startswith("Bearer")
    )


@pytest.fixture
def sessions(database_url):
    session_table(database_url)
    return database_url


def test_a_signed_session_cookie_is_accepted_as_its_user(client, sessions):
    add_session(sessions, "tok_valid_0123456789abcdef")
    assert tasks(client, signed("tok_valid_0123456789abcdef")).status_code == 200
    # The same session for another user's path is theirs, not this one's.
    assert tasks(client, signed("tok_valid_0123456789abcdef"), user="someone_else").status_code == 403


def test_the_cookie_value_as_the_browser_keeps_it_url_encoded_is_accepted(client, sessions):
    # Tokens found (by trying) whose signatures hold the characters encodeURIComponent escapes: +, / and the = pad.
    token = next(f"tok_enc_{n}" for n in range(1000) if {"+", "/"} <= set(signed(f"tok_enc_{n}")))
    add_session(sessions, token)
    encoded = quote(signed(token), safe="")
    assert "%2B" in encoded and "%2F" in encoded and encoded.endswith("%3D")
    assert tasks(client, encoded).status_code == 200


@pytest.mark.parametrize(
    "forge",
    [
        lambda value: signed("tok_forged_0123456789abcd", secret="another-secret-" + "x" * 40),
        lambda value: value[:-3] + ("A" if value[-3] != "A" else "B") + value[-2:],
        lambda value: "tok_forged_0123456789abcX" + value[value.index(".") :],
        lambda value: value.rstrip("="),
        lambda value: value.split(".")[0],
        lambda value: value + ".extra",
    ],
)
def test_a_forged_or_mangled_cookie_is_refused(client, sessions, forge):
    add_session(sessions, "tok_forged_0123456789abcd")
    add_session(sessions, "tok_forged_0123456789abcX")
    assert refused(tasks(client, forge(signed("tok_forged_0123456789abcd"))))


def test_an_expired_session_is_refused_as_expired(client, sessions):
    add_session(sessions, "tok_expired_0123456789ab", expires_in=-60)
    assert refused(tasks(client, signed("tok_expired_0123456789ab")), "token_expired")


def test_an_unknown_session_is_refused(client, sessions):
    assert refused(tasks(client, signed("tok_nobody_0123456789abc")))


@pytest.mark.parametrize("user", ["", "   ", "u" * 201])
def test_the_sessions_user_is_checked_like_a_jwt_subject(client, sessions, user):
    add_session(sessions, "tok_baduser_0123456789a", user=user)
    assert refused(tasks(client, signed("tok_baduser_0123456789a"), user=user or "x"))


def test_the_table_and_column_names_are_configurable(make_client, database_url):
    session_table(database_url, table="ba_sessions", token="session_token", user="owner", expires="valid_until")
    add_session(database_url, "tok_custom_0123456789ab", table="ba_sessions", columns=("session_token", "owner", "valid_until"))
    configured = make_client(
        better_auth_session_table="ba_sessions",
        better_auth_token_column="session_token",
        better_auth_user_column="owner",
        better_auth_expires_column="valid_until",
    )
    assert tasks(configured, signed("tok_custom_0123456789ab")).status_code == 200


def test_the_lookup_is_cached_but_never_past_the_sessions_expiry(client, sessions, monkeypatch):
    add_session(sessions, "tok_cached_0123456789ab")
    assert tasks(client, signed("tok_cached_0123456789ab")).status_code == 200
    run(sessions, 'DELETE FROM "session"')
    # Within the cache's 30 seconds the session still counts (signing out elsewhere takes that long here).
    assert tasks(client, signed("tok_cached_0123456789ab")).status_code == 200

    add_session(sessions, "tok_shortlived_012345678", expires_in=60)
    assert tasks(client, signed("tok_shortlived_012345678")).status_code == 200
    # A minute on, by the lookup's clock (the cache would still trust it for 30 seconds of its own)
    later = time.time() + 61
    monkeypatch.setattr(better_auth, "time", SimpleNamespace(time=lambda: later, monotonic=time.monotonic))
    assert refused(tasks(client, signed("tok_shortlived_012345678")), "token_expired")


def test_without_a_session_table_a_session_cookie_is_401_not_500(client, make_client, database_url):
    assert refused(tasks(client, signed("tok_notable_0123456789a")))
    session_table(database_url)
    add_session(database_url, "tok_notable_0123456789a")
    wrong_column = make_client(better_auth_user_column="user_id")
    assert refused(tasks(wrong_column, signed("tok_notable_0123456789a")))


def test_with_the_database_away_a_session_cookie_is_503_and_a_forged_one_still_401(make_client, tmp_path):
    away = make_client(database_url=f"postgresql://postgres@/nowhere?host={tmp_path}", db_pool_timeout_seconds=0.5)
    response = tasks(away, signed("tok_dbdown_0123456789ab"))
    assert response.status_code == 503 and response.json()["error"]["code"] == "database_unavailable"
    # The signature is checked first: a forged cookie never waits on the database.
    assert refused(tasks(away, signed("tok_dbdown_0123456789ab", secret="another-secret-" + "x" * 40)))


def test_the_session_cookie_is_refused_by_an_authenticator_without_a_session_table():
    import anyio

    from chatbot.auth import Authenticator
    from chatbot.errors import Unauthorized

    with pytest.raises(Unauthorized):
        anyio.run(Authenticator(SECRET).user_of, signed("tok_0123456789abcdefghijk"))


# Better Auth's cookie cache (`better-auth.session_data`): `{session, user, updatedAt, version}`.


def cache_payload(user: str = USER, session_expires_in: float = 3600) -> dict:
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    expires = (now + timedelta(seconds=session_expires_in)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {
        "session": {"expiresAt": expires, "token": "tok_in_cache", "createdAt": stamp, "userId": user, "id": "s1"},
        "user": {"name": "Ann", "email": "ann@example.com", "emailVerified": False, "image": None, "id": user},
        "updatedAt": int(now.timestamp() * 1000),
        "version": "1",
    }


def jwt_cache(payload: dict, ttl: int = 300, secret: str = SECRET) -> str:
    now = int(time.time())
    return jwt.encode(payload | {"iat": now, "exp": now + ttl}, secret, algorithm="HS256")


def compact_cache(payload: dict, ttl: int = 300, secret: str = SECRET) -> str:
    expires_at = int(time.time() * 1000) + ttl * 1000
    signed_json = json.dumps(payload | {"expiresAt": expires_at}, separators=(",", ":"), ensure_ascii=False)
    signature = base64.urlsafe_b64encode(hmac.new(secret.encode(), signed_json.encode(), hashlib.sha256).digest()).rstrip(b"=")
    document = {"session": payload, "expiresAt": expires_at, "signature": signature.decode()}
    return base64.urlsafe_b64encode(json.dumps(document, separators=(",", ":")).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("encode", [jwt_cache, compact_cache], ids=["jwt", "compact"])
def test_the_cookie_cache_is_accepted_as_its_sessions_user(client, encode):
    assert tasks(client, encode(cache_payload())).status_code == 200
    assert tasks(client, encode(cache_payload(user="ünïcode-user")), user="ünïcode-user").status_code == 200


@pytest.mark.parametrize("encode", [jwt_cache, compact_cache], ids=["jwt", "compact"])
def test_an_expired_cookie_cache_or_session_in_it_is_refused_as_expired(client, encode):
    assert refused(tasks(client, encode(cache_payload(), ttl=-10)), "token_expired")
    assert refused(tasks(client, encode(cache_payload(session_expires_in=-10))), "token_expired")


@pytest.mark.parametrize("encode", [jwt_cache, compact_cache], ids=["jwt", "compact"])
def test_a_cookie_cache_signed_with_another_secret_or_altered_is_refused(client, encode):
    assert refused(tasks(client, encode(cache_payload(), secret="another-secret-" + "x" * 40)))
    payload = cache_payload()
    value = encode(payload)
    if encode is compact_cache:
        document = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        document["session"]["session"]["userId"] = "someone_else"
        altered = base64.urlsafe_b64encode(json.dumps(document).encode()).decode()
    else:
        header, body, signature = value.split(".")
        claims = json.loads(jwt.utils.base64url_decode(body))
        claims["session"]["userId"] = "someone_else"
        altered = ".".join([header, jwt.utils.base64url_encode(json.dumps(claims).encode()).decode(), signature])
    assert refused(tasks(client, altered, user="someone_else"))


def test_a_jwt_with_no_sub_and_no_session_is_still_refused(client):
    now = int(time.time())
    assert refused(tasks(client, jwt.encode({"exp": now + 60, "session": "x", "user": {}}, SECRET, algorithm="HS256")))
    assert refused(tasks(client, jwt.encode({"exp": now + 60, "session": {"userId": USER}}, SECRET, algorithm="HS256")))


def test_with_hs512_tokens_the_hs256_cookie_cache_still_counts_but_an_hs256_token_does_not(make_client):
    hs512 = make_client(jwt_algorithm="HS512")
    assert tasks(hs512, jwt_cache(cache_payload())).status_code == 200
    now = int(time.time())
    assert refused(tasks(hs512, jwt.encode({"sub": USER, "exp": now + 60}, SECRET, algorithm="HS256")))


# The real better-auth package (tests/node/better-auth-session.mjs).


def _node(*packages: str) -> str:
    """Node.js, with `packages` installed in tests/node; the test is skipped, saying why, without them."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the test against the real better-auth package needs it.")
    for package in ("better-auth", "pg", *packages):
        if not (NODE_DIR / "node_modules" / package).is_dir():
            pytest.skip(f"{package} is not installed in tests/node: run `npm ci --prefix tests/node` (make test does).")
    return node


def _better_auth_environment(database_url: str) -> dict[str, str]:
    parts = conninfo_to_dict(database_url)
    config = {
        "host": parts.get("host"),
        "user": parts.get("user"),
        "password": parts.get("password") or "",
        "database": parts["dbname"],
    }
    if parts.get("port"):
        config["port"] = int(parts["port"])
    environment = {**os.environ, "BETTER_AUTH_DB": json.dumps(config), "BETTER_AUTH_SECRET": SECRET}
    for name in ("BETTER_AUTH_SECRETS", "BETTER_AUTH_URL", "AUTH_SECRET"):
        environment.pop(name, None)
    return environment


def better_auth_sign_up(database_url: str) -> dict:
    """Better Auth, with its PostgreSQL adapter on the test database, migrates its tables and signs a user up."""
    node, environment = _node(), _better_auth_environment(database_url)
    result = subprocess.run(
        [node, "better-auth-session.mjs"], cwd=NODE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_real_better_auth_session_cookie_is_accepted_and_a_forged_one_refused(client, database_url):
    signed_up = better_auth_sign_up(database_url)
    user, cookie = signed_up["userId"], signed_up["sessionToken"]
    assert "%" in cookie  # as Set-Cookie sends it: URL-encoded
    assert tasks(client, cookie, user=user).status_code == 200
    assert tasks(client, unquote(cookie), user=user).status_code == 200
    token, _, signature = unquote(cookie).rpartition(".")
    forged = f"{token}.{('B' if signature[0] == 'A' else 'A') + signature[1:]}"
    assert refused(tasks(client, forged, user=user))
    assert refused(tasks(client, signed(token, secret="another-secret-" + "x" * 40), user=user))

    # Its cookie cache, in both of Better Auth's signed strategies.
    assert tasks(client, signed_up["compactCache"], user=user).status_code == 200
    assert tasks(client, signed_up["jwtCache"], user=user).status_code == 200
    compact = signed_up["compactCache"]
    assert refused(tasks(client, compact[:40] + ("A" if compact[40] != "A" else "B") + compact[41:], user=user))


def test_the_real_better_auth_session_once_expired_is_refused(make_client, database_url):
    signed_up = better_auth_sign_up(database_url)
    user, cookie = signed_up["userId"], signed_up["sessionToken"]
    assert tasks(make_client(), cookie, user=user).status_code == 200
    run(database_url, """UPDATE "session" SET "expiresAt" = now() - interval '1 minute'""")
    # A fresh app: the first one may trust its cached lookup for up to 30 seconds.
    assert refused(tasks(make_client(), cookie, user=user), "token_expired")


# Better Auth as the MCP client's authorization server (tests/node/better-auth-oauth.mjs): its jwt and oauth-provider
# plugins, as README's OAuth recipe sets them up.
RESOURCE = "http://todo.test/api/mcp"


@contextmanager
def better_auth_oauth(database_url: str) -> Iterator[dict]:
    """Sign up, register a public client, authorize with PKCE and consent, get a token for RESOURCE; the JWKS is
    served while the block runs."""
    node = _node("@better-auth/oauth-provider")
    environment = _better_auth_environment(database_url) | {"RESOURCE": RESOURCE}
    with subprocess.Popen(
        [node, "better-auth-oauth.mjs"], cwd=NODE_DIR, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    ) as flow:  # fmt: skip
        try:
            line = flow.stdout.readline()
            assert line, flow.stderr.read()[-2000:]
            yield json.loads(line)
        finally:
            flow.stdin.close()
            flow.wait(timeout=20)


def test_an_mcp_client_signs_in_through_better_auths_oauth_provider_and_uses_the_tools(settings, database_url):
    import anyio
    import httpx
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    from chatbot.app import create_app
    from chatbot.serving import serve_in_thread

    with better_auth_oauth(database_url) as flow:
        # What a client reads on its way: the authorization server names where to register, authorize and get tokens.
        assert {"registration_endpoint", "authorization_endpoint", "token_endpoint", "jwks_uri"} <= set(flow["metadata"])
        configured = dataclasses.replace(
            settings,
            auth_jwks_url=flow["jwks"],
            auth_issuer=(flow["issuer"],),
            auth_audience=(RESOURCE,),
            public_url="http://todo.test",
            mcp_authorization_server=flow["issuer"],
        )
        with serve_in_thread(create_app(configured)) as base:
            metadata = httpx.get(f"{base}/.well-known/oauth-protected-resource/api/mcp").json()
            assert metadata["resource"] == RESOURCE and metadata["authorization_servers"] == [flow["issuer"]]

            async def use_the_tools() -> list[str]:
                headers = {"Authorization": f"Bearer {flow['token']}"}
                async with httpx2.AsyncClient(headers=headers, timeout=10) as http:
                    async with Client(streamable_http_client(f"{base}/api/mcp", http_client=http)) as client:
                        await client.call_tool("add_task", {"title": "Signed in through OAuth"})
                        listed = await client.call_tool("list_tasks", {})
                        return [task["title"] for task in listed.structured_content["tasks"]]

            assert anyio.run(use_the_tools) == ["Signed in through OAuth"]
            user_tasks = httpx.get(f"{base}/api/{flow['user_id']}/tasks", headers={"Authorization": f"Bearer {flow['token']}"})
            assert [task["title"] for task in user_tasks.json()] == ["Signed in through OAuth"]
            other = httpx.post(f"{base}/api/mcp", json={}, headers={"Authorization": f"Bearer {flow['token']}x"})
            assert other.status_code == 401
