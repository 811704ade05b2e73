"""Calendar subscriptions: each role sees only its readers' links; they work and can be replaced."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.demo import demo_document
from tests.web.conftest import WEEK, Auth, csrf_token, publish_plan

BASE = "https://kotoplan.example.org"
DEMO = demo_document(WEEK)
KEMI = next(p for p in DEMO["partners"] if p["id"] == "par-kemi-srk")
OTHER_PARTNERS = [p for p in DEMO["partners"] if p["id"] != "par-kemi-srk"]


def feed_address(page: str) -> str:
    """The https address on a feed's page."""
    found = re.search(r'id="https-address"[^>]*value="([^"]+)"', page)
    assert found, "no feed address on the page"
    return unescape(found.group(1))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_staff_member_sees_her_own_feed_with_every_way_to_subscribe(
    client: FlaskClient, auth: Auth, app: Flask, demo_plan_document: dict
) -> None:
    publish_plan(app, demo_plan_document)
    auth.login("staff")
    response = client.get("/calendars/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    https = feed_address(page)
    # The calendar speaks the page's language (the test accounts read English).
    assert re.fullmatch(rf"{BASE}/feeds/[\w-]{{43}}\.ics\?lang=en", https)
    webcal = "webcal://" + https.removeprefix("https://")
    links = [unescape(link) for link in re.findall(r'href="([^"]+)"', page)]
    assert webcal in links
    google = next(link for link in links if link.startswith("https://calendar.google.com/"))
    assert parse_qs(urlsplit(google).query) == {"cid": [webcal]}
    assert "cid=webcal%3A%2F%2Fkotoplan.example.org%2Ffeeds%2F" in google
    outlook = next(link for link in links if link.startswith("https://outlook.live.com/"))
    assert urlsplit(outlook).path == "/calendar/0/addfromweb"
    assert parse_qs(urlsplit(outlook).query) == {
        "url": [https],
        "name": ["Kotoplan – Hanna Esimerkki"],
    }
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" class="segno"><title>', page)
    for member in DEMO["staff"]:
        assert (member["name"] in page) == (member["id"] == "s-hanna")
    # The link works, and stays the same from one visit to the next.
    assert client.get(path_of(https)).status_code == 200
    assert feed_address(client.get("/calendars/").get_data(as_text=True)) == https


@pytest.mark.parametrize(
    "path",
    [
        "/calendars/staff/s-amal",
        "/calendars/partner/par-kemi-srk",
        "/calendars/carer/c-aino",
        "/calendars/venue/v-kemi-mikseri",
        "/calendars/interpreter/i-hassan",
        "/calendars/coordinator",
        "/calendars/staff/s-nobody",
    ],
)
def test_a_staff_member_sees_no_other_feed(client: FlaskClient, auth: Auth, path: str) -> None:
    auth.login("staff")
    assert client.get(path).status_code == 403


def test_a_partner_sees_its_own_feed_and_its_carers(client: FlaskClient, auth: Auth) -> None:
    auth.login("partner")
    page = client.get("/calendars/").get_data(as_text=True)
    assert KEMI["name"] in page
    for carer in KEMI["carers"]:
        assert f"/calendars/carer/{carer['id']}" in page
        carer_page = client.get(f"/calendars/carer/{carer['id']}").get_data(as_text=True)
        assert carer["name"] in carer_page and feed_address(carer_page)
    for partner in OTHER_PARTNERS:
        assert partner["name"] not in page
        assert client.get(f"/calendars/partner/{partner['id']}").status_code == 403
        for carer in partner["carers"]:
            assert carer["name"] not in page
            assert client.get(f"/calendars/carer/{carer['id']}").status_code == 403
    for member in DEMO["staff"]:
        assert member["name"] not in page
    assert client.get("/calendars/staff/s-hanna").status_code == 403
    assert client.get("/calendars/coordinator").status_code == 403
    assert client.get("/calendars/interpreter/i-hassan").status_code == 403


def test_the_coordinator_sees_every_feed(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    page = unescape(client.get("/calendars/").get_data(as_text=True))
    readers = [("staff", DEMO["staff"]), ("partner", DEMO["partners"]), ("venue", DEMO["venues"])]
    readers += [("group", DEMO["groups"]), ("interpreter", DEMO["interpreters"])]
    readers += [("carer", [c for p in DEMO["partners"] for c in p["carers"]])]
    for kind, records in readers:
        for record in records:
            assert f"/calendars/{kind}/{record['id']}" in page and record["name"] in page
    assert "/calendars/coordinator" in page
    for participant in DEMO["participants"]:
        assert participant["name"] not in page
    for kind, records in readers:
        assert client.get(f"/calendars/{kind}/{records[0]['id']}").status_code == 200
    assert client.get("/calendars/coordinator").status_code == 200
    assert client.get("/calendars/staff/s-nobody").status_code == 404
    assert client.get("/calendars/teacher/s-hanna").status_code == 404


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("staff", "/calendars/"),
        ("partner", "/calendars/carer/c-eeva"),
        ("coordinator", "/calendars/coordinator"),
        ("coordinator", "/calendars/group/g-arki-kemi"),
    ],
)
def test_replacing_a_link_makes_the_old_one_gone(
    client: FlaskClient, auth: Auth, app: Flask, demo_plan_document: dict, role: str, path: str
) -> None:
    publish_plan(app, demo_plan_document)
    auth.login(role)
    page = client.get(path).get_data(as_text=True)
    old = feed_address(page)
    feed = client.get(path_of(old))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    action = re.search(r'<form method="post" action="([^"]*/replace)"', page).group(1)
    unconfirmed = client.post(action, data={"csrf_token": csrf_token(page)})
    assert unconfirmed.status_code == 400
    assert "The address was not replaced" in unconfirmed.get_data(as_text=True)
    assert client.get(path_of(old)).status_code == 200  # nothing happened without the yes
    assert "Yes, replace the address" in page
    response = client.post(action, data={"csrf_token": csrf_token(page), "confirm": "yes"})
    assert response.status_code == 302
    new = feed_address(client.get(response.headers["Location"]).get_data(as_text=True))
    assert new != old
    assert client.get(path_of(old)).status_code == 410
    assert client.get(path_of(new)).status_code == 200


@pytest.mark.parametrize(
    ("role", "action"),
    [
        ("partner", "/calendars/staff/s-hanna/replace"),
        ("partner", "/calendars/carer/c-marja/replace"),
        ("staff", "/calendars/staff/s-amal/replace"),
        ("staff", "/calendars/coordinator/replace"),
    ],
)
def test_nobody_replaces_a_link_her_role_does_not_allow(
    client: FlaskClient, auth: Auth, app: Flask, role: str, action: str
) -> None:
    auth.login("coordinator")
    reader = action.removesuffix("/replace")
    page = client.get(reader).get_data(as_text=True)
    before = feed_address(page)
    auth.logout()
    auth.login(role)
    token = csrf_token(client.get("/calendars/").get_data(as_text=True))
    assert client.post(action, data={"csrf_token": token}).status_code == 403
    assert client.get(path_of(before)).status_code == 200


def test_the_calendar_language_can_be_chosen(client: FlaskClient, auth: Auth) -> None:
    auth.login("staff")
    finnish = feed_address(client.get("/calendars/staff/s-hanna?lang=fi").get_data(as_text=True))
    english = feed_address(client.get("/calendars/staff/s-hanna?lang=en").get_data(as_text=True))
    assert finnish.endswith(".ics") and english == finnish + "?lang=en"
    for address in (finnish, english):
        assert client.get(path_of(address)).status_code == 200


def test_strangers_are_sent_to_the_login(client: FlaskClient) -> None:
    for path in ("/calendars/", "/calendars/staff/s-hanna", "/calendars/coordinator"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
