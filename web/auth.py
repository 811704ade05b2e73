"""Logging in and out, changing one's password, and who may open which page."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired

from planner.store import models as m
from web import accounts, database, errors, i18n, throttle
from web.extensions import login_manager

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

HOMES = {"coordinator": "coordinator.home", "staff": "staff.week", "partner": "partner.shifts"}


class LoginUser:
    """The logged-in user as Flask-Login sees it: the account row and its session token."""

    is_anonymous = False

    def __init__(self, row: m.User) -> None:
        self.row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    @property
    def is_authenticated(self) -> bool:
        return self.row.active

    @property
    def is_active(self) -> bool:
        return self.row.active

    def get_id(self) -> str:
        return f"{self.row.id}:{self.row.session_token}"


# Read on every request of a logged-in user: built once, bound per call.
_USER = sa.select(m.User).where(m.User.id == sa.bindparam("id"))


@login_manager.user_loader
def load_user(key: str) -> LoginUser | None:
    """The account of a login session, if that session has not been ended."""
    user_id, _, token = key.partition(":")
    if not user_id.isdigit() or len(user_id) > 18:  # an id the database can hold
        return None
    row = database.session().scalar(_USER, {"id": int(user_id)})
    if row is None or not row.active or row.session_token != token:
        return None
    return LoginUser(row)


def role_required(*roles: str) -> Callable:
    """Only users of these roles may open the page: others get 403, strangers the login."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    # InputRequired, not DataRequired: ten spaces are a password the rules refuse by name.
    new_password = PasswordField("New password", validators=[InputRequired()])
    confirm = PasswordField(
        "New password again",
        validators=[InputRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


def too_many_tries(seconds: int, what: str, user_id: int | None):
    """The 429 answer to a password try while the account or address is throttled."""
    log.warning(
        "%s refused: too many failed password tries (user %s, address %s); retry in %d s",
        what, user_id if user_id is not None else "unknown", request.remote_addr, seconds,
    )  # fmt: skip
    until = dt.datetime.fromtimestamp(throttle.current().clock() + seconds, dt.UTC)
    minutes = math.ceil(seconds / 60)
    message = ngettext(
        "Too many wrong passwords. You can try again at %(time)s, in %(num)d minute.",
        "Too many wrong passwords. You can try again at %(time)s, in %(num)d minutes.",
        minutes,
        time=i18n.clock(until),
    )
    response, status = errors.answer(429, message)
    return response, status, {"Retry-After": str(seconds)}


def _failed_try(what: str, username: str, user_id: int | None) -> None:
    """Count a wrong password for the account and this address, and log it without it."""
    throttle.current().failed(username, request.remote_addr)
    log.warning(
        "%s: wrong password (user %s, address %s)",
        what, user_id if user_id is not None else "unknown", request.remote_addr,
    )  # fmt: skip


def _safe_next(target: str | None) -> str | None:
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    return None if urlsplit(target).netloc else target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login page."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        username = form.username.data
        if (wait := throttle.current().wait(username, request.remote_addr)) is not None:
            known = accounts.find_user(database.session(), username)
            return too_many_tries(wait, "login", known.id if known else None)
        row = accounts.authenticate(database.session(), username, form.password.data)
        if row is not None:
            throttle.current().unlock(username)
            login_user(LoginUser(row))
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
        known = accounts.find_user(database.session(), username)
        _failed_try("login", username, known.id if known else None)
        failed = True
    status = 401 if failed else 200
    return render_template("auth/login.html", form=form, failed=failed), status


@bp.post("/logout")
@login_required
def logout():
    """Log out: this session and every copy of its cookie stop working."""
    row = database.session().get(m.User, current_user.row.id)
    accounts.end_sessions(row)
    database.session().commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; other sessions of the account end."""
    form = PasswordForm()
    if form.validate_on_submit():
        row = current_user.row
        if (wait := throttle.current().wait(row.username, request.remote_addr)) is not None:
            return too_many_tries(wait, "password change", row.id)
        try:
            accounts.change_password(row, form.current_password.data, form.new_password.data)
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(_(error.message))
            if error.field == "current_password":
                _failed_try("password change", row.username, row.id)
        else:
            throttle.current().unlock(row.username)
            database.session().commit()
            login_user(LoginUser(row))  # this session goes on with the new token
            flash(_("Your password has been changed."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200


@bp.get("/")
@login_required
def home():
    """Each role's own start page."""
    endpoint = HOMES.get(current_user.role)
    if endpoint not in current_app.view_functions:
        return render_template("home.html")
    return redirect(url_for(endpoint))
