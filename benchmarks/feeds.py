"""Load test of the calendar feeds against the real server, beside a trivial endpoint.

Makes a demo database in a temporary folder, plans and publishes the demo week, starts
`kotoplan serve` (waitress) on a free local port and loads it with wrk (Debian package
`wrk`) from a second process: first `/healthz` (one `SELECT 1`), then a staff member's and
a partner's feed (token lookup, cache key queries, cached bytes). Prints requests per
second and latency percentiles of each.

    python benchmarks/feeds.py [--seconds 15] [--connections 16] [--threads 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

KOTOPLAN = Path(sys.executable).with_name("kotoplan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kotoplan(database: str, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(KOTOPLAN), "--database", database, *args],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return done.stdout


def prepare(folder: Path, week: str) -> str:
    """A demo database with the week planned and published; its URL."""
    from planner.formats.plan import dump_plan
    from planner.formats.scenario import load_scenario, read_json
    from planner.solver import SolveOptions, solve
    from planner.store import db
    from planner.store.plans import publish, save_draft

    subprocess.run(
        [str(KOTOPLAN), "demo", "--week", week, "--database-file", str(folder / "demo.db")],
        cwd=folder, capture_output=True, check=True,
    )  # fmt: skip
    url = f"sqlite:///{folder / 'demo.db'}"
    document = read_json(folder / f"kotoplan-demo-{week}.json", "scenario")
    scenario = load_scenario(document, today=dt.date.fromisoformat(document["horizon"]["start"]))
    plan = solve(scenario, SolveOptions(time_limit=5))
    with db.opened(url) as engine, db.session_scope(engine) as session:
        version = save_draft(session, dump_plan(plan), "benchmark")
        publish(session, week, version.version, "benchmark")
    return url


def wrk(url: str, seconds: int, connections: int, threads: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    figures = {"rps": rps}
    for label in ("50", "90", "99"):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        figures[f"p{label}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] = float(errors.group(1)) if errors else 0.0
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--server-threads", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="kotoplan-feeds-"))
    week = "2026-W49"
    url = prepare(folder, week)
    port = free_port()
    env = {
        **os.environ,
        "KOTOPLAN_SECRET_KEY": "benchmark",
        "KOTOPLAN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    links = {
        kind: kotoplan(url, "feed-link", kind, reader, env=env).strip()
        for kind, reader in (("staff", "s-hanna"), ("partner", "par-kemi-srk"))
    }
    server = subprocess.Popen(
        [str(KOTOPLAN), "--database", url, "serve", "--port", str(port),
         "--threads", str(args.server_threads)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        print(
            f"{dt.datetime.now():%Y-%m-%d %H:%M} wrk -t{args.threads} -c{args.connections} "
            f"-d{args.seconds}s, waitress with {args.server_threads} threads, {os.cpu_count()} CPUs"
        )
        heading = ("endpoint", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors")
        print(f"{heading[0]:<16}" + "".join(f"{h:>9}" for h in heading[1:]))
        targets = [("/healthz", f"{base}/healthz")]
        targets += [(f"{kind} feed", link) for kind, link in links.items()]
        for name, target in targets:
            urllib.request.urlopen(target).read()  # warm the feed cache
            f = wrk(target, args.seconds, args.connections, args.threads)
            print(
                f"{name:<16}{f['rps']:>9.0f}{f['p50']:>9.1f}{f['p90']:>9.1f}{f['p99']:>9.1f}"
                f"{f['errors']:>9.0f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
