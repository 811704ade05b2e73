"""Sending the outbox: pending notices go out through SMTP, each once, retried until they do.

Any number of senders may run against one database (the server's worker thread, `kotoplan
worker` on other machines, `kotoplan notices send`). The outbox is a queue of
`planner.runtime.queue`: a sender claims a notice with one conditional UPDATE that only one
of them can win; it counts the attempt and moves the notice's next attempt a lease ahead,
so a sender that dies mid-send leaves the notice to be taken again once the lease is over.
A failed attempt waits 1, 2, 4 ... minutes (at most an hour) before the next; after
MAX_ATTEMPTS, or when the server refuses the message for good, the notice is `failed` and
the portal shows it instead. Each notice is marked sent in its own transaction right after
the server accepted it.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from planner.runtime import mail, queue
from planner.runtime.states import NoticeStatus
from planner.store import db
from planner.store import models as m

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # about seven hours of trying with the waits below
FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=1)
LEASE = dt.timedelta(minutes=10)  # longer than a batch takes; then another sender may retry
BATCH = 50
SEND_EVERY = 30.0  # seconds between looks at the outbox

PENDING, SENT, FAILED = NoticeStatus.PENDING, NoticeStatus.SENT, NoticeStatus.FAILED
OUTBOX = queue.Queue(
    id=m.Notice.id,
    status=m.Notice.status,
    waiting=PENDING,
    held=(PENDING,),  # a claimed notice stays pending: its lease is `next_attempt_at`
    failed=FAILED,
    retry=queue.Retry(MAX_ATTEMPTS, first_wait=FIRST_WAIT, longest_wait=LONGEST_WAIT),
    due=m.Notice.next_attempt_at,
    attempts=m.Notice.attempts,
)


@dataclass
class Sending:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes, capped."""
    return OUTBOX.retry.wait(attempts)


def claim(session: Session, notice_id: int, attempts: int, now: dt.datetime) -> bool:
    """Take a due notice seen with `attempts` attempts; False if another sender took it first."""
    return queue.claim(session, OUTBOX, notice_id, now, LEASE, attempts) is not None


def _settle(session: Session, notice_id: int, attempt: int, **values: object) -> None:
    """End an attempt this sender holds (a notice taken over meanwhile is left alone)."""
    queue.keep(session, OUTBOX, notice_id, attempt, **values)


def _failed(
    session: Session, notice_id: int, attempt: int, error: Exception, now: dt.datetime
) -> str:
    """Record a failed attempt: wait and try again, or give up; the status it leaves."""
    text = f"{type(error).__name__}: {error}"[:500]
    permanent = mail.permanent(error)
    return queue.retry(session, OUTBOX, notice_id, attempt, now, permanent, last_error=text)


def _count(sending: Sending, status: str) -> None:
    if status == FAILED:
        sending.failed += 1
    else:
        sending.retrying += 1


def _take(engine: sa.Engine, now: dt.datetime, limit: int) -> tuple[dict[int, int], bool]:
    """Claim up to `limit` due notices: {id: this attempt}, and whether more may be due."""
    with db.session_scope(engine) as session:
        return queue.claim_due(session, OUTBOX, now, LEASE, limit, m.Notice.email.is_not(None))


def _send(
    engine: sa.Engine,
    settings: mail.SmtpSettings,
    held: dict[int, int],
    now: dt.datetime,
    connect: Callable[[mail.SmtpSettings], smtplib.SMTP],
    sending: Sending,
) -> bool:
    """Send the claimed notices over one connection; False if the server could not be reached."""
    with db.session_scope(engine) as session:
        notices = list(
            session.scalars(sa.select(m.Notice).where(m.Notice.id.in_(held)).order_by(m.Notice.id))
        )
    server: smtplib.SMTP | None = None
    down: Exception | None = None  # the server cannot be reached: the rest are not tried
    try:
        for notice in notices:
            attempt = held[notice.id]
            try:
                if down is not None:
                    raise down
                if server is None:
                    try:
                        server = connect(settings)
                    except (smtplib.SMTPException, OSError) as error:
                        down = error
                        raise
                assert notice.email is not None  # only notices with an address are taken
                server.send_message(
                    mail.message(settings, notice.email, notice.subject, notice.body)
                )
            except (smtplib.SMTPException, OSError) as error:
                lost = not isinstance(error, smtplib.SMTPException)  # a socket error
                if server is not None and (
                    lost or isinstance(error, smtplib.SMTPServerDisconnected)
                ):
                    server.close()
                    server = None  # the next notice connects again
                with db.session_scope(engine) as session:
                    _count(sending, _failed(session, notice.id, attempt, error, now))
                log.warning("notice %s: attempt %s failed: %s", notice.id, attempt, error)
                continue
            with db.session_scope(engine) as session:
                _settle(session, notice.id, attempt, status=SENT, sent_at=now,
                        next_attempt_at=None, last_error=None)  # fmt: skip
            sending.sent += 1
    finally:
        if server is not None:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()
    return down is None


def send_pending(
    engine: sa.Engine,
    settings: mail.SmtpSettings,
    now: dt.datetime | None = None,
    batch: int = BATCH,
    connect: Callable[[mail.SmtpSettings], smtplib.SMTP] = mail.connect,
) -> Sending:
    """Send every notice that is due, one message each, `batch` notices per connection."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    sending = Sending()
    more = True
    while more:
        held, more = _take(engine, now, batch)
        if not held:
            break
        if not _send(engine, settings, held, now, connect, sending):
            break  # the server is down: the other due notices wait for the next pass
    return sending


def run_sender(
    database_url: str,
    settings: mail.SmtpSettings,
    stop_event: threading.Event | None = None,
    every: float = SEND_EVERY,
) -> int:
    """Send due notices every `every` seconds until `stop_event` is set; how many were sent."""
    stop_event = stop_event or threading.Event()
    sent = 0
    with db.opened(database_url) as engine:
        while not stop_event.is_set():
            try:
                sent += send_pending(engine, settings).sent
            except sa.exc.SQLAlchemyError as error:
                # The database is away for a while: the notices wait in it, nothing is lost.
                log.warning("notices: the outbox cannot be read: %s", error)
            stop_event.wait(every)
    return sent
