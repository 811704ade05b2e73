"""The main navigation: the pages each role has, with their labels in the user's language.

The links are the same for every page a role views in one language, so they are built once
per role, language and the app's root, not on every page: eight translations, eight URLs
and the role checks were an eighth of a portal page's template time.
"""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from web.i18n import language

EXTENSION = "kotoplan.navigation"
PAGES = (  # endpoint, label, the roles that have it
    ("coordinator.home", _l("Planning"), ("coordinator",)),
    ("attendance.this_week", _l("Attendance"), ("coordinator",)),
    ("masterdata.index", _l("Master data"), ("coordinator",)),
    ("coordinator.accounts_page", _l("Accounts"), ("coordinator",)),
    ("reports.index", _l("Reports"), ("coordinator",)),
    ("staff.week", _l("My week"), ("staff",)),
    ("partner.shifts", _l("Shifts"), ("partner",)),
    ("subscribe.index", _l("Calendars"), ("coordinator", "staff", "partner")),
)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = {}
    app.jinja_env.globals["main_nav"] = main_nav


def main_nav() -> tuple[tuple[str, str, str], ...]:
    """(url, label, blueprint) of each page of the logged-in user's role, in menu order."""
    key = (current_user.role, language(), request.script_root)
    built = current_app.extensions[EXTENSION]
    links = built.get(key)
    if links is None:
        links = tuple(
            (url_for(endpoint), str(label), endpoint.split(".")[0])
            for endpoint, label, roles in PAGES
            if key[0] in roles and endpoint in current_app.view_functions
        )
        built[key] = links
    return links
