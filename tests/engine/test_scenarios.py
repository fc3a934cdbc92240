"""The scenario files (tests/scenarios/*.json): one per exit route × counterparty that makes
sense. Each states the route, the counterparty, the letters present and absent, the risks
and key figures; every plan is built from the real guide, in French and English, and
checked for what a freelancer sending its letters needs: no contradiction, true dates,
the right recipient, every field filled."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from checklist.api import build_view, make_plan, validate
from checklist.authoring.guide import load_checklist
from checklist.rules.fr import RULES

from .conftest import ROOT, load_locale

SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.json"))
ROUTES_COVERED = {
    "open_ended_notice", "fixed_term_at_term", "fixed_term_early_clause",
    "fixed_term_early_agreement", "deliverable_complete", "deliverable_early_agreement",
    "client_ends_open_ended", "client_ends_fixed_term_early", "client_ends_deliverable"}


@cache
def guide(lang: str) -> dict[str, Any]:
    return load_checklist(ROOT / "docs", lang)


def test_scenarios_cover_every_route_and_counterparty() -> None:
    plans = [make_plan(json.loads(p.read_text())["answers"], guide("fr")) for p in SCENARIOS]
    assert {plan["route"] for plan in plans} == ROUTES_COVERED
    assert {plan["counterparty"] for plan in plans} == {"client", "agency", "platform",
                                                         "umbrella"}


def check_plan_invariants(plan: dict[str, Any]) -> None:
    """What must hold in every plan, whatever the answers (also used by the properties)."""
    today = date.fromisoformat(plan["dates"]["today"])
    days = RULES.working_days
    ids = [m["id"] for m in plan["messages"]]
    assert not ("tpl-notice-letter" in ids and "tpl-early-exit-agreement" in ids)
    if plan["counterparty"] == "umbrella":
        assert all(m["to"] != "counterparty" for m in plan["messages"]), ids
    for message in plan["messages"]:
        sent = date.fromisoformat(message["send_on"])
        assert sent >= today and days.is_working_day(sent), message["id"]
        if message["id"] == "tpl-formal-demand":
            deadline = date.fromisoformat(message["deadline"])
            assert deadline > sent and days.is_working_day(deadline)
            values = message["values"]
            reminder = date.fromisoformat(values.get("reminder_date") or (
                values.get("invoices_intro") or {}).get("reminder_date"))
            assert reminder < sent
    for step in plan["steps"]:
        assert days.is_working_day(date.fromisoformat(step["due"])), step
    for name in ("announce", "handover_start", "follow_up", "send_by", "renewal_send_by",
                 "last_working_day"):
        if name in plan["dates"]:
            assert days.is_working_day(date.fromisoformat(plan["dates"][name])), name
    # Nothing before leaving is due after the last day worked (issue 20); when that day has
    # passed, what was left is due now and marked late.
    last_worked = date.fromisoformat(plan["dates"].get("last_working_day",
                                                        plan["dates"]["last_day"]))
    for step in plan["steps"]:
        if step["phase"] in ("prepare", "announce", "handover"):
            due = date.fromisoformat(step["due"])
            assert due <= last_worked or step.get("late"), step
    # Every letter that proposes a day for the last steps proposes a working day.
    for message in plan["messages"]:
        for name in ("last_working_day", "handover_start"):
            value = message["values"].get(name)
            if isinstance(value, str):
                assert days.is_working_day(date.fromisoformat(value)), (message["id"], name)
    # The handover plan proposes when the sessions start: it goes out by then, never
    # after a start date it would announce as already past.
    for message in plan["messages"]:
        if message["id"] == "tpl-handover-plan":
            assert message["send_on"] <= plan["dates"]["handover_start"], message["send_on"]
    # The announcement says the handover plan comes "in the next few days" only when it
    # does; when it goes out the same day, the handover has begun.
    sent = {m["id"]: m for m in plan["messages"]}
    if "tpl-announce-email" in sent and "tpl-handover-plan" in sent:
        offer = sent["tpl-announce-email"]["values"]["handover_offer"]["variant"]
        same_day = sent["tpl-handover-plan"]["send_on"] == sent["tpl-announce-email"]["send_on"]
        assert (offer == "now") == same_day, (offer, sent["tpl-handover-plan"]["send_on"])
    # The claim the insolvency risk states is the one the declaration declares.
    risks = {risk["code"]: risk for risk in plan["risks"]}
    for message in plan["messages"]:
        if message["id"] == "tpl-claim-declaration" and message["send_on"] == str(today):
            stated = risks["insolvency_claim_deadline"]["params"]["claim_total"]
            assert stated == (message["values"].get("declared_total") or 0), stated
    # An invoice nearing its limitation date has a step dated before that date.
    limitation = plan["money"].get("limitation_date")
    if limitation is not None and plan["steps"]:
        acts = [s for s in plan["steps"] if s["id"] == "pay-limitation-act"]
        if any(True for _ in acts):
            assert all(s["due"] < limitation for s in acts)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_scenario(path: Path, lang: str) -> None:
    scenario: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert scenario["description"]
    answers, expect = scenario["answers"], scenario["expect"]
    assert validate(answers) == []
    plan = make_plan(answers, guide(lang))
    assert plan["route"] == expect["route"]
    assert plan["counterparty"] == expect["counterparty"]
    letters = [m["id"] for m in plan["messages"]]
    assert sorted(letters) == sorted(expect["letters"])
    assert not set(expect.get("letters_absent", [])) & set(letters)
    assert sorted(r["code"] for r in plan["risks"]) == sorted(expect["risks"])
    steps = {s["id"] for s in plan["steps"]}
    assert set(expect.get("steps_include", [])) <= steps
    assert not set(expect.get("steps_exclude", [])) & steps
    for name, value in expect.get("dates", {}).items():
        assert plan["dates"][name] == value, name
    for name, value in expect.get("money", {}).items():
        assert plan["money"][name] == value, name
    owed = expect.get("client_notice", {})
    for name in ("owed_days", "owed_last_day"):
        if name in owed:
            assert plan["client_notice"][name] == owed[name], name
    if "estimate_min" in owed:
        assert owed["estimate_min"] <= plan["client_notice"]["estimate"] <= owed["estimate_max"]
    for message in plan["messages"]:
        if "recipient" in expect and message["to"] != "contact":
            assert message["values"].get("recipient", expect["recipient"]) == expect["recipient"]
    check_plan_invariants(plan)
    view = build_view(plan, guide(lang), load_locale(lang))
    assert "⟦" not in json.dumps(view, ensure_ascii=False)
    if "summary_includes" in expect:
        assert expect["summary_includes"][lang] in view["summary"]
    for message in view["messages"]:
        # Every name was given: a letter must be complete, ready to send.
        assert message["unfilled"] == [], (message["id"], message["unfilled"])
        assert "{" not in message["body"]
    check_view_invariants(view)


def check_view_invariants(view: dict[str, Any]) -> None:
    """What must hold in every view, whatever the answers (also used by the properties)."""
    # Every date the plan explains has its explanation, and a deadline is told once.
    for entry in view["dates"]:
        assert entry["text"].strip(), entry["subject"]
    marks = [(entry["date"], entry["item"]) for entry in view["timeline"]]
    assert len(marks) == len(set(marks)), marks
    deadlines = [entry["date"] for entry in view["timeline"]
                 if entry["kind"] in ("send_by", "renewal_send_by")]
    assert len(deadlines) == len(set(deadlines)), deadlines
