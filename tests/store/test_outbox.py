"""The outbox against a real SMTP server: each notice delivered once, retried, never lost."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from planner.runtime import mail
from planner.runtime.outbox import MAX_ATTEMPTS, backoff, claim, run_sender, send_pending
from planner.store import db
from planner.store import models as m
from planner.store.notices import FAILED, PENDING, PORTAL, SENT
from tests.smtp import MailServer

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer()
    running.start()
    yield running
    running.stop()


def settings(server: MailServer, **changes: object) -> mail.SmtpSettings:
    found = mail.smtp_settings(server.config() | changes, prefix="SMTP_")
    assert found is not None
    return found


def add_notices(engine: sa.Engine, count: int, status: str = PENDING) -> list[int]:
    """`count` notices of version 1 of 2026-W49, to staff members s-1, s-2, ..."""
    with db.session_scope(engine) as session:
        rows = [
            m.Notice(
                week="2026-W49",
                version=1,
                recipient_kind="staff",
                recipient_id=f"s-{n}",
                email=f"s-{n}@example.org",
                language="fi",
                subject=f"Kotoplan: muutoksia viikollesi 49 ({n})",
                body=f"Hei s-{n},\n\nSiirretty – Ryhmä: Äitien ryhmä {n}\n",
                status=status,
            )
            for n in range(1, count + 1)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def stored(engine: sa.Engine) -> list[m.Notice]:
    with db.session_scope(engine) as session:
        return list(session.scalars(sa.select(m.Notice).order_by(m.Notice.id)))


def aware(value: dt.datetime | None) -> dt.datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)


def test_pending_notices_are_delivered_once_each(engine: sa.Engine, server: MailServer) -> None:
    add_notices(engine, 3)
    with db.session_scope(engine) as session:  # a portal notice has nobody to mail to
        session.add(
            m.Notice(week="2026-W49", version=1, recipient_kind="carer", recipient_id="c-1",
                     email=None, subject="s", body="b", status=PORTAL)
        )  # fmt: skip
    done = send_pending(engine, settings(server), NOW)
    assert (done.sent, done.retrying, done.failed) == (3, 0, 0)
    received = server.inbox.messages
    assert [r.rcpt_tos for r in received] == [(f"s-{n}@example.org",) for n in (1, 2, 3)]
    for n, got in enumerate(received, start=1):
        assert got.to == f"s-{n}@example.org"
        assert got.subject == f"Kotoplan: muutoksia viikollesi 49 ({n})"
        assert got.body == f"Hei s-{n},\n\nSiirretty – Ryhmä: Äitien ryhmä {n}\n"
        assert got.mail_from == "kotoplan@kotoplan.example.org"
        assert got.message["Auto-Submitted"] == "auto-generated"
    rows = stored(engine)
    assert [(r.status, r.attempts) for r in rows] == [(SENT, 1)] * 3 + [(PORTAL, 0)]
    assert all(aware(r.sent_at) == NOW for r in rows[:3])
    again = send_pending(engine, settings(server), NOW + dt.timedelta(hours=1))
    assert again.sent == 0 and len(server.inbox.messages) == 3


def test_with_the_server_down_notices_wait_and_go_once_it_is_back(
    engine: sa.Engine, server: MailServer
) -> None:
    add_notices(engine, 2)
    server.stop()
    done = send_pending(engine, settings(server), NOW)
    assert (done.sent, done.retrying) == (0, 2)
    rows = stored(engine)
    assert [(r.status, r.attempts) for r in rows] == [(PENDING, 1)] * 2
    assert all(aware(r.next_attempt_at) == NOW + MINUTE for r in rows)
    assert all("Connection refused" in (r.last_error or "") for r in rows)
    # Not due yet: nothing is tried, so nothing is counted.
    assert send_pending(engine, settings(server), NOW + 30 * dt.timedelta(seconds=1)).retrying == 0
    assert [r.attempts for r in stored(engine)] == [1, 1]
    server.start()
    done = send_pending(engine, settings(server), NOW + 2 * MINUTE)
    assert done.sent == 2
    assert sorted(r.to for r in server.inbox.messages) == ["s-1@example.org", "s-2@example.org"]
    assert [(r.status, r.attempts, r.last_error) for r in stored(engine)] == [(SENT, 2, None)] * 2


def test_the_waits_double_and_after_the_last_attempt_the_notice_has_failed(
    engine: sa.Engine, server: MailServer
) -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]
    assert backoff(MAX_ATTEMPTS) == dt.timedelta(hours=1)
    add_notices(engine, 1)
    server.stop()
    now, waits = NOW, []
    for _ in range(MAX_ATTEMPTS):
        send_pending(engine, settings(server), now)
        (row,) = stored(engine)
        if row.next_attempt_at is not None:
            waits.append(aware(row.next_attempt_at) - now)
            now = aware(row.next_attempt_at)
    assert waits[:6] == [n * MINUTE for n in (1, 2, 4, 8, 16, 32)]
    assert (row.status, row.attempts, row.next_attempt_at) == (FAILED, MAX_ATTEMPTS, None)
    server.start()
    assert send_pending(engine, settings(server), now + dt.timedelta(days=1)).sent == 0
    assert server.inbox.messages == []


def test_a_recipient_the_server_refuses_for_good_fails_at_once(
    engine: sa.Engine, server: MailServer
) -> None:
    add_notices(engine, 2)
    server.inbox.refused.add("s-1@example.org")
    done = send_pending(engine, settings(server), NOW)
    assert (done.sent, done.failed) == (1, 1)
    first, second = stored(engine)
    assert (first.status, first.attempts) == (FAILED, 1)
    assert "550" in (first.last_error or "")
    assert second.status == SENT
    assert [r.to for r in server.inbox.messages] == ["s-2@example.org"]


def test_only_one_sender_can_claim_a_notice(engine: sa.Engine) -> None:
    (notice,) = add_notices(engine, 1)
    with db.session_scope(engine) as first, db.session_scope(engine) as second:
        assert claim(first, notice, 0, NOW)
        first.commit()
        assert not claim(second, notice, 0, NOW)
    (row,) = stored(engine)
    assert (row.attempts, aware(row.next_attempt_at)) == (1, NOW + dt.timedelta(minutes=10))


def test_two_senders_at_once_deliver_each_notice_once(
    engine: sa.Engine, server: MailServer, database_url: str
) -> None:
    add_notices(engine, 24)
    other = db.make_engine(database_url)
    start = threading.Barrier(2)

    def send(on: sa.Engine) -> None:
        start.wait()
        send_pending(on, settings(server), NOW, batch=5)

    threads = [threading.Thread(target=send, args=(e,)) for e in (engine, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.dispose()
    addresses = [r.to for r in server.inbox.messages]
    assert sorted(addresses) == sorted(f"s-{n}@example.org" for n in range(1, 25))
    assert {r.status for r in stored(engine)} == {SENT}


def test_the_background_sender_delivers_what_is_queued(
    engine: sa.Engine, server: MailServer, database_url: str
) -> None:
    add_notices(engine, 2)
    stop = threading.Event()
    thread = threading.Thread(target=run_sender, args=(database_url, settings(server), stop, 0.05))
    thread.start()
    try:
        assert server.inbox.wait_for(2)
        with db.session_scope(engine) as session:
            session.add(
                m.Notice(week="2026-W49", version=2, recipient_kind="staff", recipient_id="s-1",
                         email="s-1@example.org", subject="v2", body="b", status=PENDING)
            )  # fmt: skip
        assert server.inbox.wait_for(3)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert [r.subject for r in server.inbox.messages][-1] == "v2"


def test_logging_in_to_a_server_that_asks_for_it(engine: sa.Engine) -> None:
    guarded = MailServer(login=True)
    guarded.start()
    try:
        add_notices(engine, 1)
        login = settings(guarded, SMTP_USER="kotoplan", SMTP_PASSWORD="right-password")
        assert send_pending(engine, login, NOW).sent == 1
    finally:
        guarded.stop()
    assert guarded.inbox.logins == [("kotoplan", "right-password")]
    assert len(guarded.inbox.messages) == 1


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, None),
        ({"KOTOPLAN_SMTP_HOST": "mail.example.org"},
         ("mail.example.org", 587, "starttls", "kotoplan@mail.example.org", None)),
        ({"KOTOPLAN_SMTP_HOST": "mail.example.org", "KOTOPLAN_SMTP_TLS": "ssl",
          "KOTOPLAN_SMTP_USER": "k", "KOTOPLAN_SMTP_FROM": "Kotoplan <k@example.org>"},
         ("mail.example.org", 465, "ssl", "Kotoplan <k@example.org>", "k")),
        ({"KOTOPLAN_SMTP_HOST": "localhost", "KOTOPLAN_SMTP_TLS": "false",
          "KOTOPLAN_SMTP_PORT": "2525"},
         ("localhost", 2525, "none", "kotoplan@localhost", None)),
    ],
    ids=["none", "defaults", "ssl-and-login", "plain-relay"],
)  # fmt: skip
def test_smtp_settings_from_the_environment(values: dict, expected: tuple | None) -> None:
    found = mail.smtp_settings(values)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.host, found.port, found.tls, found.sender, found.user) == expected


@pytest.mark.parametrize("values", [{"TLS": "maybe"}, {"PORT": "smtp"}], ids=["tls", "port"])
def test_smtp_settings_that_cannot_work_are_refused(values: dict) -> None:
    environment = {"KOTOPLAN_SMTP_HOST": "mail.example.org"}
    environment |= {f"KOTOPLAN_SMTP_{key}": value for key, value in values.items()}
    with pytest.raises(mail.MailError):
        mail.smtp_settings(environment)
