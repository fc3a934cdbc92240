"""Exports: Markdown (escaped), iCalendar (RFC 5545), JSON (stable)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest

from checklist.api import make_plan
from checklist.exports.ics import escape_text, fold, to_ics
from checklist.exports.json_export import to_json
from checklist.exports.markdown import escape, fence, to_markdown
from checklist.text import Strings
from checklist.view import build_view

from .conftest import answers_with


def md(plan: dict[str, Any], checklist: dict[str, Any], strings: Strings,
       base_url: str = "") -> str:
    return to_markdown(build_view(plan, checklist, strings), strings, base_url=base_url)


def ics(plan: dict[str, Any], checklist: dict[str, Any], strings: Strings,
        base_url: str = "") -> str:
    return to_ics(build_view(plan, checklist, strings), strings, base_url=base_url)


def events(text: str) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.errors == []
    found = calendar.walk("VEVENT")
    uids = [str(event["UID"]) for event in found]
    assert len(uids) == len(set(uids)), "duplicate UIDs in one calendar"
    return list(found)


def item_text(checklist: dict[str, Any], item_id: str) -> str:
    return next(str(item["text"]) for item in checklist["items"] if item["id"] == item_id)

HOSTILE = "Evil *Corp* [x](javascript:alert(1)) <img src=x> `code` | ~~del~~ # & \\"


@pytest.mark.parametrize(("text", "expected"), [
    ("plain text", "plain text"),
    ("*bold*", r"\*bold\*"),
    ("[a](b)", r"\[a\](b)"),
    ("<script>", r"\<script\>"),
    ("# title", r"\# title"),
    ("- item", r"\- item"),
    ("1. item", r"1\. item"),
    ("a | b", r"a \| b"),
    ("two\nlines", "two lines"),
    ("back\\slash", "back\\\\slash"),
    ("4\u202f200,00\u00a0€", "4\u202f200,00\u00a0€"),
])
def test_markdown_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_fence_is_longer_than_any_backtick_run() -> None:
    block = fence("a ```` b")
    assert block.startswith("`````text\n") and block.endswith("\n`````")


def test_markdown_export(checklist: dict[str, Any], strings_fr: Strings) -> None:
    answers = answers_with(client={"name": HOSTILE}, holds_client_assets=True,
                           invoices=[{"amount": 4200.0, "due": "2026-09-30",
                                      "ref": "F*1|2 <img src=x> [y](javascript:z)"}])
    plan = make_plan(answers, checklist)
    text = md(plan, checklist, strings_fr)
    assert text.startswith("# Plan de fin de mission\n")
    assert "## Risques et points d'attention" in text
    assert f"- [ ] {item_text(checklist, 'handover-revoke-access')}" in text
    assert r"facture F\*1\|2" in text  # user text escaped in the invoice table
    # Inside message code blocks the name shows as typed; the fence cannot be closed early.
    fenced = re.findall(r"(?ms)^(`{3,})text\n(.*?)^\1$", text)
    assert any(HOSTILE in body for _, body in fenced)
    outside = re.sub(r"(?ms)^(`{3,})text\n.*?^\1$", "", text)
    assert re.search(r"(?<!\\)<img", outside) is None
    assert re.search(r"(?<!\\)\]\(javascript:", outside) is None
    assert r"\[y\](javascript:z)" in outside  # shown as typed


def test_markdown_links_guide_sections_with_a_base_url(checklist: dict[str, Any],
                                                       strings_en: Strings) -> None:
    plan = make_plan(answers_with(), checklist)
    text = md(plan, checklist, strings_en, base_url="https://example.org/en/")
    assert "(https://example.org/en/handover/#plan)" in text
    assert "## Key dates" in text


def test_ics_helpers() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line
    assert fold("short") == "short"


def test_ics_export(checklist: dict[str, Any], strings_fr: Strings) -> None:
    plan = make_plan(answers_with(client={"name": HOSTILE}, holds_client_assets=True), checklist)
    text = ics(plan, checklist, strings_fr)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.errors == []
    events = calendar.walk("VEVENT")
    assert events
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    for event in events:
        assert event.errors == []
        assert event["DTSTAMP"].dt.isoformat() == "2026-11-26T00:00:00+00:00"
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert (end - start).days == 1
        assert event["DTSTART"].params.get("VALUE") == "DATE"
    summaries = [str(event["SUMMARY"]) for event in events]
    assert "Dernier jour de mission" in summaries
    assert text == ics(plan, checklist, strings_fr)


def test_ics_uids_are_stable_across_days(checklist: dict[str, Any], strings_fr: Strings) -> None:
    one = ics(make_plan(answers_with(desired_last_day="2027-02-01", invoices=[]),
                        checklist), checklist, strings_fr)
    two = ics(make_plan(answers_with(desired_last_day="2027-02-01", invoices=[],
                                     today="2026-11-27"), checklist), checklist, strings_fr)
    uid = re.compile(r"UID:(\S+)\r\nDTSTAMP:\S+\r\nDTSTART;VALUE=DATE:20270201\r\n")
    assert uid.findall(one) and set(uid.findall(one)) == set(uid.findall(two))


def test_ics_reimported_after_a_change_updates_its_events(checklist: dict[str, Any],
                                                          strings_fr: Strings) -> None:
    """Plan A, then the same mission with a later last day: every event of the second
    calendar has a UID of the first (a calendar updates them), and the moved ones moved."""
    before = {str(e["UID"]): e for e in events(ics(make_plan(answers_with(
        client={"name": "Banque Durand"}, desired_last_day="2027-01-29"), checklist),
        checklist, strings_fr))}
    after = {str(e["UID"]): e for e in events(ics(make_plan(answers_with(
        client={"name": "Banque Durand"}, desired_last_day="2027-02-26"), checklist),
        checklist, strings_fr))}
    assert set(after) == set(before)
    moved = {uid for uid in after if after[uid]["DTSTART"].dt != before[uid]["DTSTART"].dt}
    assert {str(after[uid]["SUMMARY"]) for uid in moved} >= {
        "Dernier jour de mission", "Envoyez la facture finale."}
    assert all(after[uid]["DTSTAMP"].dt == before[uid]["DTSTAMP"].dt for uid in after)


def test_ics_uids_belong_to_the_mission(checklist: dict[str, Any],
                                        strings_fr: Strings) -> None:
    def uids(**changes: Any) -> set[str]:
        plan = make_plan(answers_with(**changes), checklist)
        return {str(e["UID"]) for e in events(ics(plan, checklist, strings_fr))}

    durand = uids(client={"name": "Banque Durand"}, desired_last_day="2027-01-29")
    assert uids(client={"name": "  banque   DURAND "}, desired_last_day="2027-02-26") == durand
    assert uids(client={"name": "Banque Durand"}, contract={"type": "fixed_term",
                                                       "end": "2027-06-30"}) & durand
    assert not uids(client={"name": "Banque Martin"}) & durand
    assert not uids(client={"name": "Banque Durand"}, contract={"start": "2025-01-06"}) & durand
    # Two missions that nothing identifies (no name, no start) do not share events (25#16).
    anonymous = {"client": {"name": ""}, "contract": {"start": None}}
    first = uids(**anonymous, today="2026-11-26")
    assert not first & uids(**anonymous, today="2026-12-03")
    assert not first & uids(**anonymous, today="2026-11-26",
                            intermediary={"name": "Conseil Plus"})


def test_ics_same_invoices_get_distinct_events(checklist: dict[str, Any],
                                               strings_fr: Strings) -> None:
    invoice = {"amount": 1500.0, "due": "2026-12-15", "ref": "F-7"}
    plan = make_plan(answers_with(invoices=[invoice, dict(invoice)]), checklist)
    found = [e for e in events(ics(plan, checklist, strings_fr))
             if "F-7" in str(e["SUMMARY"])]
    assert len(found) == 2  # events() checked that their UIDs differ


def test_ics_groups_same_day_steps_with_absolute_links(checklist_en: dict[str, Any],
                                                       strings_en: Strings) -> None:
    plan = make_plan(answers_with(holds_client_assets=True), checklist_en)
    view = build_view(plan, checklist_en, strings_en)
    steps = [step for phase in view["phases"] for step in phase["steps"]]
    found = events(to_ics(view, strings_en, base_url="https://example.org/en/"))
    step_events = [e for e in found if "See the guide" in str(e.get("DESCRIPTION", ""))]
    days = [e["DTSTART"].dt for e in step_events]
    assert len(days) == len(set(days)) < len(steps)  # one event per day, several share one
    grouped = [e for e in step_events if " steps of your exit plan" in str(e["SUMMARY"])]
    assert grouped
    listed = "".join(str(e["SUMMARY"]) + str(e["DESCRIPTION"]) for e in step_events)
    for step in steps:
        assert step["text"] in listed
        assert f"See the guide: https://example.org/en/{step['url']}" in listed
    relative = ics(plan, checklist_en, strings_en)
    assert "https://" not in relative.replace("\r\n ", "")


def test_cli_and_api_pass_the_base_url_to_ics(checklist: dict[str, Any]) -> None:
    from checklist.api import run

    from .conftest import locale_table
    response = json.loads(run(json.dumps({
        "answers": answers_with(), "checklist": checklist, "strings": locale_table("fr"),
        "exports": ["ics"], "base_url": "https://example.org/"})))
    assert response["ok"], response["errors"]
    unfolded = response["exports"]["ics"].replace("\r\n ", "")
    assert "Voir le guide : https://example.org/" in unfolded


def test_cli_passes_the_base_url_to_ics(tmp_path: Path) -> None:
    import io

    from checklist import cli

    from .conftest import FIXTURES
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(answers_with()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["plan", str(answers), "--format", "ics", "--lang", "en",
                     "--checklist", str(FIXTURES / "checklist.en.json"),
                     "--base-url", "https://example.org/en/"], out=out, err=err)
    assert code == 0, err.getvalue()
    assert "See the guide: https://example.org/en/" in out.getvalue().replace("\r\n ", "")


def test_json_export_is_sorted_and_stable(checklist: dict[str, Any]) -> None:
    plan = make_plan(answers_with(), checklist)
    text = to_json(plan)
    assert text.endswith("}\n")
    assert json.loads(text) == plan
    assert list(json.loads(text)) == sorted(plan)
    assert text == to_json(json.loads(text))
