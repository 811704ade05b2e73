"""No lost edits: a form filled in on an older version of a record is refused, not saved over.

Two people open the same record; the first saves; the second's save answers 409 with the
saved values beside theirs, the stored record stays the first's, and saving again (from
the 409 page or after reloading) works.
"""

from __future__ import annotations

import html as html_text
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from planner.store import models as m
from tests.web import portal
from tests.web.conftest import PASSWORD, WEEK, Auth
from tests.web.test_masterdata_people import confirm, upload_file
from tests.web.test_masterdata_records import CASES, Case, form_data
from tests.web.test_partner_carers import form as carer_form
from web import database
from web.accounts import create_user
from web.cli import main as kotoplan

PARTICIPANT = "/data/participants/p-01"
STAFF = "/data/staff/s-hanna"


def _logged_in(app: Flask, role: str = "coordinator", username: str | None = None) -> FlaskClient:
    """A client of its own (its own session cookie), logged in."""
    client = app.test_client()
    if username is None:
        Auth(client).login(role)
    else:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302
    return client


@pytest.fixture
def second_coordinator(app: Flask) -> FlaskClient:
    """Another coordinator, reading Finnish (the default)."""
    with app.app_context():
        session = database.session()
        create_user(session, "maija", PASSWORD, "coordinator", display_name="Maija Toinen")
        session.commit()
    return _logged_in(app, username="maija")


def _post(client: FlaskClient, url: str, data: dict[str, list[str]], **changes: object):
    sent = {k: list(v) for k, v in data.items()}
    for name, value in changes.items():
        sent[name] = value if isinstance(value, list) else [str(value)]
    return client.post(url, data=sent)


def _row(app: Flask, model: type[m.Base], record_id: str):
    with app.app_context():
        session = database.session()
        row = session.get(model, record_id)
        session.expunge(row)
        return row


def _conflict_rows(page: str) -> list[tuple[str, str, str]]:
    """The conflict table's rows: (field, saved meanwhile, yours)."""
    box = re.search(r'<div class="conflict".*?</div>', page, re.S)
    assert box, "no conflict shown"
    rows = re.findall(
        r'<th scope="row"[^>]*><a [^>]*>(.*?)</a></th>\s*<td[^>]*class="saved">(.*?)</td>'
        r'\s*<td[^>]*class="yours">(.*?)</td>',
        box.group(0),
        re.S,
    )
    return [tuple(html_text.unescape(cell).strip() for cell in row) for row in rows]


def test_a_stale_participant_save_is_refused_and_shows_both_values(
    app: Flask, second_coordinator: FlaskClient
) -> None:
    first = _logged_in(app)
    form_a = form_data(first.get(PARTICIPANT).get_data(as_text=True))
    form_b = form_data(second_coordinator.get(PARTICIPANT).get_data(as_text=True))
    assert form_a["record_version"] == form_b["record_version"] == ["1"]

    assert _post(first, PARTICIPANT, form_a, address="Uusikatu 5").status_code == 302
    response = _post(second_coordinator, PARTICIPANT, form_b, address="Vanhakatu 9")
    page = response.get_data(as_text=True)

    assert response.status_code == 409
    assert _row(app, m.Participant, "p-01").address == "Uusikatu 5"  # the first save stands
    assert ("Osoite", "Uusikatu 5", "Vanhakatu 9") in _conflict_rows(page)
    assert "Ei tallennettu: joku muu tallensi tämän tiedon välillä" in page
    assert re.search(r"Kaisa Koordinaattori tallensi sen \w\w \d+\.\d+\.\d{4} klo \d+\.\d\d", page)
    assert 'value="Vanhakatu 9"' in page  # the form still holds what the second one typed

    # Saving the 409 page's form applies the second one's values over the first's, knowingly.
    again = form_data(page)
    assert again["record_version"] == ["2"]
    assert second_coordinator.post(PARTICIPANT, data=again).status_code == 302
    row = _row(app, m.Participant, "p-01")
    assert (row.address, row.version) == ("Vanhakatu 9", 3)


def test_a_stale_staff_save_is_refused_and_a_save_after_reloading_works(
    app: Flask, second_coordinator: FlaskClient
) -> None:
    first = _logged_in(app)
    form_a = form_data(first.get(STAFF).get_data(as_text=True))
    form_b = form_data(second_coordinator.get(STAFF).get_data(as_text=True))
    assert _post(first, STAFF, form_a, hours_per_week="30").status_code == 302

    response = _post(second_coordinator, STAFF, form_b, hours_per_week="20", email="h@x.fi")
    assert response.status_code == 409
    row = _row(app, m.StaffMember, "s-hanna")
    email = form_a["email"][0]
    assert (row.hours_per_week, row.email) == (30, email)
    rows = _conflict_rows(response.get_data(as_text=True))
    assert ("Tunteja viikossa", "30", "20") in rows
    assert ("Sähköposti", email, "h@x.fi") in rows

    reloaded = form_data(second_coordinator.get(STAFF).get_data(as_text=True))
    assert reloaded["hours_per_week"] == ["30"]  # the reloaded form holds the saved values
    assert _post(second_coordinator, STAFF, reloaded, hours_per_week="20").status_code == 302
    assert _row(app, m.StaffMember, "s-hanna").hours_per_week == 20


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_every_kind_of_record_refuses_a_stale_save(app: Flask, case: Case) -> None:
    first, second = _logged_in(app), _logged_in(app)
    url = f"/data/{case.kind}/{case.edit_id}"
    stale = form_data(second.get(url).get_data(as_text=True))
    fresh = form_data(first.get(url).get_data(as_text=True))
    assert _post(first, url, fresh, **case.good).status_code == 302  # type: ignore[arg-type]

    response = second.post(url, data=stale)  # the form as it was: it would undo the change
    attribute, value = case.check
    assert response.status_code == 409
    assert getattr(_row(app, case.model, case.edit_id), attribute) == value
    assert _conflict_rows(response.get_data(as_text=True))  # the changed field is named


def test_a_form_without_its_version_is_refused(app: Flask) -> None:
    client = _logged_in(app)
    data = form_data(client.get(PARTICIPANT).get_data(as_text=True))
    del data["record_version"]
    response = _post(client, PARTICIPANT, data, address="Uusikatu 5")
    assert response.status_code == 409
    assert _row(app, m.Participant, "p-01").address != "Uusikatu 5"


@pytest.mark.parametrize("road", ["cli", "spreadsheet"])
def test_an_import_between_opening_and_saving_makes_the_form_stale(
    app: Flask, tmp_path: Path, road: str
) -> None:
    """Both imports move the versions of what they change, so they count as a save too."""
    client = _logged_in(app)
    stale = form_data(client.get(PARTICIPANT).get_data(as_text=True))
    if road == "cli":
        document = demo_document(WEEK)
        next(p for p in document["participants"] if p["id"] == "p-01")["languages"] = ["ar", "fi"]
        path = tmp_path / "scenario.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        options = ["--database", app.config["DATABASE_URL"], "import", str(path)]
        result = CliRunner().invoke(kotoplan, options, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    else:
        page = upload_file(client, "participants", "participants-good.csv").get_data(as_text=True)
        assert confirm(client, page).status_code == 302  # p-01's languages become ar, fi
    row = _row(app, m.Participant, "p-01")
    assert (row.languages, row.version) == (["ar", "fi"], 2)

    response = client.post(PARTICIPANT, data=stale)
    assert response.status_code == 409
    assert _row(app, m.Participant, "p-01").languages == ["ar", "fi"]
    labels = [field for field, _saved, _yours in _conflict_rows(response.get_data(as_text=True))]
    assert "Languages" in labels


@pytest.fixture
def portal_app(tmp_path) -> Flask:
    yield from portal.app_at(tmp_path)


def test_a_partner_s_stale_save_of_a_carer_s_times_is_refused(portal_app: Flask) -> None:
    own = "c-kaisa"
    partner = _logged_in(portal_app, "partner")
    portal.english(partner)
    page = partner.get(f"/partner/carers/{own}").get_data(as_text=True)

    # The coordinator adds an absence while the partner's form is open.
    coordinator = _logged_in(portal_app)
    url = f"/data/carers/{own}"
    data = form_data(coordinator.get(url).get_data(as_text=True))
    absent = data["absent"][0].strip() + "\n9.12.2026"
    assert _post(coordinator, url, data, absent=absent).status_code == 302

    response = partner.post(f"/partner/carers/{own}", data=carer_form(page, absent="10.12.2026"))
    assert response.status_code == 409
    stored = _row(portal_app, m.Carer, own).absent
    assert [p["start"][:10] for p in stored] == ["2026-12-04", "2026-12-09"]
    rows = dict((field, (saved, yours)) for field, saved, yours in _conflict_rows(response.text))
    assert rows["Absences"] == ("4.12.2026\n9.12.2026", "10.12.2026")
    assert "Kaisa Koordinaattori saved it on" in response.text

    fresh = partner.get(f"/partner/carers/{own}").get_data(as_text=True)
    saved = partner.post(f"/partner/carers/{own}", data=carer_form(fresh, absent="10.12.2026"))
    assert saved.status_code == 302
    assert [p["start"][:10] for p in _row(portal_app, m.Carer, own).absent] == ["2026-12-10"]


def test_a_record_changed_since_the_retire_page_opened_is_shown_again(app: Flask) -> None:
    first, second = _logged_in(app), _logged_in(app)
    url = f"/data/{CASES[-1].kind}/{CASES[-1].new_id}"  # an interpreter nothing refers to
    new = f"/data/{CASES[-1].kind}/new"
    blank = form_data(first.get(new).get_data(as_text=True))
    assert _post(first, new, blank, **CASES[-1].create).status_code == 302  # type: ignore[arg-type]
    page = second.get(f"{url}/retire").get_data(as_text=True)
    edit = form_data(first.get(url).get_data(as_text=True))
    assert _post(first, url, edit, name="Toinen Tulkki").status_code == 302

    response = second.post(f"{url}/retire", data=form_data(page))
    assert response.status_code == 409
    assert "changed since this page was opened" in response.get_data(as_text=True)
    assert _row(app, m.Interpreter, CASES[-1].new_id).name == "Toinen Tulkki"
    again = second.post(f"{url}/retire", data=form_data(response.get_data(as_text=True)))
    assert again.status_code == 302
    with app.app_context():
        assert database.session().get(m.Interpreter, CASES[-1].new_id) is None
