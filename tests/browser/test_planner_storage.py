"""What the planner keeps and recovers, with or without Python: ticks, saved state, links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.planner_page import PLANNER, wait_for_state
from tests.conftest import SiteServer

pytestmark = pytest.mark.browser


def _strings(page: Page) -> dict[str, str]:
    return page.evaluate("JSON.parse(document.getElementById('fdm-data').textContent).strings")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_static_checklist_works_when_python_cannot_load(
    page: Page, site_server: SiteServer, lang: str
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER[lang]))
    assert wait_for_state(page, "failed") == "failed"
    strings = _strings(page)
    status = page.inner_text("#fdm-status > span")  # then a "try again" button
    # The reason is given in the reader's language, around the runtime's own error.
    head, _, tail = strings["status.failed"].partition("{reason}")
    assert status.startswith(head) and status.endswith(tail)

    boxes = page.locator("#fdm-checklist [data-item]")
    assert boxes.count() >= 45
    first, third = boxes.nth(0), boxes.nth(2)
    first.check()
    third.check()
    page.reload()
    wait_for_state(page, "failed")
    assert page.locator("#fdm-checklist [data-item]").nth(0).is_checked()
    assert page.locator("#fdm-checklist [data-item]").nth(2).is_checked()
    assert not page.locator("#fdm-checklist [data-item]").nth(1).is_checked()
    progress = strings["checklist.progress"].replace("{done}", "2").split("{total}")[0]
    assert page.inner_text("#fdm-checklist-progress").startswith(progress)


def test_worker_blocked_leaves_checklist_and_explains(page: Page, site_server: SiteServer) -> None:
    site_server.block("/assets/planner/worker.mjs")
    page.goto(site_server.url(PLANNER["en"]))
    assert wait_for_state(page, "failed") == "failed"
    assert page.inner_text("#fdm-status > span").startswith("Python could not load (")
    page.locator("#fdm-checklist [data-item]").nth(3).check()
    assert page.locator("#fdm-checklist [data-item]").nth(3).is_checked()


def test_corrupt_saved_state_is_recovered_with_a_message(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    page.evaluate("localStorage.setItem('fin-de-mission', '{\"version\": 2, \"answers\": [')")
    page.reload()
    wait_for_state(page, "failed")
    strings = _strings(page)
    expect(page.locator("#fdm-notices")).to_contain_text(strings["storage.corrupt"])
    # The unreadable data is kept, not dropped, and offered for download.
    kept = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('fin-de-mission:unreadable:'))"
        ".map(k => localStorage.getItem(k))"
    )
    assert kept == ['{"version": 2, "answers": [']
    kept = kept[0]
    with page.expect_download() as download:
        page.get_by_role("button", name=strings["storage.download_corrupt"]).click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == kept
    # The page works: ticking saves a fresh, readable state.
    page.locator("#fdm-checklist [data-item]").first.check()
    saved = json.loads(page.evaluate("localStorage.getItem('fin-de-mission')"))
    assert saved["version"] == 3 and len(saved["ticked"]) == 1


def test_saved_state_of_version_1_is_migrated(page: Page, site_server: SiteServer) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["en"]))
    item = page.locator("#fdm-checklist [data-item]").nth(4).get_attribute("data-item")
    old = {"version": 1, "answers": {"version": 1, "contract": {"type": "deliverable"}},
           "checked": [item]}
    page.evaluate(f"localStorage.setItem('fin-de-mission', {json.dumps(json.dumps(old))})")
    page.reload()
    wait_for_state(page, "failed")
    assert page.locator(f"#fdm-checklist [data-item='{item}']").is_checked()
    assert page.is_checked("#q-contract-type input[value='deliverable']")
    expect(page.locator("#fdm-notices")).to_contain_text("brought up to the new format")
    saved = json.loads(page.evaluate("localStorage.getItem('fin-de-mission')"))
    assert saved["version"] == 3 and saved["ticked"] == {item: True}


def test_failed_save_is_reported(context: BrowserContext, site_server: SiteServer) -> None:
    site_server.block("/assets/pyodide/")
    context.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError'); };"
    )
    page = context.new_page()
    page.goto(site_server.url(PLANNER["en"]))
    page.locator("#fdm-checklist [data-item]").first.check()
    expect(page.locator("#fdm-notices")).to_contain_text("could not be saved in this browser")


@pytest.mark.parametrize(
    ("fragment", "key"),
    [
        ("answers=%%%not-base64", "share.invalid"),
        ("answers=" + "QUFB" * 3000, "share.too_large"),
        ("answers=WzEsMiwzXQ", "share.invalid"),  # valid base64 of [1,2,3]: not an object
        ("answers=eyJjbGllbnRfbmFtZSI6", "share.invalid"),  # truncated JSON
    ],
)
def test_hostile_share_fragments_are_refused(
    page: Page, site_server: SiteServer, fragment: str, key: str
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]) + "#" + fragment)
    strings = _strings(page)
    expect(page.locator("#fdm-notices")).to_contain_text(strings[key])
    assert page.evaluate("location.hash") == ""
    assert page.input_value("#q-client-name") == ""


def test_without_javascript_the_page_says_so(browser: Browser, site_server: SiteServer) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server.url(PLANNER["en"]))
        assert "JavaScript is turned off" in page.inner_text("noscript, .fdm-planner")
        assert page.locator("#fdm-status").is_hidden()
        assert page.locator("#fdm-checklist li").count() >= 45
    finally:
        context.close()
