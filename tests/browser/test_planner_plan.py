"""The personalised plan, computed by Python in the worker, as a reader gets it."""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from checklist import ANSWERS_VERSION
from checklist.api import handle
from checklist.authoring.strings import load_locale_table
from tests.browser.planner_page import (
    PLANNER,
    fill_answers,
    leave,
    shown_plan,
    wait_for_plan,
    wait_for_state,
)
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

SCENARIOS = ROOT / "tests" / "scenarios"
SITUATIONS = [
    "02-open-ended-esn-back-to-back",
    "08-portage-cdd",
    "11-overdue-invoices",
    "13-client-ends-fixed-term-early",
]


def _scenario(name: str) -> dict[str, Any]:
    return json.loads((SCENARIOS / f"{name}.json").read_text(encoding="utf-8"))["answers"]


def _expected(built_site: Path, lang: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers through the engine on CPython, with the site's own checklist data."""
    prefix = "" if lang == "fr" else f"{lang}/"
    checklist = json.loads((built_site / prefix / "checklist.json").read_text(encoding="utf-8"))
    response = handle(
        {
            "answers": answers,
            "checklist": checklist,
            "jurisdiction": "fr",
            "strings": load_locale_table(ROOT / "locales", lang),
        }
    )
    assert response["ok"], response["errors"]
    view = response["view"]
    return {
        "timeline": [[entry["kind"], entry["date"]] for entry in view["timeline"]],
        "risks": [risk["code"] for risk in view["risks"]],
        "steps": [[step["id"], step["due"]] for phase in view["phases"] for step in phase["steps"]],
        "messages": [message["id"] for message in view["messages"]],
    }


def _open_planner(page: Page, site: SiteServer, lang: str) -> None:
    page.goto(site.url(PLANNER[lang]))
    wait_for_state(page, "ready", "invalid")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_plan_comes_from_python_in_the_worker(
    context: BrowserContext, page: Page, site_server: SiteServer, built_site: Path, lang: str
) -> None:
    _open_planner(page, site_server, lang)
    version = page.evaluate("document.documentElement.dataset.python")
    assert version.startswith("3.14.")  # CPython here is 3.12/3.13: this is Pyodide's Python
    assert version in page.inner_text("#fdm-about")  # said once, out of the way
    answers = {
        "today": "2026-11-26",
        "contract": {
            "type": "open_ended",
            "start": "2025-01-06",
            "notice": 45,
            "intermediary": "none",
        },
    }
    fill_answers(page, answers)
    wait_for_plan(page)
    shown = shown_plan(page)
    # The form sends what the reader answered; the engine applies its defaults to the rest.
    assert shown == _expected(built_site, lang, {**answers, "version": ANSWERS_VERSION})
    assert ["announce", "2026-11-26"] in shown["timeline"]
    assert any(kind == "last_day" for kind, _ in shown["timeline"])
    requests = context.requests  # type: ignore[attr-defined]
    # The runtime and the stdlib zip that holds the engine were fetched by the worker, from
    # this origin only; no wheel and no lock file (the lock is inline, listing no package).
    assert any(url.endswith("/pyodide.asm.wasm") for url in requests)
    assert any(re.search(r"/python_stdlib-[0-9a-f]{12}\.zip$", url) for url in requests)
    assert not any(url.endswith((".whl", "pyodide-lock.json", "/python_stdlib.zip"))
                   for url in requests), requests
    assert all(
        url.startswith(site_server.origin) or url.startswith(("data:", "blob:")) for url in requests
    ), [u for u in requests if not u.startswith(site_server.origin)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_situations_show_the_engines_dates_risks_and_steps(
    page: Page, site_server: SiteServer, built_site: Path, lang: str
) -> None:
    _open_planner(page, site_server, lang)
    previous = None
    for name in SITUATIONS:
        answers = _scenario(name)
        fill_answers(page, answers)
        previous = wait_for_plan(page, previous)
        assert shown_plan(page) == _expected(built_site, lang, answers), name


def test_a_bad_answer_gets_a_message_at_its_field(page: Page, site_server: SiteServer) -> None:
    _open_planner(page, site_server, "en")
    answers = _scenario("01-open-ended-direct")
    fill_answers(page, answers)
    wait_for_plan(page)
    page.fill("#q-contract-start", "2027-06-01")  # after today and after the desired last day
    page.fill("#q-penalty-rate", "-4")
    leave(page, "q-penalty-rate")
    wait_for_state(page, "invalid", seconds=20)
    start_error = page.locator("#q-contract-start-error")
    rate_error = page.locator("#q-penalty-rate-error")
    assert start_error.is_visible() and start_error.inner_text()
    assert rate_error.is_visible() and rate_error.inner_text()
    assert page.get_attribute("#q-penalty-rate", "aria-invalid") == "true"
    assert "need attention" in page.inner_text("#fdm-status")
    # Correcting the answer brings the plan back.
    page.fill("#q-penalty-rate", "")
    page.fill("#q-contract-start", answers["contract"]["start"])
    wait_for_plan(page)
    assert rate_error.inner_text() == ""


def test_ticks_in_the_plan_and_the_checklist_are_one_and_persist(
    page: Page, site_server: SiteServer
) -> None:
    _open_planner(page, site_server, "fr")
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    page.locator("#fdm-steps summary").first.click()  # steps are folded by phase
    step = page.locator("#fdm-steps [data-step]").first
    item = step.get_attribute("data-step")
    step.locator("input").check()
    assert page.locator(f"#fdm-checklist [data-item='{item}']").is_checked()
    page.reload()
    wait_for_state(page, "ready")
    wait_for_plan(page)
    assert page.locator(f"#fdm-steps [data-item='{item}']").is_checked()
    assert page.locator(f"#fdm-checklist [data-item='{item}']").is_checked()


def test_downloads_ics_and_markdown(page: Page, site_server: SiteServer) -> None:
    _open_planner(page, site_server, "en")
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    with page.expect_download() as ics_download:
        page.click("[data-action='download-ics']")
    calendar = icalendar.Calendar.from_ical(Path(ics_download.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert events and all(event.get("UID") and event.get("DTSTAMP") for event in events)
    with page.expect_download() as md_download:
        page.click("[data-action='download-md']")
    markdown = Path(md_download.value.path()).read_text(encoding="utf-8")
    assert ics_download.value.suggested_filename.endswith(".ics")
    assert md_download.value.suggested_filename.endswith(".md")
    first_step = page.locator("#fdm-steps [data-step] label").first.text_content()
    assert first_step in markdown
    assert site_server.origin in markdown  # links back to the guide sections


def test_share_link_opens_the_same_plan_elsewhere(
    page: Page, site_server: SiteServer, context: BrowserContext
) -> None:
    _open_planner(page, site_server, "fr")
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    expected = shown_plan(page)
    page.click("[data-action='share']")
    expect(page.locator("#fdm-share-url")).not_to_have_value("")
    link = page.input_value("#fdm-share-url")
    assert link.startswith(site_server.url("planner/#answers="))
    payload = _payload(link)
    # Free text (names, invoice numbers) is left out unless the reader opts in.
    assert payload["client"]["name"] == ""
    assert payload["invoices"] and all(invoice["ref"] == "" for invoice in payload["invoices"])
    fresh = context.browser.new_context()  # type: ignore[union-attr]
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_state(other, "ready", "invalid")
        wait_for_plan(other)
        assert shown_plan(other) == expected
        # A preview: the address keeps the link until the reader chooses.
        assert other.evaluate("location.hash") == "#" + link.split("#", 1)[1]
    finally:
        fresh.close()
    page.check("#fdm-share-names")
    page.click("[data-action='share']")
    expect(page.locator("#fdm-share-url")).not_to_have_value(link)
    link = page.input_value("#fdm-share-url")
    payload = _payload(link)
    assert payload["client"]["name"] == _scenario("11-overdue-invoices")["client"]["name"]


def _payload(link: str) -> dict[str, Any]:
    """The answers in a share link: deflate-raw, then base64url, after "#answers=2."."""
    data = link.split("#answers=")[1]
    assert data.startswith("2.")
    packed = base64.urlsafe_b64decode(data[2:] + "=" * (-len(data[2:]) % 4))
    return json.loads(zlib.decompress(packed, -15))


def test_saved_answers_file_loads_back(page: Page, site_server: SiteServer, tmp_path: Path) -> None:
    _open_planner(page, site_server, "en")
    fill_answers(page, _scenario("08-portage-cdd"))
    wait_for_plan(page)
    expected = shown_plan(page)
    with page.expect_download() as saved:
        page.click("[data-action='save-file']")
    path = tmp_path / "answers.json"
    path.write_bytes(Path(saved.value.path()).read_bytes())
    page.evaluate("localStorage.clear()")
    page.reload()
    wait_for_state(page, "ready", "invalid")
    page.set_input_files("#fdm-load-file", str(path))
    wait_for_plan(page)
    assert shown_plan(page) == expected
    expect(page.locator("#fdm-notices")).to_contain_text("loaded from the file")
    bad = tmp_path / "bad.json"
    bad.write_text('{"app": "something else"}', encoding="utf-8")
    page.set_input_files("#fdm-load-file", str(bad))
    expect(page.locator("#fdm-notices")).to_contain_text("not an answers file")
    assert shown_plan(page) == expected


PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    '"><svg onload="window.__xss=3">',
]


def test_html_in_free_text_shows_as_text(page: Page, site_server: SiteServer) -> None:
    _open_planner(page, site_server, "fr")
    answers = _scenario("11-overdue-invoices")
    answers.update(client={"name": PAYLOADS[0], "contact": PAYLOADS[1]},
                   freelancer={"name": PAYLOADS[2]})
    answers["invoices"][0]["ref"] = PAYLOADS[1][:60]
    fill_answers(page, answers)
    wait_for_plan(page)
    page.evaluate("document.querySelectorAll('#fdm-plan details').forEach(d => d.open = true)")
    messages = page.inner_text("#fdm-messages")
    assert PAYLOADS[0] in messages and PAYLOADS[2] in messages
    assert page.evaluate("window.__xss") is None
    # The timeline picture's own two drawings are the only SVG, with nothing nested in them.
    made = ("#fdm-plan img, #fdm-plan svg:not(#fdm-chart > .fdm-chart-svg), #fdm-plan script, "
            "#fdm-chart image, #fdm-chart foreignObject")
    assert page.locator(made).count() == 0
    assert page.locator("#fdm-chart > svg").count() == 2


def test_copy_button_puts_the_filled_message_on_the_clipboard(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.origin)
    _open_planner(page, site_server, "en")
    fill_answers(page, _scenario("01-open-ended-direct"))
    wait_for_plan(page)
    message = page.locator("#fdm-messages [data-template='tpl-announce-email']")
    message.locator("summary").click()
    message.get_by_role("button").click()
    # The confirmation is said at the button, not at the top of the page.
    expect(message.locator(".fdm-copy-feedback")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == message.locator("pre").inner_text()
    contact = _scenario("01-open-ended-direct")["client"]["contact"]
    assert contact in copied and "{contact}" not in copied
