"""The accounts page: who may log in, which accounts are locked by wrong passwords, new ones."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Optional

from planner.store import models as m
from web import accounts, database, throttle
from web.coordinator import bp

# create_user names the record a staff or partner account belongs to by these fields.
FIELDS = {"staff": "staff_id", "partner": "partner_id", "password": "password"}


class AccountForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired()])
    display_name = StringField("Name", validators=[Optional()])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("coordinator", _l("coordinator")),
            SelectChoice("staff", _l("staff member")),
            SelectChoice("partner", _l("partner")),
        ],
    )
    staff_id = SelectField("Staff member", validate_choice=False)
    partner_id = SelectField("Partner", validate_choice=False)
    language = SelectField(
        "Language", choices=[SelectChoice("fi", "suomi"), SelectChoice("en", "English")]
    )
    # InputRequired, not DataRequired: ten spaces are a password the rules refuse by name.
    password = PasswordField("Password", validators=[InputRequired()])
    confirm = PasswordField(
        "Password again",
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


def _form(session) -> AccountForm:
    form = AccountForm()
    staff = session.execute(sa.select(m.StaffMember.id, m.StaffMember.name).order_by("name"))
    partners = session.execute(sa.select(m.Partner.id, m.Partner.name).order_by("name"))
    form.staff_id.choices = [SelectChoice("", "–")] + [SelectChoice(r.id, r.name) for r in staff]
    form.partner_id.choices = [SelectChoice("", "–")] + [
        SelectChoice(r.id, r.name) for r in partners
    ]
    return form


def _page(form: AccountForm, status: int = 200):
    session = database.session()
    users = session.scalars(sa.select(m.User).order_by(m.User.role, m.User.username)).all()
    guard = throttle.current()
    locked = {user.id: guard.wait(user.username) for user in users}
    return render_template("coordinator/accounts.html", users=users, locked=locked, form=form), (
        status
    )


@bp.get("/accounts")
def accounts_page():
    """Every account, its role and whether wrong passwords have locked it."""
    return _page(_form(database.session()))


@bp.post("/accounts")
def create_account():
    """A new account, with the same username and password rules as `kotoplan user add`."""
    session = database.session()
    form = _form(session)
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                session,
                form.username.data,
                form.password.data,
                form.role.data,
                form.display_name.data or None,
                form.staff_id.data or None,
                form.partner_id.data or None,
                form.language.data,
            )
        except accounts.AccountError as error:
            field = getattr(form, FIELDS.get(error.field, error.field), form.username)
            field.errors.append(_(error.message))
        else:
            session.commit()
            flash(_("Account %(name)s created.", name=user.username), "info")
            return redirect(url_for("coordinator.accounts_page"))
    return _page(form, 400)


@bp.post("/accounts/<int:user_id>/unlock")
def unlock_account(user_id: int):
    """Let a locked account try its password again now (CSRF is checked for every POST)."""
    user = database.session().get(m.User, user_id)
    if user is None:
        abort(404)
    throttle.current().unlock(user.username)
    flash(_("Account %(name)s can log in again.", name=user.username), "info")
    return redirect(url_for("coordinator.accounts_page"))
