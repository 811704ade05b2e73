"""`kotoplan demo`: the region, the week planned and published, an account and feed URLs."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from planner.demo import coming_week
from planner.demo.history import history_weeks
from planner.store import db
from planner.store import models as m
from planner.store.master import export_scenario
from web.cli import main

# Far enough ahead that some demo children, keeping their ages, would be born after today.
FAR_WEEK = coming_week(dt.date.today() + dt.timedelta(weeks=15))


def test_the_demo_plans_and_publishes_the_week_and_prints_what_to_open(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    result = CliRunner().invoke(
        main,
        ["demo", "--database-file", str(database), "--week", FAR_WEEK, "--time-limit", "3",
         "--port", "8123", "--no-serve"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/login" in result.output
    password = re.search(r"password: (\S+)", result.output).group(1)
    feeds = re.findall(r"^\s+(\w+)\s+\S+\s+(http://127\.0\.0\.1:8123/feeds/\S+\.ics)$",
                       result.output, re.M)  # fmt: skip
    kinds = ["carer", "group", "interpreter", "partner", "staff", "venue"]
    assert sorted(kind for kind, _ in feeds) == kinds
    with db.opened(f"sqlite:///{database}") as engine, engine.connect() as connection:
        published = (
            connection.execute(
                sa.select(m.PlanVersion.week).where(m.PlanVersion.status == "published")
            )
            .scalars()
            .all()
        )
        users = connection.execute(sa.select(m.User.username, m.User.role)).all()
        tokens = connection.execute(sa.select(m.FeedToken.token_hash)).scalars().all()
    assert sorted(published) == [*history_weeks(FAR_WEEK), FAR_WEEK]
    assert [tuple(u) for u in users] == [("koordinaattori", "coordinator")]
    assert len(tokens) == 6
    # Issue 13: no child is born after today, so the database plans other weeks too.
    with db.opened(f"sqlite:///{database}") as engine, db.session_scope(engine) as session:
        births = session.scalars(sa.select(m.Child.birth_date)).all()
        assert max(births) <= dt.date.today()
        export_scenario(session, coming_week(dt.date.today()), today=dt.date.today())
    # The printed password logs in, and every printed feed answers.
    from web import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SESSION_COOKIE_SECURE": False,
                      "SECRET_KEY": "x"})  # fmt: skip
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"username": "koordinaattori", "password": password, "csrf_token": token}
    )
    assert response.status_code == 302
    for _, url in feeds:
        assert client.get(urllib.parse.urlsplit(url).path).status_code == 200
    app.extensions["kotoplan.engine"].dispose()
