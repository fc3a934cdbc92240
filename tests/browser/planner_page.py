"""Drive the planner page like a reader: fill answers, wait for Python, read what it shows."""

from __future__ import annotations

import json
import time
from typing import Any

from playwright.sync_api import Page

PLANNER = {"fr": "planner/", "en": "en/planner/"}
BOOT_SECONDS = 120


def field_id(name: str) -> str:
    return "q-" + name.replace(".", "-").replace("_", "-")


def wait_for_state(page: Page, *states: str, seconds: float = BOOT_SECONDS) -> str:
    """Poll the status line (wait_for_function would be blocked by a strict CSP). Asking for
    "ready" and "invalid" means "Python has answered": "waiting" (for required answers, or for
    the reader to finish a question) counts too."""
    wanted = set(states) | ({"waiting"} if {"ready", "invalid"} <= set(states) else set())
    deadline = time.monotonic() + seconds
    state = ""
    while time.monotonic() < deadline:
        state = page.evaluate("document.getElementById('fdm-status').dataset.state")
        if state in wanted:
            return state
        page.wait_for_timeout(200)
    raise AssertionError(
        f"status stayed '{state}', expected {states}: " + page.inner_text("#fdm-status")
    )


def wait_for_python(page: Page, seconds: float = BOOT_SECONDS) -> None:
    """Wait until Python is ready in the worker (the page marks the document with its version)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate("document.documentElement.dataset.python || ''"):
            wait_for_idle(page, seconds)
            return
        page.wait_for_timeout(150)
    raise AssertionError("Python never became ready: " + page.inner_text("#fdm-status"))


def leave(page: Page, field: str) -> None:
    """Press Tab until the focus is out of the control `field` (an id; a date has three
    parts): a question's messages show once the reader leaves it."""
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") != field:
            return
    raise AssertionError(f"Tab never left {field}")


def wait_for_idle(page: Page, seconds: float = 60) -> None:
    """Wait for the page's own signal that nothing is pending (no plan being worked out)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate("document.getElementById('fdm-planner').dataset.idle") == "true":
            return
        page.wait_for_timeout(100)
    raise AssertionError("the planner never became idle: " + page.inner_text("#fdm-status"))


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


def _get(answers: dict[str, Any], path: str) -> Any:
    node: Any = answers
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def fill_answers(page: Page, answers: dict[str, Any]) -> None:
    """Fill the form through its controls, as a reader would, whatever the questionnaire."""
    fields = page.evaluate(
        "[...document.querySelectorAll('#fdm-form [data-answer]')]"
        ".map(f => [f.dataset.answer, f.dataset.kind])"
    )
    # A scenario that does not say who ends the mission is the freelancer's (the engine's
    # default); the questions that follow from it are shown once it is answered.
    answers = {"initiator": "freelancer", **answers}
    for name, kind in fields:
        value = _get(answers, name)
        if not page.locator(f"[data-answer='{name}']").is_visible():
            continue  # does not apply to these answers
        selector = f"#{field_id(name)}"
        if kind == "choice":
            if value is not None:
                page.check(f"{selector} input[value='{value}']")
            else:  # unanswered: no option chosen
                page.locator(selector).evaluate(
                    """field => { field.querySelectorAll('input').forEach(i => i.checked = false);
                                 field.dispatchEvent(new Event('change', {bubbles: true})); }"""
                )
        elif kind == "choices":
            boxes = page.locator(f"{selector} input")
            for index in range(boxes.count()):
                box = boxes.nth(index)
                box.set_checked(box.get_attribute("value") in (value or []))
        elif kind == "bool":
            page.set_checked(selector, bool(value))
        elif kind == "invoices":
            page.evaluate(
                """() => { const rows = document.querySelector('.fdm-invoice-rows');
                           rows.replaceChildren();
                           rows.dispatchEvent(new Event('input', {bubbles: true})); }"""
            )
            for invoice in value or []:
                page.click(".fdm-invoice-add, .fdm-add-invoice")
                row = page.locator(".fdm-invoice").last
                row.locator("[data-invoice='amount']").fill(str(invoice["amount"]))
                row.locator("[data-invoice='due']").fill(invoice["due"])
                row.locator("[data-invoice='ref']").fill(invoice.get("ref") or "")
                row.locator("[data-invoice='paid']").set_checked(bool(invoice.get("paid")))
        elif page.locator(selector).is_visible():
            page.fill(selector, "" if value is None else str(value))


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


def strings(page: Page) -> dict[str, Any]:
    return page.evaluate("JSON.parse(document.getElementById('fdm-data').textContent).strings")


def saved(page: Page) -> Any:
    return json.loads(page.evaluate("localStorage.getItem('fin-de-mission')") or "null")


def store(page: Page, state: Any) -> None:
    page.evaluate("s => localStorage.setItem('fin-de-mission', JSON.stringify(s))", state)


def hidden_but_visible(page: Page) -> list[str]:
    """Elements the page hides with `hidden` that a person still sees (the theme's display
    rules can win over the attribute): none should be."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-content [hidden]')]
             .filter((node) => node.checkVisibility())
             .map((node) => node.id || node.className || node.tagName)"""
    )


def messages_on_screen(page: Page) -> list[str]:
    """The field messages and the error list a person can see (text on screen)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.fdm-error, #fdm-errors')]
             .filter((node) => node.checkVisibility() && node.innerText.trim())
             .map((node) => node.innerText.trim())"""
    )


def notices_on_screen(page: Page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#fdm-notices .fdm-notice')]
             .filter((node) => node.checkVisibility()).map((node) => node.innerText.trim())"""
    )


# The runtime settings are the boot script's data attributes (engine.mjs reads them there):
# the stdlib zip's address, resolved against the runtime's folder.
STDLIB_URL = """() => {
  const boot = document.querySelector('script[data-worker][data-index]').dataset;
  return new URL(boot.stdlib, new URL(boot.index, location.href)).href;
}"""
