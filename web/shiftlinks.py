"""One-click answers for carers without an account: "I'll be there" / "I can't come".

A link carries the shift, the carer, the answer and a random link id, signed with the
app's secret key (itsdangerous) and valid until the shift starts. It works only for that
shift and only once: the answer it gives is stored with the link id, which is unique.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

ANSWERS = ("confirm", "decline")
SALT = "kotoplan.shift-answer"


@dataclass(frozen=True)
class ShiftAnswer:
    """What a valid link says: who answers which shift of which week, and how."""

    shift_id: str
    carer_id: str
    week: str
    answer: str
    link_id: str
    expires: dt.datetime


class LinkRefused(ValueError):
    """A link that is forged, expired or malformed; `reason` says which, for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(shift_id: str, carer_id: str, week: str, answer: str, expires: dt.datetime) -> str:
    """A signed token for one answer to one shift, valid until `expires` (the shift's start)."""
    if answer not in ANSWERS:
        raise ValueError(f"answer: must be one of {', '.join(ANSWERS)}")
    payload = {
        "s": shift_id,
        "c": carer_id,
        "w": week,
        "a": answer,
        "j": secrets.token_hex(12),
        "x": int(expires.timestamp()),
    }
    return _serializer().dumps(payload)


def read_token(token: str, now: dt.datetime | None = None) -> ShiftAnswer:
    """The answer a token carries, or LinkRefused."""
    try:
        payload = _serializer().loads(token)
    except SignatureExpired:
        raise LinkRefused("expired") from None
    except BadSignature:
        raise LinkRefused("invalid") from None
    try:
        expires = dt.datetime.fromtimestamp(int(payload["x"]), dt.UTC)
        answer = ShiftAnswer(
            str(payload["s"]), str(payload["c"]), str(payload["w"]), str(payload["a"]),
            str(payload["j"]), expires,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError):
        raise LinkRefused("invalid") from None
    if answer.answer not in ANSWERS:
        raise LinkRefused("invalid")
    if (now or dt.datetime.now(dt.UTC)) >= expires:
        raise LinkRefused("expired")
    return answer
