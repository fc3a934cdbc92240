"""Accessible and calm: axe-core finds no WCAG 2.1 A/AA violation in either colour scheme, the
planner works with the keyboard alone, fits a phone screen, and prints as a clean plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.planner_page import fill_answers, wait_for_idle, wait_for_plan, wait_for_state
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ANSWERS = json.loads((ROOT / "tests/scenarios/11-overdue-invoices.json").read_text())["answers"]


def _violations(page: Page) -> list[object]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
                              rules: {'aria-dialog-name': {enabled: true},
                                      'empty-table-header': {enabled: true}}})
             .then(result => result.violations.map(v =>
               [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))]))"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser: Browser, site_server: SiteServer, scheme: str) -> None:
    # axe is injected as an inline script: only this test lifts the page's CSP to run it.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        for path in ("", "en/timing/", "getting-paid/", "en/templates/", "glossary/", "404.html"):
            page.goto(site_server.url(path))
            assert _violations(page) == [], path
        for path in ("planner/", "en/planner/"):
            page.goto(site_server.url(path))
            wait_for_state(page, "ready", "invalid")
            fill_answers(page, ANSWERS)
            wait_for_plan(page)
            page.evaluate(
                "document.querySelectorAll('#fdm-plan details').forEach(d => d.open = true)"
            )
            page.click("[data-action='reset']")  # the clearing panel open too
            assert _violations(page) == [], path
    finally:
        context.close()


def test_keyboard_only(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url("en/planner/"))
    wait_for_state(page, "ready", "invalid")
    # Reach the contract type with Tab, choose with the arrow keys.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "contract.type":
            break
    else:
        pytest.fail("the contract type cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert chosen in ("fixed_term", "deliverable", "open_ended")
    assert page.is_checked(f"#q-contract-type input[value='{chosen}']")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    # Tick a checklist item with the keyboard.
    first = page.locator("#fdm-checklist [data-item]").first
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()


def test_phone_width_has_no_horizontal_scroll(browser: Browser, site_server: SiteServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_server.url("planner/"))
        wait_for_state(page, "ready", "invalid")
        fill_answers(page, ANSWERS)
        wait_for_plan(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
    finally:
        context.close()


def test_print_shows_the_plan_without_the_form(
    page: Page, site_server: SiteServer, tmp_path: Path
) -> None:
    page.goto(site_server.url("planner/"))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, ANSWERS)
    wait_for_plan(page)
    wait_for_idle(page)
    page.emulate_media(media="print")
    assert page.locator("#fdm-form").is_hidden()
    assert page.locator("#fdm-checklist").is_hidden()
    assert page.locator("#fdm-plan").is_visible()
    assert page.locator("#fdm-risks").is_visible()
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    # On paper every phase's steps and every letter are shown in full.
    assert page.locator("#fdm-steps [data-step]").last.is_visible()
    assert page.locator("#fdm-messages .fdm-message-body").last.is_visible()
