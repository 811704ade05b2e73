"""Six Generate clicks at once queue one run; the others are shown the run under way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from planner.store import db
from planner.store import models as m
from tests.store.test_one_active_job import CLICKS, racing_checks
from tests.web.conftest import LOADED, WEEK, Auth, csrf_token, make_app
from web import database


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(
        f"sqlite:///{tmp_path / 'web.db'}" if request.param == "sqlite" else LOADED.fresh()
    )
    yield app
    app.extensions["kotoplan.engine"].dispose()


def test_simultaneous_generate_clicks_queue_one_run(
    any_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    clients = [any_app.test_client() for _ in range(CLICKS)]
    tokens = []
    for client in clients:
        Auth(client).login("coordinator")
        tokens.append(csrf_token(client.get(f"/plan/{WEEK}").get_data(as_text=True)))
    racing_checks(monkeypatch, CLICKS)
    statuses: list[int] = []

    def click(n: int) -> None:
        response = clients[n].post(f"/plan/{WEEK}/generate", data={"csrf_token": tokens[n]})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=click, args=(n,)) for n in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302] * CLICKS
    with any_app.app_context(), db.session_scope(database.engine()) as session:
        weeks = session.scalars(sa.select(m.SolveJob.week)).all()
    assert weeks == [WEEK]
    refused = 0
    for client in clients:
        with client.session_transaction() as session:
            messages = [message for _, message in session.get("_flashes", [])]
        refused += messages == ["This week is already being planned."]
    assert refused == CLICKS - 1
    # and the page shows the run under way, with its Stop
    page = clients[0].get(f"/plan/{WEEK}").get_data(as_text=True)
    assert "/stop" in page
