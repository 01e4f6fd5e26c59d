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


# The event stream never ends by itself: tests/test_events.py exercises it.
schema = schemathesis.openapi.from_dict(spec()).exclude(path="/api/{user_id}/events")


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


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Header values as a client can send them (HTTP carries latin-1), with the shapes our readers look for mixed in.
_HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"), max_size=300)
_TOKENS = st.one_of(
    _HEADER_TEXT,
    st.builds(lambda a, b, c: f"{a}.{b}.{c}", _HEADER_TEXT, _HEADER_TEXT, _HEADER_TEXT),
    st.builds(lambda text: __import__("base64").urlsafe_b64encode(text.encode()).decode(), st.text(max_size=200)),
)


@given(
    scheme=st.sampled_from(["Bearer", "bearer", "BEARER", "Basic", "", "Token"]),
    token=_TOKENS,
    key=st.one_of(st.none(), _HEADER_TEXT),
    query=st.dictionaries(st.sampled_from(["limit", "offset", "before", "status", "due", "sort", "q", "stream"]), _HEADER_TEXT),
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_header_or_query_string_makes_the_server_answer_500(served, scheme, token, key, query):
    import httpx

    given = {"Authorization": f"{scheme} {token}".strip()} | ({"Idempotency-Key": key} if key is not None else {})
    headers = {name: value.strip().encode("latin-1") for name, value in given.items()}  # bytes: httpx would send ASCII only
    with httpx.Client(base_url=served, timeout=30) as client:
        for method, path in (
            ("GET", f"/api/{FUZZ_USER}/tasks"),
            ("POST", f"/api/{FUZZ_USER}/chat"),
            ("GET", f"/api/{FUZZ_USER}/conversations/1/messages"),
            ("POST", "/api/mcp"),
            ("GET", "/metrics"),
        ):
            response = client.request(method, path, headers=headers, params=query, json={"message": "hi"})
            assert response.status_code < 500, (method, path, headers, query, response.text[:300])
