"""Helpers for the translation tests: run the i18n command in a project, share the browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS


def run_i18n(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m checklist i18n ARGS` in `project`, with that project's own engine."""
    env = {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "checklist", "i18n", *args], cwd=project,
                          env=env, capture_output=True, text=True, check=False)


def problem_lines(output: str, lang: str) -> list[str]:
    """The problem lines of one language (`LANG KIND ID: ...`), without the summary."""
    return [line for line in output.splitlines() if line.startswith(f"{lang} ")]


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Debian's chromium, as in tests/browser/conftest.py. Only one Playwright can run in a
    process, so the session browser of tests/browser is reused when it is already running;
    otherwise one is launched for this module and closed after it."""
    running = _running_browser(request)
    if running is not None:
        yield running
        return
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not on PATH: run the README's test command")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _running_browser(request: pytest.FixtureRequest) -> Browser | None:
    """The browser tests/browser/conftest.py has already launched in this session, if any."""
    neighbour = next((item for item in request.session.items
                      if item.nodeid.startswith("tests/browser/")), None)
    if neighbour is None:
        return None
    # pytest offers no public way to reach a fixture of another folder.
    definitions = request._fixturemanager.getfixturedefs("browser", neighbour) or []
    for definition in definitions:
        cached = definition.cached_result
        if cached is not None and isinstance(cached[0], Browser) and cached[0].is_connected():
            return cached[0]
    return None
