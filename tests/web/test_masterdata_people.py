"""People lists from spreadsheets: a preview that stores nothing, a clear report of rejected
rows, and a confirmation that applies the whole list or nothing."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from planner.store import models as m
from tests.web.test_masterdata_records import changes
from web import database

PEOPLE = Path(__file__).resolve().parents[1] / "data" / "people"


@pytest.fixture
def coordinator(client: FlaskClient, auth) -> FlaskClient:
    auth.login("coordinator")
    page = client.get("/data/people").get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": _csrf(page)})
    return client


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def upload(client: FlaskClient, kind: str, name: str, data: bytes):
    page = client.get("/data/people").get_data(as_text=True)
    return client.post(
        "/data/people",
        data={"kind": kind, "file": (io.BytesIO(data), name), "csrf_token": _csrf(page)},
        content_type="multipart/form-data",
    )


def upload_file(client: FlaskClient, kind: str, name: str):
    return upload(client, kind, name, (PEOPLE / name).read_bytes())


def payload_of(page: str) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', page)
    assert found, "the preview offers no confirmation"
    return html.unescape(found.group(1))


def confirm(client: FlaskClient, page: str, payload: str | None = None):
    return client.post(
        "/data/people/confirm",
        data={"payload": payload or payload_of(page), "csrf_token": _csrf(page)},
    )


def rejected(page: str) -> list[tuple[str, str, str]]:
    """The report of rejected rows: (row, column, problem)."""
    table = page.split('class="responsive rejected"')[1].split("</table>")[0]
    cells = re.findall(r'data-label="(?:Row|Column|Problem)">([^<]*)<', table)
    return [tuple(html.unescape(c) for c in cells[i : i + 3]) for i in range(0, len(cells), 3)]


def outcomes(page: str) -> dict[str, tuple[str, str]]:
    """The preview's rows by id: (change, columns that change)."""
    table = page.split('class="responsive outcomes"')[1].split("</table>")[0]
    found = {}
    for row in re.findall(r"<tr class=\"\w+\">(.*?)</tr>", table, re.S):
        ident = re.search(r'data-label="Id"><code>([^<]+)', row).group(1)
        change = re.search(r'data-label="Change"><span[^>]*>([^<]+)', row).group(1)
        columns = re.search(r'data-label="Columns that change">([^<]*)<', row).group(1)
        found[ident] = (change, html.unescape(columns))
    return found


def participant(app: Flask, pid: str) -> dict | None:
    with app.app_context():
        row = database.session().get(m.Participant, pid)
        if row is None:
            return None
        children = [(c.birth_date.isoformat(), c.in_daycare) for c in row.children]
        return {"name": row.name, "languages": row.languages, "children": sorted(children)}


def test_a_good_csv_is_previewed_then_applied_on_confirmation(
    app: Flask, coordinator: FlaskClient
) -> None:
    before = changes(app)
    response = upload_file(coordinator, "participants", "participants-good.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert outcomes(page) == {
        "p-01": ("changed", "kielet"),
        "p-02": ("unchanged", "–"),
        "p-testi-aiti": ("new", "–"),
    }
    assert "Nothing has been stored yet." in page
    assert changes(app) == before and participant(app, "p-testi-aiti") is None

    response = confirm(coordinator, page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/data/participants/")
    assert participant(app, "p-testi-aiti") == {
        "name": "Testi Äiti",
        "languages": ["ti", "en"],
        "children": [("2021-05-03", True), ("2024-02-01", False)],
    }
    assert participant(app, "p-01")["languages"] == ["ar", "fi"]
    assert changes(app)[len(before) :] == [
        ("update", "participants", "p-01"),
        ("create", "participants", "p-testi-aiti"),
    ]


def test_staff_with_english_headers_and_readable_times(app: Flask, coordinator: FlaskClient):
    page = upload_file(coordinator, "staff", "staff-good.csv").get_data(as_text=True)
    assert outcomes(page) == {
        "s-uusi": ("new", "–"),
        "s-laura": ("changed", "hours per week"),
    }
    assert confirm(coordinator, page).status_code == 302
    with app.app_context():
        new = database.session().get(m.StaffMember, "s-uusi")
        assert new.hours_per_week == 37.5 and new.roles == ["facilitator", "guide"]
        assert new.available == {
            "mon": ["08:00-16:00"], "tue": ["08:00-16:00"], "wed": ["08:00-16:00"],
            "fri": ["09:00-12:00", "13:00-16:00"],
        }  # fmt: skip
        assert new.absent == [{"start": "2026-12-01", "end": "2026-12-02"}]
        assert database.session().get(m.StaffMember, "s-laura").hours_per_week == 24


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.create_sheet("Muistiinpanot").append(["this sheet is not read"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_good_xlsx_with_carers_is_applied(app: Flask, coordinator: FlaskClient) -> None:
    days = ["08:00-16:00"] * 5
    data = _xlsx(
        [
            ["tunniste", "kumppani", "nimi", "alueet", "vuoroja viikossa enintään", "vauvat",
             "ma", "ti", "ke", "to", "pe", "poissa"],
            ["c-aino", "par-kemi-srk", "Aino Esimerkki", "Kemi", 5, "kyllä", *days, None],
            [None, "MLL:n Meri-Lapin paikallisyhdistykset, lastenhoitoapu", "Uusi Hoitaja",
             "Kemi, Simo", 2.0, None, "9-15", None, None, None, None, dt.datetime(2026, 12, 3)],
        ]
    )  # fmt: skip
    page = upload(coordinator, "carers", "hoitajat.xlsx", data).get_data(as_text=True)
    assert outcomes(page) == {
        "c-aino": ("changed", "vuoroja viikossa enintään"),
        "c-uusi-hoitaja": ("new", "–"),
    }
    assert confirm(coordinator, page).status_code == 302
    with app.app_context():
        new = database.session().get(m.Carer, "c-uusi-hoitaja")
        assert (new.partner_id, new.areas, new.max_shifts_per_week) == (
            "par-mll",
            ["kemi", "simo"],
            2,
        )
        assert new.absent == [{"start": "2026-12-03", "end": "2026-12-03"}]
        assert database.session().get(m.Carer, "c-aino").max_shifts_per_week == 5


BROKEN = [
    ("participants-bad-date.csv", [("2", "lapset", '"31.2.2020" is not a calendar date.')]),
    ("participants-unknown-area.csv", [("2", "alue", 'There is no area "Rovaniemi".')]),
    ("participants-duplicate-id.csv", [("3", "tunniste", "Row 2 is the same person.")]),
    (
        "participants-duplicate-new.csv",
        [
            ("4", "tunniste", "Row 2 is the same person."),
            ("5", "nimi", "Row 3 has the same name; give ids to tell them apart."),
        ],
    ),
    (
        "participants-bad-language.csv",
        [
            ("2", "kielet", '"arabia" is not a language code like "fi" or "ar".'),
            ("3", "lapset", "1.1.2099 is in the future."),
        ],
    ),
]


@pytest.mark.parametrize(("name", "report"), BROKEN, ids=[name for name, _ in BROKEN])
def test_rejected_rows_are_reported_and_the_list_cannot_be_confirmed(
    app: Flask, coordinator: FlaskClient, name: str, report: list[tuple[str, str, str]]
) -> None:
    before = changes(app)
    response = upload_file(coordinator, "participants", name)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert rejected(page) == report
    assert 'name="payload"' not in page
    assert changes(app) == before


FILE_PROBLEMS = [
    ("participants-missing-column.csv", 'The file has no column "alue" (area).'),
    ("participants-empty.csv", "The file is empty."),
    ("participants.pdf", "Upload a .csv or .xlsx file; participants.pdf is neither."),
    ("participants-not-utf8.csv", "The file is not UTF-8 text."),
]


@pytest.mark.parametrize(("name", "message"), FILE_PROBLEMS, ids=[n for n, _ in FILE_PROBLEMS])
def test_a_file_that_cannot_be_used_is_refused_beside_the_upload(
    app: Flask, coordinator: FlaskClient, name: str, message: str
) -> None:
    before = changes(app)
    response = upload_file(coordinator, "participants", name)
    assert response.status_code == 400
    error = re.search(r'id="file-error">([^<]*)<', response.get_data(as_text=True))
    assert error and message in html.unescape(error.group(1))
    assert changes(app) == before


def test_a_broken_xlsx_is_refused(coordinator: FlaskClient) -> None:
    response = upload(coordinator, "staff", "henkilokunta.xlsx", b"PK\x03\x04 not really a zip")
    assert response.status_code == 400
    assert "not an .xlsx workbook" in response.get_data(as_text=True)


def test_a_tampered_payload_is_refused(app: Flask, coordinator: FlaskClient) -> None:
    page = upload_file(coordinator, "participants", "participants-good.csv").get_data(as_text=True)
    payload = payload_of(page)
    before = changes(app)
    body, _, signature = payload.rpartition(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert confirm(coordinator, page, f"{body}.{flipped}").status_code == 400
    forged = URLSafeTimedSerializer("not-the-secret", salt="kotoplan.masterdata.people-import")
    data = forged.dumps({"kind": "participants", "columns": {}, "records": [], "digest": "",
                         "user": "kaisa"})  # fmt: skip
    response = confirm(coordinator, page, data)
    assert response.status_code == 400
    assert "cannot be trusted" in response.get_data(as_text=True)
    assert changes(app) == before


def test_a_preview_is_checked_again_if_the_data_changed_meanwhile(
    app: Flask, coordinator: FlaskClient
) -> None:
    page = upload_file(coordinator, "participants", "participants-good.csv").get_data(as_text=True)
    with app.app_context():
        database.session().get(m.Participant, "p-01").languages = ["ar", "fi"]
        database.session().commit()
    response = confirm(coordinator, page)
    assert response.status_code == 409
    assert "has changed since the preview" in response.get_data(as_text=True)
    assert participant(app, "p-testi-aiti") is None


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_the_templates_hold_the_headers_and_fill_back_in(
    app: Flask, coordinator: FlaskClient, ext: str
) -> None:
    response = coordinator.get(f"/data/people/template/participants.{ext}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if ext == "csv":
        assert response.data.startswith(b"\xef\xbb\xbfid;name *;area *;address;languages *;mon")
        filled = response.data + ";Kolmas Äiti;Simo;;fa;;;;;;;;\r\n".encode()
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        headers = [cell.value for cell in next(book.worksheets[0].iter_rows())]
        assert headers[:3] == ["id", "name *", "area *"]
        book.worksheets[0].append([None, "Kolmas Äiti", "Simo", None, "fa"])
        out = io.BytesIO()
        book.save(out)
        filled = out.getvalue()
    page = upload(coordinator, "participants", f"list.{ext}", filled).get_data(as_text=True)
    assert outcomes(page) == {"p-kolmas-aiti": ("new", "–")}
    assert confirm(coordinator, page).status_code == 302
    with app.app_context():
        assert (
            database.session().scalar(
                sa.select(m.Participant.area).where(m.Participant.id == "p-kolmas-aiti")
            )
            == "simo"
        )


def test_the_people_lists_words_are_in_the_requests_language(app: Flask) -> None:
    from planner.formats.sheets import SheetError, read_table

    for lang, says in (("fi", "Tiedosto on tyhjä."), ("en", "The file is empty.")):
        with app.test_request_context(headers={"Accept-Language": lang}):
            with pytest.raises(SheetError) as error:
                read_table("list.csv", b"")
            assert str(error.value) == says
