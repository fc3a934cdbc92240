"""Steps: chosen by situation, dated by `due` or phase, ordered, never in the past."""

from __future__ import annotations

from typing import Any

from checklist.api import make_plan

from .conftest import answers_with


def steps_for(checklist: dict[str, Any], **changes: Any) -> list[dict[str, Any]]:
    return make_plan(answers_with(**changes), checklist)["steps"]


def test_items_without_when_always_apply(checklist: dict[str, Any]) -> None:
    ids = [step["id"] for step in steps_for(checklist)]
    universal = [item["id"] for item in checklist["items"] if not item["when"]]
    assert set(universal) <= set(ids)


def test_when_selects_by_any_situation(checklist: dict[str, Any]) -> None:
    ids = {step["id"] for step in steps_for(checklist, holds_client_assets=True)}
    assert "handover-revoke-access" in ids
    ids = {step["id"] for step in steps_for(checklist)}
    assert "handover-revoke-access" not in ids
    assert "law-umbrella-talk" not in ids
    ids = {s["id"] for s in steps_for(checklist, contract={"intermediary": "umbrella"})}
    assert "law-umbrella-talk" in ids


def test_due_dates_by_phase_and_by_item(checklist: dict[str, Any]) -> None:
    # announce 2026-12-05 (after the milestone), last day 2027-01-15
    steps = {s["id"]: s for s in steps_for(checklist, next_milestone="2026-12-04",
                                           desired_last_day="2027-01-15",
                                           holds_client_assets=True)}
    assert steps["diag-list-reasons"]["due"] == "2026-12-04"  # prepare: day before announce
    assert steps["timing-pick-date"]["due"] == "2026-11-26"  # due=today
    assert steps["tell-announce-orally"]["due"] == "2026-12-05"  # due=announce
    assert steps["law-send-notice-letter"]["due"] == "2026-12-06"  # due=announce+1
    assert steps["handover-revoke-access"]["due"] == "2027-01-15"  # due=last_day
    assert steps["handover-ip-assignment"]["due"] == "2027-01-10"  # due=last_day-5
    assert steps["after-final-invoice"]["due"] == "2027-01-22"  # after: last day + 7


def test_prepare_is_never_before_today(checklist: dict[str, Any]) -> None:
    steps = {s["id"]: s for s in steps_for(checklist)}
    assert steps["diag-list-reasons"]["due"] == "2026-11-26"


def test_due_before_today_is_due_today(checklist: dict[str, Any]) -> None:
    steps = {s["id"]: s for s in steps_for(checklist, new_mission_start="2027-03-01")}
    assert steps["after-prepare-next"]["due"] == "2026-11-26"  # announce-3 is in the past


def test_order_due_then_phase_then_source(checklist: dict[str, Any]) -> None:
    steps = steps_for(checklist, reasons=["workload"], holds_client_assets=True)
    phases = ["prepare", "announce", "handover", "after"]
    positions = {item["id"]: n for n, item in enumerate(checklist["items"])}
    keys = [(s["due"], phases.index(s["phase"]), positions[s["id"]]) for s in steps]
    assert keys == sorted(keys)
    assert all(set(step) == {"id", "phase", "due"} for step in steps)


def test_unknown_template_placeholders_do_not_break_messages(checklist: dict[str, Any]) -> None:
    plan = make_plan(answers_with(), checklist)
    assert [m["id"] for m in plan["messages"]] == [
        "tpl-announce-email", "tpl-notice-letter", "tpl-handover-plan", "tpl-replacement",
        "tpl-payment-reminder", "tpl-formal-demand"]
    demand = plan["messages"][-1]
    assert demand["values"]["invoice_list"] == [0]
    assert demand["values"]["penalty_rate"] == 12.15
    assert demand["values"]["demand_deadline"] == "2026-12-04"
