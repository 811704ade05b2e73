"""The facilitator records her sessions on her phone, right after them.

`/staff/sessions` lists the sessions of published plans she facilitates, and her visits,
this week and the weeks before, newest first; one not started yet is shown as such, with
no form. A session's page marks each of the group's mothers present, absent or excused
with one tap (a form of its own per mother: it works without JavaScript, and
`attendance.js` only spares the page's reload), and records whether the session was held,
how many children were in childcare and who actually came. She sees her group's names,
as she facilitates it; nothing of the participants' ESF entry data is shown here.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.attendance.items import SESSION, VISIT, PublishedItem, week_items
from planner.attendance.reading import published_weeks, session_records, visit_records
from planner.attendance.record import CANCELLED, MEMBER_STATUSES, group_members, mark_member
from planner.domain.timeparts import iso_week, parse_week
from web import database
from web.attendance.forms import (
    MEMBER_WORDS,
    Refused,
    Stale,
    find_item,
    require_started,
    retrying,
    save_session,
)
from web.attendance.views import Lookups, session_view
from web.errors import wants_json
from web.shiftviews import now
from web.staff import bp, member

WEEKS_LISTED = 6


def _mine(item: PublishedItem, staff_id: str, record) -> bool:
    """Whether the staff member is on the item: planned on it, or recorded as having come."""
    if item.kind == VISIT:
        return item.doc["staff"] == staff_id
    came = list(record.facilitators or []) if record is not None else []
    return staff_id in item.doc.get("facilitators", []) or staff_id in came


def _own_session(item_id: str) -> PublishedItem:
    """A published session she facilitates; 404 when not published, 403 when not hers."""
    person = member()
    if person is None:
        raise Refused(403, _("Your account is not linked to a staff member; ask the coordinator."))
    session = database.session()
    item = find_item(session, item_id, SESSION)
    if not _mine(item, person.id, session_records(session, [item_id]).get(item_id)):
        raise Refused(403, _("You do not facilitate this session."))
    return item


@bp.get("/sessions")
def sessions():
    """Her sessions and visits of this week and the weeks before, newest first."""
    person = member()
    moment = now()
    this_week = iso_week(moment.date())
    asked = request.args.get("until", "")
    until = asked if asked and asked <= this_week and _is_week(asked) else this_week
    session = database.session()
    weeks = published_weeks(session, until, WEEKS_LISTED + 1) if person else []
    earlier = weeks[WEEKS_LISTED] if len(weeks) > WEEKS_LISTED else None
    lookups = Lookups.read(session)
    listed = []
    for week in weeks[:WEEKS_LISTED]:
        items = week_items(session, week)
        records = session_records(session, [i.id for i in items if i.kind == SESSION])
        visits = visit_records(session, [i.id for i in items if i.kind == VISIT])
        mine = [i for i in items if _mine(i, person.id, records.get(i.id))]
        rows = [
            (i, records.get(i.id) if i.kind == SESSION else visits.get(i.id), moment >= i.start)
            for i in reversed(mine)
        ]
        if rows:
            listed.append((week, rows))
    return render_template(
        "staff/sessions.html",
        person=person,
        weeks=listed,
        earlier=earlier,
        lookups=lookups,
        now=moment,
    )


def _is_week(text: str) -> bool:
    try:
        parse_week(text)
    except ValueError:
        return False
    return True


def _page(item: PublishedItem, status: int = 200, error: str | None = None, posted=None):
    session = database.session()
    record = session_records(session, [item.id]).get(item.id)
    view = session_view(session, item, record, now(), Lookups.read(session), posted)
    view.error = error
    view.conflict = status == 409 and posted is not None
    page = render_template("staff/session.html", view=view, words=MEMBER_WORDS)
    return page, status


@bp.get("/sessions/<path:item_id>")
def session_page(item_id: str):
    """One session: one tap per mother, and what else happened."""
    try:
        item = _own_session(item_id)
    except Refused as refused:
        return refused.answer()
    return _page(item)


@bp.post("/sessions/<path:item_id>")
def save_session_page(item_id: str):
    """Held or cancelled (why), children in childcare, who came."""
    session = database.session()
    try:
        item = _own_session(item_id)
        save_session(session, item, request.form, current_user.username, now())
    except Stale as stale:
        return _page(item, 409, stale.message, request.form)
    except Refused as refused:
        if refused.status == 400:
            return _page(item, 400, refused.message, request.form)
        return refused.answer()
    session.commit()
    flash(_("Saved."), "info")
    return redirect(url_for("staff.session_page", item_id=item_id))


@bp.post("/sessions/<path:item_id>/mark")
def mark(item_id: str):
    """One tap: a mother present, absent or excused."""
    session = database.session()
    person = request.form.get("person", "")
    status = request.form.get("status", "")
    moment = now()
    try:
        item = _own_session(item_id)
        require_started(item, moment)
        if status not in MEMBER_STATUSES:
            raise Refused(400, _("status: choose present, absent or excused."), "status")
        record = session_records(session, [item_id]).get(item_id)
        if record is not None and record.status == CANCELLED:
            raise Refused(409, _("The session is recorded as cancelled: mark it held first."))
        members = set(group_members(session, item.doc["group"]))
        members |= {a.person for a in record.members} if record is not None else set()
        if person not in members:
            raise Refused(
                400, _("person: %(person)s is not in this group.", person=person), "person"
            )
        row = retrying(
            session,
            lambda: (
                mark_member(
                    session, item_id, person, status, actor=current_user.username, now=moment
                ).row
            ),
        )
    except Refused as refused:
        session.rollback()
        return refused.answer()
    session.commit()
    if wants_json():
        return jsonify(person=person, status=status, version=row.version)
    return redirect(url_for("staff.session_page", item_id=item_id, _anchor=f"m-{person}"))
