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
    "module",
    ["planner/domain/__init__.py", "planner/domain/timeparts.py", "planner/formats/problems.py"],
)
def test_the_domain_imports_neither_the_database_nor_json_models(module: str) -> None:
    names = _imports("planner")[module]
    assert not {n for n in names if n.split(".")[0] in {"sqlalchemy", "pydantic", "alembic"}}
    assert not {n for n in names if n.startswith("planner.store")}


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """Which project modules each project module imports, wherever in the file it does.

    `from package import name` counts the submodule `package.name` when there is one. A
    package's `__init__` importing its own submodules (to register their routes on its
    blueprint) is how a package is put together, not a circle, and is left out.
    """
    paths = [p for top in ("planner", "calendars", "web") for p in (ROOT / top).rglob("*.py")]
    modules = {_module_of(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                if base in modules:
                    targets.add(base)
                targets |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules}
        if path.name == "__init__.py":
            targets = {t for t in targets if not t.startswith(f"{module}.")}
        graph[module] = targets - {module}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_circle() -> None:
    assert _circles(_module_graph()) == []


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every project module `start` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.mark.parametrize(
    "checker", ["planner.check", "planner.check.context", "planner.check.childcare"]
)
def test_the_checker_shares_no_arithmetic_with_the_solver_or_childcare(checker: str) -> None:
    # The checker is the oracle of the solver's plans: it must count for itself.
    reached = _reachable(_module_graph(), checker)
    shared = {
        m for m in reached if m == "planner.domain.childcare" or m.startswith("planner.solver")
    }
    assert shared == set()


def test_the_feeds_do_not_lean_on_the_checker() -> None:
    graph = _module_graph()
    offending = {
        module: sorted(m for m in _reachable(graph, module) if m.startswith("planner.check"))
        for module in graph
        if module.split(".")[0] == "calendars"
    }
    assert {module: found for module, found in offending.items() if found} == {}


LONGEST = 400  # lines: a module longer than this holds more than one idea (README, Layout)


def test_every_module_stays_short() -> None:
    long = {}
    for package in ("planner", "calendars", "web"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # generated once, never edited
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > LONGEST:
                long[str(path.relative_to(ROOT))] = lines
    assert long == {}
