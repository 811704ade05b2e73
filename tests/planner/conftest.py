"""Fixtures of the planner tests; the tiny scenario itself is `tiny` of `tests/conftest.py`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def tiny_plan() -> dict[str, Any]:
    """A small well-formed plan document (not one that keeps the rules: for format tests)."""
    return json.loads((DATA / "tiny-plan.json").read_text(encoding="utf-8"))
