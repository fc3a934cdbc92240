"""An item's text reaches the planner page as the guide shows it: inline Markdown rendered,
anything else escaped (checklist.authoring.guide.inline_html, the `item_html` filter)."""

from __future__ import annotations

import pytest

from checklist.authoring.guide import inline_html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Send **the** *final* `invoice`.", "Send <strong>the</strong> <em>final</em> "
         "<code>invoice</code>."),
        ("Keep <b>this</b> as typed.", "Keep &lt;b&gt;this&lt;/b&gt; as typed."),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('Tom & Jerry "quoted" d\'accord', 'Tom &amp; Jerry &quot;quoted&quot; d\'accord'),
        ("Read [the notice](timing.md#notice) first.", "Read the notice first."),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),  # refused: stays text
        ("A literal \\*star\\*.", "A literal *star*."),
    ],
)
def test_inline_markdown_rendered_everything_else_escaped(text: str, html: str) -> None:
    assert inline_html(text) == html
