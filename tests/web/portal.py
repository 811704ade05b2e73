"""The web app for the partner portal's tests, on a clock that stands still.

The demo week 2026-W49 is "coming" as long as the app's clock says 27 November 2026, so
the tests do not age.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from tests.web.conftest import make_app

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
PARTNER = "par-kemi-srk"  # the partner user's organisation (seurakunta)


def portal_app(url: str, **config: object) -> Flask:
    """An app on the demo region whose clock stands still at NOW."""
    config.setdefault("CLOCK", lambda: NOW)
    return make_app(url, **config)


def app_on(url: str, **config: object) -> Iterator[Flask]:
    """A portal app on an empty database at `url`, disposed of afterwards."""
    application = portal_app(url, **config)
    yield application
    application.extensions["kotoplan.engine"].dispose()


def app_at(folder: Path, **config: object) -> Iterator[Flask]:
    """A portal app on a fresh SQLite file in `folder`."""
    yield from app_on(f"sqlite:///{folder / 'portal.db'}", **config)


def own_shifts(document: dict, partner_id: str = PARTNER) -> list[dict]:
    """The shifts of a plan document that belong to a partner, by start."""
    shifts = [s for s in document["shifts"] if s["partner"] == partner_id]
    return sorted(shifts, key=lambda s: (s["start"], s["id"]))


def moved(document: dict, session_id: str, minutes: int) -> dict:
    """A copy of a plan document with one session and its shifts moved by `minutes`."""
    later = dt.timedelta(minutes=minutes)
    copy = json.loads(json.dumps(document))
    for item in [*copy["sessions"], *copy["shifts"]]:
        if item["id"] == session_id or item.get("session") == session_id:
            for key in ("start", "end"):
                item[key] = (dt.datetime.fromisoformat(item[key]) + later).isoformat()
    return copy


def private_patterns(week: str) -> list[re.Pattern[str]]:
    """What no partner or carer page may show: participants' names and ids, children's too."""
    # A child is shown by id and birth date, ISO and Finnish (1.12.2026).
    document = demo_document(week)
    words: list[str] = []
    for participant in document["participants"]:
        words += [participant["name"], participant["id"]]
        for child in participant["children"]:
            born = dt.date.fromisoformat(child["birth_date"])
            words += [child["id"], born.isoformat(), f"{born.day}.{born.month}.{born.year}"]
    return [re.compile(rf"(?<![\w.-]){re.escape(word)}(?![\w-])") for word in words]


def leaks(html: str, week: str) -> list[str]:
    """The private words a page shows (its CSRF and link tokens left out)."""
    text = re.sub(r'value="[^"]*"|/r/[\w.-]+', "", html)
    return [p.pattern for p in private_patterns(week) if p.search(text)]


def english(client: FlaskClient) -> None:
    """Switch the client's pages to English, so tests read the texts as written."""
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the page"
    client.post("/language", data={"csrf_token": token.group(1), "lang": "en", "next": "/"})


def shift_ids(html: str) -> list[str]:
    """The shifts a page offers to answer (or shows answered), by their forms' hidden field."""
    return re.findall(r'name="shift" value="([^"]+)"', html)
