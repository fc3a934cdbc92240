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


@pytest.mark.parametrize("page_path", ["docs/en/timing.md", "docs/fr/planner.md"])
def test_malformed_item_fails_the_build_with_file_and_line(tmp_path: Path, page_path: str) -> None:
    # planner.md starts with YAML front matter: line numbers must still be the file's own.
    project = copy_project(tmp_path / "project")
    page = project / page_path
    lines = page.read_text(encoding="utf-8").splitlines()
    lines += ["", "## Broken {#broken}", "", "- [ ] Do it. {#timing-broken phase=someday}"]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        f"{page_path}:{len(lines)}: unknown phase 'someday' (expected one of: "
        "prepare, announce, handover, after)"
    ) in result.stderr


def test_duplicate_id_across_pages_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "fr" / "after.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text + "\n- [ ] Encore. {#handover-revoke-access phase=after}\n", encoding="utf-8"
    )
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "duplicate id 'handover-revoke-access'" in result.stderr
    assert "docs/fr/after.md:" in result.stderr


def test_misspelt_condition_or_template_id_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "en" / "timing.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines += ["", "## Broken {#broken}", "",
              "- [ ] Do it. {#timing-broken phase=prepare when=agency+overdue_invoice}",
              "", "```text {#tpl-anounce-email}", "Hello {client}", "```"]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert (f"docs/en/timing.md:{len(lines) - 4}: unknown situation 'overdue_invoice' in "
            "when=") in result.stderr
    assert f"docs/en/timing.md:{len(lines) - 2}: unknown template id 'tpl-anounce-email'" in (
        result.stderr)


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
