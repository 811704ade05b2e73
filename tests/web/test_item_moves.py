"""The item page's help with moves: the fitting times one click away, refusals with names."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.check import check
from planner.domain import Plan, Scenario, Session, Visit
from planner.formats.plan import load_plan
from planner.planning.edits import judge_edit, local_start, move_session
from planner.planning.moves import where_it_fits
from tests.web.test_review import stored_versions, token
from tests.web.test_review_edits import ITEMS, draft, newest_document, week_scenario  # noqa: F401

FORM = re.compile(r'<form method="post" action="[^"]*/move">(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
ITEM_REF = re.compile(r"[\w.-]+/\d{4}-W\d{2}/\d+")


def move_here_forms(page: str) -> list[list[tuple[str, str]]]:
    """The fields of each "move here" form of an item page, in the order listed."""
    forms = [HIDDEN.findall(body) for body in FORM.findall(page)]
    return [
        [(name, html.unescape(value)) for name, value in fields]
        for fields in forms
        if ("move-people", "1") in fields
    ]


def visible_text(page: str) -> str:
    """What a reader sees: the page without its tags, scripts and styles."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def post_fit(client: FlaskClient, item_id: str, fields: list[tuple[str, str]]):
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data["csrf_token"] = [token(client)]
    return client.post(f"{ITEMS}/{item_id}/move", data=data)


def _session_with_childcare(plan: Plan) -> Session:
    return next(s for s in plan.sessions if s.carers and s.interpreters)


def _most_movable(scenario: Scenario, plan: Plan, items: list) -> Session | Visit:
    """The first of `items` with three places to go, else the one with the most.

    The plan is the solver's and differs from run to run: its first session may fit nowhere else.
    """
    counts = []
    for item in items:
        counts.append((len(where_it_fits(scenario, plan, item.id)), item))
        if counts[-1][0] >= 3:
            break
    return max(counts, key=lambda count: count[0])[1]


def test_listed_fits_are_each_accepted_by_the_move_route(
    app: Flask,
    client: FlaskClient,
    draft: Plan,  # noqa: F811
) -> None:
    scenario = week_scenario(app)
    session = _most_movable(scenario, draft, [s for s in draft.sessions if s.carers])
    visit = _most_movable(scenario, draft, list(draft.visits))
    version = 1
    for item_id, pick in ((session.id, 0), (session.id, -1), (visit.id, 0), (visit.id, 2)):
        page = client.get(f"{ITEMS}/{item_id}").get_data(as_text=True)
        forms = move_here_forms(page)
        fits = where_it_fits(week_scenario(app), load_plan(newest_document(app)), item_id)
        assert len(forms) == len(fits), f"the page lists other fits than found for {item_id}"
        if pick == 0:
            assert len(forms) >= 3, f"too few fitting options listed for {item_id}"
        assert forms, f"no fitting option listed for {item_id}"
        fields = forms[min(pick, len(forms) - 1)]
        assert ("move-version", str(version)) in fields
        response = post_fit(client, item_id, fields)
        assert response.status_code == 302, visible_text(response.get_data(as_text=True))[:2000]
        version += 1
        assert stored_versions(app)[-1] == (version, "draft")
        plan = load_plan(newest_document(app))
        assert check(week_scenario(app), plan) == []
        moved = next(i for i in (*plan.sessions, *plan.visits) if i.id == item_id)
        chosen = dict(fields)
        local = moved.start.astimezone(dt.timezone(dt.timedelta(hours=2)))
        assert (local.date().isoformat(), local.strftime("%H:%M")) == (
            chosen["move-day"],
            chosen["move-start"],
        )
        if isinstance(moved, Session):
            assert moved.venue == chosen["move-venue"]
            assert set(moved.facilitators) == {v for n, v in fields if n == "move-facilitators"}
            assert set(moved.carers) == {v for n, v in fields if n == "move-carers"}
        else:
            assert moved.staff == chosen["move-staff"]


def test_the_item_page_shows_windows_fits_and_who_is_free_by_name(
    app: Flask,
    client: FlaskClient,
    draft: Plan,  # noqa: F811
) -> None:
    scenario = week_scenario(app)
    session = _most_movable(scenario, draft, [s for s in draft.sessions if s.carers])
    page = client.get(f"{ITEMS}/{session.id}").get_data(as_text=True)
    text = visible_text(page)
    assert "When the group meets" in text and "Where it fits" in text
    assert "Free at this time" in text and "Move here" in text
    group = next(g for g in scenario.groups if g.id == session.group)
    first_day = next(
        day for day in ("mon", "tue", "wed", "thu", "fri") if day in group.windows.days
    )
    first = group.windows.days[first_day][0]
    assert f"{first.start // 60}.{first.start % 60:02d}–{first.end // 60}" in text
    facilitator = next(s for s in scenario.staff if s.id == session.facilitators[0])
    assert facilitator.name in text


def _raw_ids(scenario: Scenario) -> set[str]:
    """The scenario's ids that do not read as a word (areas like "kemi" do)."""
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


@pytest.fixture
def finnish(client: FlaskClient, draft: Plan) -> None:  # noqa: F811
    client.post("/language", data={"lang": "fi", "next": "/", "csrf_token": token(client)})


def refused_move(app: Flask, client: FlaskClient, plan: Plan) -> tuple[str, list]:
    """A move onto the morning of another session of the same facilitator: refused."""
    scenario = week_scenario(app)
    session = _session_with_childcare(plan)
    other = next(
        s
        for s in plan.sessions
        if s.id != session.id and set(s.facilitators) & set(session.facilitators)
    )
    start = other.start
    edited = move_session(scenario, plan, session.id, start, session.venue)
    broken = judge_edit(scenario, plan, edited, session.id)
    assert broken, "the chosen move should break a rule"
    local = start.astimezone(dt.timezone(dt.timedelta(hours=2)))
    form = {
        "csrf_token": token(client),
        "move-version": "1",
        "move-day": local.date().isoformat(),
        "move-start": local.strftime("%H:%M"),
        "move-venue": session.venue,
    }
    response = client.post(f"{ITEMS}/{session.id}/move", data=form)
    assert response.status_code == 422
    return response.get_data(as_text=True), broken


def test_a_refusal_in_finnish_names_people_and_items_and_has_no_english_rule_text(
    app: Flask,
    client: FlaskClient,
    draft: Plan,  # noqa: F811
    finnish: None,
) -> None:
    page, broken = refused_move(app, client, draft)
    text = visible_text(page)
    assert "Ei tallennettu" in text and "Yksi paikka kerrallaan" in text
    assert "olisi samaan aikaan kahdessa paikassa" in text
    scenario = week_scenario(app)
    shown = {
        i for i in _raw_ids(scenario) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)
    }
    assert shown == set()
    assert ITEM_REF.findall(text) == []
    for violation in broken:
        assert violation.text not in text
    english = ("at the same time", "is outside", "is not available", "the trip takes", "min after")
    assert not [phrase for phrase in english if phrase in text]
    staff = {s.id: s.name for s in scenario.staff}
    clash = next(v for v in broken if v.rule == "H5" and v.ref in staff)
    assert staff[clash.ref] in text


def test_a_refusal_in_english_says_the_rule_with_names(
    app: Flask,
    client: FlaskClient,
    draft: Plan,  # noqa: F811
) -> None:
    page, broken = refused_move(app, client, draft)
    text = visible_text(page)
    assert "would be at" in text and "at the same time" in text
    assert not {i for i in _raw_ids(week_scenario(app)) if f" {i} " in text}


def test_a_refused_holiday_move_names_the_holiday_in_finnish(
    app: Flask,
    client: FlaskClient,
    draft: Plan,  # noqa: F811
    finnish: None,
) -> None:
    session = draft.sessions[0]
    scenario = week_scenario(app)
    sunday = local_start(scenario, dt.date(2026, 12, 6), dt.time(10))
    form = {
        "csrf_token": token(client),
        "move-version": "1",
        "move-day": "2026-12-06",
        "move-start": "10:00",
        "move-venue": session.venue,
    }
    response = client.post(f"{ITEMS}/{session.id}/move", data=form)
    assert response.status_code == 422 and sunday.date() == dt.date(2026, 12, 6)
    text = visible_text(response.get_data(as_text=True))
    assert "yleisenä vapaapäivänä" in text and "su 6.12. klo 10.00" in text
    assert "public holiday" not in text and ITEM_REF.findall(text) == []
