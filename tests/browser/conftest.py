"""Browser tests: Debian's Chromium driven by Playwright against the app on a real server.

Browsers cannot be downloaded here, so Chromium is launched by its path
(`KOTOPLAN_CHROMIUM`, default `/usr/bin/chromium`; `.ci/run` installs it). Without it the
tests are skipped on a developer's machine and fail on CI. Screenshots of each main page
are kept in `out/screenshots/` as test artefacts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
CHROMIUM = os.environ.get("KOTOPLAN_CHROMIUM", "/usr/bin/chromium")


def _chromium() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    path = _chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def screenshot():
    """Keeps a full-page screenshot of a page under a name."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
