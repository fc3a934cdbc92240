"""Guide content as readers get it, from one build of a copy with added content: task-item
text reaches the planner page as the guide renders it (inline Markdown), never as live HTML;
items in a `<div markdown>` block and brace blocks on a line of their own render as boxes with
the right ids. (What fails the build instead is in test_build.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_project

pytestmark = pytest.mark.slow

PREFIXES = {"fr": "", "en": "en/"}
ADDED = [
    "", "## A `<b>` heading {#tags}", "",
    "- [ ] Send **the final** invoice & *check* `<b>`. {#after-markdown-item phase=after}",
    "", "## In a block {#in-a-block}", "",
    '<div class="grid" markdown>',
    "- [ ] First in the block. {#after-in-block phase=after}",
    "- [ ] Its brace block on a line of its own",
    "  {#after-own-line phase=after}",
    "</div>",
    "- [ ] After the block. {#after-after-block phase=after}",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("content") / "project")
    for lang in PREFIXES:
        page = project / "docs" / lang / "after.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n".join(ADDED) + "\n",
                        encoding="utf-8")
    site = project.parent / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_item_markdown_is_rendered_and_section_titles_escaped(site: Path) -> None:
    for prefix in PREFIXES.values():
        guide, planner = _html(site, f"{prefix}after"), _html(site, f"{prefix}planner")
        shown = ("Send <strong>the final</strong> invoice &amp; <em>check</em> "
                 "<code>&lt;b&gt;</code>.")
        assert shown in guide  # Python-Markdown on the guide page...
        label = re.search(r'<label for="item-after-markdown-item">(.*?)</label>', planner)
        assert label and label.group(1) == shown  # ...and the same on the planner
        assert "(A &lt;b&gt; heading)</span>" in planner
        assert "<b>" not in planner


def test_every_box_of_a_page_carries_its_own_items_id(site: Path) -> None:
    # Items in a <div markdown> block without blank lines, and a brace block on a line of its
    # own: each is a box on the guide page, in order, and the block is never shown.
    for prefix in PREFIXES.values():
        guide = _html(site, f"{prefix}after")
        items = json.loads((site / prefix / "checklist.json").read_text(encoding="utf-8"))
        expected = [item["id"] for item in items["items"] if item["page"] == "after.md"]
        assert expected[-4:] == ["after-markdown-item", "after-in-block", "after-own-line",
                                 "after-after-block"]
        assert re.findall(r'<input type="checkbox" disabled aria-hidden="true" '
                          r'data-item="([a-z0-9-]+)"/>', guide) == expected
        block = guide[guide.index('<div class="grid">'):guide.index("After the block.")]
        assert "First in the block." in block and "Its brace block on a line of its own" in block
        assert "{#" not in guide and "phase=" not in guide
