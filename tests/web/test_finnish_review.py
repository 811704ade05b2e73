"""The Finnish review speaks Finnish: no English sentence and no raw id on its pages.

The week page is rendered with everything it can show at once (unplaced items with their
reasons, rules the version breaks, pins the rules dropped, locks and pins, the difference
from the published version, the mothers to tell, the cost) and so is an item's page with
its edit forms. Its visible text is then searched for every English sentence of the
message catalogue, for the checker's and the solver's English texts, and for every id of
the scenario.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from planner.check import check
from planner.formats.plan import load_plan
from planner.store import review
from planner.store.master import export_scenario
from tests.web.conftest import WEEK, Auth, publish_plan
from tests.web.test_reason_words import REASONS, with_reasons
from tests.web.test_review import save, token
from web import database

PAGE = f"/plan/{WEEK}"
CATALOGUE = Path(__file__).resolve().parents[2] / "web/translations/fi/LC_MESSAGES/messages.po"


def visible_text(page: str) -> str:
    """What a reader sees: the page without tags, scripts, styles or attributes."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    # Text marked as another language on purpose (the language switch) is not the page's.
    body = re.sub(r'<(?!html)([a-z]+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def english_sentences() -> list[str]:
    """The catalogue's English messages of four words or more, with placeholders cut out."""
    found = []
    with CATALOGUE.open("rb") as handle:
        for message in read_po(handle):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            for text in ids:
                if not text:
                    continue
                for part in re.split(r"%\(\w+\)[sd]|%%", text):
                    part = part.strip(" .,:;()")
                    if len(part.split()) >= 4:
                        found.append(part)
    return found


def raw_ids(app: Flask) -> set[str]:
    with app.app_context():
        scenario = export_scenario(database.session(), WEEK)
    things = (
        *scenario.venues,
        *scenario.staff,
        *scenario.carers(),
        *scenario.partners,
        *scenario.interpreters,
        *scenario.participants,
        *scenario.groups,
        *scenario.guidance,
    )
    return {thing.id for thing in things if "-" in thing.id}


def busy_week(document: dict[str, Any]) -> dict[str, Any]:
    """A draft with something in every part of the page: unplaced, broken, dropped, moved."""
    changed = with_reasons(document)
    # The first session on Sunday, Independence Day: H2 against today's master data.
    session = changed["sessions"][0]
    start, end = (dt.datetime.fromisoformat(session[k]) for k in ("start", "end"))
    sunday = dt.date(2026, 12, 6)
    move = dt.datetime.combine(sunday, start.timetz()) - start
    session["start"], session["end"] = (start + move).isoformat(), (end + move).isoformat()
    for shift in changed["shifts"]:
        if shift["session"] == session["id"]:
            for key in ("start", "end"):
                shift[key] = (dt.datetime.fromisoformat(shift[key]) + move).isoformat()
    second = changed["sessions"][1]["id"]
    changed["dropped_pins"] = [{"ref": second, "rule": "H6", "text": f"{second} is absent"}]
    return changed


def test_the_finnish_week_page_has_no_english_and_no_raw_ids(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    draft = busy_week(demo_plan_document)
    save(app, draft)
    with app.app_context():
        session = database.session()
        review.lock_item(session, WEEK, "session", draft["sessions"][2], "test")
        review.lock_item(session, WEEK, "visit", draft["visits"][0], "test", hold=review.PIN)
        session.commit()
        scenario = export_scenario(session, WEEK)
    auth.login()
    client.post("/language", data={"csrf_token": token(client), "lang": "fi", "next": "/"})
    page = client.get(PAGE).get_data(as_text=True)
    text = visible_text(page)
    # Every part is there, so the page was searched where it matters.
    for part in (
        'id="unplaced"',
        'id="problems"',
        'id="dropped-pins"',
        'id="locks"',
        'id="pins"',
        'id="tell"',
        'id="cost"',
        'id="publish-confirm"',
        'id="history"',
    ):
        assert part in page, part  # fmt: skip
    plan = load_plan(draft)
    broken = check(scenario, plan)
    assert broken, "the draft breaks a rule, so the problems list has something to say"
    english = [s for s in english_sentences() if s in text]
    assert english == []
    checker = [v.text for v in broken if v.text in text]
    reasons = [r["text"] for r in REASONS if r["text"] in text]
    assert checker == [] and reasons == []
    ids = [i for i in raw_ids(app) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert ids == []
    assert f"/{WEEK}/" not in text  # no item refs either
    assert "Itsenäisyyspäivä" in text
    # The search finds English where there is some: the same page in English.
    client.post("/language", data={"csrf_token": token(client), "lang": "en", "next": "/"})
    english_page = visible_text(client.get(PAGE).get_data(as_text=True))
    assert len([s for s in english_sentences() if s in english_page]) >= 20


def test_the_finnish_item_page_and_its_forms_have_no_english_and_no_raw_ids(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    save(app, demo_plan_document)
    auth.login()
    client.post("/language", data={"csrf_token": token(client), "lang": "fi", "next": "/"})
    for kind in ("sessions", "visits"):
        item = demo_plan_document[kind][0]["id"]
        page = client.get(f"{PAGE}/items/{item}").get_data(as_text=True)
        assert 'action="' in page and "/move" in page
        text = visible_text(page)
        assert [s for s in english_sentences() if s in text] == []
        ids = [i for i in raw_ids(app) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert ids == [], (kind, ids)
        assert f"/{WEEK}/" not in text
    client.post("/language", data={"csrf_token": token(client), "lang": "en", "next": "/"})
    english_page = visible_text(client.get(f"{PAGE}/items/{item}").get_data(as_text=True))
    assert len([s for s in english_sentences() if s in english_page]) >= 5  # the search works
