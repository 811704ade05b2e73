"""Carers' one-click answers from their change notices: "I'll be there" / "I can't come".

`GET /r/<token>` only shows the shift and one button: mail scanners open links before
people do, so a GET must change nothing. The button POSTs the answer, which is stored with
the link's id (unique), so a link works once. It works only while the shift is in the
published plan as it was when the link was made (same carer, same start) and as the page
showed it; otherwise the page says the shift has changed. No login: the signed token is
the key, and the page shows only what the carer's own calendar feed shows.
"""

from __future__ import annotations

import hashlib
import logging
import re

from flask import Blueprint, current_app, render_template, request
from flask.blueprints import BlueprintSetupState
from sqlalchemy.exc import IntegrityError

from calendars import Reader
from planner.domain import Shift
from planner.store.responses import CONFIRMED, DECLINED, by_link, record_answer
from web import database
from web.shiftlinks import LinkRefused, ShiftAnswer, make_token, read_token
from web.shiftviews import ShiftView, now, published_week, shift_views

bp = Blueprint("answer", __name__)
STATUS = {"confirm": CONFIRMED, "decline": DECLINED}
TOKEN_IN_PATH = re.compile(r"/r/[^/\s?]+")


class RedactAnswerTokens(logging.Filter):
    """Keeps one-click tokens out of request logs (werkzeug's development server logs paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                TOKEN_IN_PATH.sub("/r/<token>", a) if isinstance(a, str) else a for a in record.args
            )
        record.msg = TOKEN_IN_PATH.sub("/r/<token>", str(record.msg))
        return True


@bp.record_once
def _quiet_logs(_state: BlueprintSetupState) -> None:
    logging.getLogger("werkzeug").addFilter(RedactAnswerTokens())


def answer_url(shift: Shift, carer: str, week: str, answer: str) -> str:
    """The absolute one-click link of a carer's answer ("confirm" or "decline") to a shift."""
    # `shift` is the published plan's shift, `carer` its carer's id; it expires as it starts.
    token = make_token(shift.id, carer, week, answer, shift.start)
    return f"{current_app.config['BASE_URL'].rstrip('/')}/r/{token}"


def fingerprint(shift: Shift) -> str:
    """A short digest of a shift's place and times: what the page showed when answered."""
    text = f"{shift.id}|{shift.venue}|{shift.start.isoformat()}|{shift.end.isoformat()}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _page(state: str, status: int, **context: object):
    response = current_app.make_response(
        (render_template("answer/show.html", state=state, **context), status)
    )
    # The address is a key: keep it out of other sites' logs and out of search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "no-store"
    return response


def _current(link: ShiftAnswer) -> ShiftView | None:
    """The link's shift as the carer's feed shows it, if it is still as the link says."""
    session = database.session()
    week_plan = published_week(session, link.week)
    shift = week_plan.shift(link.shift_id) if week_plan else None
    if week_plan is None or shift is None:
        return None
    if shift.carer != link.carer_id or shift.start != link.expires:
        return None
    views = shift_views(session, week_plan, Reader("carer", link.carer_id))
    return next((view for view in views if view.shift.id == shift.id), None)


def _check(token: str):
    """The link and its shift, or the page that says why it cannot be answered."""
    try:
        link = read_token(token, now())
    except LinkRefused as refused:
        return None, None, _page(refused.reason, 410 if refused.reason == "expired" else 404)
    used = by_link(database.session(), link.link_id)
    if used is not None:
        return link, None, _page("used", 200, given=used)
    view = _current(link)
    if view is None:
        return link, None, _page("changed", 409)
    return link, view, None


@bp.get("/r/<token>")
def show(token: str):
    """The shift and one button to give the link's answer; nothing changes here."""
    link, view, refusal = _check(token)
    if refusal is not None:
        return refusal
    return _page("ask", 200, link=link, view=view, seen=fingerprint(view.shift), token=token)


@bp.post("/r/<token>")
def give(token: str):
    """Store the link's answer, once, if the shift is still as the page showed it."""
    link, view, refusal = _check(token)
    if refusal is not None:
        return refusal
    if request.form.get("seen") != fingerprint(view.shift):
        return _page("changed", 409)
    session = database.session()
    try:
        record_answer(
            session,
            link.week,
            view.shift,
            STATUS[link.answer],
            f"carer:{link.carer_id}",
            reason=request.form.get("reason"),
            link_id=link.link_id,
        )
        session.commit()
    except IntegrityError:  # the same link answered twice at the same moment
        session.rollback()
        return _page("used", 200, given=by_link(session, link.link_id))
    return _page("done", 200, link=link, view=view)
