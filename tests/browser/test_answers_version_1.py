"""Answers saved by the first version of the planner (answers version 1: no intermediary meant
a direct client) still give a plan: from a file, a share link and saved state. The engine
migrates them; the page passes them on as they are."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.planner_page import PLANNER, wait_for_plan, wait_for_state
from tests.conftest import SiteServer

# As the first planner wrote them: version 1, no intermediary, no new fields.
V1_ANSWERS = {
    "version": 1, "today": "2026-12-02", "reasons": [],
    "contract": {"type": "open_ended", "start": "2026-06-01", "notice_days": 30},
    "invoices": [], "ip_assigned": "yes", "personal_data": "no",
}
DIRECT = "Interlocuteur : le client"


def _plan_after_python(page: Page) -> str:
    wait_for_state(page, "ready", "invalid")
    return wait_for_plan(page)


def test_a_version_1_answers_file_gives_a_plan(page: Page, site_server: SiteServer,
                                              tmp_path: Path) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"app": "fin-de-mission", "kind": "answers", "version": 2,
                                "answers": V1_ANSWERS}), encoding="utf-8")
    page.set_input_files("#fdm-load-file", str(path))
    text = _plan_after_python(page)
    assert DIRECT in text
    # The form shows what the engine read the old answers as.
    expect(page.locator("#q-contract-intermediary input[value='none']")).to_be_checked()


def test_a_version_1_share_link_gives_a_plan(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    fragment = page.evaluate(
        "a => import('../assets/planner/logic.mjs').then(m => m.encodeShare(a))", V1_ANSWERS)
    page.goto(site_server.url(PLANNER["fr"]) + "#" + fragment)
    expect(page.locator("#fdm-preview")).to_be_visible()
    page.click("[data-action='use-shared']")
    text = _plan_after_python(page)
    assert DIRECT in text


def test_version_1_saved_answers_give_a_plan(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    page.evaluate("s => localStorage.setItem('fin-de-mission', JSON.stringify(s))",
                  {"version": 1, "answers": V1_ANSWERS, "checked": []})
    page.reload()
    text = _plan_after_python(page)
    assert DIRECT in text
