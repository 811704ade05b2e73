"""Master data records: every kind can be created, edited (a bad value is shown beside its
field and nothing is stored) and retired (refused while something still refers to it)."""

from __future__ import annotations

import datetime as dt
import html as html_text
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.domain.timeparts import iso_week
from planner.store import models as m
from tests.web.conftest import Auth
from web import database


class _FormReader(HTMLParser):
    """The values a browser would submit for the first post form of a page's main part."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self.depth = 0
        self.main = False
        self.done = False
        self.select: str | None = None
        self.first: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.main = self.main or tag == "main"
        if tag == "form" and self.main and not self.done and a.get("method") == "post":
            self.depth = 1
        if not self.depth:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("search", "submit"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.first = a["name"], None
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value", "")
            if "selected" in a:
                self.values.append((self.select, a.get("value", "")))
                self.first = ""  # chosen: no need for the first one
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values.append((self.textarea, ""))

    def handle_data(self, data: str) -> None:
        if self.textarea:
            name, text = self.values.pop()
            self.values.append((name, text + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            if self.first is not None and not any(n == self.select for n, _ in self.values):
                self.values.append((self.select, self.first))  # what browsers send
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.depth:
            self.depth, self.done = 0, True


def form_data(html: str) -> dict[str, list[str]]:
    """The submitted values of a page's form, as a name -> values mapping."""
    reader = _FormReader()
    reader.feed(html)
    found: dict[str, list[str]] = {}
    for name, value in reader.values:
        found.setdefault(name, []).append(value.lstrip("\n"))
    return found


def error_beside(html: str, field_id: str) -> str:
    """The error text shown beside a field (its `<id>-error` element)."""
    found = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>([^<]*)<', html)
    assert found, f"no error beside {field_id}"
    return html_text.unescape(found.group(1))


def master_ids(app: Flask, model: type[m.Base]) -> set[str]:
    with app.app_context():
        return set(database.session().scalars(sa.select(model.id)))  # type: ignore[attr-defined]


def changes(app: Flask) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = database.session().scalars(sa.select(m.Change).order_by(m.Change.id))
        return [(c.action, c.kind, c.ref) for c in rows]


@dataclass
class Case:
    kind: str
    model: type[m.Base]
    create: dict[str, object]
    new_id: str
    edit_id: str
    bad: dict[str, object]
    bad_field: str
    bad_text: str
    good: dict[str, object]
    check: tuple[str, object]
    referenced: str
    reason: str
    lock: dict[str, object] | None = field(default=None)


CASES = [
    Case(
        "staff", m.StaffMember,
        {"record_id": "s-testi", "name": "Testi Ohjaaja", "base_area": "kemi",
         "languages": "fi, en", "roles": ["facilitator", "guide"], "hours_per_week": "37,5",
         "max_hours_per_day": "7,5", "available-mon": "8-16", "absent": "1.12.2026–3.12.2026"},
        "s-testi", "s-hanna",
        {"languages": "fi, suomi"}, "languages", '"suomi" is not a language code',
        {"hours_per_week": "30"}, ("hours_per_week", 30),
        "s-hanna", "The user account hanna belongs to it.",
    ),
    Case(
        "partners", m.Partner,
        {"name": "Testikumppani ry", "share": "10"}, "par-testikumppani-ry", "par-mll",
        {"share": "150"}, "share", "between 0 and 100 per cent",
        {"share": "12,5"}, ("share", 0.125),
        "par-kemi-srk", "still belongs to this partner",
    ),
    Case(
        "carers", m.Carer,
        {"partner": "par-mll", "name": "Testi Hoitaja", "areas": ["kemi"],
         "max_shifts_per_week": "3", "available-tue": "09:00-15:00"},
        "c-testi-hoitaja", "c-aino",
        {"available-mon": "16:00-08:00"}, "available-mon", "must end after it starts",
        {"partner": "par-spr"}, ("partner_id", "par-spr"),
        "c-aino", "Group g-arki-kemi",
    ),
    Case(
        "participants", m.Participant,
        {"name": "Testi Äiti", "area": "tornio", "address": "Testikatu 1",
         "languages": "ti, en", "children-0-birth_date": "1.2.2024"},
        "p-testi-aiti", "p-01",
        {"children-0-birth_date": "1.1.2030"}, "children-0-birth_date", "is in the future",
        {"languages": "ar, fi"}, ("languages", ["ar", "fi"]),
        "p-01", "Group g-arki-kemi (Arjen taidot, Kemi (selkosuomi)) still has this participant",
    ),
    Case(
        "groups", m.Group,
        {"record_id": "g-testi", "name": "Testiryhmä", "theme": "culture", "language": "fi",
         "venues": ["v-mikseri"], "members": ["p-01"], "sessions_per_week": "1",
         "duration_minutes": "90", "windows-wed": "10-12", "facilitators": "1",
         "childcare": "y"},
        "g-testi", "g-arki-kemi",
        {"duration_minutes": "0"}, "duration_minutes", "Must be at least 1.",
        {"sessions_per_week": "1"}, ("sessions_per_week", 1),
        "g-arki-kemi", "The locked item",
        {"kind": "session", "item_id": "g-arki-kemi/W/1",
         "item": {"id": "g-arki-kemi/W/1", "group": "g-arki-kemi", "venue": "v-mikseri"}},
    ),
    Case(
        "guidance", m.GuidanceNeed,
        {"participant": "p-02", "place": "home", "visits_per_week": "1",
         "duration_minutes": "60", "staff": ["s-amal"]},
        "n-p-02", "n-01",
        {"preferred_staff": "s-amal"}, "preferred_staff", "not among the staff chosen",
        {"duration_minutes": "75"}, ("duration_minutes", 75),
        "n-01", "The locked item",
        {"kind": "visit", "item_id": "n-01/W/1",
         "item": {"id": "n-01/W/1", "need": "n-01", "participant": "p-58", "staff": "s-hanna",
                  "interpreter": None, "place": "home"}},
    ),
    Case(
        "venues", m.Venue,
        {"name": "Testitalo", "area": "simo", "address": "Testitie 2", "capacity": "20",
         "rooms": "1", "childcare_capacity": "0", "open-thu": "8-20", "closed": "24.12.2026"},
        "v-testitalo", "v-mikseri",
        {"capacity": "paljon"}, "capacity", '"paljon" is not a number.',
        {"capacity": "30"}, ("capacity", 30),
        "v-mikseri", "meets at this venue",
    ),
    Case(
        "interpreters", m.Interpreter,
        {"name": "Testi Tulkki", "languages": "so, fi", "areas": ["kemi", "simo"],
         "available-fri": "9-15"},
        "i-testi-tulkki", "i-hassan",
        {"languages": "ar"}, "languages", "Give at least 2.",
        {"remote": "y"}, ("remote", True),
        "i-hassan", "The locked item",
        {"kind": "visit", "item_id": "n-02/W/1",
         "item": {"id": "n-02/W/1", "need": "n-02", "interpreter": "i-hassan", "place": "home"}},
    ),
]  # fmt: skip


@pytest.fixture
def coordinator(client: FlaskClient, auth: Auth) -> FlaskClient:
    auth.login("coordinator")
    client.post("/language", data={"lang": "en", "next": "/data/", **_token(client)})
    return client


def _token(client: FlaskClient) -> dict[str, str]:
    html = client.get("/account/password").get_data(as_text=True)
    return {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)}


def _submit(client: FlaskClient, url: str, changes: dict[str, object]):
    data = form_data(client.get(url).get_data(as_text=True))
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [str(value)]
    return client.post(url, data=data)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_a_record_is_created_and_logged(app: Flask, coordinator: FlaskClient, case: Case) -> None:
    response = _submit(coordinator, f"/data/{case.kind}/new", case.create)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert case.new_id in master_ids(app, case.model)
    assert ("create", case.kind, case.new_id) in changes(app)
    listing = coordinator.get(f"/data/{case.kind}/").get_data(as_text=True)
    assert f"/data/{case.kind}/{case.new_id}" in listing


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_stored(
    app: Flask, coordinator: FlaskClient, case: Case
) -> None:
    before = changes(app)
    response = _submit(coordinator, f"/data/{case.kind}/{case.edit_id}", case.bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert case.bad_text in error_beside(html, case.bad_field)
    assert f'href="#{case.bad_field}"' in html  # the summary above the form links to it
    assert 'aria-invalid="true"' in html and 'aria-invalid="None"' not in html
    assert changes(app) == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_an_edit_is_stored_with_the_changed_fields_logged(
    app: Flask, coordinator: FlaskClient, case: Case
) -> None:
    response = _submit(coordinator, f"/data/{case.kind}/{case.edit_id}", case.good)
    assert response.status_code == 302, response.get_data(as_text=True)
    attribute, value = case.check
    with app.app_context():
        row = database.session().get(case.model, case.edit_id)
        assert getattr(row, attribute) == value
        last = database.session().scalars(sa.select(m.Change).order_by(m.Change.id.desc())).first()
        assert (last.action, last.ref) == ("update", case.edit_id)
        assert last.detail["fields"] == [attribute.removesuffix("_id")]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_saving_a_form_unchanged_changes_nothing(
    app: Flask, coordinator: FlaskClient, case: Case
) -> None:
    before = changes(app)
    response = _submit(coordinator, f"/data/{case.kind}/{case.edit_id}", {})
    assert response.status_code == 302
    assert changes(app) == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_retiring_is_refused_while_something_refers_to_the_record(
    app: Flask, coordinator: FlaskClient, case: Case
) -> None:
    if case.lock:
        week = iso_week(dt.date.today() + dt.timedelta(days=7))
        with app.app_context():
            item = {**case.lock["item"], "id": case.lock["item"]["id"].replace("W", week)}
            database.session().add(
                m.PlanLock(
                    week=week,
                    item_id=item["id"],
                    kind=case.lock["kind"],
                    item=item,
                    locked_by="test",
                )  # fmt: skip
            )
            database.session().commit()
    url = f"/data/{case.kind}/{case.referenced}/retire"
    assert case.reason in coordinator.get(url).get_data(as_text=True)
    response = coordinator.post(url, data=_token(coordinator))
    assert response.status_code == 409
    assert case.reason in response.get_data(as_text=True)
    assert case.referenced in master_ids(app, case.model)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_a_record_nothing_refers_to_is_retired_and_logged(
    app: Flask, coordinator: FlaskClient, case: Case
) -> None:
    _submit(coordinator, f"/data/{case.kind}/new", case.create)
    url = f"/data/{case.kind}/{case.new_id}/retire"
    page = coordinator.get(url).get_data(as_text=True)
    assert "cannot be retired" not in page
    response = coordinator.post(url, data=form_data(page))  # the token and the version
    assert response.status_code == 302
    assert case.new_id not in master_ids(app, case.model)
    assert changes(app)[-1] == ("delete", case.kind, case.new_id)


def test_a_typed_id_that_is_taken_is_refused_beside_the_id(
    app: Flask, coordinator: FlaskClient
) -> None:
    response = _submit(coordinator, "/data/staff/new", CASES[0].create | {"record_id": "p-01"})
    assert response.status_code == 400
    assert "already used by participant Amina Esimerkki" in error_beside(
        response.get_data(as_text=True), "record_id"
    )
    assert "p-01" not in master_ids(app, m.StaffMember)


def test_children_keep_their_ids_and_new_ones_get_one(app: Flask, coordinator: FlaskClient):
    response = _submit(
        coordinator,
        "/data/participants/p-01",
        {"children-1-remove": "y", "children-3-birth_date": "2025-01-31",
         "children-3-in_daycare": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        children = database.session().get(m.Participant, "p-01").children
        found = {(c.id, c.birth_date.isoformat(), c.in_daycare) for c in children}
    assert found == {
        ("ch-01a", "2026-04-12", False),
        ("ch-01c", "2017-05-20", False),
        ("p-01-c1", "2025-01-31", True),
    }


def test_the_participant_list_is_searched_and_filtered_by_area(coordinator: FlaskClient):
    html = coordinator.get("/data/participants/?q=hodan").get_data(as_text=True)
    assert "Hodan Malli" in html and "Amina Esimerkki" not in html
    html = coordinator.get("/data/participants/?area=tornio").get_data(as_text=True)
    assert 'data-label="Area">Tornio' in html and 'data-label="Area">Kemi' not in html
    assert 'class="responsive records"' in html


def test_the_overview_and_change_log_show_the_data(coordinator: FlaskClient) -> None:
    html = coordinator.get("/data/").get_data(as_text=True)
    assert "/data/participants/" in html and "Keminmaa" in html
    _submit(coordinator, "/data/venues/v-mikseri", {"capacity": "26"})
    log = coordinator.get("/data/changes").get_data(as_text=True)
    assert "v-mikseri" in log and "capacity" in log and "web:kaisa" in log
