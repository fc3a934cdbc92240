"""The letters of a plan as a reader uses them (issue 21): a postal letter laid out with the
parties' identities, downloaded as an editable .odt, printed alone on its sheet; an email
opened in the mail program; what is left to fill in said before the letter."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from checklist.api import handle
from checklist.authoring.strings import load_locale_table
from tests.browser.planner_page import PLANNER, fill_answers, wait_for_plan, wait_for_state
from tests.conftest import ROOT, SiteServer

pytestmark = pytest.mark.browser

SCENARIOS = ROOT / "tests" / "scenarios"


def _scenario(name: str) -> dict[str, Any]:
    return json.loads((SCENARIOS / f"{name}.json").read_text(encoding="utf-8"))["answers"]


def _letters(built_site: Path, lang: str, answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The view's letters for these answers, from the engine on CPython and the site's data."""
    prefix = "" if lang == "fr" else f"{lang}/"
    checklist = json.loads((built_site / prefix / "checklist.json").read_text(encoding="utf-8"))
    response = handle({"answers": answers, "checklist": checklist, "jurisdiction": "fr",
                       "strings": load_locale_table(ROOT / "locales", lang)})
    assert response["ok"], response["errors"]
    return {message["id"]: message for message in response["view"]["messages"]}


def _plan(page: Page, site: SiteServer, lang: str, answers: dict[str, Any]) -> str:
    page.goto(site.url(PLANNER[lang]))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, answers)
    return wait_for_plan(page)


def _shown(page: Page, site: SiteServer, built_site: Path, lang: str, answers: dict[str, Any],
           letter_id: str) -> tuple[dict[str, Any], Any]:
    """The engine's view of one letter for these answers, and the letter opened on the page."""
    expected = _letters(built_site, lang, answers)[letter_id]
    _plan(page, site, lang, answers)
    return expected, _open(page, letter_id)


def _open(page: Page, letter: str) -> Any:
    message = page.locator(f"#fdm-messages [data-template='{letter}']")
    message.locator("summary").click()
    return message


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_postal_letter_is_laid_out_with_both_parties(
    page: Page, site_server: SiteServer, built_site: Path, lang: str
) -> None:
    answers = _scenario("02-open-ended-esn-back-to-back")
    expected, letter = _shown(page, site_server, built_site, lang, answers, "tpl-notice-letter")
    shown = letter.locator(".fdm-letter-block").evaluate_all(
        "blocks => blocks.map(b => [b.className.replace('fdm-letter-block fdm-letter-', ''),"
        " b.textContent])"
    )
    assert shown == [[block["role"], block["text"]] for block in expected["blocks"]]
    # On screen: the sender's legal identity and the ESN (the counterparty) with its address.
    sender = letter.locator(".fdm-letter-sender")
    recipient = letter.locator(".fdm-letter-recipient_address")
    assert sender.is_visible() and recipient.is_visible()
    assert "Petit Conseil" in sender.inner_text() and "923" in sender.inner_text()
    assert "Conseil Plus" in recipient.inner_text() and "8 avenue Foch" in recipient.inner_text()
    assert "Lyon" in letter.locator(".fdm-letter-place_date").inner_text()
    assert answers["contract"]["reference"] in letter.locator(".fdm-letter-subject").inner_text()
    # The recipient's block stands to the right of the sender's, as in the envelope window.
    sender_box, recipient_box = sender.bounding_box(), recipient.bounding_box()
    assert sender_box and recipient_box and recipient_box["x"] > sender_box["x"] + 50
    assert letter.locator(".fdm-message-meta").inner_text() == expected["meta_text"]


def test_a_postal_letter_downloads_as_an_odt_file(
    page: Page, site_server: SiteServer, built_site: Path
) -> None:
    answers = _scenario("02-open-ended-esn-back-to-back")
    expected, letter = _shown(page, site_server, built_site, "fr", answers, "tpl-notice-letter")
    button = letter.get_by_role("button", name="Télécharger la lettre (.odt)")
    assert button.is_visible()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == expected["document"]["filename"]
    data = Path(download.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = odt.read("content.xml").decode("utf-8")
    reference = answers["contract"]["reference"]
    for text in ("Petit Conseil", "Conseil Plus", "8 avenue Foch", reference):
        assert text in content, text


@pytest.mark.parametrize(("scenario", "letter_id", "other"), [
    ("02-open-ended-esn-back-to-back", "tpl-notice-letter", "tpl-handover-plan"),
    ("11-overdue-invoices", "tpl-formal-demand", "tpl-notice-letter"),
])
def test_print_this_letter_prints_it_alone(
    page: Page, site_server: SiteServer, built_site: Path, scenario: str, letter_id: str,
    other: str,
) -> None:
    answers = _scenario(scenario)
    expected, letter = _shown(page, site_server, built_site, "en", answers, letter_id)
    # The print dialog cannot be driven headless: record the call, then look at the page as
    # the printer gets it.
    page.evaluate("window.print = () => { document.documentElement.dataset.printed = 'yes'; }")
    letter.get_by_role("button", name="Print this letter").click()
    assert page.evaluate("document.documentElement.dataset.printed") == "yes"
    page.emulate_media(media="print")
    # Every block of the letter is on paper (sender, recipient, place and date, reference,
    # attachments for a demand), as the engine wrote it.
    for block in expected["blocks"]:
        shown = letter.locator(f".fdm-letter-{block['role']}")
        assert shown.first.is_visible(), block["role"]
    assert answers["contract"]["reference"] in letter.locator(".fdm-letter-subject").inner_text()
    if letter_id == "tpl-formal-demand":
        assert "F-2026-09" in letter.locator(".fdm-letter-attachments").inner_text()
    for hidden in ("#fdm-summary", ".md-header", ".fdm-message-meta",
                   f"[data-template='{other}'] .fdm-message-body",
                   "#fdm-steps", letter.locator("summary")):
        locator = page.locator(hidden) if isinstance(hidden, str) else hidden
        assert not locator.first.is_visible(), hidden
    # One A4 sheet: the letter and nothing else.
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    # After printing, the page prints the whole plan again.
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("#fdm-summary").is_visible()
    assert page.locator(f"[data-template='{other}'] .fdm-message-body").is_visible()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_email_opens_in_the_mail_program(
    page: Page, site_server: SiteServer, built_site: Path, lang: str
) -> None:
    answers = _scenario("02-open-ended-esn-back-to-back")
    expected, letter = _shown(page, site_server, built_site, lang, answers, "tpl-announce-email")
    link = letter.locator("a[href^='mailto:']")
    assert link.is_visible()
    query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
    assert query["subject"] == [expected["subject"]]
    assert query["body"][0].replace("\r\n", "\n") in expected["body"]
    # An email has no download or print-alone button; a postal letter has no mail link.
    buttons = letter.locator("[data-action='download-letter'], [data-action='print-letter']")
    assert buttons.count() == 0
    notice = _open(page, "tpl-notice-letter")
    assert notice.locator("a[href^='mailto:']").count() == 0
    # Reached with the keyboard, with a visible focus.
    letter.locator("button").first.focus()
    page.keyboard.press("Tab")
    assert link.evaluate("a => a === document.activeElement && a.matches(':focus-visible')")


def test_a_letter_says_what_is_left_to_fill_in(
    page: Page, site_server: SiteServer, built_site: Path
) -> None:
    answers = _scenario("02-open-ended-esn-back-to-back")
    del answers["intermediary"]["address"], answers["freelancer"]["siren"]
    expected, letter = _shown(page, site_server, built_site, "fr", answers, "tpl-notice-letter")
    assert not expected["complete"] and expected["to_complete_text"]
    todo = letter.locator(".fdm-message-todo")
    assert todo.is_visible() and todo.inner_text() == expected["to_complete_text"]
    # Said before the letter itself, where the reader looks first.
    todo_box = todo.bounding_box()
    body_box = letter.locator(".fdm-letter").bounding_box()
    assert todo_box and body_box and todo_box["y"] < body_box["y"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_going_direct_is_asked_only_with_an_intermediary(
    page: Page, site_server: SiteServer, built_site: Path, lang: str
) -> None:
    """Issue 27: 'the next mission is with the same end client' is a question of ESN, platform
    and portage chains; answered, the plan asks the ESN for a waiver instead of offering to
    help replace the reader."""
    answers = _scenario("30-esn-direct-hire-with-clause")
    expected = _letters(built_site, lang, answers)
    assert "tpl-non-solicitation-waiver" in expected and "tpl-replacement" not in expected
    first = _plan(page, site_server, lang, answers)
    question = page.locator("#q-new-mission-with-client")
    assert question.is_visible() and question.is_checked()
    shown = page.locator("#fdm-messages [data-template]").evaluate_all(
        "letters => letters.map(l => l.dataset.template)")
    assert shown == list(expected)
    waiver = _open(page, "tpl-non-solicitation-waiver")
    assert waiver.locator(".fdm-message-body").is_visible()
    # A direct contract has no one to ask: the question goes away, and with it the waiver.
    page.check("#q-contract-intermediary input[value='none']")
    waiver_letters = page.locator("#fdm-messages [data-template='tpl-non-solicitation-waiver']")
    expect(waiver_letters).to_have_count(0)
    wait_for_plan(page, first)
    assert not question.is_visible()
    assert "tpl-replacement" in page.locator("#fdm-messages [data-template]").evaluate_all(
        "letters => letters.map(l => l.dataset.template)")
