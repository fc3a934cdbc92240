"""Task-item text reaches the planner page as the guide renders it (inline Markdown), never as
live HTML, and a <script> written in guide content fails the build with file:line instead of
being trusted by the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_project

pytestmark = pytest.mark.slow


def _add_lines(page: Path, *added: str) -> int:
    """Append lines to a page; the line number of the first one added."""
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, *added]) + "\n", encoding="utf-8")
    return len(lines) + 1


def test_item_markdown_is_rendered_and_section_titles_escaped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for lang in ("fr", "en"):
        _add_lines(project / "docs" / lang / "after.md", "", "## A `<b>` heading {#tags}", "",
                   "- [ ] Send **the final** invoice & *check* `<b>`. "
                   "{#after-markdown-item phase=after}")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        guide = (tmp_path / "site" / prefix / "after" / "index.html").read_text("utf-8")
        planner = (tmp_path / "site" / prefix / "planner" / "index.html").read_text("utf-8")
        shown = ("Send <strong>the final</strong> invoice &amp; <em>check</em> "
                 "<code>&lt;b&gt;</code>.")
        assert shown in guide  # Python-Markdown on the guide page...
        label = re.search(r'<label for="item-after-markdown-item">(.*?)</label>', planner)
        assert label and label.group(1) == shown  # ...and the same on the planner
        assert "(A &lt;b&gt; heading)</span>" in planner
        assert "<b>" not in planner


@pytest.mark.parametrize(
    ("lines", "offset"),
    [
        (["", "<script>alert(1)</script>"], 1),
        (["", "Some text,", 'then <script src="https://example.org/x.js"></script>.'], 2),
        (["", "- [ ] Run <script>alert(1)</script> now. {#after-script-item phase=after}"], 1),
    ],
)
def test_a_script_in_guide_content_fails_the_build_with_file_and_line(
    tmp_path: Path, lines: list[str], offset: int
) -> None:
    project = copy_project(tmp_path / "project")
    first = _add_lines(project / "docs" / "fr" / "after.md", *lines)
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/fr/after.md:{first + offset}: raw <script> in the page" in result.stderr
    assert not (tmp_path / "site" / "_headers").exists()


def test_a_script_in_front_matter_fails_the_build(tmp_path: Path) -> None:
    # The theme writes a page's title into the navigation as it is.
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "fr" / "after.md"
    page.write_text("---\ntitle: <script>alert(1)</script>\n---\n\n"
                    + page.read_text(encoding="utf-8"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/fr/after.md: the page's content or front matter holds a <script>" in (
        result.stderr)
