"""A repeat visit shows the last plan at once, before Python has started: the plan is kept
beside the answers it was worked out from (localStorage) and used only for the same answers
(date included) and the same build of the page's data (engine, checklist, strings); an
unreadable or stale copy is not used, and "Clear everything" removes it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.planner_page import (
    PLANNER,
    fill_answers,
    shown_plan,
    strings,
    wait_for_idle,
    wait_for_plan,
    wait_for_state,
)
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

VIEW_KEY = "fin-de-mission:view"


def _answers() -> dict[str, Any]:
    path = ROOT / "tests" / "scenarios" / "05-fixed-term-early-no-clause-esn.json"
    return json.loads(path.read_text(encoding="utf-8"))["answers"]


def _first_visit(page: Page, site_server: SiteServer) -> dict[str, Any]:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, _answers())
    wait_for_plan(page)
    wait_for_idle(page)
    return shown_plan(page)


def _plan_shown(page: Page) -> bool:
    return page.evaluate("!document.getElementById('fdm-plan').hidden")


def test_repeat_visit_shows_the_last_plan_before_python_starts(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    expected = _first_visit(page, site_server)
    # Python cannot load on the next visit: what shows comes from the kept plan only.
    site_server.block("/assets/pyodide/")
    again = context.new_page()
    again.goto(site_server.url(PLANNER["fr"]))
    again.wait_for_selector("#fdm-plan:not([hidden])", timeout=5000)
    assert shown_plan(again) == expected
    assert again.evaluate("document.getElementById('fdm-status').dataset.state") != "ready"
    # A file of the kept plan asked for before Python is ready: said, not silently ignored.
    again.click("[data-action='download-md']")
    notice = again.locator("#fdm-notices")
    expect(notice).to_contain_text(strings(again)["files.needs_python"])
    assert notice.is_visible()
    # An edit before Python is ready: the kept plan is said to be out of date (with no link
    # to errors: nothing is wrong), and the edit is saved.
    assert again.is_hidden("#fdm-stale")
    again.fill("#q-client-name", "Another client")
    again.wait_for_selector("#fdm-stale", state="visible")
    assert again.is_hidden("#fdm-stale-link")
    assert again.evaluate("document.getElementById('fdm-plan').dataset.stale") == "true"
    saved = json.loads(again.evaluate("localStorage.getItem('fin-de-mission')"))
    assert saved["answers"]["client"]["name"] == "Another client"


def test_a_kept_plan_for_another_engine_or_unreadable_is_not_used(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    _first_visit(page, site_server)
    kept = json.loads(page.evaluate(f"localStorage.getItem('{VIEW_KEY}')"))
    site_server.block("/assets/pyodide/")
    for stale in (
        json.dumps({**kept, "build": "0123456789abcdef"}),  # another build of the data
        json.dumps({**kept, "answers": {**kept["answers"], "today": "2020-01-02"}}),  # another day
        "{not json",
    ):
        page.evaluate(f"localStorage.setItem('{VIEW_KEY}', {json.dumps(stale)})")
        again = context.new_page()
        again.goto(site_server.url(PLANNER["fr"]))
        wait_for_state(again, "failed", seconds=60)
        assert not _plan_shown(again), stale[:60]
        # The reader's answers are untouched.
        saved = json.loads(again.evaluate("localStorage.getItem('fin-de-mission')"))
        assert saved["answers"]["client"]["name"] == _answers()["client"]["name"]
        again.close()


def test_clear_everything_removes_the_kept_plan(page: Page, site_server: SiteServer) -> None:
    _first_visit(page, site_server)
    assert page.evaluate(f"localStorage.getItem('{VIEW_KEY}')") is not None
    page.click("[data-action=reset]")
    page.click("[data-action=reset-confirm]")
    page.wait_for_selector("#fdm-plan", state="hidden")
    assert page.evaluate(f"localStorage.getItem('{VIEW_KEY}')") is None
