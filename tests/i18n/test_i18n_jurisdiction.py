"""A second jurisdiction: a fork adds checklist/rules/<name>.py, names it in mkdocs.yml
(`extra.jurisdiction`) and the planner applies it, with no engine file edited.

The rules set is tests/i18n/fixtures/rules_example.py: a 15-day default notice (France: 30),
an 8 % default penalty rate (3 % base + 5 points), a 25.00 recovery indemnity per invoice
and its own sources."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.planner_page import PLANNER, fill_answers, shown_plan, wait_for_plan
from tests.conftest import ROOT, SiteServer, build_site, copy_project

RULES = Path(__file__).parent / "fixtures" / "rules_example.py"
SCENARIO = ROOT / "tests" / "scenarios" / "11-overdue-invoices.json"

# Runs the engine of a project copy: request JSON on stdin, response JSON on stdout.
_ENGINE = """
import json, sys
from checklist.api import run
print(run(sys.stdin.read()))
"""


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = copy_project(tmp_path_factory.mktemp("example") / "project")
    shutil.copy(RULES, project / "checklist" / "rules" / "example.py")
    config = project / "mkdocs.yml"
    text, count = re.subn(r"(?m)^(\s*jurisdiction:\s*)fr\b", r"\1example",
                          config.read_text(encoding="utf-8"))
    assert count == 1, "mkdocs.yml has no `extra: jurisdiction: fr` to change"
    config.write_text(text, encoding="utf-8")
    site = project.parent / "site"
    built = build_site(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    return project, site


def _answers() -> dict:
    answers = json.loads(SCENARIO.read_text(encoding="utf-8"))["answers"]
    answers["contract"]["notice"] = None  # no notice clause: the default applies
    answers["today"] = "2026-11-30"
    answers["desired_last_day"] = None  # as early as allowed
    return answers


def _page_data(site: Path) -> dict:
    html = (site / PLANNER["en"] / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="fdm-data">(.*?)</script>', html,
                      re.DOTALL)
    assert match, "no planner data in the page"
    return json.loads(match.group(1))


def _run_engine(project: Path, request: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", _ENGINE], input=json.dumps(request),
                          cwd=project, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _plan(project: Path, site: Path, jurisdiction: str | None = None) -> dict:
    data = _page_data(site)
    request = {"answers": _answers(), "checklist": data["checklist"],
               "strings": data["strings"],
               "jurisdiction": jurisdiction or data["jurisdiction"], "with_plan": True}
    response = _run_engine(project, request)
    assert response["ok"], response["errors"]
    return response


def test_no_engine_file_is_edited(example_site: tuple[Path, Path]) -> None:
    project, _ = example_site
    differences = []
    for path in sorted((ROOT / "checklist").rglob("*.py")):
        copy = project / path.relative_to(ROOT)
        if not copy.is_file() or not filecmp.cmp(path, copy, shallow=False):
            differences.append(str(path.relative_to(ROOT)))
    added = sorted(str(p.relative_to(project)) for p in (project / "checklist").rglob("*.py")
                   if not (ROOT / p.relative_to(project)).exists())
    assert differences == []
    assert added == ["checklist/rules/example.py"]


def test_mkdocs_extra_jurisdiction_reaches_the_planner(example_site: tuple[Path, Path]) -> None:
    _, site = example_site
    assert _page_data(site)["jurisdiction"] == "example"


def test_the_plan_applies_the_selected_rules(example_site: tuple[Path, Path]) -> None:
    project, site = example_site
    example = _plan(project, site)
    french = _plan(project, site, "fr")
    plan = example["plan"]
    assert plan["jurisdiction"] == "example" and french["plan"]["jurisdiction"] == "fr"

    assert plan["notice"]["days"] == 15 and french["plan"]["notice"]["days"] == 30
    assert plan["dates"]["last_day"] == "2026-12-15"  # today (30 Nov) + 15 days

    rate = plan["money"]["rate"]
    assert rate["value"] == 8.0  # the example base rate 3 % + 5 points
    assert french["plan"]["money"]["rate"]["value"] != 8.0
    invoices = [i for i in plan["money"]["invoices"] if i["overdue"]]
    assert invoices and all(i["recovery_indemnity"] == 25.0 for i in invoices)

    [risk] = [r for r in plan["risks"] if r["code"] == "overdue_invoices"]
    assert risk["basis"] == ["ex-cc-21", "ex-cc-30"]
    assert risk["params"]["limitation_years"] == 3

    # The reader sees the example sources, with their own references and links.
    [shown] = [r for r in example["view"]["risks"] if r["code"] == "overdue_invoices"]
    assert [(c["text"], c["url"]) for c in shown["basis"]] == [
        ("Example Commercial Code, s. 21 (late payment)",
         "https://example.org/commercial-code#s21"),
        ("Example Commercial Code, s. 30 (limitation)",
         "https://example.org/commercial-code#s30")]
    assert "3 years" in shown["explanation"] and "€25.00" in shown["explanation"]
    assert [c["id"] for c in example["view"]["money"]["rate"]["basis"]] == [
        "ex-cc-21", "ex-data-base-rate"]


def test_every_cited_source_belongs_to_the_selected_rules(
        example_site: tuple[Path, Path]) -> None:
    project, site = example_site
    plan = _plan(project, site)["plan"]
    reasons = {reason["subject"]: reason["rule"] for reason in plan["reasoning"]}
    # No notice clause: the default notice, explained with the example's REASON_BASIS.
    assert set(reasons["dates.earliest_last_day"]) <= {"ex-cc-7", "ex-cc-9"}
    assert reasons["dates.earliest_last_day"]
    assert reasons["dates.handover_start"] == ["ex-practice-handover"]
    cited = {source for rule in reasons.values() for source in rule}
    cited |= {source for risk in plan["risks"] for source in risk["basis"]}
    assert cited and sorted(cited - _run_engine_sources(project)) == []


def _run_engine_sources(project: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    code = "from checklist.rules import get_rules; print(*get_rules('example').sources)"
    done = subprocess.run([sys.executable, "-c", code], cwd=project, env=env,
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.browser
def test_the_browser_planner_uses_the_selected_rules(example_site: tuple[Path, Path],
                                                     browser: Browser) -> None:
    """The engine the site serves (in its stdlib zip) is the fork's, rules set included."""
    _, site = example_site
    server = SiteServer(site)
    server.thread.start()
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(server.url(PLANNER["en"]))
        fill_answers(page, _answers())
        wait_for_plan(page)
        timeline = dict(shown_plan(page)["timeline"])
        assert timeline["last_day"] == "2026-12-15", timeline
        # Citations sit in the folded "Why?" parts: read the text, shown or not.
        assert "Example Commercial Code, s. 21" in (page.text_content("#fdm-risks") or "")
    finally:
        context.close()
        server.httpd.shutdown()
