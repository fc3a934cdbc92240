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
    manager = request._fixturemanager  # no public way to reach another folder's fixture
    for definition in manager._arg2fixturedefs.get("browser", []):
        cached = definition.cached_result
        if definition.baseid.endswith("browser") and cached is not None and cached[0]:
            yield cached[0]
            return
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not on PATH: run the README's test command")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
