"""Planning from the web: Generate queues and returns at once, the API follows, Stop stops."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from planner.runtime import jobs
from planner.runtime.states import JobStatus
from planner.store import db
from planner.store import models as m
from tests.web.conftest import WEEK, Auth, csrf_token
from web import database
from web.cli import main
from web.coordinator.planning import JOB_BADGES, JOB_LABELS
from web.serving import start_worker

GENERATE = f"/plan/{WEEK}/generate"


def token(client: FlaskClient) -> str:
    return csrf_token(client.get("/account/password").get_data(as_text=True))


def generate(client: FlaskClient, **form: Any):
    return client.post(GENERATE, data={"csrf_token": token(client), **form})


def all_jobs(app: Flask) -> list[m.SolveJob]:
    with app.app_context(), db.session_scope(database.engine()) as session:
        return list(session.scalars(sa.select(m.SolveJob).order_by(m.SolveJob.id)))


def flashes(client: FlaskClient) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.get("_flashes", []))


def make_job(app: Flask, state: str = "queued", **values: Any) -> int:
    """A job of WEEK in `state`, as a worker would have left it."""
    with app.app_context():
        session = database.session()
        job = jobs.enqueue(session, WEEK, 20, "kaisa")
        if state != "queued" or values:
            session.execute(
                sa.update(m.SolveJob).where(m.SolveJob.id == job.id).values(status=state, **values)
            )
        session.commit()
        return job.id


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


# Generate -----------------------------------------------------------------------------------


def test_generate_queues_a_run_and_returns_at_once(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    began = time.monotonic()
    response = generate(client, time_limit="5")
    assert time.monotonic() - began < 1  # nothing waits on a solver
    assert response.status_code == 302
    assert response.headers["Location"] == f"/plan/{WEEK}"
    [job] = all_jobs(app)
    assert (job.week, job.status, job.time_limit, job.requested_by) == (WEEK, "queued", 5, "kaisa")


def test_the_time_limit_defaults_to_the_setting(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    generate(client, time_limit="")
    assert [j.time_limit for j in all_jobs(app)] == [app.config["SOLVE_TIME_LIMIT"]]


def test_a_week_being_planned_is_not_queued_twice(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    generate(client)
    response = generate(client)
    assert response.status_code == 302 and len(all_jobs(app)) == 1
    assert flashes(client) == [("error", "This week is already being planned.")]


@pytest.mark.parametrize("limit", ["0", "7200", "soon"])
def test_a_time_limit_out_of_range_is_refused(
    app: Flask, client: FlaskClient, auth: Auth, limit: str
) -> None:
    auth.login("coordinator")
    assert generate(client, time_limit=limit).status_code == 302
    assert all_jobs(app) == []
    [(category, message)] = flashes(client)
    assert category == "error" and message.startswith("Time limit (seconds): ")


def test_a_week_that_is_no_iso_week_is_not_found(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    page = token(client)
    assert client.post("/plan/2026-W60/generate", data={"csrf_token": page}).status_code == 404


def test_generate_needs_the_csrf_token(app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    assert client.post(GENERATE, data={"time_limit": "5"}).status_code == 400
    assert all_jobs(app) == []


# The API ------------------------------------------------------------------------------------


def test_the_api_tells_a_runs_state_and_progress(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    progress = {"elapsed": 3.5, "objective": 1424.0, "bound": None, "placed": 44, "items": 44}
    job_id = make_job(app, "running", progress=progress)
    auth.login("coordinator")
    response = client.get(f"/api/jobs/{job_id}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "id": job_id,
        "week": WEEK,
        "status": "running",
        "progress": progress,
        "time_limit": 20.0,
        "message": None,
        "plan_version": None,
    }


def test_a_queued_run_has_empty_progress(app: Flask, client: FlaskClient, auth: Auth) -> None:
    job_id = make_job(app)
    auth.login("coordinator")
    assert client.get(f"/api/jobs/{job_id}").get_json()["progress"] == dict.fromkeys(
        ("elapsed", "objective", "bound", "placed", "items")
    )


@pytest.mark.parametrize(
    "path", ["/api/jobs/999", "/api/jobs/first"], ids=["unknown", "not-a-number"]
)
def test_the_api_answers_a_missing_run_in_json(client: FlaskClient, auth: Auth, path: str) -> None:
    auth.login("coordinator")
    response = client.get(path)
    assert response.status_code == 404 and response.is_json and "error" in response.get_json()


# Stop ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "after"), [("running", "stopping"), ("queued", "stopped")])
def test_stop_asks_a_run_to_stop(
    app: Flask, client: FlaskClient, auth: Auth, state: str, after: str
) -> None:
    job_id = make_job(app, state)
    auth.login("coordinator")
    response = client.post(f"/jobs/{job_id}/stop", data={"csrf_token": token(client)})
    assert response.status_code == 302 and response.headers["Location"] == f"/plan/{WEEK}"
    [job] = all_jobs(app)
    assert (job.status, job.stop_requested) == (after, True)


def test_stopping_an_ended_run_says_so(app: Flask, client: FlaskClient, auth: Auth) -> None:
    job_id = make_job(app, "done", plan_version=1)
    auth.login("coordinator")
    assert (
        client.post(f"/jobs/{job_id}/stop", data={"csrf_token": token(client)}).status_code == 302
    )
    assert all_jobs(app)[0].status == "done"
    assert flashes(client) == [("info", "This planning run had already ended.")]


def test_stopping_an_unknown_run_is_not_found(client: FlaskClient, auth: Auth) -> None:
    auth.login("coordinator")
    assert client.post("/jobs/999/stop", data={"csrf_token": token(client)}).status_code == 404


# Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_only_the_coordinator_plans(app: Flask, client: FlaskClient, auth: Auth, role: str) -> None:
    job_id = make_job(app, "running")
    auth.login(role)
    csrf = token(client)
    assert client.post(GENERATE, data={"csrf_token": csrf}).status_code == 403
    assert client.post(f"/jobs/{job_id}/stop", data={"csrf_token": csrf}).status_code == 403
    response = client.get(f"/api/jobs/{job_id}")
    assert response.status_code == 403 and response.is_json
    assert [(j.status, j.stop_requested) for j in all_jobs(app)] == [("running", False)]


def test_strangers_are_sent_to_the_login(app: Flask, client: FlaskClient) -> None:
    job_id = make_job(app, "running")
    for response in (
        client.post(GENERATE),
        client.post(f"/jobs/{job_id}/stop"),
        client.get(f"/api/jobs/{job_id}"),
    ):
        assert response.status_code in (302, 400)  # the login, or the CSRF check before it
        assert response.status_code == 400 or "/login" in response.headers["Location"]
    assert client.get(f"/api/jobs/{job_id}").headers["Location"].startswith("/login")
    assert [(j.status, j.stop_requested) for j in all_jobs(app)] == [("running", False)]


# The run on the page ------------------------------------------------------------------------


def render_run(app: Flask, job: m.SolveJob | None) -> str:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return render_template_string('{% include "coordinator/_job.html" %}', job=job, week=WEEK)


def a_job(status: str, **values: Any) -> m.SolveJob:
    fields = {"time_limit": 30.0, "requested_by": "kaisa", "stop_requested": False} | values
    return m.SolveJob(id=7, week=WEEK, status=status, **fields)


def test_a_week_without_a_run_offers_generate(app: Flask) -> None:
    page = render_run(app, None)
    assert f'action="{GENERATE}"' in page and 'name="time_limit"' in page and 'value="30"' in page
    assert "<progress" not in page and "job.js" not in page


def test_a_running_run_shows_its_progress_and_a_stop(app: Flask) -> None:
    progress = {"elapsed": 12.4, "objective": 1300.0, "bound": 325.0, "placed": 43, "items": 44}
    page = render_run(app, a_job("running", progress=progress))
    assert 'data-job-url="/api/jobs/7"' in page and 'data-status="running"' in page
    assert '<progress id="job-bar-7" max="30.0" value="12.4">' in page
    assert '<span data-job="objective">1300</span>' in page
    assert '<span data-job="gap">75 %</span>' in page
    assert '<span data-job="placed">43</span> / <span data-job="items">44</span>' in page
    assert 'action="/jobs/7/stop"' in page and "job.js" in page
    assert GENERATE not in page


def test_a_queued_run_has_a_bar_that_only_waits(app: Flask) -> None:
    page = render_run(app, a_job("queued"))
    assert '<progress id="job-bar-7" max="30.0"></progress>' in page
    assert '<span data-job="objective">–</span>' in page and "Waiting" in page


def test_a_stopping_run_cannot_be_stopped_twice(app: Flask) -> None:
    page = render_run(app, a_job("stopping", stop_requested=True))
    assert "Stopping" in page and "disabled" in page


@pytest.mark.parametrize(
    ("status", "values", "says"),
    [
        ("done", {"plan_version": 3}, "The new plan is draft version 3."),
        ("stopped", {"plan_version": 3}, "The best plan found before the stop is draft version 3."),
        ("stopped", {}, "The run was stopped before it started."),
        ("failed", {"message": "the solver process died (exit code -9, signal SIGKILL)"},
         "the solver process died (exit code -9, signal SIGKILL)"),
    ],
    ids=["done", "stopped", "stopped-in-queue", "failed"],
)  # fmt: skip
def test_an_ended_run_says_how_it_ended_and_offers_generate(
    app: Flask, status: str, values: dict[str, Any], says: str
) -> None:
    page = render_run(app, a_job(status, **values))
    assert says in page and f'action="{GENERATE}"' in page
    assert "data-job-url" not in page and "job.js" not in page
    if values.get("plan_version"):
        assert f'href="/plan/{WEEK}?version=3"' in page


# From Generate to a draft -------------------------------------------------------------------


def test_a_generated_run_is_done_by_the_servers_worker(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coordinator")
    generate(client, time_limit="1")
    [job] = all_jobs(app)
    stop = start_worker(app.config["DATABASE_URL"])
    try:
        wait_for(lambda: client.get(f"/api/jobs/{job.id}").get_json()["status"] == "done")
    finally:
        stop()
    answer = client.get(f"/api/jobs/{job.id}").get_json()
    assert answer["plan_version"] == 1 and answer["progress"]["items"] == 44
    page = client.get(f"/plan/{WEEK}").get_data(as_text=True)
    assert "The new plan is draft version 1." in page and "data-job-url" not in page


def test_the_worker_command_runs_the_queue_and_exits(app: Flask) -> None:
    make_job(app)
    url = app.config["DATABASE_URL"]
    with db.opened(url) as engine, db.session_scope(engine) as session:
        session.execute(sa.update(m.SolveJob).values(time_limit=1))
    result = CliRunner().invoke(main, ["--database", url, "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("ran 1 planning jobs\n")
    assert [j.status for j in all_jobs(app)] == ["done"]


@pytest.mark.parametrize(
    ("status", "fi", "badge"),
    [
        ("queued", "Odottaa", ""),
        ("running", "Suunnittelu", "warn"),
        ("failed", "Epäonnistui", "bad"),
    ],
)
def test_a_job_state_has_one_word_and_colour_in_every_page(
    app: Flask, status: str, fi: str, badge: str
) -> None:
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        shown = render_template_string("{{ job_label(s) }}|{{ job_badge(s) }}", s=status)
    assert shown == f"{fi}|{badge}"


def test_every_job_state_has_a_word_and_a_colour() -> None:
    assert set(JOB_LABELS) == set(JOB_BADGES) == set(JobStatus)
