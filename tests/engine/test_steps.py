"""Steps: chosen by situation (any of / all of / unless), dated by `due` or phase on working
days, ordered, never in the past. Today is Thursday 26 November 2026."""

from __future__ import annotations

from typing import Any

import pytest

from checklist.api import make_plan
from checklist.steps import applies

from .conftest import answers_with


def steps_for(checklist: dict[str, Any], **changes: Any) -> list[dict[str, Any]]:
    return make_plan(answers_with(**changes), checklist)["steps"]


def test_items_without_conditions_always_apply(checklist: dict[str, Any]) -> None:
    ids = [step["id"] for step in steps_for(checklist)]
    universal = [item["id"] for item in checklist["items"]
                 if not item["when"] and not item["unless"]]
    assert universal and set(universal) <= set(ids)


@pytest.mark.parametrize(("when", "unless", "held", "expected"), [
    ([], [], set(), True),
    ([["a"], ["b"]], [], {"b"}, True),  # any of
    ([["a", "b"]], [], {"a"}, False),  # all of
    ([["a", "b"]], [], {"a", "b"}, True),
    ([["a", "b"], ["c"]], [], {"c"}, True),
    ([["a"]], ["u"], {"a", "u"}, False),  # unless wins
    ([], ["u"], {"x"}, True),
])
def test_conditions(when: list[list[str]], unless: list[str], held: set[str],
                    expected: bool) -> None:
    assert applies({"when": when, "unless": unless}, frozenset(held)) is expected


def test_when_selects_by_situation(checklist: dict[str, Any]) -> None:
    ids = {step["id"] for step in steps_for(checklist, holds_client_assets=True)}
    assert "handover-revoke-access" in ids
    ids = {step["id"] for step in steps_for(checklist)}
    assert "handover-revoke-access" not in ids
    assert "law-umbrella-talk" not in ids
    ids = {s["id"] for s in steps_for(checklist, contract={"intermediary": "umbrella"})}
    assert "law-umbrella-talk" in ids
    assert "law-send-notice-letter" not in ids  # unless=umbrella: the portage company notifies
    assert "after-final-invoice" not in ids


def test_early_exit_without_clause_proposes_an_agreement_and_sends_no_notice(
        checklist: dict[str, Any]) -> None:
    ids = {s["id"] for s in steps_for(checklist, contract={
        "type": "fixed_term", "end": "2027-06-30"}, desired_last_day="2027-01-29")}
    assert "law-negotiate-early-exit" in ids and "law-send-notice-letter" not in ids


def test_due_dates_by_phase_and_by_item(checklist: dict[str, Any]) -> None:
    # Milestone Fri 4 Dec → announce Mon 7 Dec; last day Fri 15 Jan 2027.
    steps = {s["id"]: s for s in steps_for(checklist, next_milestone="2026-12-04",
                                           desired_last_day="2027-01-15",
                                           holds_client_assets=True)}
    assert steps["diag-list-reasons"]["due"] == "2026-12-04"  # prepare: working day before
    assert steps["timing-pick-date"]["due"] == "2026-11-26"  # due=today
    assert steps["tell-announce-orally"]["due"] == "2026-12-07"  # due=announce
    assert steps["law-send-notice-letter"]["due"] == "2026-12-08"  # due=announce+1
    assert steps["handover-revoke-access"]["due"] == "2027-01-15"  # due=last_day
    assert steps["handover-ip-assignment"]["due"] == "2027-01-08"  # last_day-5 = Sun → Fri
    assert steps["after-final-invoice"]["due"] == "2027-01-22"  # after: follow-up day


def test_every_due_date_is_a_working_day(checklist: dict[str, Any]) -> None:
    from datetime import date

    from checklist.rules.fr import RULES
    for step in steps_for(checklist, desired_last_day="2027-05-14", holds_client_assets=True,
                          next_milestone="2027-04-30"):
        assert RULES.working_days.is_working_day(date.fromisoformat(step["due"])), step


def test_prepare_is_never_before_today(checklist: dict[str, Any]) -> None:
    steps = {s["id"]: s for s in steps_for(checklist)}
    assert steps["diag-list-reasons"]["due"] == "2026-11-26"


def test_due_before_today_is_due_today(checklist: dict[str, Any]) -> None:
    steps = {s["id"]: s for s in steps_for(checklist, new_mission_start="2027-03-01")}
    assert steps["after-prepare-next"]["due"] == "2026-11-26"  # announce-3 is in the past


def test_order_due_then_phase_then_source(checklist: dict[str, Any]) -> None:
    steps = steps_for(checklist, reasons=["workload"], holds_client_assets=True)
    phases = ["prepare", "announce", "handover", "after"]
    keys = [(s["due"], phases.index(s["phase"])) for s in steps]
    assert keys == sorted(keys)
    assert all(set(step) == {"id", "phase", "due"} for step in steps)


def test_on_one_day_a_step_comes_after_what_it_depends_on() -> None:
    # The fixed term ends today (Thu 26 Nov): every step falls on that day. They used to
    # follow the guide's page order: the handover plan sent before the departure was
    # announced, the final invoice issued before the closing meeting.
    from checklist.authoring.guide import load_checklist

    from .conftest import ROOT
    plan = make_plan(answers_with(contract={"type": "fixed_term", "end": "2026-11-26"}),
                     load_checklist(ROOT / "docs", "fr"))
    order = [s["id"] for s in plan["steps"]]
    assert {s["due"] for s in plan["steps"] if s["phase"] != "after"} == {"2026-11-26"}
    assert order.index("tell-announce-live") < order.index("handover-draft-plan")
    assert order.index("handover-closing-meeting") < order.index("pay-final-invoice")
    assert order.index("handover-write-docs") < order.index("handover-revoke-access")


def test_letters_follow_the_route_and_their_steps(checklist: dict[str, Any]) -> None:
    plan = make_plan(answers_with(), checklist)
    # In the order they are sent (the table's order on the same day).
    assert [m["id"] for m in plan["messages"]] == [
        "tpl-announce-email", "tpl-notice-letter", "tpl-payment-reminder", "tpl-handover-plan",
        "tpl-replacement", "tpl-formal-demand"]
    steps = {s["id"]: s["due"] for s in plan["steps"]}
    by_id = {m["id"]: m for m in plan["messages"]}
    # The fixture names its notice step otherwise: the letter falls back to the announce day.
    assert by_id["tpl-notice-letter"]["send_on"] == plan["dates"]["announce"]
    reminder, demand = by_id["tpl-payment-reminder"], by_id["tpl-formal-demand"]
    assert reminder["send_on"] == steps["pay-send-reminder"] == "2026-11-26"
    assert "pay-formal-demand" in steps  # its own date (today+7) is too soon after the reminder
    # today+7 in the fixture, but a demand waits 8 days after the reminder: Fri 4 Dec.
    assert demand["send_on"] == "2026-12-04"
    assert demand["deadline"] == "2026-12-14"  # 4 Dec + 8 = Sat 12 → Mon 14
    assert demand["values"]["invoice_list"] == [0]
    assert demand["values"]["penalty_rate"] == [12.15]
    # Amounts as of the day it is sent: 4200 × 12.15 % × 65 days / 365 = 90.88 €.
    assert demand["values"]["late_penalties"] == 90.88


def test_every_letter_the_engine_can_pick_is_in_the_vocabulary() -> None:
    # A letter added to messages.LETTERS but not to vocabulary.TEMPLATE_IDS (which the guide
    # reader checks) could never be found in the guide, and would silently vanish from plans.
    from checklist.messages import LETTERS
    from checklist.vocabulary import TEMPLATE_IDS

    assert sorted(letter.id for letter in LETTERS) == sorted(TEMPLATE_IDS)
