"""No 5xx from any input: every route of the app, every role, generated paths and bodies.

Hypothesis draws a route from `app.url_map`, a role, a value for each part of its path
(weeks of every shape, ids past what a column holds, odd strings), a query and a form
body; the answer must never be a 5xx. Bounded in examples and so in time (a few seconds);
a failure prints the request to repeat. CSRF is off here so that bodies reach the views
(its refusal is tested on its own, `test_roles.py`, `test_planning.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import PASSWORD, USERS, make_app
from tests.web.test_roles import ROLES, SAMPLES

# Logging out would turn the rest of a role's requests anonymous; it takes no input anyway.
SKIPPED = {"auth.logout"}
WEEKS = st.one_of(
    st.sampled_from(
        [
            "2026-W49",
            "9999-W52",
            "0000-W01",
            "1999-W52",
            "2101-W01",
            "2026-W5",
            "2026-W53",
            "2020-W53",
            "2026-W00",
            "+2026-W49",
            "2026-w49",
        ]
    ),  # fmt: skip
    st.builds("{:04d}-W{:02d}".format, st.integers(0, 9999), st.integers(0, 99)),
)
BIG_INTS = st.one_of(
    st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**40]),
    st.integers(min_value=-(2**70), max_value=2**70),
).map(str)
ODD_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            ".",
            "..",
            "%00",
            "\x00",
            "a/../b",
            "ä",
            "A" * 43,
            "x" * 3000,
            "'; DROP TABLE users; --",
            "<script>",
            "{{7*7}}",
            "g-arki-kemi/2026-W49/1",
            "s-hanna",
            "staff",
            "csv",
        ]
    ),  # fmt: skip
    st.text(max_size=40),
)
VALUES = st.one_of(WEEKS, BIG_INTS, ODD_TEXT)
FORM_KEYS = ["week", "version", "lock-version", "time_limit", "shift", "reason", "seen",
             "answer", "lang", "next", "confirm", "kind", "payload", "start", "end",
             "username", "password", "current", "new", "day", "staff", "move-people",
             "from", "to", "name", "id"]  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict]]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    app = make_app(f"sqlite:///{folder / 'fuzz.db'}", WTF_CSRF_ENABLED=False)
    clients: dict[str, FlaskClient] = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            username = USERS[role][0]
            login = client.post("/login", data={"username": username, "password": PASSWORD})
            assert login.status_code == 302
        clients[role] = client
    yield app, clients
    app.extensions["kotoplan.engine"].dispose()


def rules(app: Flask) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED),
        key=lambda rule: (rule.rule, sorted(rule.methods or ())),
    )


def path_of(rule, values: dict[str, str]) -> str:
    """The rule's path with each `<converter:name>` replaced as typed, unchecked."""

    def part(found: re.Match[str]) -> str:
        name = found.group(1).split(":")[-1]
        return quote(values[name], safe="/" if "path:" in found.group(0) else "")

    return re.sub(r"<([^>]+)>", part, rule.rule)


def request(client: FlaskClient, method: str, path: str, query: dict, form: dict):
    response = client.open(path, method=method, query_string=query, data=form)
    response.close()
    return response


def test_every_route_and_role_answers_hostile_samples_without_a_5xx(world) -> None:
    app, clients = world
    hostile = {"week": "9999-W52", "int": str(2**63), "text": "x/../%00"}
    failures = []
    for rule in rules(app):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for kind in ("sample", "week", "int", "text") if rule.arguments else ("sample",):
                values = {
                    name: SAMPLES.get(name, "x") if kind == "sample" else hostile[kind]
                    for name in rule.arguments
                }
                path = path_of(rule, values)
                for role, client in clients.items():
                    form = {"version": str(2**63), "week": "9999-W52"} if method == "POST" else {}
                    status = request(client, method, path, {}, form).status_code
                    if status >= 500:
                        failures.append(f"{role} {method} {path}: {status}")
    assert failures == []


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run: a red test stays red
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_requests_never_get_a_5xx(world, data: st.DataObject) -> None:
    app, clients = world
    rule = data.draw(st.sampled_from(rules(app)), label="route")
    method = data.draw(st.sampled_from(sorted((rule.methods or set()) - {"OPTIONS"})))
    role = data.draw(st.sampled_from(ROLES), label="role")
    values = {name: data.draw(VALUES, label=name) for name in sorted(rule.arguments)}
    keys = st.sampled_from(FORM_KEYS)
    query = data.draw(st.dictionaries(keys, VALUES, max_size=3), label="query")
    form = data.draw(st.dictionaries(keys, VALUES, max_size=4), label="form")
    path = path_of(rule, values)
    response = request(clients[role], method, path, query, form if method == "POST" else {})
    assert response.status_code < 500, f"{role} {method} {path} {query} {form}"
