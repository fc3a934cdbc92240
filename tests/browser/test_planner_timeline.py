"""The plan at a glance (issue 16): the timeline picture on the planner page, in print, and
the Markdown export's Mermaid gantt block drawn by Mermaid itself (npm `mermaid`, loaded from
node_modules into chromium: nothing from the network)."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from checklist.api import run
from checklist.authoring.strings import load_locale_table
from tests.browser.planner_page import (
    PLANNER,
    fill_answers,
    wait_for_idle,
    wait_for_plan,
    wait_for_state,
)
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

SCENARIOS = ROOT / "tests" / "scenarios"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MERMAID = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PAYLOAD = "<img src=x onerror=alert(1)>"


def _scenario(name: str) -> dict[str, Any]:
    return json.loads((SCENARIOS / f"{name}.json").read_text(encoding="utf-8"))["answers"]


def _hostile_answers() -> dict[str, Any]:
    answers = _scenario("11-overdue-invoices")
    answers["client"]["name"] = PAYLOAD
    answers["invoices"][0]["ref"] = PAYLOAD
    return answers


def _words(text: str) -> str:
    return " ".join(text.split())


def _engine_view(page: Page) -> dict[str, Any]:
    """The view CPython's engine makes of the answers the page holds, with its strings."""
    data = json.loads(page.evaluate("document.getElementById('fdm-data').textContent"))
    answers = json.loads(page.evaluate("localStorage.getItem('fin-de-mission')"))["answers"]
    response = json.loads(run(json.dumps({
        "answers": answers, "checklist": data["checklist"], "strings": data["strings"],
        "jurisdiction": data["jurisdiction"]})))
    assert response["ok"], response["errors"]
    return response["view"]


def _chart(page: Page) -> dict[str, Any]:
    """What the visible drawing shows: its layout, marks (in document order) and bands."""
    return page.evaluate(
        """() => {
          const svg = [...document.querySelectorAll('#fdm-chart svg')]
            .find(s => s.checkVisibility());
          if (!svg) return null;
          const box = (e) => e.getBoundingClientRect();
          return {
            layout: svg.dataset.layout,
            hidden: svg.getAttribute('aria-hidden'),
            marks: [...svg.querySelectorAll('a[data-mark]')].map(a => ({
              item: a.dataset.mark, date: a.dataset.date, kind: a.dataset.kind,
              href: a.getAttribute('href'), text: a.textContent,
              x: box(a.querySelector('.fdm-mark-dot')).x,
              y: box(a.querySelector('.fdm-mark-dot')).y,
            })),
            bands: [...svg.querySelectorAll('[data-band]')].map(b =>
              [b.dataset.band, b.dataset.start, b.dataset.end]),
            right: Math.max(...[...svg.querySelectorAll('text, rect, circle, path')]
              .map(e => box(e).right)),
            left: Math.min(...[...svg.querySelectorAll('text')].map(e => box(e).left)),
          };
        }"""
    )


CASES = [  # every language, width and scheme, pairwise (the machine is shared: 4 boots)
    ("fr", DESKTOP, "light"),
    ("fr", PHONE, "dark"),
    ("en", DESKTOP, "dark"),
    ("en", PHONE, "light"),
]


@pytest.mark.parametrize(("lang", "viewport", "scheme"), CASES,
                         ids=["fr-desktop-light", "fr-phone-dark", "en-desktop-dark",
                              "en-phone-light"])
def test_timeline_shows_the_views_dates_and_is_keyboard_reachable(
    browser: Browser, site_server: SiteServer, lang: str, viewport: dict[str, int], scheme: str
) -> None:
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone,
                                  has_touch=phone, locale="fr-FR" if lang == "fr" else "en-GB")
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(site_server.url(PLANNER[lang]))
        wait_for_state(page, "ready", "invalid")
        fill_answers(page, _hostile_answers())
        wait_for_plan(page)
        wait_for_idle(page)
        view = _engine_view(page)
        chart = _chart(page)
        assert chart, "no timeline drawn"
        assert chart["layout"] == ("vertical" if phone else "horizontal")
        # The marks are the view's timeline, in its order (by date), each labelled with its
        # date and label, and linked to its entry in the list of key dates below.
        marks = chart["marks"]
        assert [(m["item"], m["date"]) for m in marks] == [
            (entry["item"], entry["date"]) for entry in view["timeline"]]
        dates = [m["date"] for m in marks]
        assert dates == sorted(dates)
        for mark, entry in zip(marks, view["timeline"], strict=True):
            shown = _words(mark["text"])  # as drawn, over one line or more
            assert _words(entry["date_text"]) in shown and _words(entry["label"]) in shown
            target = mark["href"].removeprefix("#")
            assert page.locator(f"#fdm-timeline [id='{target}']").get_attribute(
                "data-date") == entry["date"]
        # Later is further right (horizontal) or lower (vertical).
        positions = [m["y"] if phone else m["x"] for m in marks]
        assert all(b >= a - 0.5 for a, b in itertools.pairwise(positions)), positions
        assert [tuple(band) for band in chart["bands"]] == [
            (band["kind"], band["start"], band["end"]) for band in view["timeline_bands"]]
        assert {band[0] for band in chart["bands"]} >= {"notice", "handover"}
        # Nothing overflows: not the page, not the drawing's text.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        container = page.locator("#fdm-chart").bounding_box()
        assert container
        assert chart["right"] <= container["x"] + container["width"] + 1
        assert chart["left"] >= container["x"] - 1
        # Tab moves from mark to mark; following one opens its "why" in the list.
        links = page.locator("#fdm-chart svg:visible a[data-mark]")
        links.first.focus()
        wait_for_idle(page)  # leaving the form makes the page check the plan again
        for mark in marks[1:]:
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.dataset.mark") == mark["item"]
        last_day = page.locator("#fdm-chart svg:visible a[data-kind='last_day']")
        last_day.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "fdm-when-last_day"
        assert page.locator("#fdm-when-last_day details").evaluate("d => d.open")
        # Reader text stays text: the invoice reference shows as typed, no element is made.
        made = page.locator("#fdm-plan img, #fdm-chart image, #fdm-chart foreignObject")
        assert made.count() == 0
        assert any(PAYLOAD in _words(m["text"]) for m in marks)
        assert PAYLOAD in page.inner_text("#fdm-timeline")
        assert dialogs == []
    finally:
        context.close()


def test_timeline_follows_a_changed_plan(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["fr"]))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, _scenario("01-open-ended-direct"))
    wait_for_plan(page)
    wait_for_idle(page)
    before = _chart(page)
    shown = page.inner_text("#fdm-plan")
    page.fill("#q-contract-notice", "90")
    wait_for_plan(page, shown)
    wait_for_idle(page)
    after = _chart(page)
    assert before and after
    view = _engine_view(page)
    assert [(m["item"], m["date"]) for m in after["marks"]] == [
        (entry["item"], entry["date"]) for entry in view["timeline"]]
    assert after["marks"] != before["marks"]
    assert [tuple(band) for band in after["bands"]] == [
        (band["kind"], band["start"], band["end"]) for band in view["timeline_bands"]]


def test_timeline_prints_on_the_first_page(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url(PLANNER["en"]))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, _scenario("11-overdue-invoices"))
    wait_for_plan(page)
    wait_for_idle(page)
    page.emulate_media(media="print")
    chart = _chart(page)
    assert chart and chart["layout"] == "horizontal"
    # A4 is 1123 CSS pixels high: the picture ends well within the first page.
    bottom = page.evaluate(
        "document.getElementById('fdm-chart').getBoundingClientRect().bottom + scrollY")
    assert bottom < 1000, bottom


@pytest.mark.parametrize(("lang", "scheme"), [("fr", "light"), ("en", "dark")])
def test_axe_finds_no_violation_with_the_timeline(
    browser: Browser, site_server: SiteServer, lang: str, scheme: str
) -> None:
    # axe is injected as an inline script: only this test lifts the page's CSP to run it.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site_server.url(PLANNER[lang]))
        wait_for_state(page, "ready", "invalid")
        fill_answers(page, _hostile_answers())
        wait_for_plan(page)
        wait_for_idle(page)
        assert page.locator("#fdm-chart a[data-mark]").count() > 5
        page.add_script_tag(path=str(AXE))
        for width in (DESKTOP["width"], PHONE["width"]):
            page.set_viewport_size({"width": width, "height": 900})
            # The theme's navigation changes with the width through CSS transitions: axe reads
            # colours once they have ended (mid-fade, a title's contrast is not its own).
            page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
            violations = page.evaluate(
                """axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})
                     .then(result => result.violations.map(v =>
                       [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))]))"""
            )
            assert violations == [], (width, violations)
    finally:
        context.close()


# The Markdown export's gantt block, parsed and drawn by Mermaid ----------------------------

def _markdown(answers: dict[str, Any], lang: str) -> str:
    """The Markdown export, as the page's worker makes it (no guide steps: not needed)."""
    request = {"answers": answers, "strings": load_locale_table(ROOT / "locales", lang),
               "jurisdiction": "fr", "exports": ["md"]}
    response = json.loads(run(json.dumps(request)))
    assert response["ok"], response["errors"]
    return response["exports"]["md"]


def _block(markdown: str) -> str:
    match = re.search(r"^```mermaid\n(.*?)\n```$", markdown, re.S | re.M)
    assert match, markdown
    return match.group(1)


@pytest.fixture(scope="module")
def mermaid_page(browser: Browser) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # no network at all
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(MERMAID))
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    yield page
    context.close()


@pytest.mark.parametrize(("scenario", "lang"), [
    ("01-open-ended-direct", "fr"), ("03-fixed-term-at-term-tacit", "en"),
    ("11-overdue-invoices", "fr"), ("12-client-ends-open-ended-direct", "en"),
    ("02-open-ended-esn-back-to-back", "fr"), ("hostile", "fr"), ("hostile", "en"),
])
def test_markdown_gantt_is_drawn_by_mermaid(mermaid_page: Page, scenario: str, lang: str) -> None:
    answers = _hostile_answers() if scenario == "hostile" else _scenario(scenario)
    if scenario == "hostile":
        answers["invoices"][1]["ref"] = "section x: #35; %% click `y` ```"
    block = _block(_markdown(answers, lang))
    names = [line.strip().split(" : ")[0] for line in block.split("\n")[3:]
             if not line.strip().startswith("section ")]
    sections = [line.strip().removeprefix("section ") for line in block.split("\n")
                if line.strip().startswith("section ")]
    drawn = mermaid_page.evaluate(
        """async (text) => {
          const parsed = await mermaid.parse(text);
          const { svg } = await mermaid.render('g' + Math.random().toString(36).slice(2), text);
          const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
          return {
            type: parsed.diagramType,
            texts: [...doc.querySelectorAll('text')].map(t => t.textContent.trim()),
            tasks: doc.querySelectorAll('rect.task').length,
            elements: [...doc.querySelectorAll('img, foreignObject, script')].length,
          };
        }""",
        block,
    )
    assert drawn["type"] == "gantt"
    assert drawn["elements"] == 0
    # Every task and section is drawn under its own name, whole.
    for name in names:
        assert name in drawn["texts"], (name, drawn["texts"])
    for section in sections:
        assert section in drawn["texts"], (section, drawn["texts"])
    assert drawn["tasks"] == len(names)
    if scenario == "hostile":
        assert any("\u2039img src=x onerror=alert(1)\u203a" in text for text in drawn["texts"])


def test_gantt_names_that_look_like_mermaid_keywords_stay_names(mermaid_page: Page) -> None:
    from checklist.exports.markdown import gantt, gantt_text
    from checklist.text import load_strings

    hostile = ["section 5", "title x", "click y href z", "%% z", "2026-01-01 late",
               "dateFormat X", "a: b # c ; d", "```x", "<b>bold</b>", "accTitle: t",
               "excludes weekends", "x %%{init: {}}%%"]
    # Entries as the view gives them: each with its section and whether it is a deadline.
    view = {"timeline": [{"date": f"2026-12-{index + 1:02d}", "kind": "invoice_due",
                          "label": text, "item": f"invoice_due.{index}", "date_text": "",
                          "section": "money", "deadline": True}
                         for index, text in enumerate(hostile)], "timeline_bands": []}
    strings = load_strings(load_locale_table(ROOT / "locales", "en"))
    block = _block(gantt(view, strings))
    drawn = mermaid_page.evaluate(
        """async (text) => {
          const { svg } = await mermaid.render('k' + Math.random().toString(36).slice(2), text);
          const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
          return {
            texts: [...doc.querySelectorAll('text')].map(t => t.textContent.trim()),
            tasks: doc.querySelectorAll('rect.task').length,
            sections: [...doc.querySelectorAll('text.sectionTitle')].map(t => t.textContent),
            elements: [...doc.querySelectorAll('img, foreignObject, script, b')].length,
          };
        }""",
        block,
    )
    assert drawn["tasks"] == len(hostile), block
    assert drawn["sections"] == [strings.format("export.md.money")]
    assert drawn["elements"] == 0
    for text in hostile:
        assert gantt_text(text) in drawn["texts"], (text, drawn["texts"])
