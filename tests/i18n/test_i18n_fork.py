"""Forking to localise, end to end: the real project passes `status`; a copy gets a German
translation with `new de`, is "translated" by a script, builds strictly, serves a German
planner in chromium, and `status` follows what happens to it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from checklist.authoring.i18n import STRING_MARKER, page_markers, toml_keys
from tests.browser.planner_page import wait_for_state
from tests.conftest import ROOT, SiteServer, build_site, copy_project
from tests.i18n.conftest import problem_lines, run_i18n

TAG = "[de] "
_TASK = re.compile(r"^(\s*[-*+] \[[ xX]\] )")
_SIMPLE_ITEM = re.compile(r"^- \[ \] .+\{#(?P<id>[a-z0-9-]+) phase=[^{}]*\}$")


def test_the_shipped_translations_are_complete() -> None:
    result = run_i18n(ROOT, "status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "en: complete" in result.stdout.splitlines()


def _translate_pages(folder: Path) -> None:
    for path in folder.rglob("*.md"):
        lines = path.read_text(encoding="utf-8").split("\n")
        drop = set(page_markers("\n".join(lines)))
        path.write_text("\n".join(_TASK.sub(rf"\g<1>{TAG}", line)
                                  for number, line in enumerate(lines, start=1)
                                  if number not in drop), encoding="utf-8")


def _translate_strings(folder: Path) -> None:
    for path in folder.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        keys = {number: key for number, key, _ in toml_keys(text)}
        out = []
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip() == STRING_MARKER:
                continue
            key = keys.get(number, "")
            if key and not key.startswith(("format.", "meta.")):
                line = re.sub(r'=\s*"(?!"")', f'= "{TAG}', line, count=1)
            out.append(line)
        path.write_text("\n".join(out), encoding="utf-8")


def _checklist(site: Path, prefix: str) -> dict:
    return json.loads((site / prefix / "checklist.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.browser
def test_fork_to_german(tmp_path: Path, browser: Browser) -> None:
    project = copy_project(tmp_path / "project")
    started = run_i18n(project, "new", "de", "--name", "Deutsch")
    assert started.returncode == 0, started.stderr
    before = run_i18n(project, "status", "--lang", "de")
    assert before.returncode == 1
    assert {line.split(": ")[1] for line in problem_lines(before.stdout, "de")} == {
        "untranslated"}

    _translate_pages(project / "docs" / "de")
    _translate_strings(project / "locales" / "de")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"  {STRING_MARKER}", ""),
                      encoding="utf-8")

    site = tmp_path / "site"
    built = build_site(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    french, german = _checklist(site, ""), _checklist(site, "de")
    assert german["lang"] == "de"
    assert [item["id"] for item in german["items"]] == [item["id"] for item in french["items"]]
    assert [t["id"] for t in german["templates"]] == [t["id"] for t in french["templates"]]
    assert all(item["text"].startswith(TAG) for item in german["items"])

    server = SiteServer(site)
    server.thread.start()
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(server.url("de/planner/"))
        assert page.get_attribute("html", "lang") == "de"
        labels = page.locator("#fdm-checklist [data-item] + label").all_inner_texts()
        assert len(labels) == len(german["items"])
        assert all(label.startswith(TAG) for label in labels)
        assert page.inner_text("#fdm-checklist-heading").startswith(TAG)
        if (project / "checklist" / "api.py").is_file():
            # A fresh planner waits for the required answers ("invalid"); Python's version is
            # said in the "about" line.
            assert wait_for_state(page, "ready", "invalid", "failed") != "failed", \
                page.inner_text("#fdm-status")
            assert page.inner_text("#fdm-status").startswith(TAG)
            assert re.match(rf"{re.escape(TAG)}.*Python 3\.\d+", page.inner_text("#fdm-about"))
    finally:
        context.close()
        server.httpd.shutdown()

    done = run_i18n(project, "status", "--lang", "de")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "de: complete"

    # Remove one item from one German page: status names exactly that item.
    for path in sorted((project / "docs" / "de").glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        found = next((n for n, line in enumerate(lines[:-1]) if _SIMPLE_ITEM.match(line)
                      and not lines[n + 1].startswith(" ")), None)
        if found is not None:
            removed = _SIMPLE_ITEM.match(lines[found])["id"]  # type: ignore[index]
            path.write_text("\n".join(lines[:found] + lines[found + 1:]), encoding="utf-8")
            break
    else:
        pytest.fail("no one-line item in the German pages")
    broken = run_i18n(project, "status", "--lang", "de")
    assert broken.returncode == 1
    [line] = problem_lines(broken.stdout, "de")
    assert line.startswith(f"de item {removed}: missing: in docs/fr/{path.name}:")
