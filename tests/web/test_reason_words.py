"""Reasons for unplaced items on the review page, worded in the reader's language with names."""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from planner.store.plans import save_draft
from tests.web.conftest import WEEK, Auth, csrf_token
from web import database

PAGE = f"/plan/{WEEK}"
IDS = ("s-hanna", "i-hassan", "v-mikseri", "v-kemi-kirjasto", "par-kemi-srk", "kemi", "s-amal",
       "c-aino", "c-eeva")  # fmt: skip
ENGLISH = ("needs", "would fit", "absent", "interpreter", "carer", "venue", "Kurdish", "Tue")

REASONS = [
    {"rule": "H10", "text": "no guide speaks Kurdish", "code": "no_speaker",
     "args": {"languages": ["ku"], "staff": ["s-hanna"],
              "fix": {"kind": "new_interpreter", "languages": ["fi", "ku"], "windows": {}}}},
    {"rule": "H6", "text": "s-hanna is absent then", "code": "guide_absent",
     "args": {"staff": ["s-hanna"],
              "fix": {"kind": "allow_staff", "owner": "n", "staff": "s-amal"}}},
    {"rule": "H10", "text": "needs 3 interpreters", "code": "interpreters_short",
     "args": {"language": "ku", "group_language": "fi", "needed": 3,
              "interpreters": ["i-hassan"]}},
    {"rule": "H3", "text": "the venue is closed", "code": "venue_closed",
     "args": {"venues": ["v-mikseri"], "dates": [f"{WEEK[:4]}-12-01"],
              "fix": {"kind": "venue", "group": "g", "venue": "v-kemi-kirjasto"}}},
    {"rule": "H9", "text": "no carer for infants", "code": "no_infant_carer",
     "args": {"area": "kemi", "fix": {"kind": "new_carer", "partner": "par-kemi-srk",
                                      "area": "kemi", "infants": True, "windows": {}}}},
    {"rule": "H7", "text": "needs 1 facilitators", "code": "taken",
     "args": {"dates": ["2026-12-01"], "from": "09:00", "to": "15:00", "role": "facilitator",
              "needed": 1, "people": {"s-hanna": "week"},
              "fix": {"kind": "staff_hours", "staff": "s-hanna", "hours_per_week": 27.5}}},
    {"rule": "H5", "text": "its participants are in other items", "code": "members_busy",
     "args": {"dates": ["2026-12-01"], "from": "10:00", "to": "12:00",
              "fix": {"kind": "window", "owner": "g", "weekday": "wed", "range": "10:00-12:00"}}},
    {"rule": "H7", "text": "needs 2 carers", "code": "taken",
     "args": {"dates": ["2026-12-01"], "from": "10:00", "to": "12:00", "role": "carer",
              "needed": 2, "people": {"c-aino": "shifts", "c-eeva": "shifts"},
              "fix": {"kind": "carer_shifts", "shifts": {"c-aino": 3, "c-eeva": 4}}}},
    {"rule": "H7", "text": "needs 1 facilitators", "code": "taken",
     "args": {"dates": ["2026-12-01"], "from": "09:00", "to": "15:00", "role": "facilitator",
              "needed": 1, "people": {"s-amal": "day"},
              "fix": {"kind": "staff_day", "staff": "s-amal", "max_hours_per_day": 8.5}}},
]  # fmt: skip


def with_reasons(document: dict[str, Any]) -> dict[str, Any]:
    """The plan with its first visit left out for the reasons above, the cost to match."""
    changed = copy.deepcopy(document)
    visit = changed["visits"].pop(0)
    changed["unplaced"].append({"ref": visit["id"], "kind": "visit", "reasons": REASONS})
    changed["cost"]["unplaced"] += 1000
    changed["objective"] += 1000
    return changed


def reasons_html(client: FlaskClient, lang: str) -> str:
    page = client.get(PAGE).get_data(as_text=True)
    client.post("/language", data={"lang": lang, "next": PAGE, "csrf_token": csrf_token(page)})
    html = client.get(PAGE).get_data(as_text=True)
    section = html[
        html.index('id="unplaced"') : html.index("</section>", html.index('id="unplaced"'))
    ]
    found = re.search(r'<ul class="reasons">(.*?)</ul>', section, re.S)
    assert found
    return found.group(1)


def show(app: Flask, document: dict[str, Any]) -> None:
    with app.app_context():
        session = database.session()
        save_draft(session, document, "test")
        session.commit()


def test_finnish_reasons_have_names_finnish_words_and_no_ids(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    show(app, with_reasons(demo_plan_document))
    auth.login()
    html = reasons_html(client, "fi")
    for words in (
        "Hanna Esimerkki",
        "Hassan Esimerkki",
        "puhu kurdia",
        "kurdin tulkkia",
        "on silloin poissa",
        "Amal Malli",
        "ti 1.12.",
        "klo 9.00–15.00",
        "viikon tunnit täynnä",
        "Kemin kaupunginkirjasto",
        "Kemin seurakunta",
        "henkilön Hanna Esimerkki viikkotyöaika olisi 27,5 tuntia",
        "sallituissa ajoissa olisi myös ke 10.00–12.00",
        "Aino Esimerkki, Eeva Malli",  # the carers, each with one more shift
        "voisivat kukin ottaa viikossa yhden vuoron lisää",
        "henkilön Amal Malli työpäivä saisi olla 8,5 tuntia pitkä",
    ):
        assert words in html, words
    for text in (*IDS, *ENGLISH, *(r["text"] for r in REASONS)):
        assert text not in html, text


def test_english_reasons_name_languages_and_people(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    show(app, with_reasons(demo_plan_document))
    auth.login()
    html = reasons_html(client, "en")
    for words in ("speaks Kurdish", "Hanna Esimerkki", "Tue 1.12. at 9.00–15.00", "would fit"):
        assert words in html, words
    assert "s-hanna" not in html


def test_a_reason_without_a_code_shows_its_text(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    document = with_reasons(demo_plan_document)
    document["unplaced"][-1]["reasons"] = [{"rule": "H6", "text": "an older plan's words"}]
    show(app, document)
    auth.login()
    assert "an older plan&#39;s words" in reasons_html(client, "fi")
