"""The coordinator's participant records: logged reads, saves with a version check, the
export, erasure on request; staff and partners never see any entry data."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from planner.records.erasure import erase_person
from planner.store import models as m
from planner.store.models import utcnow
from tests.web.conftest import Auth, csrf_token, publish_plan
from tests.web.test_roles import SAMPLES, url
from web import database

PERSON = "p-01"
PAGE = f"/records/{PERSON}"
GOOD = {
    "labour_status": "long_term_unemployed",
    "age_band": "above_54",
    "education": "isced_5_8",
    "homeless": "yes",
    "consent_for": ["esf_reporting", "stea_reporting"],
    "retain_until": "31.12.2035",
}
# What the entry data above looks like on a page, in English and in Finnish, and as codes.
SHOWN = ("Long-term unemployed", "Above 54 years", "Tertiary education", "long_term_unemployed",
         "isced_5_8", "Labour market status", "Pitkäaikaistyötön", "Yli 54-vuotias")  # fmt: skip


def reads(app: Flask) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = database.session().scalars(sa.select(m.RecordRead).order_by(m.RecordRead.id))
        return [(r.what, r.person) for r in rows]


def save(client: FlaskClient, data: dict, version: str | None = None):
    page = client.get(PAGE).get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "version": version or "0", **data}
    return client.post(PAGE, data=form)


def test_a_coordinator_reads_and_saves_a_record_and_each_read_is_logged(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    assert client.get(PAGE).status_code == 200
    assert reads(app) == [("view", PERSON)]
    saved = save(client, GOOD)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Long-term unemployed" in page and "Homeless or affected by housing exclusion" in page
    assert reads(app) == [("view", PERSON), ("view", PERSON), ("edit", PERSON), ("view", PERSON)]
    export = client.get("/records/export.csv")
    assert export.status_code == 200 and export.headers["Cache-Control"] == "no-store"
    lines = export.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("person,name,area")
    assert [line for line in lines if line.startswith(PERSON)][0].count("long_term_unemployed") == 1
    assert reads(app)[-1] == ("export", None)
    log = client.get("/records/reads").get_data(as_text=True)
    assert "web:kaisa" in log and "exported" in log and "all records (1)" in log
    listing = client.get("/records/").get_data(as_text=True)
    assert "31.12.2035" in listing and "Long-term unemployed" not in listing
    masterdata = client.get(f"/data/participants/{PERSON}").get_data(as_text=True)
    assert f'href="/records/{PERSON}"' in masterdata


def test_a_bad_save_names_its_field_and_a_stale_one_is_409(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    without_consent = {key: value for key, value in GOOD.items() if key != "consent_for"}
    refused = save(client, without_consent)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Entry data may be kept only with consent" in text and 'href="#consent_for"' in text
    assert save(client, {**GOOD, "retain_until": "31.13.2035"}).status_code == 400
    with app.app_context():
        assert database.session().get(m.ParticipantRecord, PERSON) is None
    assert save(client, GOOD).status_code == 302
    stale = save(client, {**GOOD, "age_band": "below_25"}, version="0")
    assert stale.status_code == 409
    assert "Someone else saved this record" in stale.get_data(as_text=True)
    assert "Age" in stale.get_data(as_text=True)
    with app.app_context():
        assert database.session().get(m.ParticipantRecord, PERSON).entry["age_band"] == "above_54"
    assert save(client, {**GOOD, "age_band": "below_25"}, version="1").status_code == 302


def test_staff_and_partners_never_see_entry_data(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    assert save(client, GOOD).status_code == 302
    auth.logout()
    records = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("records.")]
    assert len(records) == 5
    for role in ("staff", "partner"):
        other = app.test_client()
        assert Auth(other).login(role).status_code == 302
        for rule in records:
            assert other.get(url(rule)).status_code == 403, (role, rule.rule)
        opened = 0
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
                continue
            if not set(rule.arguments) <= set(SAMPLES):
                continue
            response = other.get(url(rule), headers={"Accept-Language": "fi"})
            body = response.get_data(as_text=True)
            response.close()
            opened += response.status_code == 200
            seen = [text for text in SHOWN if text in body]
            assert seen == [], (role, rule.rule, seen)
        assert opened >= 3, f"{role} opened only {opened} pages: the walk looked at nothing"


def test_erasure_on_request_asks_for_the_id_and_then_removes_her(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    assert save(client, GOOD).status_code == 302
    page = client.get(f"{PAGE}/erase").get_data(as_text=True)
    wrong = client.post(f"{PAGE}/erase", data={"csrf_token": csrf_token(page), "confirm": "p-02"})
    assert wrong.status_code == 400 and "Type the id" in wrong.get_data(as_text=True)
    done = client.post(f"{PAGE}/erase", data={"csrf_token": csrf_token(page), "confirm": PERSON})
    assert done.status_code == 302
    assert client.get(PAGE).status_code == 404
    with app.app_context():
        session = database.session()
        assert session.get(m.Participant, PERSON) is None
        anonymous = session.scalars(
            sa.select(m.ParticipantRecord).where(m.ParticipantRecord.anonymous.is_(True))
        ).one()
        assert anonymous.person.startswith("anon-") and anonymous.entry["homeless"] is True


def test_pages_of_a_published_plan_still_open_after_an_erasure(
    app: Flask, client: FlaskClient, auth: Auth, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    erased = next(v["participant"] for v in demo_plan_document["visits"])
    with app.app_context():
        session = database.session()
        done = erase_person(session, erased, actor="test", now=utcnow())
        session.commit()
        plan = session.scalars(sa.select(m.PlanVersion)).one()
        people = {v["participant"] for v in plan.document["visits"]}
        assert erased not in people and done.key in people
    auth.login("coordinator")
    visit = next(v["id"] for v in demo_plan_document["visits"] if v["participant"] == erased)
    opened = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        if not set(rule.arguments) <= set(SAMPLES):
            continue
        values = {**SAMPLES, "visit_id": visit}
        path = rule.build({n: values[n] for n in rule.arguments}, append_unknown=False)[1]
        response = client.get(path)
        response.close()
        assert response.status_code < 500, path
        opened += response.status_code == 200
    assert opened >= 10


def test_the_record_page_speaks_finnish_with_the_reports_words(
    client: FlaskClient, auth: Auth
) -> None:
    from planner.records import labels

    auth.login("coordinator")
    page = client.get(PAGE).get_data(as_text=True)
    client.post("/language", data={"lang": "fi", "csrf_token": csrf_token(page)})
    assert save(client, GOOD).status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    # The questions, answers and "not answered" come from the one table the reports use.
    assert f'<th scope="row">{labels.question("labour_status", "fi")}</th>' in page
    assert "<td>Pitkäaikaistyötön</td>" in page and "Ikä" in page
    assert '<option value="">Ei vastattu</option>' in page
    assert '<option value="yes">Kyllä</option>' in page and "Labour market status" not in page
