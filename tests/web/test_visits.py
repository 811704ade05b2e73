"""The visit page a feed links to: details for the staff member making it and the coordinator."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from tests.web.conftest import WEEK, Auth, publish_plan


@pytest.fixture
def visit(app: Flask, demo_plan_document: dict) -> dict:
    publish_plan(app, demo_plan_document)
    return next(v for v in demo_plan_document["visits"] if v["staff"] == "s-hanna")


def participant_of(visit: dict) -> dict:
    return next(p for p in demo_document(WEEK)["participants"] if p["id"] == visit["participant"])


def path(visit: dict) -> str:
    return "/visits/" + quote(visit["id"], safe="")


def test_the_staff_member_making_the_visit_sees_who_and_where(
    client: FlaskClient, auth: Auth, visit: dict
) -> None:
    auth.login("staff")
    page = client.get(path(visit)).get_data(as_text=True)
    participant = participant_of(visit)
    assert participant["name"] in page and participant["address"] in page


def test_the_coordinator_sees_every_visit(client: FlaskClient, auth: Auth, visit: dict) -> None:
    auth.login("coordinator")
    assert client.get(path(visit)).status_code == 200


@pytest.mark.parametrize("role", ["partner"])
def test_a_partner_never_sees_a_visit(client: FlaskClient, auth: Auth, visit: dict, role) -> None:
    auth.login(role)
    response = client.get(path(visit))
    assert response.status_code == 403
    assert participant_of(visit)["name"] not in response.get_data(as_text=True)


def test_another_staff_members_visit_is_refused(
    client: FlaskClient, auth: Auth, app: Flask, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    other = next(v for v in demo_plan_document["visits"] if v["staff"] != "s-hanna")
    auth.login("staff")
    assert client.get(path(other)).status_code == 403


def test_strangers_are_sent_to_the_login(client: FlaskClient, visit: dict) -> None:
    response = client.get(path(visit))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_visit_is_404(client: FlaskClient, auth: Auth, visit: dict) -> None:
    auth.login("coordinator")
    assert client.get("/visits/n-nobody%2F2026-W49%2F1").status_code == 404
    assert client.get("/visits/garbage").status_code == 404
