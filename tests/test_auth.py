"""Who may call: tokens are checked, and the path's user must be the token's."""

from __future__ import annotations

import time

import anyio
import jwt
import pytest

from chatbot import cli
from chatbot.auth import Authenticator
from tests.conftest import SECRET, sql


def token(claims: dict, key: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def unsigned(claims: dict) -> str:
    return jwt.encode(claims, None, algorithm="none")


def bad_token(name: str) -> str:
    """A token the service must refuse, its times taken from the clock when the test runs."""
    now = int(time.time())
    return {
        "wrong secret": lambda: token({"sub": "alice", "exp": now + 60}, key="another-" + "x" * 64),
        "expired": lambda: token({"sub": "alice", "exp": now - 60}),
        "alg none": lambda: unsigned({"sub": "alice", "exp": now + 60}),
        "other algorithm": lambda: token({"sub": "alice", "exp": now + 60}, algorithm="HS512"),
        "no exp": lambda: token({"sub": "alice"}),
        "no sub": lambda: token({"exp": now + 60}),
        "numeric sub": lambda: token({"sub": 42, "exp": now + 60}),
        "blank sub": lambda: token({"sub": " ", "exp": now + 60}),
        "garbage": lambda: "not.a.token",
    }[name]()


BAD_TOKENS = ["wrong secret", "expired", "alg none", "other algorithm", "no exp", "no sub", "numeric sub", "blank sub", "garbage"]


@pytest.mark.parametrize("name", BAD_TOKENS)
def test_bad_tokens_are_401_with_a_bearer_challenge_and_store_nothing(client, database_url, name):
    response = client.post(
        "/api/alice/chat", json={"message": "add a task to x"}, headers={"Authorization": f"Bearer {bad_token(name)}"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()["error"]) == {"code", "message"}
    assert sql(database_url, "SELECT count(*) FROM users") == [(0,)]


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer   ", "Basic YWxpY2U6cHc=", "token abc"])
def test_a_missing_or_malformed_authorization_header_is_401(client, header):
    headers = {} if header is None else {"Authorization": header}
    response = client.get("/api/alice/tasks", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_token"


def test_an_expired_token_says_so(client):
    response = client.get("/api/alice/tasks", headers={"Authorization": f"Bearer {bad_token('expired')}"})
    assert response.json()["error"]["code"] == "token_expired"


def test_a_token_for_another_user_is_403(client, database_url):
    headers = {"Authorization": "Bearer " + token({"sub": "bob", "exp": int(time.time()) + 60})}
    for method, path in [("GET", "/api/alice/tasks"), ("POST", "/api/alice/chat"), ("GET", "/api/alice/conversations")]:
        response = client.request(method, path, headers=headers, json={"message": "hi"})
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "forbidden"
    assert sql(database_url, "SELECT count(*) FROM messages") == [(0,)]


def test_chatbot_token_prints_a_token_the_service_accepts(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BETTER_AUTH_SECRET", SECRET)
    assert cli.main(["token", "carol", "--ttl", "120"]) == 0
    printed = capsys.readouterr().out.strip()
    assert anyio.run(Authenticator(SECRET).user_of, printed) == "carol"
    assert jwt.decode(printed, SECRET, algorithms=["HS256"])["exp"] <= int(time.time()) + 120


def _b64(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


NESTED = "[" * 2000


@pytest.mark.parametrize(
    "token",
    [
        _b64(NESTED),  # read as Better Auth's compact cookie cache
        f"{_b64(NESTED)}.{_b64('{}')}.c2ln",  # a JWT whose header is nested past what a reader follows
        _b64('{"alg": "HS256"}') + "." + _b64(NESTED) + ".c2ln",
        _b64('{"session": ' + "[" * 3000 + "]" * 3000 + ', "expiresAt": 1, "signature": "x"}'),
    ],
    ids=["cookie cache", "jwt header", "jwt payload", "cache payload"],
)
def test_any_token_that_cannot_be_read_is_a_401_never_a_500(client, token):
    response = client.get("/api/alice/tasks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and response.json()["error"]["code"] in ("invalid_token", "unauthorized")
