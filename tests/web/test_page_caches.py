"""The pages' caches (`web.memo`) never serve what has changed since they were filled.

Each change is made the way another process would make it: in a session of its own,
committed, while the app keeps its caches. The page read afterwards must show it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.store import db
from planner.store import models as m
from planner.store.master import import_scenario
from planner.store.plans import save_draft
from planner.store.review import lock_item
from tests.web import portal
from tests.web.conftest import TODAY, WEEK, Auth, publish_plan
from web import database, memo
from web.shiftviews import ShiftView


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield from portal.app_at(tmp_path)


@pytest.fixture
def published(app: Flask, demo_plan_document: dict) -> dict:
    publish_plan(app, demo_plan_document)
    return demo_plan_document


def elsewhere(app: Flask, change) -> None:
    """Run `change(session)` in a session of its own and commit it, as another process would."""
    with db.opened(app.config["DATABASE_URL"]) as engine, db.session_scope(engine) as session:
        change(session)


def renamed(kind: str, ref: str, name: str):
    """A change that renames one record of the master data through the importer."""

    def change(session) -> None:
        document = demo_document(WEEK)
        records = (
            [c for p in document["partners"] for c in p["carers"]]
            if kind == "carers"
            else document[kind]
        )
        next(r for r in records if r["id"] == ref)["name"] = name
        import_scenario(session, document, "test:other-process", today=TODAY)

    return change


def builds(app: Flask, name: str) -> int:
    return app.extensions[memo.EXTENSION][name].builds


def test_a_renamed_carer_shows_on_the_partner_page_at_once(
    app: Flask, client: FlaskClient, auth: Auth, published: dict
) -> None:
    auth.login("partner")
    carer = next(s["carer"] for s in portal.own_shifts(published))
    client.get("/partner/")
    built = builds(app, "scenarios")
    client.get("/partner/")
    assert builds(app, "scenarios") == built  # the second view reused the scenario

    elsewhere(app, renamed("carers", carer, "Uusinimi Esimerkki"))

    page = client.get("/partner/").get_data(as_text=True)
    assert "Uusinimi Esimerkki" in page
    assert builds(app, "scenarios") == built + 1


def test_the_staff_page_follows_a_renamed_venue(
    app: Flask, client: FlaskClient, auth: Auth, published: dict
) -> None:
    auth.login("staff")
    visit_or_session = next(s for s in published["sessions"] if "s-hanna" in s["facilitators"])
    venue = visit_or_session["venue"]
    before = client.get(f"/staff/?week={WEEK}").get_data(as_text=True)
    assert "Nimetty Uudelleen -talo" not in before

    elsewhere(app, renamed("venues", venue, "Nimetty Uudelleen -talo"))

    assert "Nimetty Uudelleen -talo" in client.get(f"/staff/?week={WEEK}").get_data(as_text=True)


def test_the_review_shows_a_new_version_and_a_new_lock_at_once(
    app: Flask, client: FlaskClient, auth: Auth, published: dict
) -> None:
    auth.login("coordinator")
    item = published["sessions"][0]
    first = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    assert "version 2" not in first
    assert first.count("lock-mark") == 0

    moved = portal.moved(published, item["id"], 30)
    elsewhere(app, lambda session: save_draft(session, moved, "test:other-process"))
    second = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    assert "version 2" in second
    start = (dt.datetime.fromisoformat(item["start"]) + dt.timedelta(minutes=30)).astimezone(
        portal.NOW.tzinfo
    )
    assert f"{start.hour}.{start.minute:02d}–" in second  # the moved block, in the new grid

    elsewhere(app, lambda session: lock_item(session, WEEK, "session", moved["sessions"][0], "t"))
    third = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    assert third.count("lock-mark") > second.count("lock-mark") == 0  # the grid marks it


def test_the_review_checks_the_plan_again_after_the_master_data_changes(
    app: Flask, client: FlaskClient, auth: Auth, published: dict
) -> None:
    auth.login("coordinator")
    item = published["sessions"][0]
    facilitator = item["facilitators"][0]
    assert "H6" not in client.get(f"/plan/{WEEK}").get_data(as_text=True)
    client.get(f"/plan/{WEEK}")

    def away(session) -> None:
        document = demo_document(WEEK)
        person = next(s for s in document["staff"] if s["id"] == facilitator)
        day = item["start"][:10]
        whole_day = {"start": f"{day}T00:00", "end": f"{day}T23:59"}
        person["absent"] = [*person.get("absent", []), whole_day]
        import_scenario(session, document, "test:other-process", today=TODAY)

    elsewhere(app, away)

    page = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    assert 'title="H6"' in page  # the checker ran again and found the absence


def test_where_an_item_fits_is_kept_per_version_and_found_again_after_a_change(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    with app.app_context():  # a draft: its items are editable, so the page shows the fits
        session = database.session()
        save_draft(session, demo_plan_document, "test")
        session.commit()
    auth.login("coordinator")
    item = demo_plan_document["sessions"][0]["id"]
    client.get(f"/plan/{WEEK}/items/{item}")
    built = builds(app, "derived")
    assert client.get(f"/plan/{WEEK}/items/{item}").status_code == 200
    assert builds(app, "derived") == built  # nothing found again

    elsewhere(app, renamed("staff", "s-hanna", "Hanna Uusinimi"))
    client.get(f"/plan/{WEEK}/items/{item}")
    assert builds(app, "derived") > built


def test_a_request_that_wrote_reads_its_own_data_and_leaves_the_cache_alone(app: Flask) -> None:
    with app.test_request_context():
        session = database.session()
        assert memo.scenario(session, WEEK, TODAY).staff[0].name != "Kesken Muutos"
        renamed("staff", "s-hanna", "Kesken Muutos")(session)  # flushed, not committed
        assert memo.scenario_key(session, WEEK, TODAY) is None
        names = {s.name for s in memo.scenario(session, WEEK, TODAY).staff}
        assert "Kesken Muutos" in names  # its own change, uncommitted
        session.rollback()
        names = {s.name for s in memo.scenario(session, WEEK, TODAY).staff}
        assert "Kesken Muutos" not in names  # the rolled-back data was never kept


def test_the_change_stamp_moves_when_an_older_change_commits_after_a_newer_one(
    app: Flask,
) -> None:
    with app.app_context():
        session = database.session()
        before = memo.change_stamp(session)
        newest = before[1]
        # A transaction that took id `newest + 1` commits after one that took `newest + 2`.
        session.add(m.Change(id=newest + 2, actor="b", action="update", kind="areas", ref="x"))
        session.commit()
        later = memo.change_stamp(session)
        session.add(m.Change(id=newest + 1, actor="a", action="update", kind="areas", ref="y"))
        session.commit()
        last = memo.change_stamp(session)
        assert len({before, later, last}) == 3
        assert session.scalar(sa.select(sa.func.max(m.Change.id))) == later[1] == last[1]


def card_of(page: str, shift_id: str) -> str:
    """The HTML of one shift's card on a partner page."""
    anchor = f'id="shift-{ShiftView.anchor_of(shift_id)}"'
    before, after = page.split(anchor, 1)
    return before[before.rindex("<article") :] + anchor + after.split("</article>", 1)[0]


def test_a_kept_shift_card_carries_each_login_sessions_own_form_token(
    app: Flask, published: dict
) -> None:
    """Two users of one partner share the kept cards, each with a form token that works."""
    shift = portal.own_shifts(published)[0]
    pages, clients = [], []
    for _ in range(2):
        client = app.test_client()
        Auth(client).login("partner")
        pages.append(client.get("/partner/").get_data(as_text=True))
        clients.append(client)
    cards = len(set(portal.shift_ids(pages[0])))
    assert cards and builds(app, "cards") == cards  # the second user's page reused them all
    assert card_of(pages[0], shift["id"]).count("csrf_token") == 2  # confirm and decline
    tokens = [set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) for page in pages]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]

    answer = clients[1].post(
        f"/partner/shifts/{WEEK}/confirm",
        data={"csrf_token": next(iter(tokens[1])), "shift": shift["id"], "back": "list"},
    )
    assert answer.status_code == 302
    # The answer is news on the card, for the other user too.
    card = card_of(clients[0].get("/partner/").get_data(as_text=True), shift["id"])
    assert "state-confirmed" in card
    assert 'action="/partner/shifts/' in card  # it can still be declined
    assert "/confirm" not in card


def test_a_kept_shift_card_is_kept_per_language(
    app: Flask, client: FlaskClient, auth: Auth, published: dict
) -> None:
    auth.login("partner")
    shift = portal.own_shifts(published)[0]
    cards = {}
    for lang in ("fi", "en", "fi"):
        page = client.get("/partner/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post("/language", data={"csrf_token": token, "lang": lang, "next": "/"})
        cards[lang] = card_of(client.get("/partner/").get_data(as_text=True), shift["id"])
    assert ">Confirm</button>" in cards["en"] and ">Vahvista</button>" in cards["fi"]
