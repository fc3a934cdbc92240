"""Drive the planner page like a reader: fill answers, wait for Python, read what it shows."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Page

PLANNER = {"fr": "planner/", "en": "en/planner/"}
BOOT_SECONDS = 120


def field_id(name: str) -> str:
    return "q-" + name.replace(".", "-").replace("_", "-")


def wait_for_state(page: Page, *states: str, seconds: float = BOOT_SECONDS) -> str:
    """Poll the status line (wait_for_function would be blocked by a strict CSP)."""
    deadline = time.monotonic() + seconds
    state = ""
    while time.monotonic() < deadline:
        state = page.evaluate("document.getElementById('fdm-status').dataset.state")
        if state in states:
            return state
        page.wait_for_timeout(200)
    raise AssertionError(
        f"status stayed '{state}', expected {states}: " + page.inner_text("#fdm-status")
    )


def wait_for_plan(page: Page, previous: str | None = None, seconds: float = 30) -> str:
    """Wait until the plan is shown and up to date with the answers; return its text."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        settled = page.evaluate(
            """() => {
              const plan = document.getElementById('fdm-plan');
              const state = document.getElementById('fdm-status').dataset.state;
              return !plan.hidden && plan.getAttribute('aria-busy') === 'false'
                && state === 'ready';
            }"""
        )
        text = page.inner_text("#fdm-plan") if settled else None
        if text and text != previous:
            return text
        page.wait_for_timeout(150)
    raise AssertionError("no plan shown: " + page.inner_text("#fdm-status"))


def fill_answers(page: Page, answers: dict[str, Any]) -> None:
    """Fill the form through its controls, as a reader would."""
    contract = answers.get("contract", {})
    page.check(f"#{field_id('contract.type')} input[value='{contract['type']}']")
    page.fill(f"#{field_id('contract.start')}", contract["start"])
    if contract.get("end"):
        page.fill(f"#{field_id('contract.end')}", contract["end"])
    notice = contract.get("notice_days")
    page.fill(f"#{field_id('contract.notice_days')}", "" if notice is None else str(notice))
    page.check(
        f"#{field_id('contract.intermediary')} "
        f"input[value='{contract.get('intermediary', 'none')}']"
    )
    page.set_checked(f"#{field_id('non_solicitation')}", bool(answers.get("non_solicitation")))
    for name in ("today", "desired_last_day", "next_milestone", "new_mission_start"):
        page.fill(f"#{field_id(name)}", answers.get(name) or "")
    reasons = page.locator(f"#{field_id('reasons')} input")
    for index in range(reasons.count()):
        box = reasons.nth(index)
        box.set_checked(box.get_attribute("value") in answers.get("reasons", []))
    page.evaluate("document.querySelector('.fdm-invoice-rows').replaceChildren()")
    for invoice in answers.get("invoices", []):
        page.click(".fdm-add-invoice")
        row = page.locator(".fdm-invoice").last
        row.locator("[data-invoice='amount']").fill(str(invoice["amount"]))
        row.locator("[data-invoice='due']").fill(invoice["due"])
        row.locator("[data-invoice='ref']").fill(invoice.get("ref", ""))
        row.locator("[data-invoice='paid']").set_checked(bool(invoice.get("paid")))
    rate = answers.get("penalty_rate")
    page.fill(f"#{field_id('penalty_rate')}", "" if rate is None else str(rate))
    page.set_checked(
        f"#{field_id('holds_client_assets')}", bool(answers.get("holds_client_assets"))
    )
    page.check(f"#{field_id('ip_assigned')} input[value='{answers.get('ip_assigned', 'unknown')}']")
    page.check(
        f"#{field_id('personal_data')} input[value='{answers.get('personal_data', 'unknown')}']"
    )
    for name in ("freelancer_name", "client_name", "contact_name"):
        page.fill(f"#{field_id(name)}", answers.get(name, ""))


def shown_plan(page: Page) -> dict[str, Any]:
    """What the page shows, by the engine's ids: timeline dates, risk codes, steps."""
    return page.evaluate(
        """() => ({
          timeline: [...document.querySelectorAll('#fdm-timeline [data-key]')]
              .map(li => [li.dataset.key, li.dataset.date]),
          risks: [...document.querySelectorAll('#fdm-risks [data-risk]')]
              .map(div => div.dataset.risk),
          steps: [...document.querySelectorAll('#fdm-steps [data-step]')]
              .map(li => [li.dataset.step, li.dataset.due]),
          messages: [...document.querySelectorAll('#fdm-messages [data-template]')]
              .map(d => d.dataset.template),
        })"""
    )
