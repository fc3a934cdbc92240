"""What a page's rendered content may hold (hooks/content_security_policy.py): the elements
and attributes Markdown makes, nothing else. The guide reader refuses raw HTML with its line;
this allow-list catches what Python-Markdown reads differently from it (six spaces of indent
in a list item are code for the reader, a paragraph for Python-Markdown: test_build.py)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parents[2] / "hooks"


@pytest.fixture(scope="module")
def refused_content() -> Callable[[str], list[str]]:
    sys.path.insert(0, str(HOOKS))  # as MkDocs loads hooks: beside each other
    try:
        return importlib.import_module("content_security_policy").refused_content
    finally:
        sys.path.remove(str(HOOKS))


def test_what_markdown_makes_passes(refused_content: Callable[[str], list[str]]) -> None:
    content = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>\n'
        '<p>Text <strong>b</strong> <em>i</em> <code>c</code> <a href="../timing/#x">link</a>'
        ' <a href="https://example.org/">out</a> <a href="mailto:a@b.fr">mail</a>'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>\n'
        '<!-- i18n: translate from fr -->\n'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>\n'
        '<details class="info"><summary>More</summary><p>x</p></details>\n'
        '<table><thead><tr><th style="text-align: left;">h</th></tr></thead></table>\n'
        '<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled '
        'aria-hidden="true" data-item="law-a"/> item</li></ul>\n'
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:1"><input checked="checked" '
        'id="__tabbed_1_1" name="__tabbed_1" type="radio" /><div class="tabbed-labels">'
        '<label for="__tabbed_1_1">Tab</label></div></div>\n'
        '<div class="highlight"><pre><span></span><code>x</code></pre></div>\n'
        '<dl><dt>t</dt><dd>d</dd></dl><p><abbr title="x">X</abbr><br /></p><hr />\n'
    )
    assert refused_content(content) == []


@pytest.mark.parametrize(
    ("content", "refused"),
    [
        ('<p><iframe src="https://example.org/"></iframe></p>', ["<iframe>"]),
        ('<meta http-equiv="refresh" content="0; url=https://example.org/">',
         ["<meta>", "<meta http-equiv>", "<meta content>"]),
        ('<p onclick="alert(1)">x</p>', ["<p onclick>"]),
        ('<a href="javascript:alert(1)">x</a>', ['<a href="javascript:alert(1)">']),
        ('<a href=" JaVa&#x09;Script:alert(1)">x</a>', ['<a href=" JaVa\tScript:alert(1)">']),
        ('<img alt="" src="data:image/png;base64,AAAA">',
         ['<img src="data:image/png;base64,AAAA">']),
        ('<td style="background: url(https://example.org/)">x</td>', ["<td style>"]),
        ("<script>alert(1)</script>", ["<script>"]),
    ],
)
def test_anything_else_is_refused(refused_content: Callable[[str], list[str]], content: str,
                                  refused: list[str]) -> None:
    assert refused_content(content) == refused
