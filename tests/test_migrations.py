"""Migrations apply, roll back and apply again, through the `chatbot migrate` command."""

from __future__ import annotations

from chatbot import cli, migrate
from tests.conftest import auth, sql

TABLES = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('users', 'tasks', 'conversations', 'messages')"


def test_migrate_rolls_back_and_applies_again(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert sql(database_url, TABLES) == [(4,)]

    assert cli.main(["migrate", "--rollback", "1"]) == 0
    assert "Rolled back 1 migration" in capsys.readouterr().out
    assert sql(database_url, TABLES) == [(4,)]
    assert cli.main(["migrate", "--rollback", "9"]) == 0
    assert sql(database_url, TABLES) == [(0,)]

    assert cli.main(["migrate"]) == 0
    assert f"Applied {len(migrate.expected())} migration" in capsys.readouterr().out
    assert sql(database_url, TABLES) == [(4,)]
    assert cli.main(["migrate"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_a_bad_setting_stops_the_command_with_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DB_POOL_SIZE", "lots")
    assert cli.main(["migrate"]) == 2
    error = capsys.readouterr().err.strip()
    assert "DB_POOL_SIZE" in error and len(error.splitlines()) == 1


def test_a_schema_behind_the_code_is_503_naming_chatbot_migrate_and_health_says_so(client, database_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert client.get("/health").json()["schema"]["up_to_date"] is True
    # Under the running service, back to before the planning fields: every route below reads them.
    assert cli.main(["migrate", "--rollback", str(len(migrate.expected()) - 4)]) == 0

    health = client.get("/health")
    assert health.status_code == 503 and health.json()["schema"]["up_to_date"] is False
    assert "chatbot migrate" in health.json()["hint"]
    keyed = {**auth("alice"), "Accept": "application/json", "Idempotency-Key": "behind-1"}
    for response in (
        client.post("/api/alice/chat", json={"message": "hi"}, headers={**auth("alice"), "Accept": "application/json"}),
        client.post("/api/alice/chat", json={"message": "hi"}, headers=keyed),
        client.get("/api/alice/tasks", headers=auth("alice")),
    ):
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "schema_out_of_date"
        assert "chatbot migrate" in response.json()["error"]["message"]

    assert cli.main(["migrate"]) == 0
    assert client.get("/health").status_code == 200
