"""Shared fixtures: the built site (built once per test session), helpers to build copies, a
static server for a built site and Debian's chromium driven by Playwright (one per session),
and the Hypothesis profiles."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, sync_playwright

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE (the Makefile sets it):
#   check  `make check`: a property runs a twentieth of its examples (at least 10), to keep
#          the inner loop under 30 s;
#   full   `make test`, and any run that names no profile: each property's own count;
#   fuzz   on demand, at least 10,000 examples per property:
#          HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/engine/test_properties.py -q
# A property asks for its count with examples(n) (below). No profile has a deadline or the
# too_slow health check: on a loaded machine both fail tests that are only slow (a full run
# failed that way once). `max_examples` is the floor (fuzz) or the cap (check) of a count.
PROFILES = {"check": 10, "full": 100, "fuzz": 10_000}
for _name, _count in PROFILES.items():
    settings.register_profile(_name, max_examples=_count, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "full")
if PROFILE not in PROFILES:
    raise pytest.UsageError(f"HYPOTHESIS_PROFILE={PROFILE}: expected one of {', '.join(PROFILES)}")
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """How many examples a property runs under the loaded profile, for `full` examples in
    `make test`: a twentieth (at least 10) under check, at least 10,000 under fuzz."""
    if PROFILE == "check":
        return max(PROFILES["check"], full // 20)
    if PROFILE == "fuzz":
        return max(PROFILES["fuzz"], full)
    return full

ROOT = Path(__file__).resolve().parent.parent

# Fixtures that build the whole site or boot Pyodide: a test that uses one (even through
# another fixture) is marked `slow`, and one that uses chromium `browser`, so that
# `make check` leaves both to `make test`. Tests that build a copy of the project
# themselves carry the `slow` mark in their module.
SLOW_FIXTURES = frozenset({"built_site", "example_site", "fork_site", "pyodide_output"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if SLOW_FIXTURES & fixtures:
            item.add_marker(pytest.mark.slow)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
MKDOCS = [sys.executable, "-m", "mkdocs"]
# What a copy of the project needs in order to build (node_modules is linked, not copied;
# the prepared runtime is copied: see copy_project).
PROJECT_PARTS = (
    "mkdocs.yml",
    "pyproject.toml",
    "docs",
    "hooks",
    "locales",
    "overrides",
    "checklist",
)


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            *MKDOCS,
            "build",
            "--strict",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site_dir),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_project(target: Path) -> Path:
    """A throw-away copy of the project to break or extend in a test.

    The copy carries the prepared runtime (`.cache/pyodide`, 2 MB): its entries are keyed by
    the content they are made from (checklist/authoring/runtime.py), so a copy with the same
    engine reuses them instead of tracing the stdlib again (15-30 s in node), and a copy
    whose engine differs makes its own. It is copied, not linked: preparing a changed engine
    removes the entries it replaces."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    runtime = ROOT / ".cache" / "pyodide"
    if runtime.is_dir():
        shutil.copytree(runtime, target / ".cache" / "pyodide")
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _BlockingServer(http.server.ThreadingHTTPServer):
    # Paths answered 404, this server's own (two servers never share them).
    blocked: frozenset[str] = frozenset()


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".zip": "application/zip",
    }
    server: _BlockingServer

    def do_GET(self) -> None:
        if any(part in self.path for part in self.server.blocked):
            self.send_error(404)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer:
    def __init__(self, root: Path) -> None:
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = _BlockingServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # Checks for shutdown every 50 ms (the default half second is paid by each server).
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    def block(self, *fragments: str) -> None:
        """Answer 404 for any path containing one of these fragments (until unblocked)."""
        self.httpd.blocked = frozenset(fragments)

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    server = SiteServer(built_site)
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not on PATH: run the README's test command")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
