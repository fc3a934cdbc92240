"""The real site builds strictly, publishes checklist data for each language, keeps Pyodide
off the guide pages, and a malformed guide page fails the build with file:line."""

from __future__ import annotations

import json
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest

from checklist.data import validate_checklist
from checklist.vocabulary import TEMPLATE_FIELDS
from tests.conftest import build_site, copy_project

# Every test here builds the site (the shared build or a copy of the project).
pytestmark = pytest.mark.slow

LANGUAGES = {"fr": "", "en": "en/"}
# What the page shows and links besides what the engine checks (checklist.data).
ITEM_KEYS = {
    "id": str,
    "text": str,
    "page": str,
    "section": str,
    "anchor": str,
    "line": int,
    "url": str,
}
TEMPLATE_KEYS = {
    "id": str,
    "title": str,
    "body": str,
    "page": str,
    "anchor": str,
    "line": int,
    "url": str,
}


def _checklist(site: Path, prefix: str) -> dict:
    return json.loads((site / prefix / "checklist.json").read_text(encoding="utf-8"))


def _display_problems(data: dict) -> list[str]:
    problems = []
    for kind, keys in (("items", ITEM_KEYS), ("templates", TEMPLATE_KEYS)):
        for entry in data[kind]:
            problems += [
                f"{entry.get('id')}: {key}"
                for key, type_ in keys.items()
                if not isinstance(entry.get(key), type_)
            ]
    for template in data["templates"]:
        if not set(template["fields"]) <= set(TEMPLATE_FIELDS):
            problems.append(f"{template['id']}: fields")
    return problems


def test_checklist_data_for_each_language_matches_its_schema(built_site: Path) -> None:
    for lang, prefix in LANGUAGES.items():
        data = _checklist(built_site, prefix)
        assert data["schema"] == 2 and data["lang"] == lang and data["items"], lang
        assert validate_checklist(data) == []  # what the engine requires
        assert _display_problems(data) == []  # what the page needs


def test_both_languages_have_the_same_ids(built_site: Path) -> None:
    fr, en = (_checklist(built_site, prefix) for prefix in LANGUAGES.values())
    assert [item["id"] for item in fr["items"]] == [item["id"] for item in en["items"]]
    assert [t["id"] for t in fr["templates"]] == [t["id"] for t in en["templates"]]


def test_item_links_point_to_existing_anchors(built_site: Path) -> None:
    for prefix in LANGUAGES.values():
        for item in _checklist(built_site, prefix)["items"]:
            page, _, anchor = item["url"].partition("#")
            html = (built_site / prefix / page / "index.html").read_text(encoding="utf-8")
            assert f'id="{anchor}"' in html, item["id"]


def test_brace_blocks_never_reach_the_reader(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\{#[a-z]+-[a-z0-9-]+ phase=", text), page


def test_only_the_planner_page_loads_python(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html")]
    loaders = sorted(
        str(p.relative_to(built_site))
        for p in pages
        if "planner.js" in p.read_text(encoding="utf-8")
    )
    assert loaders == ["en/planner/index.html", "planner/index.html"]
    runtime = built_site / "assets" / "pyodide"
    assert [p.name for p in runtime.iterdir()] and not (built_site / "en" / "assets").exists()
    # The engine is inside the stdlib zip the worker loads; the lock passed inline lists no
    # package, so nothing else is fetched.
    (archive,) = runtime.glob("*/python_stdlib-*.zip")
    with zipfile.ZipFile(archive) as stdlib:
        names = set(stdlib.namelist())
    assert {"checklist/api.pyc", "checklist/rules/fr.pyc", "json/__init__.pyc"} <= names
    assert not any(name.startswith("checklist/authoring") for name in names)
    html = (built_site / "planner" / "index.html").read_text(encoding="utf-8")
    boot = re.search(r'<script async src="[^"]*boot\.js"([^>]*)>', html).group(1)
    data = {name: unescape(value) for name, value in re.findall(r'data-(\w+)="([^"]*)"', boot)}
    assert data["stdlib"] == archive.name
    assert json.loads(data["lock"])["packages"] == {}


def test_no_google_fonts_or_other_origins_in_html(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//(?!127\.0\.0\.1)', text), page


def _append(page: Path, *added: str) -> int:
    """Append lines to a page; the line number of the first one added."""
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, *added]) + "\n", encoding="utf-8")
    return len(lines) + 1


def _prepend(page: Path, *added: str) -> None:
    page.write_text("\n".join(added) + "\n" + page.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.fixture(scope="module")
def broken_guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """One build of a copy whose French pages hold one of each problem: the build fails
    once, before writing any page, with every problem and its file:line. Returns the site
    folder, the expected `file:line: message` starts, and what the build printed."""
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    fr = project / "docs" / "fr"
    expected: dict[str, str] = {}
    # planner.md starts with front matter: line numbers stay the file's own.
    at = _append(fr / "planner.md", "", "## Broken {#broken}", "",
                 "- [ ] Do it. {#timing-broken phase=someday}")
    expected["item"] = (f"docs/fr/planner.md:{at + 3}: unknown phase 'someday' (expected one "
                        "of: prepare, announce, handover, after)")
    at = _append(
        fr / "after.md", "", "## Cassé {#casse}", "",
        '<meta http-equiv="refresh" content="0; url=https://example.org/">', "",
        "Du texte,", 'puis <script src="https://example.org/x.js"></script>.', "",
        "Un [lien](javascript:alert(1)) et une ![image](data:image/png;base64,AAAA).", "",
        "Un paragraphe.", '{: onclick="alert(1)"}', "",
        "| Cas | Quoi |", "|---|---|", "| ESN | Prévenir. {#tell-cell phase=announce} |", "",
        "Avant de partir :", "- [ ] Rendre le badge. {#after-badge-broken phase=after}", "",
        "- [ ] Un bloc coupé. {#after-split", "  phase=after}", "",
        "- [ ] Lancer <script>alert(1)</script>. {#after-script-item phase=after}",
        "- [ ] Une condition. {#after-cond phase=prepare when=agency+overdue_invoice}", "",
        "```text {#tpl-anounce-email}", "Bonjour {client}", "```",
    )
    expected |= {
        "meta": f"docs/fr/after.md:{at + 3}: raw HTML in the page (<meta>)",
        "script": f"docs/fr/after.md:{at + 6}: raw HTML in the page (<script>, </script>)",
        "javascript": f"docs/fr/after.md:{at + 8}: link to 'javascript:alert(1)'",
        "data": f"docs/fr/after.md:{at + 8}: image from 'data:image/png;base64,AAAA'",
        "onclick": f"""docs/fr/after.md:{at + 11}: '{{: onclick="alert(1)"}}' would set the HTML """
                   "attribute onclick",
        "cell": f"docs/fr/after.md:{at + 15}: '{{#tell-cell phase=announce}}' would set the "
                "HTML attribute phase",
        "list": f"docs/fr/after.md:{at + 18}: this list follows the line above without a "
                "blank line",
        "split": f"docs/fr/after.md:{at + 20}: the item's brace block is split over two lines",
        "item script": f"docs/fr/after.md:{at + 23}: item 'after-script-item' has raw HTML",
        "condition": f"docs/fr/after.md:{at + 24}: unknown situation 'overdue_invoice' in when=",
        "template": f"docs/fr/after.md:{at + 26}: unknown template id 'tpl-anounce-email'",
    }
    _prepend(fr / "timing.md", "---", "title: [oops", "---", "")
    expected["yaml"] = ("docs/fr/timing.md:2: the front matter is not valid YAML (expected ',' "
                        "or ']', but got '<stream end>', while parsing a flow sequence)")
    _prepend(fr / "legal-notice.md", "---",
             'title: <meta http-equiv="refresh" content="0; url=https://example.org/">', "---")
    expected["title"] = "docs/fr/legal-notice.md:2: front matter 'title' holds <, > or \""
    _prepend(fr / "safety-net.md", "Attention: cette ligne disparaîtrait.", "")
    expected["metadata"] = ("docs/fr/safety-net.md:1: this line reads as page metadata "
                            "('attention: …')")
    _append(fr / "glossary.md", "", "## Doublon {#doublon}", "",
                 "- [ ] Encore. {#handover-revoke-access phase=after}")
    expected["duplicate"] = "duplicate id 'handover-revoke-access'"
    # A numbered task item with "1)": markdown-it-py reads an item, Python-Markdown a line
    # of text without a box; the page would shift every later box's id.
    _append(fr / "before-court.md", "", "## Numérotée {#numerotee}", "",
                 "1) [ ] Une tâche. {#court-numbered phase=after}")
    expected["boxes"] = "docs/fr/before-court.md:"
    site = project.parent / "site"
    result = build_site(project, site)
    assert result.returncode != 0
    return site, expected, result.stderr


@pytest.mark.parametrize("problem", [
    "item", "meta", "script", "javascript", "data", "onclick", "cell", "list", "split",
    "item script", "condition", "template", "yaml", "title", "metadata", "duplicate",
])
def test_a_malformed_guide_fails_the_build_with_every_problem_and_its_line(
    broken_guide: tuple[Path, dict[str, str], str], problem: str
) -> None:
    _, expected, stderr = broken_guide
    assert expected[problem] in stderr


def test_a_task_box_python_markdown_does_not_draw_fails_the_build(
    broken_guide: tuple[Path, dict[str, str], str],
) -> None:
    _, _, stderr = broken_guide
    assert re.search(r"docs/fr/before-court\.md:\d+: the page shows \d+ task boxes for "
                     r"\d+ task items \(.*court-numbered", stderr), stderr
    assert "docs/fr/glossary.md:" in stderr  # where the duplicate is


def test_a_failed_build_writes_no_page(broken_guide: tuple[Path, dict[str, str], str]) -> None:
    site, _, _ = broken_guide
    assert not (site / "index.html").exists() and not (site / "_headers").exists()


def test_what_markdown_would_render_as_live_html_fails_the_build(tmp_path: Path) -> None:
    # Six spaces in a list item: code for the guide reader, a paragraph with a live iframe
    # for Python-Markdown. The rendered content's allow-list refuses it (English pages are
    # built after the French ones).
    project = copy_project(tmp_path / "project")
    at = _append(project / "docs" / "en" / "after.md", "", "- An item", "",
                 '      <iframe src="https://example.org/"></iframe>')
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/en/after.md:{at + 3}: the rendered page holds <iframe>" in result.stderr
    assert not (tmp_path / "site" / "en" / "index.html").exists()


def test_unknown_jurisdiction_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  jurisdiction: fr\n", "  jurisdiction: zz\n"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.jurisdiction 'zz' names no rules set" in result.stderr


def test_every_page_has_a_strict_csp_naming_its_inline_scripts(built_site: Path) -> None:
    import base64
    import hashlib

    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy, page
        assert html.index("Content-Security-Policy") < html.index("<script")
        assert "default-src 'self'" in policy.group(1)
        assert "connect-src 'self'" in policy.group(1)
        for body in re.findall(r"<script>(.*?)</script>", html, re.DOTALL):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy.group(1), page


def test_language_switcher_and_no_google_fonts(built_site: Path) -> None:
    html = (built_site / "timing" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in html and 'href="../en/timing/"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "navigation.instant" not in html


def test_letters_in_the_guide_are_set_in_the_text_font(built_site: Path) -> None:
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert '.highlight[id^="tpl-"] code' in css and "--md-text-font-family" in css
    page = (built_site / "templates" / "index.html").read_text(encoding="utf-8")
    assert '<div id="tpl-announce-email" class="highlight">' in page
