"""Dependencies point inward: web -> calendars -> planner; the domain stands alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(package: str) -> dict[str, set[str]]:
    """Top-level modules each file of a package imports, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("planner", ("flask", "web", "calendars")),
        ("calendars", ("flask", "web")),
    ],
)
def test_inner_packages_do_not_import_outer_ones(package: str, forbidden: tuple[str, ...]) -> None:
    offending = {
        path: sorted(n for n in names if n.split(".")[0] in forbidden)
        for path, names in _imports(package).items()
    }
    assert {path: names for path, names in offending.items() if names} == {}


@pytest.mark.parametrize(
    "module", ["planner/domain.py", "planner/timeparts.py", "planner/problems.py"]
)
def test_the_domain_imports_neither_the_database_nor_json_models(module: str) -> None:
    names = _imports("planner")[module]
    assert not {n for n in names if n.split(".")[0] in {"sqlalchemy", "pydantic", "alembic"}}
    assert not {n for n in names if n.startswith("planner.store")}
