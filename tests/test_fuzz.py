"""Schemathesis, driven by /openapi.json, throws generated requests at every route: none may answer 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from chatbot.app import create_app
from chatbot.config import Settings
from chatbot.openapi import spec
from chatbot.serving import serve_in_thread
from tests.conftest import SECRET, auth, fresh_database

FUZZ_USER = "fuzzer"


@pytest.fixture(scope="module")
def served(pg_uri, tmp_path_factory):
    with fresh_database(pg_uri) as url:
        configured = Settings(
            database_url=url,
            auth_secret=SECRET,
            data_dir=tmp_path_factory.mktemp("fuzz"),
            db_pool_size=5,
            chat_turns_per_minute=0,
            allowed_hosts=("127.0.0.1:*",),
        )
        with serve_in_thread(create_app(configured)) as base_url:
            yield base_url


schema = schemathesis.openapi.from_dict(spec())


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_makes_the_server_answer_500(case, served):
    if case.path_parameters and "user_id" in case.path_parameters:
        case.path_parameters["user_id"] = FUZZ_USER  # so requests get past the 403 and into the handlers
    response = case.call(base_url=served, headers={**(case.headers or {}), **auth(FUZZ_USER)}, timeout=30)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith(("application/json", "text/event-stream")) or response.status_code == 204, (
        case.method,
        case.formatted_path,
        case.headers,
        response.status_code,
        response.text[:200],
    )
    assert content_type.startswith(("application/json", "text/event-stream")) or response.status_code == 204
