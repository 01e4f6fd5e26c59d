"""Better Auth's JWT plugin: tokens signed with EdDSA, RS256 or ES256, verified through a JWKS served locally."""

from __future__ import annotations

import dataclasses
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from chatbot.app import create_app
from chatbot.auth import mint_token
from chatbot.serving import serve_in_thread
from tests.conftest import SECRET

ISSUER = "http://localhost:3000"
KINDS = {
    "EdDSA": (lambda: ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm),
    "RS256": (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAAlgorithm),
    "ES256": (lambda: ec.generate_private_key(ec.SECP256R1()), ECAlgorithm),
}


class Jwks:
    """A JWKS endpoint whose keys can be rotated, counting how often it is fetched."""

    def __init__(self):
        self.private: dict[str, tuple[str, object]] = {}
        self.public: list[dict] = []
        self.fetches = 0
        self.app = Starlette(routes=[Route("/api/auth/jwks", self.serve)])

    def add_key(self, kid: str, algorithm: str):
        make, algo = KINDS[algorithm]
        key = make()
        self.private[kid] = (algorithm, key)
        self.public.append(json.loads(algo.to_jwk(key.public_key())) | {"kid": kid, "alg": algorithm})

    async def serve(self, request):
        self.fetches += 1
        return JSONResponse({"keys": self.public})

    def token(self, kid: str, **claims) -> str:
        algorithm, key = self.private[kid]
        now = int(time.time())
        body = {"sub": "user_ba_1", "iat": now, "exp": now + 300, "iss": ISSUER, "aud": ISSUER} | claims
        return jwt.encode(body, key, algorithm=algorithm, headers={"kid": kid})


@pytest.fixture
def jwks():
    keys = Jwks()
    for algorithm in KINDS:
        keys.add_key(f"key-{algorithm}", algorithm)
    with serve_in_thread(keys.app) as url:
        keys.url = f"{url}/api/auth/jwks"
        yield keys


@pytest.fixture
def client(settings, jwks):
    configured = dataclasses.replace(settings, auth_jwks_url=jwks.url, auth_issuer=ISSUER, auth_audience=ISSUER)
    with TestClient(create_app(configured)) as test_client:
        yield test_client


def tasks(client, token, user="user_ba_1"):
    return client.get(f"/api/{user}/tasks", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("algorithm", list(KINDS))
def test_a_better_auth_token_is_accepted(client, jwks, algorithm):
    assert tasks(client, jwks.token(f"key-{algorithm}")).status_code == 200


def test_a_tampered_token_is_refused(client, jwks):
    header, payload, signature = jwks.token("key-EdDSA").split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload)) | {"sub": "someone_else"}
    forged = ".".join([header, jwt.utils.base64url_encode(json.dumps(claims).encode()).decode(), signature])
    response = tasks(client, forged, user="someone_else")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "claims", [{"iss": "http://evil.example"}, {"aud": "http://other.example"}, {"exp": int(time.time()) - 10}]
)
def test_wrong_issuer_audience_or_expiry_is_refused(client, jwks, claims):
    assert tasks(client, jwks.token("key-RS256", **claims)).status_code == 401


def test_the_jwks_is_cached_and_fetched_again_for_an_unknown_key(client, jwks, monkeypatch):
    for _ in range(3):
        assert tasks(client, jwks.token("key-ES256")).status_code == 200
    assert jwks.fetches == 1

    monkeypatch.setattr("chatbot.auth.JWKS_REFETCH_SECONDS", 0)
    jwks.add_key("rotated", "EdDSA")
    assert tasks(client, jwks.token("rotated")).status_code == 200
    assert jwks.fetches == 2


def test_a_key_signed_by_nobody_we_know_is_refused(client, jwks):
    stranger = Jwks()
    stranger.add_key("key-EdDSA", "EdDSA")
    assert tasks(client, stranger.token("key-EdDSA")).status_code == 401


def test_with_an_issuer_and_audience_set_the_services_own_tokens_still_work(client, jwks):
    registered = client.post("/api/auth/register", json={"email": "own@example.com", "password": "long enough"})
    assert registered.status_code == 201
    own = registered.json()
    assert client.get(f"/api/{own['user_id']}/tasks", headers={"Authorization": f"Bearer {own['token']}"}).status_code == 200
    assert tasks(client, mint_token(SECRET, "user_ba_1")).status_code == 200


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
def test_a_time_written_as_text_is_refused(client, jwks, name):
    now = int(time.time())
    value = str(now + 600 if name == "exp" else now - 60)
    assert tasks(client, jwks.token("key-RS256", **{name: value})).status_code == 401
    assert (
        tasks(client, jwt.encode({"sub": "user_ba_1", "exp": now + 600, name: value}, SECRET, algorithm="HS256")).status_code
        == 401
    )


def test_several_issuers_and_audiences_as_better_auths_plugins_name_them(settings, jwks, caplog):
    # The jwt plugin: its base URL for both; the oauth-provider plugin: <base>/api/auth as issuer, the resource as audience.
    resource = "http://localhost:8000/api/mcp"
    configured = dataclasses.replace(
        settings,
        auth_jwks_url=jwks.url,
        auth_issuer=(ISSUER, f"{ISSUER}/api/auth"),
        auth_audience=(ISSUER, resource),
    )
    with TestClient(create_app(configured)) as client:
        assert tasks(client, jwks.token("key-EdDSA")).status_code == 200
        assert tasks(client, jwks.token("key-EdDSA", iss=f"{ISSUER}/api/auth", aud=resource)).status_code == 200
        with caplog.at_level("INFO", logger="chatbot.auth"):
            refused = tasks(client, jwks.token("key-EdDSA", aud="http://elsewhere.example"))
        assert refused.status_code == 401 and "audience" not in refused.text  # the client gets the plain 401
        assert any(getattr(record, "reason", None) == "wrong audience" for record in caplog.records)


def test_an_expired_token_and_an_unknown_key_are_logged_with_their_reason(client, jwks, caplog):
    stranger = Jwks()
    stranger.add_key("nobody", "EdDSA")
    with caplog.at_level("INFO", logger="chatbot.auth"):
        assert tasks(client, jwks.token("key-RS256", exp=int(time.time()) - 10)).status_code == 401
        assert tasks(client, stranger.token("nobody")).status_code == 401
    reasons = {getattr(record, "reason", None) for record in caplog.records}
    assert {"expired", "unknown key"} <= reasons
