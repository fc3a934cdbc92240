"""A second visit works offline: after the first plan the service worker (/sw.js, written by
hooks/pyodide_runtime.py) keeps the page, its scripts and the runtime; with the network cut, the
planner opens again, Python starts and the plan is shown."""

from __future__ import annotations

import json

from playwright.sync_api import BrowserContext, Page

from tests.browser.planner_page import PLANNER, fill_answers, wait_for_plan, wait_for_state
from tests.conftest import ROOT, SiteServer


def _kept(page: Page) -> list[str]:
    return page.evaluate(
        """async () => {
          const names = (await caches.keys()).filter((name) => name.startsWith('fdm-'));
          if (names.length !== 1) return [];
          return (await (await caches.open(names[0])).keys()).map((request) => request.url);
        }"""
    )


def test_second_visit_offline_shows_a_plan(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    answers = json.loads((ROOT / "tests" / "scenarios" / "01-open-ended-direct.json")
                         .read_text(encoding="utf-8"))["answers"]
    page.goto(site_server.url(PLANNER["en"]))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, answers)
    online = wait_for_plan(page)
    # The worker keeps the runtime once the first plan is there.
    for _ in range(100):
        kept = _kept(page)
        if any(url.endswith(".wasm") for url in kept) and any(
            "/python_stdlib-" in url for url in kept
        ):
            break
        page.wait_for_timeout(200)
    assert any(url.endswith("/pyodide.asm.wasm") for url in kept), kept
    assert any("/python_stdlib-" in url for url in kept), kept
    assert all(url.startswith(site_server.origin) for url in kept)
    # Nothing the reader typed is in what the worker keeps.
    assert not any(answers["client"]["name"].split()[0] in url for url in kept)

    context.set_offline(True)
    try:
        again = context.new_page()
        again.goto(site_server.url(PLANNER["en"]))
        assert wait_for_state(again, "ready", "invalid", seconds=60) == "ready"
        assert wait_for_plan(again) == online
    finally:
        context.set_offline(False)
