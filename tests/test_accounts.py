"""Local accounts: register, sign in, one error for any wrong credential, and guessing slowed down."""

from __future__ import annotations

import dataclasses

import pytest
from starlette.testclient import TestClient

from chatbot.accounts import hash_password, password_matches
from chatbot.app import create_app
from tests.conftest import sql

ALICE = {"email": "Alice@Example.com", "password": "correct horse battery"}


def test_register_then_sign_in_gives_a_token_that_opens_the_api(client, database_url):
    registered = client.post("/api/auth/register", json=ALICE)
    assert registered.status_code == 201
    user_id, token = registered.json()["user_id"], registered.json()["token"]

    signed_in = client.post("/api/auth/login", json={"email": " alice@example.com ", "password": ALICE["password"]})
    assert signed_in.status_code == 200 and signed_in.json()["user_id"] == user_id
    tasks = client.get(f"/api/{user_id}/tasks", headers={"Authorization": f"Bearer {signed_in.json()['token']}"})
    assert tasks.status_code == 200
    assert client.get(f"/api/{user_id}/tasks", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    stored = sql(database_url, "SELECT email, password_hash FROM users")
    assert stored[0][0] == "alice@example.com" and stored[0][1].startswith("scrypt$") and ALICE["password"] not in stored[0][1]


def test_an_email_registers_once(client):
    assert client.post("/api/auth/register", json=ALICE).status_code == 201
    again = client.post("/api/auth/register", json={**ALICE, "password": "another password"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "email_taken"


def test_a_wrong_email_and_a_wrong_password_get_the_same_answer(client):
    client.post("/api/auth/register", json=ALICE)
    wrong_password = client.post("/api/auth/login", json={**ALICE, "password": "not the password"})
    wrong_email = client.post("/api/auth/login", json={**ALICE, "email": "nobody@example.com"})
    assert wrong_password.status_code == wrong_email.status_code == 401
    assert wrong_password.json() == wrong_email.json()


def test_sign_in_attempts_are_limited(client):
    client.post("/api/auth/register", json=ALICE)
    for _ in range(5):
        assert client.post("/api/auth/login", json={**ALICE, "password": "guess guess"}).status_code == 401
    blocked = client.post("/api/auth/login", json=ALICE)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    "body",
    [
        {"email": "alice", "password": "long enough"},
        {"email": "a@b.co", "password": "short"},
        {"email": 3, "password": "long enough"},
        {},
    ],
)
def test_bad_credentials_are_422_and_create_nothing(client, database_url, body):
    assert client.post("/api/auth/register", json=body).status_code == 422
    assert sql(database_url, "SELECT count(*) FROM users") == [(0,)]


def test_local_accounts_can_be_turned_off(settings):
    with TestClient(create_app(dataclasses.replace(settings, auth_local_accounts=False))) as client:
        assert client.post("/api/auth/register", json=ALICE).status_code == 404
        assert client.post("/api/auth/login", json=ALICE).status_code == 404


def test_hashes_are_salted_and_verified():
    first, second = hash_password("secret password"), hash_password("secret password")
    assert first != second
    assert password_matches("secret password", first) and not password_matches("secret passwort", first)
    assert not password_matches("anything", "garbage")
