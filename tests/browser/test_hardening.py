"""Hardening, second pass (issue 25), the page's part: nothing that enters the page (a share
link, a file, saved state) can hang it or lose the reader's answers, a plan request that gets
no answer ends in a visible failure with a retry, and the browser gives the CLI's plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.planner_page import (
    PLANNER,
    saved,
    store,
    strings,
    wait_for_idle,
    wait_for_plan,
    wait_for_python,
)
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

SCENARIOS = ROOT / "tests" / "scenarios"
MINE = {"version": 3, "answers": {"client": {"name": "Mine"}, "contract": {"type": "fixed_term"}},
        "ticked": {}}


def _nested(depth: int) -> str:
    """A name field that is {"a": {"a": …}} `depth` levels deep."""
    return '{"client": {"name": ' + '{"a": ' * depth + '"x"' + "}" * depth + "}}"


def _encode(page: Page, answers: Any) -> str:
    return page.evaluate(
        "a => import('../assets/planner/logic.mjs').then(m => m.encodeShare(a))", answers)


def _state(page: Page) -> str:
    return page.evaluate("document.getElementById('fdm-status').dataset.state")


# 1: deep nesting, and requests that get no answer --------------------------------------------


@pytest.mark.parametrize("depth", [1500, 20000])
def test_a_short_link_nested_deeply_is_refused_and_python_still_starts(
    page: Page, site_server: SiteServer, depth: int
) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    store(page, MINE)
    fragment = page.evaluate(
        "t => import('../assets/planner/logic.mjs').then(async (m) => {"
        "  const packed = await new Response(new Blob([t]).stream()"
        "    .pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();"
        "  return 'answers=2.' + m.bytesToBase64Url(new Uint8Array(packed)); })",
        _nested(depth),
    )
    assert len(fragment) < 1000  # a few hundred characters hide thousands of levels
    page.goto("about:blank")
    page.goto(site_server.url(PLANNER["fr"]) + "#" + fragment)  # opened as a link is
    text = strings(page)
    expect(page.locator("#fdm-alert")).to_contain_text(text["share.invalid"])
    expect(page.locator("#fdm-preview")).to_be_hidden()
    wait_for_python(page)
    assert _state(page) == "waiting"  # Python answered: nothing hangs
    assert saved(page) == MINE
    page.reload()  # and the next visit is as good
    wait_for_python(page)
    assert saved(page) == MINE


def test_a_deep_file_and_deep_saved_state_are_refused_with_the_usual_notices(
    page: Page, site_server: SiteServer, tmp_path: Path
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    deep = tmp_path / "deep.json"
    deep.write_text('{"app": "fin-de-mission", "answers": ' + _nested(5000) + "}", encoding="utf-8")
    page.set_input_files("#fdm-load-file", str(deep))
    expect(page.locator("#fdm-alert")).to_contain_text(text["file.invalid"])
    raw = '{"version": 3, "ticked": {}, "answers": ' + _nested(3000) + "}"
    page.evaluate("raw => localStorage.setItem('fin-de-mission', raw)", raw)
    page.reload()
    expect(page.locator("#fdm-notices")).to_contain_text(text["storage.corrupt"])
    kept = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('fin-de-mission:unreadable:'))"
        ".map(k => localStorage.getItem(k))")
    assert kept == [raw]  # kept, not dropped


WORKER_THAT_NEVER_ANSWERS = """
self.onmessage = (event) => {
  const { id, type } = event.data;
  if (type === "boot") self.postMessage({ id, type: "ready", python: "3.14.0", pyodide: "stub" });
  // "run": no answer, ever
};
"""


def test_a_plan_request_that_gets_no_answer_fails_visibly_with_a_retry(
    page: Page, site_server: SiteServer
) -> None:
    worker = site_server.url("assets/planner/worker.mjs")
    page.route(worker, lambda route: route.fulfill(
        body=WORKER_THAT_NEVER_ANSWERS, content_type="text/javascript"))
    page.clock.install()
    page.goto(site_server.url(PLANNER["en"]))
    text = strings(page)
    wait_for_python(page)
    page.check("#q-contract-type input[value='open_ended']")
    page.check("#q-contract-intermediary input[value='none']")
    page.clock.fast_forward("00:30")
    expect(page.locator("#fdm-status")).to_contain_text(text["status.no_answer"])
    assert _state(page) == "failed"
    retry = page.locator("#fdm-status [data-action='retry']")
    expect(retry).to_be_visible()
    page.unroute(worker)
    retry.click()
    wait_for_plan(page)


# 5, 6: the reader's answers are never replaced without a copy --------------------------------


def test_with_storage_full_shared_answers_never_replace_without_a_copy(
    context: BrowserContext, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    context.add_init_script("""
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (key === 'fin-de-mission:previous') throw new DOMException('full', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };""")
    page = context.new_page()
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    store(page, MINE)
    page.reload()
    page.evaluate(f"location.hash = {json.dumps(_encode(page, {'client': {'name': 'Theirs'}}))}")
    page.click("[data-action='use-shared']")
    expect(page.locator("#fdm-alert")).to_contain_text(text["storage.no_room"])
    expect(page.locator("#fdm-preview")).to_be_visible()
    assert saved(page) == MINE
    # Editing while previewing does not replace them either; what was typed stays on screen.
    page.locator("#q-client-contact").fill("Alex")
    expect(page.locator("#fdm-preview")).to_be_visible()
    expect(page.locator("#q-client-contact")).to_have_value("Alex")
    assert saved(page) == MINE


# 7: two tabs, one list --------------------------------------------------------------------------


def test_two_tabs_editing_one_list_keep_both_tabs_items(
    context: BrowserContext, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    one, two = context.new_page(), context.new_page()
    one.goto(site_server.url(PLANNER["fr"]))
    two.goto(site_server.url(PLANNER["fr"]))
    # Reasons: each tab ticks one while the other is in the list.
    two.check("[data-answer='reasons'] input[value='workload']")
    one.check("[data-answer='reasons'] input[value='better_offer']")
    expect(two.locator("[data-answer='reasons'] input[value='better_offer']")).to_be_checked()
    expect(two.locator("[data-answer='reasons'] input[value='workload']")).to_be_focused()
    assert saved(one)["answers"]["reasons"] == ["workload", "better_offer"]
    # Invoices: tab two is typing in its row when tab one adds another.
    two.click(".fdm-add-invoice")
    two.locator(".fdm-invoice [data-invoice='amount']").first.fill("100")
    expect(one.locator(".fdm-invoice")).to_have_count(1)
    one.click(".fdm-add-invoice")
    one.locator(".fdm-invoice").nth(1).locator("[data-invoice='amount']").fill("250")
    expect(two.locator(".fdm-invoice")).to_have_count(2)  # shown, not kept out of sight
    expect(two.locator(".fdm-invoice [data-invoice='amount']").first).to_be_focused()
    two.keyboard.type("0")  # 1000 in tab two's row
    expect(one.locator(".fdm-invoice [data-invoice='amount']").first).to_have_value("1000")
    amounts = [invoice["amount"] for invoice in saved(one)["answers"]["invoices"]]
    assert amounts == [1000, 250]


# 8: state from a newer build -------------------------------------------------------------------


def test_state_written_by_a_newer_build_is_kept_untouched_and_said(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    newer = json.dumps({"version": 99, "answers": {"client": {"name": "Future"}},
                        "ticked": {"a": True}, "something": ["new"]})
    page.evaluate("raw => localStorage.setItem('fin-de-mission', raw)", newer)
    page.reload()
    expect(page.locator("#fdm-notices")).to_contain_text(text["storage.newer"])
    page.locator("#fdm-checklist [data-item]").first.check()
    page.locator("#q-client-contact").fill("Alex")
    assert page.evaluate("localStorage.getItem('fin-de-mission')") == newer
    assert page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('fin-de-mission:'))") == []
    # A guide page leaves it alone too.
    page.goto(site_server.url("timing/"))
    expect(page.locator(".task-list-item input[data-item]").first).to_be_disabled()
    assert page.evaluate("localStorage.getItem('fin-de-mission')") == newer


# 9: more invoices than the answers format accepts ----------------------------------------------


def _invoices(count: int) -> list[dict[str, Any]]:
    return [{"amount": 100 + index, "due": "2026-06-30", "paid": False, "ref": ""}
            for index in range(count)]


def test_more_invoices_than_the_limit_are_refused_from_a_file_and_kept_when_saved(
    page: Page, site_server: SiteServer, tmp_path: Path
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["en"]))
    text = strings(page)
    limit = int(page.get_attribute("[data-answer='invoices']", "data-max-items") or "0")
    assert limit > 0
    store(page, MINE)
    page.reload()
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"app": "fin-de-mission", "answers": {
        "contract": {"type": "open_ended"}, "invoices": _invoices(limit + 1)}}), encoding="utf-8")
    page.set_input_files("#fdm-load-file", str(path))
    expect(page.locator("#fdm-alert")).to_contain_text(
        text["file.too_many_invoices"].format(count=limit + 1, max=limit))
    assert saved(page) == MINE
    # Saved by hand with more: every row is shown and none is dropped at the next edit.
    store(page, {"version": 3, "answers": {"invoices": _invoices(limit + 3)}, "ticked": {}})
    page.reload()
    expect(page.locator(".fdm-invoice")).to_have_count(limit + 3)
    page.locator("#q-client-name").fill("ACME")
    assert len(saved(page)["answers"]["invoices"]) == limit + 3


# 12: the browser gives the CLI's plan for every answers file -----------------------------------


def test_every_scenario_gives_the_same_plan_in_the_browser_as_the_cli(
    page: Page, site_server: SiteServer, built_site: Path, tmp_path: Path
) -> None:
    """Most scenarios, like every version-1 file, say nothing of `initiator`: the page must
    show and send the freelancer's questions (desired last day, milestone, reasons) as the
    engine reads them, and the whole Markdown plan must be the CLI's, byte for byte."""
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    previous = None
    for scenario in sorted(SCENARIOS.glob("*.json")):
        answers = json.loads(scenario.read_text(encoding="utf-8"))["answers"]
        path = tmp_path / scenario.name
        path.write_text(json.dumps({"app": "fin-de-mission", "kind": "answers", "version": 3,
                                    "answers": answers}), encoding="utf-8")
        page.set_input_files("#fdm-load-file", str(path))
        previous = wait_for_plan(page, previous)
        wait_for_idle(page)
        with page.expect_download() as download:
            page.click("[data-action='download-md']")
        shown = Path(download.value.path()).read_text(encoding="utf-8")
        cli = subprocess.run(
            [sys.executable, "-m", "checklist", "plan", str(path), "--format", "md", "--lang", "fr",
             "--checklist", str(built_site / "checklist.json"), "--base-url", site_server.url("")],
            capture_output=True, text=True, check=False, cwd=ROOT)
        assert cli.returncode == 0, cli.stderr
        assert shown == cli.stdout, scenario.name


# 17: a link whose version is the text "2" -------------------------------------------------------


def test_a_link_whose_version_is_text_gets_a_clear_message(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    fragment = _encode(page, {"version": "2", "contract": {"type": "open_ended"}})
    page.evaluate(f"location.hash = {json.dumps(fragment)}")
    expect(page.locator("#fdm-alert")).to_contain_text(
        text["share.version_invalid"].format(value='"2"'))
    expect(page.locator("#fdm-preview")).to_be_hidden()
