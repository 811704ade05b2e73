"""A real SMTP server on this machine for the tests (aiosmtpd), and what it received.

It listens on a free local port in a thread of its own; `stop` and `start` take it down and
bring it back on the same port, as a mail server that is away for a while.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass(frozen=True)
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content().replace("\r\n", "\n")


class Inbox:
    """The server's handler: keeps every message, refuses the addresses it is told to."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.refused: set[str] = set()
        self.logins: list[tuple[str, str]] = []
        self.changed = threading.Condition()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.changed:
            self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), parsed))
            self.changed.notify_all()
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
            return AuthResult(success=auth_data.password == b"right-password")
        return AuthResult(success=False)

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until `count` messages have come; whether they did within `timeout` seconds."""
        with self.changed:
            return self.changed.wait_for(lambda: len(self.messages) >= count, timeout)

    def clear(self) -> None:
        with self.changed:
            self.messages.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """aiosmtpd on 127.0.0.1 at a port of its own; `login=True` asks clients to log in."""

    def __init__(self, login: bool = False) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.login = login
        self.controller: Controller | None = None

    def start(self) -> None:
        extra = {}
        if self.login:
            extra = {
                "authenticator": self.inbox.authenticate,
                "auth_require_tls": False,  # the tests talk plain SMTP on this machine
            }
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def config(self) -> dict[str, object]:
        """The app configuration that sends through this server."""
        return {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": self.port,
            "SMTP_TLS": "none",
            "SMTP_FROM": "Kotoplan <kotoplan@kotoplan.example.org>",
        }
