"""Every route, walked with every role: who gets in is what ACCESS says, checked on the server.

A route missing from ACCESS fails the test, so a new page must say who may open it.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.web.conftest import PASSWORD, USERS, make_app

PUBLIC = "public"
ANYONE = "anyone logged in"
ACCESS: dict[str, str | set[str]] = {
    "auth.login": PUBLIC,
    "health.healthz": PUBLIC,
    "i18n.switch": PUBLIC,
    "static": PUBLIC,
    "feeds.feed": PUBLIC,  # the secret token in the URL is the key
    "auth.home": ANYONE,
    "auth.logout": ANYONE,
    "auth.password": ANYONE,
    "visits.visit": {"coordinator", "staff"},
    "answer.show": PUBLIC,  # a carer's signed one-click link is the key
    "answer.give": PUBLIC,
    "subscribe.index": {"coordinator", "staff", "partner"},
    # The sample reader is the staff member s-hanna: she and the coordinator may see her link.
    "subscribe.reader": {"coordinator", "staff"},
    "subscribe.replace": {"coordinator", "staff"},
    "subscribe.coordinator": {"coordinator"},
    "subscribe.replace_coordinator": {"coordinator"},
    # Recording what happened: the facilitator's sessions, the guide's visit outcome, the
    # partner's carer hours, and the coordinator's whole week.
    "staff.sessions": {"staff"},
    "staff.session_page": {"staff"},
    "staff.save_session_page": {"staff"},
    "staff.mark": {"staff"},
    "visits.outcome": {"coordinator", "staff"},
    "partner.hours": {"partner"},
    "partner.confirm_hours_page": {"partner"},
    "attendance.this_week": {"coordinator"},
    "attendance.week": {"coordinator"},
    "attendance.save_session_form": {"coordinator"},
    "attendance.save_visit_form": {"coordinator"},
    # Participant records hold ESF entry data: the coordinator's alone.
    "records.index": {"coordinator"},
    "records.record": {"coordinator"},
    "records.erase": {"coordinator"},
    "records.export": {"coordinator"},
    "records.reads": {"coordinator"},
    # Reports count ESF entry data, aggregated: the coordinator's alone.
    "reports.index": {"coordinator"},
    "reports.download": {"coordinator"},
    "masterdata.settings": {"coordinator"},  # childcare follows attendance (issue 12)
}
COORDINATOR_BLUEPRINTS = ("coordinator.", "masterdata.", "api.")
ROLES = ("anonymous", "coordinator", "staff", "partner")
SAMPLES = {
    "week": "2026-W49",
    "item_id": "g-arki-kemi/2026-W49/1",
    "job_id": "1",
    "kind": "staff",
    "record_id": "s-hanna",
    "ext": "csv",
    "token": "A" * 43,
    "filename": "style.css",
    "visit_id": "n-01/2026-W49/1",
    "carer_id": "c-aino",
    "report_id": "1",
    "hold": "pin",
    "user_id": "1",
    "number": "1",
    "person": "p-01",
}


def allowed(endpoint: str) -> str | set[str]:
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    if endpoint.startswith(COORDINATOR_BLUEPRINTS):
        return {"coordinator"}
    for audience in ("partner", "staff"):
        if endpoint.startswith(f"{audience}."):
            return {audience}
    raise AssertionError(f"{endpoint}: say in ACCESS who may open it")


def url(rule) -> str:
    values = {name: SAMPLES[name] for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def test_every_route_lets_in_exactly_the_roles_it_should(tmp_path: Path) -> None:
    app: Flask = make_app(f"sqlite:///{tmp_path / 'roles.db'}", WTF_CSRF_ENABLED=False)
    wrong = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        who = allowed(rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            path = url(rule)
            for role in ROLES:
                client = app.test_client()
                if role != "anonymous":
                    login = client.post(
                        "/login", data={"username": USERS[role][0], "password": PASSWORD}
                    )
                    assert login.status_code == 302, role
                response = client.open(path, method=method)
                response.close()  # static files are streamed from an open file
                # Refused strangers are sent to the login page with the page they wanted.
                location = response.headers.get("Location", "")
                to_login = response.status_code == 302 and "/login?next=" in location
                refused = to_login or response.status_code in (401, 403)
                if who == PUBLIC:
                    should_enter = True
                elif who == ANYONE:
                    should_enter = role != "anonymous"
                else:
                    should_enter = role in who
                if refused == should_enter or response.status_code >= 500:
                    wrong.append(f"{method} {path} as {role}: {response.status_code}")
    app.extensions["kotoplan.engine"].dispose()
    assert wrong == []
