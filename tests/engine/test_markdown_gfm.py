"""The Markdown export's escaping, checked against a real GitHub-flavoured renderer.

cmark-gfm (the renderer GitHub uses, here through `cmarkgfm`) with its extensions on,
autolinks included, is the oracle: the escaped text of any reader input renders as that
text, with no link, no tag and no structure.
"""

from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checklist.api import make_plan
from checklist.exports.markdown import _BREAKS, escape, to_markdown
from checklist.text import Strings
from checklist.view import build_view

from .conftest import answers_with
from .test_properties import at_least

WORD_JOINER = "\u2060"  # escape() puts one before "@": invisible, it ends an e-mail's name


class _Rendered(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def render(markdown: str) -> tuple[str, list[str], list[str]]:
    """GFM → HTML (cmark-gfm, every GitHub extension: autolink, table, strikethrough,
    tagfilter, tasklist) → (visible text, tags, comments)."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown)
    parsed = _Rendered()
    parsed.feed(html)
    parsed.close()
    return "".join(parsed.text).strip(), parsed.tags, parsed.comments


def shows_as_typed(text: str) -> None:
    escaped = escape(text)
    assert "\n" not in escaped
    html = cmarkgfm.github_flavored_markdown_to_html(escaped)
    assert "<a " not in html, (text, escaped, html)
    shown, tags, comments = render(escaped)
    expected = _BREAKS.sub(" ", text).strip()
    assert tags in ([], ["p"]), (text, escaped, html)
    assert comments == [], (text, escaped, html)
    assert shown.replace(WORD_JOINER, "") == expected.replace(WORD_JOINER, ""), (text, html)


HOSTILE = [
    "https://evil.example/pay?x=1",
    "http://a.b",
    "HTTPS://EVIL.EXAMPLE",
    "ftp://files.example/x",
    "www.evil.example",
    "WWW.Evil.Example/path",
    "(www.evil.example)",
    "*www.evil.example*",
    "_www.evil.example_",
    "~www.evil.example~",
    "name@host.example",
    "first.last+tag@sub.host.example",
    "mailto:name@host.example",
    "xmpp:name@host.example/resource",
    "Facture https://x.y/z, www.a.b et c@d.ef",
    "<https://evil.example>",
    "<name@host.example>",
    "[x](javascript:alert(1))",
    "[x]: https://evil.example",
    "![img](https://evil.example/i.png)",
    "F-2026-001 (voir http://intranet.local)",
    "https\\://escaped.example",
    "www\\.escaped.example",
    "a\\@b.cd",
    "https:/\u200b/x.y",
    "1. https://a.b",
    "- www.a.b",
    "# name@host.example",
    "| https://a.b | c@d.ef |",
    "&lt;a href=x&gt;",
    "`https://a.b`",
    "Banque Durand & Fils",
    "",
    "   ",
]

PIECES = ("http", "https", "HTTP", "ftp", "mailto", "xmpp", "www", "WWW", ":", "://", "//",
          "/", "@", ".", ".", "com", "example", "a", "_", "-", "+", " ", "(", ")", "*", "~",
          "<", ">", "\\", "&", "#", "!", "[", "]", "`", "|", "=", "1", "é", "\u2060", "\u00a0")
url_like = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_reader_text_shows_as_typed_without_links(text: str) -> None:
    shows_as_typed(text)


@settings(max_examples=at_least(500), deadline=None)
@given(url_like | any_text | st.tuples(any_text, url_like, any_text).map("".join))
@example("www.a.b")
@example("a@b.cd")
def test_escaped_text_renders_as_typed_in_gfm(text: str) -> None:
    shows_as_typed(text)


def test_markdown_export_has_no_autolink(checklist: dict[str, object],
                                         strings_fr: Strings) -> None:
    answers = answers_with(client={"name": "www.banque-durand.example",
                                   "contact": "alex.martin@banque-durand.example"},
                           invoices=[{"amount": 4200.0, "due": "2026-09-30",
                                      "ref": "https://factures.example/F-001"}])
    plan = make_plan(answers, checklist)
    text = to_markdown(build_view(plan, checklist, strings_fr), strings_fr)
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    assert "factures.example" in html
    assert 'href="https://factures.example' not in html
    assert "mailto:" not in html and 'href="http://www.' not in html
