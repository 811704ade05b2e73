"""Whose calendar feeds a user may see and hand out, and every way to subscribe to one.

A staff member has her own feed; a partner organisation its own and its carers' (so it
can pass each carer her link); the coordinator every feed there is, the interpreters'
included (interpreters do not log in: the coordinator hands each her link). The rule lives here
once, for the list and for every page and action on one feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import Session

from planner.store import models as m

COORDINATOR = "coordinator"
# The kinds in the order the coordinator's list shows them, each with its heading.
HEADINGS = {
    COORDINATOR: _l("Coordinator"),
    "staff": _l("Staff members"),
    "interpreter": _l("Interpreters"),
    "partner": _l("Partner organisations"),
    "carer": _l("Carers"),
    "venue": _l("Venues"),
    "group": _l("Groups"),
}
CONTENTS = {
    COORDINATOR: _l("Every session, childcare shift, visit and trip of the published plans."),
    "staff": _l("The staff member's sessions, guidance visits and travel."),
    "interpreter": _l(
        "The interpreter's sessions and visits with their language and staff member, and "
        "her travel; never whose visit it is."
    ),
    "partner": _l("The childcare shifts of all the organisation's carers."),
    "carer": _l("The carer's childcare shifts."),
    "venue": _l("The bookings of the venue."),
    "group": _l("The group's sessions, for the participants' own calendars."),
}
MODELS: dict[str, type[m.Base]] = {
    "staff": m.StaffMember,
    "interpreter": m.Interpreter,
    "partner": m.Partner,
    "carer": m.Carer,
    "venue": m.Venue,
    "group": m.Group,
}


@dataclass(frozen=True)
class Listed:
    """A feed a user may see: whose it is and what to call it."""

    kind: str
    id: str | None
    name: str
    detail: str | None = None  # a carer's organisation


def _named(kind: str, row: m.Base) -> Listed:
    detail = row.partner.name if isinstance(row, m.Carer) else None
    return Listed(kind, row.id, row.name, detail)  # type: ignore[attr-defined]


def _all(session: Session, kind: str) -> list[Listed]:
    model = MODELS[kind]
    rows = session.scalars(sa.select(model).order_by(model.name, model.id))  # type: ignore[attr-defined]
    return [_named(kind, row) for row in rows]


def coordinator_feed() -> Listed:
    """The coordinator's own feed, which shows everything."""
    return Listed(COORDINATOR, None, str(_l("Coordinator")))


def readers_for(session: Session, user: object) -> list[Listed]:
    """Every feed the user may see, in the order the list shows them."""
    role = getattr(user, "role", None)
    if role == COORDINATOR:
        found = [coordinator_feed()]
        for kind in MODELS:
            found += _all(session, kind)
        return found
    if role == "staff":
        member = session.get(m.StaffMember, user.staff_id) if user.staff_id else None  # type: ignore[attr-defined]
        return [_named("staff", member)] if member is not None else []
    if role == "partner":
        partner = session.get(m.Partner, user.partner_id) if user.partner_id else None  # type: ignore[attr-defined]
        if partner is None:
            return []
        return [_named("partner", partner)] + [_named("carer", c) for c in partner.carers]
    return []


def reader_for(session: Session, user: object, kind: str, reader_id: str) -> Listed | None:
    """One feed, if it exists and the user may see it; else None."""
    model = MODELS.get(kind)
    row = session.get(model, reader_id) if model is not None else None
    if row is None:
        return None
    role = getattr(user, "role", None)
    if role == COORDINATOR:
        return _named(kind, row)
    if role == "staff" and kind == "staff" and reader_id == user.staff_id:  # type: ignore[attr-defined]
        return _named(kind, row)
    if role == "partner":
        own = user.partner_id  # type: ignore[attr-defined]
        if (kind == "partner" and reader_id == own) or (
            kind == "carer" and row.partner_id == own  # type: ignore[attr-defined]
        ):
            return _named(kind, row)
    return None


@dataclass(frozen=True)
class Links:
    """Every way to subscribe to one feed."""

    https: str
    webcal: str
    google: str
    outlook: str
    qr: Markup  # an inline SVG of the webcal address, for a phone's camera


def links(https_url: str, calendar_name: str, qr_title: str) -> Links:
    """The subscription links of a feed's https address."""
    webcal = "webcal://" + https_url.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}, quote_via=quote)
    outlook = "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
        {"url": https_url, "name": calendar_name}, quote_via=quote
    )
    # The webcal address: a phone's camera hands it to the calendar app as a subscription.
    code = segno.make(webcal, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, title=qr_title, light="#fff")
    return Links(https_url, webcal, google, outlook, Markup(svg))
