"""User accounts: creating them, checking passwords, ending sessions.

Passwords are hashed with scrypt (werkzeug's default); a login session is valid only while
the user's `session_token` is the one it was made with, so logging out, changing the
password or disabling the account ends every copy of the session cookie on the server.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from planner.store import models as m
from web import passwords, usernames

ROLES = ("coordinator", "staff", "partner")


def N_(message: str) -> str:
    """Marks a message for translation where it is shown (the web front); English here."""
    return message


NOT_RIGHT = N_("is not right")
TAKEN = N_("is taken")
LOOKS_LIKE = N_("looks too much like an existing username")
# Checked against when the user does not exist, so a wrong name takes as long as a wrong password.
_NOBODY = generate_password_hash(secrets.token_hex(16))


class AccountError(ValueError):
    """An account cannot be made or changed as asked; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def password_problem(password: str, username: str = "", *words: str) -> str | None:
    """Why a new password is not good enough for this user, or None."""
    return passwords.password_problem(password, username, *words)


def find_user(session: Session, username: str) -> m.User | None:
    """The account of this username in any of its spellings (`Kaisa`, full-width, ...)."""
    # The exact spelling first: an account older than normalised names keeps its own
    # spelling when another account holds its normal form (see migration 0006).
    for name in dict.fromkeys((username.strip(), usernames.normalise(username))):
        user = session.scalar(sa.select(m.User).where(m.User.username == name))
        if user is not None:
            return user
    return None


def username_problem(session: Session, username: str) -> str | None:
    """Why no new account can have this username, or None."""
    if (problem := usernames.username_problem(username)) is not None:
        return problem
    taken = session.scalars(sa.select(m.User.username)).all()
    name = usernames.normalise(username)
    if name in taken:
        return TAKEN
    if usernames.look_alike(name, taken) is not None:
        return LOOKS_LIKE
    return None


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    staff_id: str | None = None,
    partner_id: str | None = None,
    language: str = "fi",
) -> m.User:
    """A new active account; a staff account names its staff member, a partner's its partner."""
    if (problem := username_problem(session, username)) is not None:
        raise AccountError("username", problem)
    username = usernames.normalise(username)
    if role not in ROLES:
        raise AccountError("role", f"must be one of {', '.join(ROLES)}")
    if (problem := password_problem(password, username, display_name or "")) is not None:
        raise AccountError("password", problem)
    if role == "staff" and (not staff_id or session.get(m.StaffMember, staff_id) is None):
        raise AccountError("staff", f'no staff member "{staff_id or ""}"')
    if role == "partner" and (not partner_id or session.get(m.Partner, partner_id) is None):
        raise AccountError("partner", f'no partner "{partner_id or ""}"')
    if language not in ("fi", "en"):
        raise AccountError("language", "must be fi or en")
    user = m.User(
        username=username,
        display_name=display_name or username,
        password_hash=generate_password_hash(password),
        role=role,
        staff_id=staff_id if role == "staff" else None,
        partner_id=partner_id if role == "partner" else None,
        language=language,
        active=True,
        session_token=secrets.token_hex(16),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> m.User | None:
    """The active user with this name and password, else None."""
    user = find_user(session, username)
    if user is None:
        check_password_hash(_NOBODY, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def end_sessions(user: m.User) -> None:
    """End every login session of the user, wherever its cookie is."""
    user.session_token = secrets.token_hex(16)


def change_password(user: m.User, current: str, new: str) -> None:
    """Set a new password after checking the current one; other sessions end."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("current_password", NOT_RIGHT)
    if (problem := password_problem(new, user.username, user.display_name)) is not None:
        raise AccountError("new_password", problem)
    user.password_hash = generate_password_hash(new)
    end_sessions(user)


def set_active(user: m.User, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions at once."""
    user.active = active
    if not active:
        end_sessions(user)
