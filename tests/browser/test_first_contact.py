"""First contact (issue 23): what a person sees on the planner's first screen and as they
answer, in French and English, on a desktop and a phone, in both colour schemes: no fake box,
no red before anything is typed, messages when a question is left (never while typing), one
notice at a time, counters that follow the ticks, and the smaller things people notice."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.planner_page import (
    PLANNER,
    fill_answers,
    hidden_but_visible,
    leave,
    messages_on_screen,
    notices_on_screen,
    saved,
    store,
    strings,
    wait_for_idle,
    wait_for_plan,
    wait_for_python,
)
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
RED = "rgb(198, 40, 40)"  # the line colour of failures and problems (site.css)


def _scenario(name: str) -> dict[str, Any]:
    path = ROOT / "tests" / "scenarios" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))["answers"]


def _context(browser: Browser, viewport: dict[str, int], scheme: str = "light") -> BrowserContext:
    phone = viewport == PHONE
    return browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                               color_scheme=scheme, locale="fr-FR")  # type: ignore[arg-type]


def _status_line_colour(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.getElementById('fdm-status')).borderLeftColor")


def _label(page: Page, name: str) -> str:
    return page.evaluate(
        """(name) => { const field = document.querySelector(`[data-answer='${name}']`);
             const label = field.querySelector('legend, label').cloneNode(true);
             label.querySelectorAll('.fdm-visually-hidden, [aria-hidden=true], input')
               .forEach((node) => node.remove());
             return label.textContent.trim(); }""",
        name,
    )


# 1 and 2: the first screen -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("viewport", "scheme"), [(DESKTOP, "light"), (PHONE, "dark")])
def test_a_fresh_visit_shows_no_share_box_no_red_and_no_error(
    browser: Browser, site_server: SiteServer, lang: str, viewport: dict[str, int], scheme: str
) -> None:
    context = _context(browser, viewport, scheme)
    try:
        page = context.new_page()
        page.goto(site_server.url(PLANNER[lang]))
        wait_for_python(page)
        text = strings(page)
        assert page.locator("#fdm-preview").is_hidden()
        assert text["share.preview"] not in page.inner_text("body")
        assert hidden_but_visible(page) == []
        assert messages_on_screen(page) == []
        assert notices_on_screen(page) == []
        # What is still needed is said as progress, in neutral words, not in red.
        assert page.evaluate("document.getElementById('fdm-status').dataset.state") == "waiting"
        status = page.inner_text("#fdm-status")
        assert _label(page, "contract.type") in status
        assert _label(page, "contract.intermediary") in status
        assert _status_line_colour(page) != RED
        assert page.locator("[aria-invalid='true']").count() == 0
        # The first question is on the first screen: its title and each of its answers.
        first = page.locator("#fdm-form [data-answer]").first
        parts = [first.locator("legend"), *first.locator("label").all()]
        for part in parts:
            expect(part).to_be_in_viewport(ratio=1)
    finally:
        context.close()


def test_every_box_the_page_hides_stays_hidden_through_a_session(
    page: Page, site_server: SiteServer
) -> None:
    """The theme's display rules (admonitions, buttons) never win over `hidden`: checked after
    each change of state a reader can cause."""
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    assert hidden_but_visible(page) == []
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    assert hidden_but_visible(page) == []
    fragment = _encode(page, {"client": {"name": "Theirs"}})
    page.evaluate(f"location.hash = {json.dumps(fragment)}")
    expect(page.locator("#fdm-preview")).to_be_visible()
    page.click("[data-action='keep-mine']")
    expect(page.locator("#fdm-preview")).to_be_hidden()
    assert hidden_but_visible(page) == []
    page.click("[data-action='reset']")
    page.click("[data-action='reset-cancel']")
    assert hidden_but_visible(page) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_date_being_typed_shows_no_message_until_the_question_is_left(
    page: Page, site_server: SiteServer, lang: str
) -> None:
    page.goto(site_server.url(PLANNER[lang]))
    wait_for_python(page)
    fill_answers(page, _scenario("01-open-ended-direct"))
    wait_for_plan(page)
    field = page.locator("#q-desired-last-day")
    message = page.locator("#q-desired-last-day-error")
    where = "(node) => node.getBoundingClientRect().top + scrollY"  # on the page, not the screen
    before = field.evaluate(where)
    field.fill("")
    field.focus()
    # Day and month, then the first digit of the year: the browser reads year 0002.
    page.keyboard.type("1412")
    page.keyboard.type("2")
    wait_for_idle(page)
    assert page.input_value("#q-desired-last-day").startswith("0002-")  # the engine saw it
    assert message.inner_text() == ""
    assert messages_on_screen(page) == []
    assert page.evaluate("document.getElementById('fdm-status').dataset.state") != "invalid"
    assert _status_line_colour(page) != RED
    # Leaving the question (Tab goes through the date's parts first): now its message shows,
    # and nothing moved.
    leave(page, "q-desired-last-day")
    expect(message).not_to_have_text("")
    assert field.evaluate(where) == before
    assert page.evaluate("document.getElementById('fdm-status').dataset.state") == "invalid"
    # Back to it, with a whole date: the message goes when the answer is right.
    field.focus()
    page.keyboard.type("14122027")
    leave(page, "q-desired-last-day")
    wait_for_plan(page)
    expect(message).to_have_text("")


def test_required_questions_are_named_when_the_plan_is_asked_for(
    page: Page, site_server: SiteServer
) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    text = strings(page)
    page.check("#q-contract-type input[value='open_ended']")
    page.locator("#q-contract-start").fill("2025-01-06")
    page.keyboard.press("Tab")
    wait_for_idle(page)
    # Not reached yet: named as still needed, not as an error.
    intermediary = _label(page, "contract.intermediary")
    assert intermediary in page.inner_text("#fdm-status")
    assert messages_on_screen(page) == []
    page.get_by_role("button", name=text["ui.submit"]).click()
    expect(page.locator("#fdm-errors")).to_be_visible()
    expect(page.locator("#fdm-errors")).to_be_focused()
    assert intermediary in page.inner_text("#fdm-error-list")
    expect(page.locator("#q-contract-intermediary-error")).to_have_text(text["ui.required_missing"])
    page.locator("#fdm-error-list a").first.click()
    expect(page.locator("#q-contract-intermediary input").first).to_be_focused()
    page.check("#q-contract-intermediary input[value='agency']")
    wait_for_plan(page)
    assert messages_on_screen(page) == []


# 3: one notice at a time -------------------------------------------------------------------


def test_one_notice_at_a_time_and_alerts_only_for_problems(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    store(page, {"version": 3, "answers": {"client": {"name": "Mine"}}, "ticked": {}})
    page.reload()
    fragment = _encode(page, {"client": {"name": "Theirs"}})
    restore = page.get_by_role("button", name=text["storage.restore_previous"])
    page.evaluate(f"location.hash = {json.dumps(fragment)}")
    page.click("[data-action='use-shared']")
    expect(page.locator("#fdm-notice")).to_contain_text(text["share.used"])
    assert len(notices_on_screen(page)) == 1
    expect(restore).to_have_count(1)  # the way back is shown once
    restore.click()
    expect(page.locator("#fdm-notice")).to_contain_text(text["storage.previous_restored"])
    assert len(notices_on_screen(page)) == 1
    page.click("[data-action='reset']")
    page.click("[data-action='reset-confirm']")
    expect(page.locator("#fdm-notice")).to_contain_text(text["storage.cleared_kept_ticks"].split(":")[0])
    assert len(notices_on_screen(page)) == 1
    assert page.locator("#fdm-alert .fdm-notice").count() == 0  # nothing went wrong
    # A problem replaces it, in the alert region.
    page.evaluate("location.hash = 'answers=%%%'")
    expect(page.locator("#fdm-alert")).to_contain_text(text["share.invalid"])
    assert len(notices_on_screen(page)) == 1
    assert page.locator("#fdm-notice .fdm-notice").count() == 0


# 4: phase counters -------------------------------------------------------------------------


def test_phase_counters_follow_the_ticks(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    text = strings(page)
    phase = page.locator("#fdm-steps .fdm-phase").first
    total = phase.locator("[data-step]").count()
    count = phase.locator(".fdm-phase-count")
    expect(count).to_have_text(text["ui.phase_progress"].format(done=0, total=total))
    phase.locator("summary").click()
    phase.locator("[data-step] input").first.check()
    expect(count).to_have_text(text["ui.phase_progress"].format(done=1, total=total))
    # Ticked in the full checklist below: the plan's counter follows too.
    second = phase.locator("[data-step]").nth(1).get_attribute("data-step")
    page.locator(f"#fdm-checklist [data-item='{second}']").check()
    expect(count).to_have_text(text["ui.phase_progress"].format(done=2, total=total))


# 6, 7: share links, clearing ----------------------------------------------------------------


def _encode(page: Page, answers: dict[str, Any]) -> str:
    return page.evaluate(
        "a => import('../assets/planner/logic.mjs').then(m => m.encodeShare(a))", answers)


def _previous(page: Page) -> list[dict[str, Any]]:
    raw = page.evaluate("localStorage.getItem('fin-de-mission:previous')")
    return [entry["answers"] for entry in json.loads(raw)["entries"]] if raw else []


MINE = {"version": 3, "answers": {"client": {"name": "Mine"}, "contract": {"type": "fixed_term"}},
        "ticked": {}}


def test_a_share_link_over_saved_answers_is_a_preview_that_survives_a_reload(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    store(page, MINE)
    fragment = _encode(page, {"client": {"name": "Theirs"}})
    page.goto(site_server.url(PLANNER["fr"]) + "#" + fragment)
    expect(page.locator("#fdm-preview")).to_be_visible()
    expect(page.locator("#q-client-name")).to_have_value("Theirs")
    assert page.evaluate("location.hash") == "#" + fragment  # the address keeps the link
    assert saved(page) == MINE
    page.reload()
    expect(page.locator("#fdm-preview")).to_be_visible()
    expect(page.locator("#q-client-name")).to_have_value("Theirs")
    page.click("[data-action='keep-mine']")
    expect(page.locator("#fdm-preview")).to_be_hidden()
    expect(page.locator("#q-client-name")).to_have_value("Mine")
    assert page.evaluate("location.hash") == ""
    assert saved(page) == MINE
    assert _previous(page) == []


def test_editing_a_shared_answer_adopts_the_link_and_keeps_the_readers_answers(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    store(page, MINE)
    page.reload()
    page.evaluate(f"location.hash = {json.dumps(_encode(page, {'client': {'name': 'Theirs'}}))}")
    expect(page.locator("#fdm-preview")).to_be_visible()
    page.locator("#q-client-contact").fill("Alex")
    expect(page.locator("#fdm-preview")).to_be_hidden()
    expect(page.locator("#fdm-notice")).to_contain_text(text["share.adopted"])
    expect(page.locator("#q-client-contact")).to_be_focused()  # the reader goes on typing
    assert saved(page)["answers"] == {"client": {"name": "Theirs", "contact": "Alex"}}
    assert _previous(page) == [MINE["answers"]]
    assert page.evaluate("location.hash") == ""
    page.reload()  # nothing typed is lost
    expect(page.locator("#fdm-preview")).to_be_hidden()
    expect(page.locator("#q-client-contact")).to_have_value("Alex")
    # The way back is there after the reload, and brings the reader's own answers.
    page.get_by_role("button", name=text["storage.restore_previous"]).click()
    expect(page.locator("#q-client-name")).to_have_value("Mine")
    assert saved(page)["answers"] == MINE["answers"]


def test_several_links_in_a_row_never_lose_the_readers_own_answers(
    page: Page, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    page.goto(site_server.url(PLANNER["fr"]))
    text = strings(page)
    store(page, MINE)
    page.reload()
    for name in ("First link", "Second link", "Third link"):
        page.evaluate(f"location.hash = {json.dumps(_encode(page, {'client': {'name': name}}))}")
        expect(page.locator("#q-client-name")).to_have_value(name)
        page.click("[data-action='use-shared']")
        assert saved(page)["answers"] == {"client": {"name": name}}
    assert _previous(page) == [MINE["answers"]]
    page.get_by_role("button", name=text["storage.restore_previous"]).click()
    expect(page.locator("#q-client-name")).to_have_value("Mine")
    assert saved(page)["answers"] == MINE["answers"]


def _kept_keys(page: Page) -> list[str]:
    """What the planner keeps in this browser (the theme keeps its colour scheme, apart)."""
    return page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('fin-de-mission')).sort()")


@pytest.mark.parametrize("ticks", ["cleared", "kept"])
def test_clear_everything_leaves_nothing_behind(
    page: Page, site_server: SiteServer, ticks: str
) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    page.locator("#fdm-checklist [data-item]").first.check()
    item = page.locator("#fdm-checklist [data-item]").first.get_attribute("data-item")
    link = _scenario("01-open-ended-direct") | {"client": {"name": "Link"}}
    page.evaluate(f"location.hash = {json.dumps(_encode(page, link))}")
    page.click("[data-action='use-shared']")
    page.evaluate("localStorage.setItem('fin-de-mission:unreadable:2026-01-01T00:00:00Z', 'x')")
    wait_for_plan(page)
    wait_for_idle(page)
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")  # the kept plan is written
    assert {"fin-de-mission", "fin-de-mission:previous", "fin-de-mission:view"} <= set(
        _kept_keys(page))
    page.click("[data-action='reset']")
    expect(page.locator("#fdm-clear")).to_be_visible()
    if ticks == "cleared":
        page.check("#fdm-clear-ticks")
    page.click("[data-action='reset-confirm']")
    expect(page.locator("#fdm-plan")).to_be_hidden()
    expect(page.locator("#q-client-name")).to_have_value("")
    expected = [] if ticks == "cleared" else ["fin-de-mission"]
    assert _kept_keys(page) == expected
    page.reload()
    wait_for_python(page)
    wait_for_idle(page)
    assert _kept_keys(page) == expected
    assert page.locator("#fdm-previous").is_hidden()
    if ticks == "kept":
        assert saved(page) == {"version": 3, "answers": None, "ticked": {item: True}}
        expect(page.locator(f"#fdm-checklist [data-item='{item}']")).to_be_checked()


# 8: another tab -----------------------------------------------------------------------------


def test_another_tabs_change_keeps_the_focus_and_is_said_once(
    context: BrowserContext, site_server: SiteServer
) -> None:
    site_server.block("/assets/pyodide/")
    # Count what the polite notice region says (each change of its content is an announcement).
    context.add_init_script("""
      addEventListener('DOMContentLoaded', () => {
        window.__said = [];
        new MutationObserver(() => window.__said.push(
          document.getElementById('fdm-notice').innerText)).observe(
          document.getElementById('fdm-notice'),
          {childList: true, subtree: true, characterData: true});
      });""")
    one, two = context.new_page(), context.new_page()
    one.goto(site_server.url(PLANNER["fr"]))
    two.goto(site_server.url(PLANNER["fr"]))
    text = strings(one)
    one.locator("#q-client-name").click()
    one.keyboard.type("ACME")
    two.locator("#q-client-contact").fill("Alex")
    two.locator("#q-client-contact").press_sequentially(" Martin")  # one save per key
    expect(one.locator("#q-client-contact")).to_have_value("Alex Martin")
    expect(one.locator("#q-client-name")).to_be_focused()
    expect(one.locator("#q-client-name")).to_have_value("ACME")
    assert one.evaluate("window.__said") == [text["storage.other_tab"]]
    one.keyboard.type(" SA")  # the reader goes on: nothing of either tab is lost
    assert saved(one)["answers"] == {"client": {"name": "ACME SA", "contact": "Alex Martin"}}


# Smaller things ----------------------------------------------------------------------------


def test_guide_task_boxes_tick_from_their_sentence_with_a_large_target(
    browser: Browser, site_server: SiteServer
) -> None:
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        page.goto(site_server.url("timing/"))
        item = page.locator(".md-content .task-list-item").first
        sentence = item.inner_text().strip()
        box = page.get_by_role("checkbox", name=sentence)
        expect(box).to_be_enabled()
        label = item.locator("label")
        height = label.bounding_box()
        assert height and height["height"] >= 44
        label.tap(position={"x": 200, "y": 20})
        expect(box).to_be_checked()
        assert list(saved(page)["ticked"].values()) == [True]
        label.tap(position={"x": 200, "y": 20})
        expect(box).not_to_be_checked()
    finally:
        context.close()


@pytest.mark.parametrize(("path", "lang", "title"), [
    ("no-such-page/", "fr", "Page introuvable"),
    ("en/no-such-page/", "en", "Page not found"),
    ("en/timing/missing/", "en", "Page not found"),
])
def test_the_page_not_found_speaks_the_addresses_language(
    page: Page, site_server: SiteServer, built_site: Path, path: str, lang: str, title: str
) -> None:
    body = (built_site / "404.html").read_text(encoding="utf-8")
    # As static hosts do: every missing address gets the site's one 404.html.
    page.route(site_server.url(path), lambda route: route.fulfill(
        status=404, body=body, content_type="text/html; charset=utf-8"))
    page.goto(site_server.url(path))
    expect(page.locator("h1").filter(has_text=title)).to_be_visible()
    other = "Page not found" if lang == "fr" else "Page introuvable"
    expect(page.locator("h1").filter(has_text=other)).to_be_hidden()
    assert page.evaluate("document.documentElement.lang") == lang
    home = page.locator(f".fdm-not-found [lang='{lang}'] a").first
    assert home.get_attribute("href") == ("/" if lang == "fr" else "/en/")


def test_english_dates_are_written_one_way(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["en"]))
    wait_for_python(page)
    fill_answers(page, _scenario("11-overdue-invoices") | {"today": "2026-12-07"})
    wait_for_plan(page)
    plan = page.inner_text("#fdm-plan")
    assert "7 December 2026" in page.inner_text("#fdm-plan-date")
    assert not re.search(r"\b(January|February|March|April|May|June|July|August|September|"
                         r"October|November|December) \d{1,2}, \d{4}", plan)


def test_a_date_the_calendar_cannot_show_gets_no_format_the_reader_never_sees(
    page: Page, site_server: SiteServer, tmp_path: Path
) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    text = strings(page)
    answers = _scenario("01-open-ended-direct")
    answers["contract"]["start"] = "01/03/2025"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"app": "fin-de-mission", "answers": answers}), encoding="utf-8")
    page.set_input_files("#fdm-load-file", str(path))
    message = page.locator("#q-contract-start-error")
    expect(message).to_have_text(text["input.date"])
    assert "AAAA" not in page.inner_text("#fdm-form")


def test_the_phone_control_never_hides_content_and_says_where_it_leads(
    browser: Browser, site_server: SiteServer
) -> None:
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        page.goto(site_server.url(PLANNER["fr"]))
        wait_for_python(page)
        text = strings(page)
        fill_answers(page, _scenario("11-overdue-invoices"))
        wait_for_plan(page)
        wait_for_idle(page)
        jump = page.locator("#fdm-jump")
        expect(jump).to_have_text(text["ui.jump_to_plan"])
        # Reading the plan (not its heading): the control leads back to the answers.
        page.locator("#fdm-risks").scroll_into_view_if_needed()
        expect(jump).to_have_text(text["ui.jump_to_answers"])
        # At the very end of the page, nothing is under the control.
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        covered = page.evaluate(
            """() => { const control = document.getElementById('fdm-jump').getBoundingClientRect();
                 return [...document.querySelectorAll('.md-content *, .md-footer *')]
                   .filter((node) => node.childElementCount === 0 && node.innerText?.trim()
                     && node.checkVisibility() && !node.closest('#fdm-jump'))
                   .filter((node) => { const box = node.getBoundingClientRect();
                     return box.bottom > control.top && box.top < control.bottom
                       && box.right > control.left && box.left < control.right; })
                   .map((node) => node.innerText.trim().slice(0, 40)); }""")
        assert covered == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_print_shows_each_key_date_once_and_keeps_tables_whole(
    browser: Browser, site_server: SiteServer, viewport: dict[str, int]
) -> None:
    context = _context(browser, viewport)
    try:
        page = context.new_page()
        page.goto(site_server.url(PLANNER["fr"]))
        wait_for_python(page)
        fill_answers(page, _scenario("11-overdue-invoices"))
        wait_for_plan(page)
        wait_for_idle(page)
        labels = page.locator("#fdm-timeline li strong").all_inner_texts()
        page.emulate_media(media="print")
        for label in labels:
            # What is printed: each line of text of the chart (its words may wrap) and each
            # piece of text of the page around it.
            shown = page.evaluate(
                """(label) => {
                     const words = (text) => text.replace(/\\s+/g, ' ').trim();
                     const pieces = [...document.querySelectorAll('#fdm-plan svg text'),
                       ...[...document.querySelectorAll('#fdm-plan *')].filter((node) =>
                         node.childElementCount === 0 && !node.closest('svg'))];
                     return pieces.filter((node) => node.checkVisibility()
                       && words(node.textContent).includes(words(label))).length; }""", label)
            assert shown == 1, label
        breaks = page.evaluate("[...document.querySelectorAll('#fdm-plan table')]"
                               ".map((table) => getComputedStyle(table).breakInside)")
        assert breaks and set(breaks) == {"avoid"}
    finally:
        context.close()


def test_one_invoice_with_two_problems_is_counted_once(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_python(page)
    text = strings(page)
    fill_answers(page, _scenario("01-open-ended-direct"))
    wait_for_plan(page)
    page.click(".fdm-add-invoice")  # a row with neither amount nor due date
    page.get_by_role("button", name=text["ui.submit"]).click()
    expect(page.locator("#fdm-error-list li")).to_have_count(1)
    expect(page.locator("#fdm-status")).to_contain_text(text["status.invalid"].format(count=1))

