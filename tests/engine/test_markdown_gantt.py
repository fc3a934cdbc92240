"""The Markdown export's timeline as a Mermaid gantt block (issue 16): the same dates as the
view, and reader text that cannot break the block. Mermaid itself parses and draws these
blocks in tests/browser/test_planner_timeline.py; here each line is checked against the gantt
grammar's lexer rules (mermaid 12, ganttDiagram: a task is `name : data`, the name is
`[^:\\n]+` and must not start with a keyword, the data is `[^#\\n;]+`)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from checklist.api import build_view, make_plan
from checklist.exports.markdown import gantt, gantt_text, to_markdown
from checklist.text import Strings

from .conftest import answers_with

# Reader text cannot hold a line break (the answers refuse control characters).
HOSTILE = "```# <img src=x onerror=alert(1)>: crit, 1d; %% ##35;"
_KEYWORD = re.compile(r"(?i)^(%|gantt|dateformat|axisformat|section|title|click|includes|"
                      r"excludes|todaymarker|weekday|weekend|acc|href|call|\d{4}-\d\d-\d\d)")
_TASK = re.compile(r"^    (?P<name>[^:\n]+) : (?P<data>[^#\n;:]+)$")
_DATA = re.compile(r"^(?:(?:crit, )?milestone, (?P<day>\d{4}-\d\d-\d\d), 0d"
                   r"|(?P<start>\d{4}-\d\d-\d\d), (?P<end>\d{4}-\d\d-\d\d))$")


def parse_gantt(markdown: str) -> dict[str, Any]:
    """The block's sections and tasks, failing on any line outside the grammar."""
    match = re.search(r"^```mermaid\n(.*?)\n```$", markdown, re.S | re.M)
    assert match, markdown
    lines = match.group(1).split("\n")
    assert lines[:3] == ["gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m-%d"]
    sections: list[str] = []
    tasks: list[tuple[str, str, str, str]] = []  # (section, name, start, end or "")
    for line in lines[3:]:
        if line.startswith("    section "):
            sections.append(line.removeprefix("    section "))
            continue
        task = _TASK.match(line)
        assert task, line
        name = task.group("name")
        assert not _KEYWORD.match(name) and "#" not in name and "`" not in name, line
        assert "<" not in name and ">" not in name and "%" not in name, line
        data = _DATA.match(task.group("data"))
        assert data, line
        start = data.group("day") or data.group("start")
        tasks.append((sections[-1], name, start, data.group("end") or ""))
    return {"sections": sections, "tasks": tasks}


def export(checklist: dict[str, Any], strings: Strings, **changes: Any) -> tuple[
        dict[str, Any], str]:
    view = build_view(make_plan(answers_with(**changes), checklist), checklist, strings)
    return view, to_markdown(view, strings)


@pytest.mark.parametrize("changes", [
    {},
    {"today": "2026-11-30", "desired_last_day": "2027-02-26"},
    {"contract": {"type": "fixed_term", "start": "2026-01-05", "end": "2027-03-31",
                  "notice": 30, "intermediary": "none"}},
    {"initiator": "client", "client_notice_received": "2026-11-25",
     "client_last_day": "2026-12-10", "daily_rate": 500},
    {"invoices": [{"amount": 100, "due": "2026-10-01", "paid": False, "ref": HOSTILE},
                  {"amount": 50, "due": "2026-06-01", "paid": True, "ref": "paid"}],
     "client": {"name": HOSTILE}},
])
def test_gantt_has_the_views_dates(checklist: dict[str, Any], strings_fr: Strings,
                                   changes: dict[str, Any]) -> None:
    view, markdown = export(checklist, strings_fr, **changes)
    chart = parse_gantt(markdown)
    starts = sorted(task[2] for task in chart["tasks"])
    marks = sorted(entry["date"] for entry in view["timeline"]
                   if entry["kind"] != "handover_start")
    bands = {(band["start"], (date.fromisoformat(band["end"]) + timedelta(1)).isoformat())
             for band in view["timeline_bands"]}
    assert bands == {(task[2], task[3]) for task in chart["tasks"] if task[3]}
    assert sorted(marks + [start for start, _ in bands]) == starts
    assert chart["sections"][0] == "Préparer"
    assert len(set(chart["sections"])) == len(chart["sections"])
    # Exactly one fence opens the block and one closes it: the hostile text adds none.
    assert markdown.count("```mermaid") == 1


def test_hostile_reference_stays_one_task_name(checklist: dict[str, Any],
                                               strings_en: Strings) -> None:
    _, markdown = export(checklist, strings_en, invoices=[
        {"amount": 100, "due": "2026-10-01", "paid": False, "ref": HOSTILE}])
    tasks = parse_gantt(markdown)["tasks"]
    hostile = [task for task in tasks if "img" in task[1]]
    assert len(hostile) == 1 and hostile[0][2] == "2026-10-01"
    assert hostile[0][1] == ("Invoice '''\uff03 \u2039img src=x onerror=alert(1)\u203a"
                             "\u2236 crit, 1d, \uff05\uff05 \uff03\uff0335, due (€100.00)")


@pytest.mark.parametrize(("text", "expected"), [
    ("section 5", "\u2060section 5"),
    ("2026-01-01 invoice", "\u20602026-01-01 invoice"),
    ("%% comment", "\uff05\uff05 comment"),
    ("Click here", "\u2060Click here"),
    ("a:b#c;d", "a\u2236b\uff03c,d"),
    ("line\nbreak", "line break"),
    ("", "-"),
])
def test_gantt_text(text: str, expected: str) -> None:
    assert gantt_text(text) == expected


def test_no_dates_no_block(strings_fr: Strings) -> None:
    assert gantt({"timeline": [], "timeline_bands": []}, strings_fr) == ""
