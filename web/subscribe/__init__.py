"""Subscribing to calendar feeds: each reader's link, for phones and every calendar client.

A feed's page gives its https and webcal addresses, one-click links for Google Calendar
and Outlook, a QR code for a phone, and a button that replaces the address (the old one
answers 410 Gone at once). Who may see which feed is `readers`' decision alone.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from web import database, feedlinks
from web.auth import role_required
from web.feeds import feed_key, feed_url
from web.i18n import LANGUAGES, language
from web.subscribe import readers
from web.subscribe.readers import COORDINATOR, Listed

bp = Blueprint("subscribe", __name__, url_prefix="/calendars")


@bp.before_request
@role_required("coordinator", "staff", "partner")
def only_users() -> None:
    """The coordinator, staff members and partners have feeds; nobody else."""


def _allowed(kind: str, reader_id: str) -> Listed:
    """The feed if the user may see it: 404 for the coordinator when there is none, else 403."""
    found = readers.reader_for(database.session(), current_user, kind, reader_id)
    if found is None:
        abort(404 if current_user.role == COORDINATOR else 403)
    return found


def _only_coordinator() -> Listed:
    if current_user.role != COORDINATOR:
        abort(403)
    return readers.coordinator_feed()


def _here(listed: Listed) -> str:
    if listed.kind == COORDINATOR:
        return url_for("subscribe.coordinator")
    return url_for("subscribe.reader", kind=listed.kind, record_id=listed.id)


def _page(listed: Listed):
    """A feed's page: its addresses, the one-click links, the QR code and the replace button."""
    session = database.session()
    token = feedlinks.link(session, listed.kind, listed.id, feed_key())
    session.commit()  # a link made on first view must stay the same on the next
    lang = request.args.get("lang")
    if lang not in LANGUAGES:
        lang = language()
    # Finnish is the feeds' default, so a Finnish address stays as short as can be.
    address = feed_url(token) + ("" if lang == "fi" else f"?lang={lang}")
    calendar_name = f"Kotoplan – {listed.name}"
    links = readers.links(address, calendar_name, _("QR code of the calendar address"))
    response = make_response(
        render_template(
            "subscribe/reader.html",
            listed=listed,
            heading=readers.HEADINGS[listed.kind],
            contents=readers.CONTENTS[listed.kind],
            links=links,
            lang=lang,
            here=_here(listed),
        )
    )
    # The page holds a secret address: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def index():
    """The feeds the user may see; with only one (a staff member's own), that feed's page."""
    listed = readers.readers_for(database.session(), current_user)
    if len(listed) == 1:
        return _page(listed[0])
    groups: dict[str, list[Listed]] = {}
    for one in listed:
        groups.setdefault(one.kind, []).append(one)
    return render_template(
        "subscribe/index.html", groups=groups, headings=readers.HEADINGS, contents=readers.CONTENTS
    )


@bp.get("/coordinator")
def coordinator():
    """The coordinator's own feed."""
    return _page(_only_coordinator())


@bp.get("/<kind>/<record_id>")
def reader(kind: str, record_id: str):
    """One staff member's, carer's, partner's, venue's or group's feed."""
    return _page(_allowed(kind, record_id))


def _replace(listed: Listed):
    if request.form.get("confirm") != "yes":
        # Only the confirmation's own button replaces: the old address would be gone at once.
        flash(_("The address was not replaced: confirm it with the button that says so."), "error")
        response = _page(listed)
        response.status_code = 400
        return response
    session = database.session()
    feedlinks.issue(session, listed.kind, listed.id, feed_key())
    session.commit()
    flash(
        _("The calendar has a new address; the old one no longer works. Subscribe again "
          "with the new address on every device."),
        "info",
    )  # fmt: skip
    return redirect(_here(listed))


@bp.post("/coordinator/replace")
def replace_coordinator():
    """Replace the coordinator feed's address."""
    return _replace(_only_coordinator())


@bp.post("/<kind>/<record_id>/replace")
def replace(kind: str, record_id: str):
    """Replace a feed's address: the old one answers 410 Gone from now on."""
    return _replace(_allowed(kind, record_id))
