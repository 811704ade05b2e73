"""A partner keeps its own carers' weekly times and absences, through the master data's road."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.store import models as m
from tests.web import portal
from tests.web.conftest import Auth, csrf_token

OWN = "c-kaisa"  # of par-kemi-srk; absent on Friday 4.12.2026 in the demo
OTHER = "c-marja"  # of par-tornio-srk


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield from portal.app_at(tmp_path)


@pytest.fixture
def partner(client: FlaskClient, auth: Auth) -> FlaskClient:
    auth.login("partner")
    portal.english(client)
    return client


def carer_row(app: Flask, carer_id: str) -> tuple[dict, list]:
    from web import database

    with app.app_context():
        row = database.session().get(m.Carer, carer_id)
        return row.available, row.absent


def absences_shown(page: str) -> str:
    """The text of the absences field."""
    found = re.search(r'<textarea[^>]*name="absent"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no absences field"
    return found.group(1).strip()


def form(page: str, **fields: str) -> dict[str, str]:
    days = {f"available-{day}": "" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    version = re.search(r'name="record_version"[^>]*value="([^"]*)"', page)
    sent = {"record_version": version.group(1)} if version else {}  # the form's hidden field
    return {"csrf_token": csrf_token(page), **sent, **days, "absent": "", **fields}


def test_the_list_holds_only_the_organisation_s_carers(partner: FlaskClient) -> None:
    html = partner.get("/partner/carers").get_data(as_text=True)
    for name in ("Aino Esimerkki", "Eeva Malli", "Helmi Testinen", "Kaisa Kuvitteellinen"):
        assert name in html
    assert "Marja Malli" not in html and "Leena Esimerkki" not in html
    assert "4.12.2026" in html  # Kaisa's coming absence
    assert portal.leaks(html, "2026-W49") == []


def test_a_partner_changes_weekly_times_and_absences_all_or_nothing(
    app: Flask, partner: FlaskClient
) -> None:
    page = partner.get(f"/partner/carers/{OWN}").get_data(as_text=True)
    assert absences_shown(page) == "4.12.2026"
    data = form(
        page,
        **{"available-mon": "8-12", "available-wed": "08:00-16:00"},
        absent="4.12.2026\n8.12.2026 12:00 – 8.12.2026 16:00",
    )
    response = partner.post(f"/partner/carers/{OWN}", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/partner/carers")
    available, absent = carer_row(app, OWN)
    assert available == {"mon": ["08:00-12:00"], "wed": ["08:00-16:00"]}
    assert {"start": "2026-12-08T12:00", "end": "2026-12-08T16:00"} in absent

    from web import database

    with app.app_context():
        change = database.session().scalar(
            sa.select(m.Change).where(m.Change.kind == "carers").order_by(m.Change.id.desc())
        )
        assert (change.actor, change.action, change.ref) == ("partner:seurakunta", "update", OWN)


def test_past_absences_are_kept_but_not_shown(app: Flask, partner: FlaskClient) -> None:
    app.config["CLOCK"] = lambda: portal.NOW + dt.timedelta(days=10)  # 7.12.2026
    page = partner.get(f"/partner/carers/{OWN}").get_data(as_text=True)
    assert absences_shown(page) == ""
    data = form(page, **{"available-mon": "8-16"}, absent="9.12.2026")
    assert partner.post(f"/partner/carers/{OWN}", data=data).status_code == 302
    _available, absent = carer_row(app, OWN)
    assert absent == [
        {"start": "2026-12-09", "end": "2026-12-09"},
        {"start": "2026-12-04", "end": "2026-12-04"},
    ]


def test_a_wrong_value_is_shown_beside_its_field_and_nothing_is_saved(
    app: Flask, partner: FlaskClient
) -> None:
    before = carer_row(app, OWN)
    page = partner.get(f"/partner/carers/{OWN}").get_data(as_text=True)
    bad_range = partner.post(f"/partner/carers/{OWN}", data=form(page, **{"available-tue": "16-8"}))
    assert bad_range.status_code == 400
    assert 'id="available-tue-error"' in bad_range.get_data(as_text=True)
    bad_period = partner.post(
        f"/partner/carers/{OWN}", data=form(page, absent="10.12.2026 – 9.12.2026")
    )
    assert bad_period.status_code == 400
    assert 'id="absent-error"' in bad_period.get_data(as_text=True)
    assert carer_row(app, OWN) == before


def test_another_organisation_s_carer_cannot_be_seen_or_changed(
    app: Flask, partner: FlaskClient
) -> None:
    before = carer_row(app, OTHER)
    assert partner.get(f"/partner/carers/{OTHER}").status_code == 404
    page = partner.get(f"/partner/carers/{OWN}").get_data(as_text=True)
    response = partner.post(f"/partner/carers/{OTHER}", data=form(page, absent="9.12.2026"))
    assert response.status_code == 404
    assert carer_row(app, OTHER) == before
    assert partner.get("/partner/carers/no-such-carer").status_code == 404
