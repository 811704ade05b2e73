"""Importing people lists: upload, preview, confirm; and the templates to fill in.

The rows read at the upload travel to the confirmation in a hidden field, signed with the
app's secret (itsdangerous), so the server keeps no state between the two steps and a
changed or stale payload is refused. Only a list without rejected rows can be confirmed:
the issue asks that nothing is half-imported, and a list's rows often belong together.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from planner.formats import people
from planner.formats.columns import COLUMNS, template_csv, template_xlsx
from planner.formats.sheets import SheetError
from planner.store.db import StaleRecord
from web import database
from web.i18n import language
from web.masterdata import bp, records
from web.masterdata.views import actor, master_document

SALT = "kotoplan.masterdata.people-import"
PREVIEW_LIFETIME = 3600  # seconds between the upload and the confirmation
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadForm(FlaskForm):
    kind = SelectField(
        _l("The list holds"),
        choices=[
            SelectChoice("participants", _l("Participants and their children")),
            SelectChoice("staff", _l("Staff")),
            SelectChoice("carers", _l("Carers of partner organisations")),
        ],
    )
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired()])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)  # type: ignore[arg-type]


def _payload(preview: people.Preview) -> str:
    return _serializer().dumps(
        {
            "kind": preview.kind,
            "columns": preview.columns,
            "records": preview.records,
            "digest": preview.digest(),
            "user": current_user.username,
        }
    )


def _upload_page(form: UploadForm, status: int = 200):
    guides = {kind: people.column_guide(kind) for kind in COLUMNS}
    return render_template("masterdata/people_upload.html", form=form, guides=guides), status


def _preview_page(preview: people.Preview, status: int = 200):
    payload = _payload(preview) if preview.can_apply else None
    return render_template(
        "masterdata/people_preview.html", preview=preview, payload=payload
    ), status


@bp.route("/people", methods=["GET", "POST"])
def people_upload():
    """Upload a people list and see what it would change; nothing is stored yet."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400 if request.method == "POST" else 200)
    upload = form.file.data
    try:
        preview = people.read_file(
            form.kind.data, upload.filename or "", upload.read(), master_document()
        )
    except SheetError as error:
        form.file.errors = [str(error)]
        return _upload_page(form, 400)
    return _preview_page(preview)


@bp.post("/people/confirm")
def people_confirm():
    """Apply a previewed list, all or nothing, if it still does what the preview showed."""
    try:
        payload: dict[str, Any] = _serializer().loads(
            request.form.get("payload", ""), max_age=PREVIEW_LIFETIME
        )
    except SignatureExpired:
        abort(400, _("The preview is more than an hour old. Upload the file again."))
    except BadSignature:
        abort(
            400,
            _("The preview was changed on the way and cannot be trusted. Upload the file again."),
        )
    if payload.get("user") != current_user.username or payload.get("kind") not in COLUMNS:
        abort(400, _("This preview belongs to another user. Upload the file again."))
    preview = people.build_preview(
        payload["kind"], payload["records"], payload["columns"], master_document()
    )
    if preview.digest() != payload["digest"] or not preview.can_apply:
        flash(_("The master data has changed since the preview. Check the changes again."), "error")
        return _preview_page(preview, 409)
    session = database.session()
    try:
        findings = records.apply(session, preview.doc, actor())
    except StaleRecord:  # a record was saved by someone else while this one was applied
        flash(_("The master data has changed since the preview. Check the changes again."), "error")
        return _preview_page(
            people.build_preview(
                payload["kind"], payload["records"], payload["columns"], master_document()
            ),
            409,
        )
    if findings:
        preview.general = [finding.message for finding in findings]
        return _preview_page(preview, 409)
    session.commit()
    flash(
        _(
            "Imported: %(new)s new, %(changed)s changed, %(same)s unchanged.",
            new=preview.count("new"),
            changed=preview.count("changed"),
            same=preview.count("unchanged"),
        ),
        "info",
    )
    return redirect(url_for("masterdata.list_records", kind=preview.kind))


@bp.get("/people/template/<kind>.<ext>")
def people_template(kind: str, ext: str):
    """An empty list to fill in, with the headers in the user's language."""
    if kind not in COLUMNS or ext not in MIMETYPES:
        abort(404)
    make = template_csv if ext == "csv" else template_xlsx
    return Response(
        make(kind, language()),
        mimetype=MIMETYPES[ext],
        headers={"Content-Disposition": f'attachment; filename="kotoplan-{kind}.{ext}"'},
    )
