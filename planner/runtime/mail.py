"""Mail through an SMTP server: its settings, and one connection that sends notices.

The settings come from `KOTOPLAN_SMTP_*` (the environment, or the web app's configuration
made from it): HOST (without it nothing is sent), PORT, USER and PASSWORD (login only when
both are given), FROM, and TLS: `starttls` (the default), `ssl`, or `none` for a relay on
the same machine.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

TLS_MODES = ("starttls", "ssl", "none")
PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 30.0


class MailError(ValueError):
    """SMTP settings that cannot work."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send mail."""

    host: str
    port: int
    sender: str
    tls: str = "starttls"
    user: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT


def _tls(value: Any) -> str:
    # The web app's configuration reads `true`/`false` from the environment as JSON.
    if value is None or value is True:
        return "starttls"
    if value is False:
        return "none"
    mode = str(value).strip().lower()
    if mode in ("1", "true", "yes", "on"):
        return "starttls"
    if mode in ("0", "false", "no", "off", ""):
        return "none"
    if mode not in TLS_MODES:
        raise MailError(f"SMTP_TLS: must be one of {', '.join(TLS_MODES)}, not {value!r}")
    return mode


def configured(values: Mapping[str, Any], prefix: str = "KOTOPLAN_SMTP_") -> bool:
    """Whether `values` name an SMTP server: then notices go by email (and wait until they do)."""
    return bool(str(values.get(f"{prefix}HOST") or "").strip())


def smtp_settings(values: Mapping[str, Any], prefix: str = "KOTOPLAN_SMTP_") -> SmtpSettings | None:
    """The SMTP settings in `values` (the environment, or app config with prefix `SMTP_`).

    None when no host is set: notices are then shown in the portals only.
    """
    if not configured(values, prefix):
        return None
    host = str(values[f"{prefix}HOST"]).strip()
    tls = _tls(values.get(f"{prefix}TLS"))
    port = values.get(f"{prefix}PORT") or PORTS[tls]
    try:
        port = int(port)
    except (TypeError, ValueError):
        raise MailError(f"SMTP_PORT: not a port number: {port!r}") from None
    user = str(values.get(f"{prefix}USER") or "") or None
    password = str(values.get(f"{prefix}PASSWORD") or "") or None
    sender = str(values.get(f"{prefix}FROM") or "") or f"kotoplan@{host}"
    return SmtpSettings(host, port, sender, tls, user, password)


def message(settings: SmtpSettings, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from Kotoplan."""
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    domain = settings.sender.rsplit("@", 1)[-1].strip("> ") or None
    mail["Message-ID"] = make_msgid("kotoplan", domain=domain)
    mail["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to a robot, please
    mail.set_content(body)
    return mail


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open, logged-in connection to the server (the caller quits it)."""
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.tls == "starttls":
            server.starttls(context=context)
        if settings.user and settings.password:
            server.login(settings.user, settings.password)
    except BaseException:
        server.close()
        raise
    return server


def permanent(error: Exception) -> bool:
    """Whether the server refused this message for good (5xx): trying again would not help.

    Only refusals of the message itself count; a server that refuses us (login, sender,
    greeting) is a setting to correct, after which the notices go out.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False
