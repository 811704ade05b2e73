"""The coordinator's week: every session and visit of its published plan, editable in place.

Each item shows its record (or that nothing is recorded yet) and its history of changes,
who and when; an item that has not started is shown without a form. A form carries the
version of the record it was filled in on, and a save on an older one is refused (409)
and comes back with the values posted, so that nothing is overwritten unseen.
"""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from planner.attendance.items import SESSION, VISIT, PublishedItem, week_items
from planner.attendance.reading import (
    aware,
    changed_fields,
    history,
    session_records,
    visit_records,
)
from planner.domain.timeparts import iso_week, week_dates
from planner.store.plans import published
from web import database
from web.attendance import bp
from web.attendance.forms import (
    CANCELLED_BY_WORDS,
    MEMBER_WORDS,
    VISIT_WORDS,
    Refused,
    Stale,
    find_item,
    member_names,
    save_session,
    save_visit,
)
from web.attendance.views import Lookups, SessionView, VisitView, session_view, visit_view
from web.i18n import ZONE
from web.shiftviews import now


@bp.get("/")
def this_week():
    """This week's records."""
    return redirect(url_for("attendance.week", week=iso_week(now().date())))


def _views(
    week: str, moment: dt.datetime, posted: tuple[str, MultiDict, str] | None
) -> list[SessionView | VisitView]:
    session = database.session()
    lookups = Lookups.read(session)
    items = week_items(session, week)
    sessions = session_records(session, [i.id for i in items if i.kind == SESSION])
    visits = visit_records(session, [i.id for i in items if i.kind == VISIT])
    participants = member_names(session, [i.doc["participant"] for i in items if i.kind == VISIT])
    views: list[SessionView | VisitView] = []
    for item in items:
        form = posted[1] if posted and posted[0] == item.id else None
        if item.kind == SESSION:
            view = session_view(session, item, sessions.get(item.id), moment, lookups, form)
        else:
            who = participants.get(item.doc["participant"], item.doc["participant"])
            title = _("Guidance visit: %(who)s", who=who)
            view = visit_view(item, visits.get(item.id), moment, lookups, title, form)
        if form is not None:
            view.error = posted[2]
        views.append(view)
    return views


def _page(week: str, status: int = 200, posted: tuple[str, MultiDict, str] | None = None):
    session = database.session()
    moment = now()
    monday, sunday = week_dates(week)
    version = published(session, week)
    views = _views(week, moment, posted) if version else []
    changes = history(session, [v.item.id for v in views])
    people = {m.id: m.name for v in views if isinstance(v, SessionView) for m in v.members}
    days: dict[dt.date, list[SessionView | VisitView]] = {}
    for view in views:
        days.setdefault(view.item.start.astimezone(ZONE).date(), []).append(view)
    page = render_template(
        "attendance/week.html",
        week=week,
        days=list(days.items()),
        monday=monday,
        sunday=sunday,
        version=version,
        views=views,
        changes=changes,
        fields=changed_fields,
        people=people,
        aware=aware,
        previous=iso_week(monday - dt.timedelta(days=7)),
        next=iso_week(monday + dt.timedelta(days=7)),
        this_week=iso_week(moment.date()),
        words=MEMBER_WORDS,
        visit_words=VISIT_WORDS,
        by_words=CANCELLED_BY_WORDS,
    )
    return page, (404 if version is None and status == 200 else status)


@bp.get("/<week:week>")
def week(week: str):
    """Every session and visit of the week's published plan with its record."""
    return _page(week)


def _item_of(week: str, kind: str) -> PublishedItem:
    item_id = request.form.get("item", "")
    item = find_item(database.session(), item_id, kind)
    if item.week != week:
        raise Refused(404, _("%(item)s is not in the published plan of its week.", item=item_id))
    return item


def _save(week: str, kind: str, save):
    session = database.session()
    try:
        item = _item_of(week, kind)
        save(session, item, request.form, current_user.username, now())
    except Stale as stale:
        return _page(week, 409, (item.id, request.form, stale.message))
    except Refused as refused:
        if refused.status == 400:
            return _page(week, 400, (item.id, request.form, refused.message))
        return refused.answer()
    session.commit()
    flash(_("Saved."), "info")
    anchor = "item-" + "-".join(item.id.split("/"))
    return redirect(url_for("attendance.week", week=week, _anchor=anchor))


@bp.post("/<week:week>/sessions")
def save_session_form(week: str):
    """A session's record: held or cancelled, its members, children, who came."""
    return _save(week, SESSION, save_session)


@bp.post("/<week:week>/visits")
def save_visit_form(week: str):
    """A visit's record: done, cancelled by whom, or no-show."""
    return _save(week, VISIT, save_visit)
