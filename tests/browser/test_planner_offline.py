"""A second visit works offline: after the first plan the service worker (/sw.js, written by
hooks/pyodide_runtime.py from hooks/service_worker.js) keeps every file the build's planner
needs; with the network cut, or the server gone while the device says it is online, the
planner opens again, Python starts and the plan is shown. After a new build goes live, one
online visit leaves a complete copy of it, and nothing of the old build."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.planner_page import (
    PLANNER,
    STDLIB_URL,
    fill_answers,
    wait_for_plan,
    wait_for_state,
)
from tests.conftest import ROOT, SiteServer, build_site, copy_project
from tests.publishing.conftest import LocalServer
from tools.preview import make_server, parse_headers

# Every cache this site's service worker keeps (fdm-<version>) and the addresses in each.
COPIES = """async () => {
  const copies = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith('fdm-')) continue;
    copies[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
  }
  const registration = await navigator.serviceWorker.getRegistration();
  const settled = Boolean(registration && registration.active && !registration.installing
                          && !registration.waiting);
  return { copies, settled };
}"""


def _answers() -> dict[str, object]:
    return json.loads((ROOT / "tests" / "scenarios" / "01-open-ended-direct.json")
                      .read_text(encoding="utf-8"))["answers"]


def _service_worker(site: Path) -> tuple[str, list[str]]:
    """The cache name and the files of a build's service worker."""
    source = (site / "sw.js").read_text(encoding="utf-8")
    version = re.search(r'const VERSION = "([0-9a-f]{16})";', source)
    files = re.search(r"const FILES = (\[.*?\]);", source, re.DOTALL)
    assert version and files, source[:500]
    return f"fdm-{version.group(1)}", json.loads(files.group(1))


def wait_for_copy(page: Page, site: Path, origin: str, seconds: float = 240) -> list[str]:
    """Wait until the build's service worker is active with its complete copy, the only one
    kept; return the addresses in it. The ceiling is generous: installing copies 14 MB into
    Cache Storage, which took over 90 s once on a loaded 2-core machine."""
    name, files = _service_worker(site)
    wanted = {f"{origin}/{path}" for path in files}
    deadline = time.monotonic() + seconds
    state: dict[str, object] = {}
    while time.monotonic() < deadline:
        state = page.evaluate(COPIES)
        copies = state["copies"]
        assert isinstance(copies, dict)
        if state["settled"] and list(copies) == [name] and wanted <= set(copies[name]):
            return list(copies[name])
        page.wait_for_timeout(200)
    raise AssertionError(f"no complete copy {name}: {state}")


def _first_plan(page: Page, url: str) -> str:
    page.goto(url)
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, _answers())
    return wait_for_plan(page)


def test_second_visit_offline_shows_a_plan(
    context: BrowserContext, page: Page, site_server: SiteServer, built_site: Path
) -> None:
    online = _first_plan(page, site_server.url(PLANNER["en"]))
    kept = wait_for_copy(page, built_site, site_server.origin)
    assert any(url.endswith("/pyodide.asm.wasm") for url in kept), kept
    assert any("/python_stdlib-" in url for url in kept), kept
    assert all(url.startswith(site_server.origin) for url in kept)
    # Nothing the reader typed is in what the worker keeps.
    client = _answers()["client"]
    assert isinstance(client, dict)
    assert not any(str(client["name"]).split()[0] in url for url in kept)

    context.set_offline(True)
    try:
        again = context.new_page()
        again.goto(site_server.url(PLANNER["en"]))
        assert wait_for_state(again, "ready", "invalid", seconds=60) == "ready"
        assert wait_for_plan(again) == online
    finally:
        context.set_offline(False)


class _Host:
    """A host serving one build, with its `_headers` (tools/preview.py), that can go live with
    another build at the same address, or stop answering."""

    def __init__(self, site: Path) -> None:
        self.server = LocalServer(make_server(site, port=0, quiet=True))
        self.origin = self.server.origin
        self.serve(site)

    def serve(self, site: Path) -> None:
        handler = self.server.httpd.RequestHandlerClass
        handler.root = site.resolve()  # type: ignore[attr-defined]
        handler.rules = parse_headers(  # type: ignore[attr-defined]
            (site / "_headers").read_text(encoding="utf-8"))

    def url(self, path: str) -> str:
        return self.server.url(path)

    def stop(self) -> None:
        """Stop answering: new connections are refused, and a connection the browser keeps
        open closes without a response."""
        handler = self.server.httpd.RequestHandlerClass

        def refuse(request: object) -> None:
            request.close_connection = True  # type: ignore[attr-defined]

        handler.do_GET = refuse  # type: ignore[method-assign]
        handler.do_HEAD = refuse  # type: ignore[method-assign]
        self.server.close()


@pytest.fixture
def host(built_site: Path) -> Iterator[_Host]:
    host = _Host(built_site)
    yield host
    host.server.close()


def test_server_unreachable_while_the_device_is_online_serves_the_kept_copy(
    context: BrowserContext, page: Page, host: _Host, built_site: Path
) -> None:
    online = _first_plan(page, host.url(PLANNER["fr"]))
    wait_for_copy(page, built_site, host.origin)
    host.stop()  # the browser still says it is online
    assert page.evaluate("navigator.onLine")
    again = context.new_page()
    again.goto(host.url(PLANNER["fr"]))
    assert wait_for_state(again, "ready", "invalid", seconds=60) == "ready"
    assert wait_for_plan(again) == online
    # The page came with its scripts and styles: the plan is laid out as online.
    assert again.evaluate("getComputedStyle(document.getElementById('fdm-plan')).display") != (
        "none")
    assert again.evaluate("[...document.styleSheets].filter((sheet) => sheet.href"
                          " && sheet.cssRules.length).length") >= 2


@pytest.fixture(scope="module")
def next_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another build of the project: the engine changed (a comment: the same bytecode, but a
    new zip address), so every planner page and the service worker change too."""
    project = copy_project(tmp_path_factory.mktemp("next") / "project")
    engine = project / "checklist" / "__init__.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\n# The next build.\n",
                      encoding="utf-8")
    site = project.parent / "site"
    done = build_site(project, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_after_a_new_build_one_online_visit_leaves_a_complete_copy_of_it_only(
    context: BrowserContext, page: Page, host: _Host, built_site: Path, next_build: Path
) -> None:
    old_zip = next(built_site.glob("assets/pyodide/*/python_stdlib-*.zip")).name
    new_zip = next(next_build.glob("assets/pyodide/*/python_stdlib-*.zip")).name
    assert old_zip != new_zip
    online = _first_plan(page, host.url(PLANNER["fr"]))
    wait_for_copy(page, built_site, host.origin)
    page.close()

    host.serve(next_build)  # the new build goes live at the same address
    visit = context.new_page()
    visit.goto(host.url(PLANNER["fr"]))
    assert wait_for_state(visit, "ready", "invalid") == "ready"
    assert wait_for_plan(visit) == online
    kept = wait_for_copy(visit, next_build, host.origin)
    # Only what the new build has: not the old zip, nothing that is not one of its files.
    assert not any(old_zip in url for url in kept)
    assert any(new_zip in url for url in kept)
    for url in kept:
        path = next_build / url.removeprefix(f"{host.origin}/")
        assert path.is_file() or (path / "index.html").is_file(), url
    visit.close()

    context.set_offline(True)
    try:
        offline = context.new_page()
        offline.goto(host.url(PLANNER["fr"]))
        assert wait_for_state(offline, "ready", "invalid", seconds=60) == "ready"
        assert wait_for_plan(offline) == online
        stdlib = offline.evaluate(STDLIB_URL).rsplit("/", 1)[1]
        assert stdlib == new_zip  # the new build's page, with its own zip
    finally:
        context.set_offline(False)
