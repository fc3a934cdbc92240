"""The guide's letters read as prose: the text font, not the code font."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.conftest import SiteServer


def test_letters_on_the_templates_page_use_the_text_font(page: Page,
                                                         site_server: SiteServer) -> None:
    page.goto(site_server.url("templates/"))
    fonts = page.evaluate("""() => ({
      letter: getComputedStyle(document.querySelector('#tpl-announce-email code')).fontFamily,
      text: getComputedStyle(document.querySelector('.md-typeset p')).fontFamily,
      code: getComputedStyle(document.querySelector('.md-typeset code:not([id] code)'))
        .fontFamily })""")
    assert fonts["letter"] == fonts["text"], fonts
