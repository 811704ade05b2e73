"""Load test of the logged-in pages against the real server, beside `/healthz` of the same run.

For each database (a fresh SQLite file; a fresh schema in PostgreSQL's `test` database at
127.0.0.1:5432, dropped afterwards) and each server (`kotoplan serve`, i.e. waitress with
threads in one process; gunicorn with several worker processes, the production set-up of
the README): the demo region, the coming week planned as a draft, accounts of the three
roles; the server is started, the coordinator, a partner and a staff member log in through
`/login`, the coordinator publishes the draft through the review page, and then every page
is loaded with wrk (Debian package `wrk`) at 16 connections for a fixed time, each with its
session cookie. Prints one table per set-up: req/s, p50 and p99 in ms, errors (non-2xx/3xx
answers and socket errors, time-outs included) and req/s as % of `/healthz`.

    python benchmarks/pages.py [--seconds 10] [--connections 16] [--databases sqlite postgresql]
                               [--servers waitress gunicorn] [--gunicorn-workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES = os.environ.get(
    "KOTOPLAN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "bench-mark-password-1"
ACCOUNTS = {  # username: (role, option, id)
    "coord": ("coordinator", None, None),
    "kemi-srk": ("partner", "--partner", "par-kemi-srk"),
    "hanna": ("staff", "--staff", "s-hanna"),
}
# Flask-Login's strong session protection ties a session to its browser's User-Agent: the
# logins and wrk send the same one.
AGENT = "kotoplan-benchmark"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    """The servers' environment: this checkout's code first, a fixed secret, plain http."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KOTOPLAN_SECRET_KEY": "benchmark-secret",
        "KOTOPLAN_SESSION_COOKIE_SECURE": "false",
    }


def kotoplan(database: str, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from web.cli import main; main()", "--database", database, *args],
        input=stdin, capture_output=True, text=True, check=True, env=environment(), cwd=ROOT,
    )  # fmt: skip
    return done.stdout


def planned_draft(week: str) -> dict:
    """The demo week planned (deterministically, a few seconds), as a plan document."""
    from planner.demo import demo_document
    from planner.formats.plan import dump_plan
    from planner.formats.scenario import load_scenario
    from planner.solver import SolveOptions, solve

    today = max(dt.date.today(), dt.date.fromisoformat(f"{week}-1"))
    scenario = load_scenario(demo_document(week), today=today)
    plan = solve(scenario, SolveOptions(time_limit=4, deterministic=True, seed=1))
    return dump_plan(plan)


def prepare(url: str, week: str, plan: dict) -> None:
    """The demo region in the database, the plan as a draft of its week, and the accounts."""
    from planner.demo import demo_document
    from planner.store import db
    from planner.store.master import import_scenario
    from planner.store.plans import save_draft

    today = max(dt.date.today(), dt.date.fromisoformat(f"{week}-1"))
    with db.opened(url) as engine:
        db.upgrade(engine)
        with db.session_scope(engine) as session:
            import_scenario(session, demo_document(week), "benchmark", today=today)
            save_draft(session, plan, "benchmark")
    for username, (role, option, ref) in ACCOUNTS.items():
        extra = [option, ref] if option else []
        kotoplan(url, "user", "add", username, "--role", role, *extra, "--password-stdin",
                 stdin=PASSWORD + "\n")  # fmt: skip


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'pages.db'}"


@contextmanager
def postgres_database(_folder: Path) -> Iterator[str]:
    """A fresh schema of its own in the `test` database, dropped afterwards."""
    import sqlalchemy as sa

    schema = f"kotoplan_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


DATABASES = {"sqlite": sqlite_database, "postgresql": postgres_database}


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]


def server(kind: str, url: str, port: int, args: argparse.Namespace) -> Server:
    env = environment() | {
        "KOTOPLAN_DATABASE_URL": url,
        "KOTOPLAN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    if kind == "waitress":
        command = [sys.executable, "-c", "from web.cli import main; main()", "--database", url,
                   "serve", "--port", str(port), "--threads", str(args.server_threads),
                   "--no-worker"]  # fmt: skip
        name = f"kotoplan serve (waitress, 1 process, {args.server_threads} threads)"
    else:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "--workers", str(args.gunicorn_workers),
                   "--threads", str(args.gunicorn_threads), "--bind", f"127.0.0.1:{port}",
                   "--log-level", "warning", "web.wsgi:app"]  # fmt: skip
        name = (
            f"gunicorn ({args.gunicorn_workers} processes x {args.gunicorn_threads} threads, "
            "gthread)"
        )
    return Server(name, command, env)


def opener() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    browser.addheaders = [("User-Agent", AGENT)]
    return browser, jar


def log_in(base: str, username: str) -> tuple[str, urllib.request.OpenerDirector]:
    """The session cookie of a login through the login form, and the opener that holds it."""
    browser, jar = opener()
    page = browser.open(f"{base}/login").read().decode()
    form = {"csrf_token": CSRF.search(page).group(1), "username": username, "password": PASSWORD}
    browser.open(f"{base}/login", urllib.parse.urlencode(form).encode()).read()
    cookie = next(c for c in jar if c.name == "session")
    return f"session={cookie.value}", browser


def publish(base: str, browser: urllib.request.OpenerDirector, week: str) -> None:
    """Publish the week's draft as the coordinator does: from the review page's form."""
    page = browser.open(f"{base}/plan/{week}").read().decode()
    form = {"csrf_token": CSRF.search(page).group(1), "version": "1"}
    browser.open(f"{base}/plan/{week}/publish", urllib.parse.urlencode(form).encode()).read()
    check = browser.open(f"{base}/plan/{week}?version=1").read().decode()
    if "julkaistu" not in check and "published" not in check:
        sys.exit("publishing the demo plan failed")


def wrk(url: str, cookie: str | None, args: argparse.Namespace) -> dict[str, float]:
    headers = ["-H", f"User-Agent: {AGENT}"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s",
         "--timeout", "5s", "--latency", *headers, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for label in ("50", "99"):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        figures[f"p{label}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    figures["errors"] = (int(errors.group(1)) if errors else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )
    return figures


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            sys.exit(f"the server ended with status {process.returncode}")
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("the server did not start")


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def measure(setup: Server, week: str, port: int, args: argparse.Namespace) -> list[tuple]:
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(setup.command, env=setup.env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_until_up(base, process)
        cookies = {}
        for username, (role, _option, _ref) in ACCOUNTS.items():
            cookies[role], browser = log_in(base, username)
            if role == "coordinator":
                publish(base, browser, week)
        pages = [
            ("/healthz", None),
            ("/login", None),
            ("/partner/", cookies["partner"]),
            (f"/staff/?week={week}", cookies["staff"]),
            (f"/plan/{week}", cookies["coordinator"]),
        ]
        rows = []
        for path, cookie in pages:
            headers = {"Cookie": cookie or "", "User-Agent": AGENT}
            request = urllib.request.Request(base + path, headers=headers)
            with urllib.request.urlopen(request) as first:  # the page works, and warms up
                if first.url != base + path:
                    sys.exit(f"{path}: sent on to {first.url}, not logged in")
            rows.append((path, wrk(base + path, cookie, args)))
        return rows
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def print_table(title: str, rows: list[tuple]) -> None:
    healthz = rows[0][1]["rps"]
    print(f"\n{title}\n")
    print("| page | req/s | p50 ms | p99 ms | errors | % of /healthz |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path, f in rows:
        print(
            f"| `{path}` | {f['rps']:,.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {f['errors']:.0f} "
            f"| {100 * f['rps'] / healthz:.0f} % |"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--server-threads", type=int, default=8, help="waitress's threads")
    parser.add_argument("--gunicorn-workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--databases", nargs="+", choices=DATABASES, default=list(DATABASES))
    parser.add_argument("--servers", nargs="+", choices=("waitress", "gunicorn"),
                        default=["waitress", "gunicorn"])  # fmt: skip
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    if "gunicorn" in args.servers and not Path(sys.executable).with_name("gunicorn").exists():
        sys.exit("gunicorn is not installed (pip install '.[prod]')")
    from planner.demo import coming_week

    week = coming_week(dt.date.today())
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M}, week {week}; planning the demo week...")
    plan = planned_draft(week)
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s --latency "
        f"(a session cookie per role); before the run: {load_average()}"
    )
    for database in args.databases:
        for kind in args.servers:
            folder = Path(tempfile.mkdtemp(prefix="kotoplan-pages-"))
            try:
                with DATABASES[database](folder) as url:
                    prepare(url, week, plan)
                    port = free_port()
                    setup = server(kind, url, port, args)
                    rows = measure(setup, week, port, args)
                    print_table(f"{database}, {setup.name}; after: {load_average()}", rows)
            finally:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
