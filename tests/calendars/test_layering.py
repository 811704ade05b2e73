"""The feeds need neither the web front nor the database, not even through planner."""

from __future__ import annotations

import subprocess
import sys

OUTER = ("flask", "web", "sqlalchemy", "alembic", "planner.store", "planner.solver")


def test_importing_the_feeds_loads_no_web_database_or_solver_module() -> None:
    code = (
        "import sys, calendars, calendars.cli, calendars.offline\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {OUTER!r} "
        f"or m.startswith({OUTER!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
