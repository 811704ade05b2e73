"""The coordinator's pages of records: the overview, lists, forms, retiring, the change log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.formats.findings import check_document
from planner.store import models as m
from planner.store.db import StaleRecord, StoreError
from web import database
from web.masterdata import bp, conflicts, records, usage
from web.masterdata.forms import RecordForm, error_list, place, taken_id
from web.masterdata.kinds import KINDS, Kind, names_of

# A stand-in id for a record whose typed id is taken, so its other fields are still checked.
PROBE_ID = "kotoplan-probe-id"
CHANGES_SHOWN = 200


def actor() -> str:
    """Who is changing the data, as the change log names them."""
    return f"web:{current_user.username}"


def _kind(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        abort(404)
    return kind


def master_document() -> dict[str, Any]:
    """The master data; without any yet, the coordinator is sent to import a scenario."""
    try:
        return records.document(database.session())
    except StoreError:
        abort(redirect(url_for("masterdata.import_json")))


@bp.get("/")
def index():
    """The master data at a glance: how many of each kind, areas, imports and exports."""
    try:
        doc = records.document(database.session())
    except StoreError:
        return render_template("masterdata/index.html", doc=None, kinds=KINDS)
    counts = {slug: len(records.all_of(doc, slug)) for slug in KINDS}
    return render_template("masterdata/index.html", doc=doc, kinds=KINDS, counts=counts)


@bp.get("/<kind>/")
def list_records(kind: str):
    """A kind's records as a table, searchable (and participants by area)."""
    k = _kind(kind)
    doc = master_document()
    names = names_of(doc)
    query = request.args.get("q", "").strip()
    area = request.args.get("area", "")
    rows = []
    for entity in records.all_of(doc, kind):
        cells = [column.value(entity, names) for column in k.columns]
        text = " ".join([entity["id"], *cells]).casefold()
        if query and query.casefold() not in text:
            continue
        if area and entity.get("area") != area:
            continue
        rows.append((entity, cells))
    rows.sort(key=lambda row: (row[0].get("name") or row[0]["id"]).casefold())
    return render_template(
        "masterdata/list.html",
        kind=k,
        rows=rows,
        total=len(records.all_of(doc, kind)),
        query=query,
        area=area,
        areas=sorted(doc["areas"], key=lambda a: a["name"]),
    )


@bp.route("/<kind>/new", methods=["GET", "POST"])
def create(kind: str):
    """A form for a new record."""
    return _form_page(_kind(kind), master_document(), None)


@bp.route("/<kind>/<record_id>", methods=["GET", "POST"])
def edit(kind: str, record_id: str):
    """A record's form."""
    k = _kind(kind)
    doc = master_document()
    found = records.find(doc, kind, record_id)
    if found is None:
        abort(404)
    return _form_page(k, doc, found[1])


def _form_page(kind: Kind, doc: dict[str, Any], entity: dict[str, Any] | None):
    session = database.session()
    version = None if entity is None else records.version_of(session, kind.slug, entity["id"])
    form: RecordForm = kind.form(doc, entity, version)
    general: list[str] = []
    valid = form.validate_on_submit()
    if entity is not None and conflicts.stale(form, version):
        return _conflict_page(kind, doc, version, form)
    if valid:
        new = form.read(doc, entity["id"] if entity else None)
        owner = taken_id(doc, new["id"]) if entity is None else None
        if owner:
            form.record_id.errors = [
                _('The id "%(id)s" is already used by %(owner)s.', id=new["id"], owner=owner)
            ]
            path = records.put(doc, kind.slug, new | {"id": PROBE_ID})
            findings = check_document(doc)
        else:
            try:
                path, findings = records.save(session, doc, kind.slug, new, actor(), version)
            except StaleRecord:  # saved by someone else between reading and writing
                return _conflict_page(kind, master_document(), None, form)
        if not findings and not owner:
            session.commit()
            flash(_("Saved: %(name)s.", name=new.get("name") or new["id"]), "info")
            return redirect(url_for("masterdata.list_records", kind=kind.slug))
        general = place(form, findings, path)
    failed = request.method == "POST" and (bool(error_list(form)) or bool(general))
    page = render_template(
        "masterdata/form.html",
        kind=kind,
        form=form,
        entity=entity,
        errors=error_list(form),
        general=general,
    )
    return page, 400 if failed else 200


def _conflict_page(
    kind: Kind,
    doc: dict[str, Any],
    version: int | None,
    form: RecordForm,
):
    """409: the record was saved by someone else since the form was opened; nothing is saved."""
    session = database.session()
    ref = form.before["id"]
    found = records.find(doc, kind.slug, ref)
    current = records.version_of(session, kind.slug, ref) if version is None else version
    if found is None or current is None:
        abort(404)  # retired meanwhile: there is nothing left to save into
    saved = kind.form(doc, found[1], current, formdata=None)
    clash = conflicts.conflict(session, kind.slug, ref, current, saved, form)
    page = render_template(
        "masterdata/form.html",
        kind=kind,
        form=form,
        entity=found[1],
        errors=error_list(form),
        general=[],
        conflict=clash,
    )
    return page, 409


@bp.route("/<kind>/<record_id>/retire", methods=["GET", "POST"])
def retire(kind: str, record_id: str):
    """Retire a record once nothing refers to it any more; say what still does."""
    k = _kind(kind)
    doc = master_document()
    found = records.find(doc, kind, record_id)
    if found is None:
        abort(404)
    entity = found[1]
    session = database.session()
    version = records.version_of(session, kind, record_id)
    reasons = usage.blockers(session, doc, kind, record_id)
    general: list[str] = []
    if request.method == "POST" and not reasons:
        # Retire what was seen: a record changed since the page was opened is shown again.
        if request.form.get("record_version") != str(version):
            general = [_("It has been changed since this page was opened. Look at it again.")]
        else:
            try:
                findings = records.retire(session, doc, kind, record_id, actor())
            except StaleRecord:
                abort(409, _("The master data changed while saving. Please try again."))
            if not findings:
                session.commit()
                flash(_("Retired: %(name)s.", name=entity.get("name") or record_id), "info")
                return redirect(url_for("masterdata.list_records", kind=kind))
            general = [finding.message for finding in findings]
    status = 409 if request.method == "POST" else 200
    page = render_template(
        "masterdata/retire.html",
        kind=k,
        entity=entity,
        reasons=reasons,
        general=general,
        version=version,
    )
    return page, status


@bp.get("/changes")
def changes():
    """The latest changes to the master data and plans, newest first."""
    rows = list(
        database.session().scalars(
            sa.select(m.Change).order_by(m.Change.id.desc()).limit(CHANGES_SHOWN)
        )
    )
    # SQLite gives back the stored UTC time without its zone.
    when = {c.id: c.at if c.at.tzinfo else c.at.replace(tzinfo=dt.UTC) for c in rows}
    return render_template("masterdata/changes.html", changes=rows, when=when, shown=CHANGES_SHOWN)
