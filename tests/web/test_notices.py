"""Change notices from publishing: one per person per version, mailed or shown in the portal."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask, render_template
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.i18n import Words
from planner.runtime import mail
from planner.runtime.outbox import send_pending
from planner.store import models as m
from planner.store.notices import PENDING, PORTAL, SENT
from planner.store.plans import publish as publish_version
from planner.store.plans import published
from tests.smtp import MailServer
from tests.web.conftest import WEEK, Auth, make_app
from tests.web.test_review import save, token, with_unplaced
from web import database
from web.cli import main
from web.notices import notice_panel, queue_notices
from web.portal_notices import notices_for
from web.serving import start_sender, start_worker

PAGE = f"/plan/{WEEK}"


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def mailing_app(database_url: str, server: MailServer) -> Iterator[Flask]:
    """The app on SQLite, then PostgreSQL, sending through the test's SMTP server."""
    application = make_app(database_url, **server.config())
    yield application
    application.extensions["kotoplan.engine"].dispose()


def publish(client: FlaskClient, version: int):
    return client.post(f"{PAGE}/publish", data={"csrf_token": token(client), "version": version})


def snapshot(notice: m.Notice) -> SimpleNamespace:
    """A notice's columns, readable once its session has ended."""
    return SimpleNamespace(**{c.key: getattr(notice, c.key) for c in m.Notice.__table__.columns})


def notices(app: Flask) -> list[SimpleNamespace]:
    with app.app_context():
        rows = database.session().scalars(
            sa.select(m.Notice).order_by(m.Notice.version, m.Notice.id)
        )
        return [snapshot(row) for row in rows]


def people_in(document: dict) -> set[tuple[str, str]]:
    """Everyone with an item in a plan: its facilitators and visitors, carers and partners."""
    found = {("staff", p) for s in document["sessions"] for p in s["facilitators"]}
    found |= {("staff", v["staff"]) for v in document["visits"]}
    found |= {("carer", s["carer"]) for s in document["shifts"]}
    return found | {("partner", s["partner"]) for s in document["shifts"]}


def smtp_of(app: Flask) -> mail.SmtpSettings:
    found = mail.smtp_settings(app.config, prefix="SMTP_")
    assert found is not None
    return found


def test_publishing_writes_one_notice_per_person_and_publishing_again_adds_none(
    mailing_app: Flask, server: MailServer, demo_plan_document: dict
) -> None:
    client = mailing_app.test_client()
    auth = Auth(client)
    save(mailing_app, demo_plan_document)
    auth.login()
    assert publish(client, 1).status_code == 302
    first = notices(mailing_app)
    everyone = people_in(demo_plan_document)
    assert sorted((n.recipient_kind, n.recipient_id) for n in first) == sorted(everyone)
    assert {(n.version, n.status) for n in first} == {(1, PENDING)}
    assert publish(client, 1).status_code == 409
    with mailing_app.app_context():
        assert queue_notices(database.session(), WEEK, 1) == []
    assert len(notices(mailing_app)) == len(first)

    # Delivered through the real server: one message per person, as written.
    done = send_pending(mailing_app.extensions["kotoplan.engine"], smtp_of(mailing_app))
    assert done.sent == len(first)
    received = {r.to: r for r in server.inbox.messages}
    assert len(received) == len(server.inbox.messages) == len(first)
    for notice in first:
        got = received[notice.email]
        assert (got.subject, got.body) == (notice.subject, notice.body)
    assert {n.status for n in notices(mailing_app)} == {SENT}


def test_a_new_version_tells_only_the_people_it_changes(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    changed = with_unplaced(demo_plan_document)
    dropped = demo_plan_document["visits"][0]
    auth.login()
    assert publish(client, 1).status_code == 302
    save(app, changed)
    assert publish(client, 2).status_code == 302
    second = [n for n in notices(app) if n.version == 2]
    assert [(n.recipient_kind, n.recipient_id) for n in second] == [("staff", dropped["staff"])]
    assert Words(second[0].language)("Cancelled") + " – " in second[0].body
    assert second[0].body.count("\n  ") == 1  # the one cancelled visit, its time and place


def test_without_smtp_the_notices_are_shown_in_the_portals(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    assert publish(client, 1).status_code == 302
    assert {n.status for n in notices(app)} == {PORTAL}
    visit = demo_plan_document["visits"][0]
    shift = demo_plan_document["shifts"][0]
    with app.app_context():
        session = database.session()
        (staff,) = map(snapshot, notices_for(session, "staff", visit["staff"]))
        (carer,) = map(snapshot, notices_for(session, "carer", shift["carer"]))
        (partner,) = map(snapshot, notices_for(session, "partner", shift["partner"]))
    say = Words(staff.language)
    assert staff.subject == say("Kotoplan: your plan for week {week}", week=49)
    kinds = ("Home visit: {area} ({code})", "Guidance: {venue} ({code})")
    assert any(
        say(kind, area="", venue="", code="").split(":")[0] + ":" in staff.body for kind in kinds
    )
    assert "Tulen: https://kotoplan.example.org/r/" in carer.body
    assert Words(partner.language)("Carer: {name}", name="") in partner.body
    participants = demo_document(WEEK)["participants"]
    for notice in notices(app):
        assert not any(p["name"] in notice.body for p in participants)
        assert not any(p["address"] in notice.body for p in participants)


def test_the_coordinators_panel_counts_the_notices_of_the_published_version(
    mailing_app: Flask, server: MailServer, demo_plan_document: dict
) -> None:
    with mailing_app.test_request_context():
        assert notice_panel(database.session(), published(database.session(), WEEK)) is None
    save(mailing_app, demo_plan_document)
    with mailing_app.app_context():
        session = database.session()
        publish_version(session, WEEK, 1, "test")
        queued = queue_notices(session, WEEK, 1)
        session.commit()
    server.stop()
    send_pending(mailing_app.extensions["kotoplan.engine"], smtp_of(mailing_app))
    with mailing_app.test_request_context(headers={"Accept-Language": "en"}):
        panel = notice_panel(database.session(), published(database.session(), WEEK))
        assert panel is not None and panel.smtp
        counts = panel.counts
        assert (counts.total, counts.pending, counts.sent) == (len(queued), len(queued), 0)
        assert panel.next_attempt is not None and "Connection refused" in (panel.last_error or "")
        html = render_template("coordinator/_notices.html", notice_panel=panel)
    assert "Change notices of version 1" in html
    assert f'Waiting to be sent</dt><dd><span class="badge warn">{len(queued)}</span>' in html
    assert "Next attempt" in html and "Connection refused" in html


def test_kotoplan_notices_send_sends_what_is_due(
    mailing_app: Flask, server: MailServer, demo_plan_document: dict, database_url: str
) -> None:
    save(mailing_app, demo_plan_document)
    with mailing_app.app_context():
        session = database.session()
        publish_version(session, WEEK, 1, "test")
        queued = queue_notices(session, WEEK, 1)
        session.commit()
    runner = CliRunner()
    environment = {f"KOTOPLAN_{key}": str(value) for key, value in server.config().items()}
    result = runner.invoke(main, ["--database", database_url, "notices", "send"], env=environment)
    assert result.exit_code == 0, result.output
    assert f"sent {len(queued)};" in result.output
    assert len(server.inbox.messages) == len(queued)
    nothing = runner.invoke(
        main, ["--database", database_url, "notices", "send"], env={"KOTOPLAN_SMTP_HOST": None}
    )
    assert nothing.exit_code == 1 and "KOTOPLAN_SMTP_HOST" in nothing.output


def test_the_servers_worker_thread_sends_the_notices_when_smtp_is_set(
    mailing_app: Flask,
    server: MailServer,
    demo_plan_document: dict,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KOTOPLAN_SMTP_HOST", raising=False)
    assert start_sender(database_url, threading.Event()) is None  # no server: portals only
    save(mailing_app, demo_plan_document)
    with mailing_app.app_context():
        session = database.session()
        publish_version(session, WEEK, 1, "test")
        queued = queue_notices(session, WEEK, 1)
        session.commit()
    for key, value in server.config().items():
        monkeypatch.setenv(f"KOTOPLAN_{key}", str(value))
    stop = start_worker(database_url)  # what `kotoplan serve` runs beside the web front
    try:
        assert server.inbox.wait_for(len(queued))
    finally:
        stop()
    assert {n.status for n in notices(mailing_app)} == {SENT}
