"""Key dates: announce, earliest last day, last day, handover start, follow-up."""

from __future__ import annotations

from typing import Any

import pytest

from checklist.api import make_plan

from .conftest import answers_with

EMPTY = {"items": [], "templates": []}


def plan_for(**changes: Any) -> dict[str, Any]:
    return make_plan(answers_with(**changes), EMPTY)


def reason(plan: dict[str, Any], subject: str) -> dict[str, Any]:
    return next(r for r in plan["reasoning"] if r["subject"] == subject)


def test_example_answers_give_announce_today_and_one_month_notice() -> None:
    plan = plan_for()
    assert plan["dates"] == {
        "today": "2026-11-26", "announce": "2026-11-26", "earliest_last_day": "2026-12-26",
        "last_day": "2026-12-26", "handover_start": "2026-12-12", "follow_up": "2027-01-02",
    }
    assert plan["notice"] == {"days": 30, "from_contract": True, "uncertain": False,
                              "given_days": 30}
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.today"
    assert reason(plan, "dates.earliest_last_day")["key"] == "reasoning.earliest.contract_notice"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.asap"


def test_announce_right_after_milestone_when_desired_day_still_reachable() -> None:
    plan = plan_for(next_milestone="2026-12-04", desired_last_day="2027-01-15")
    # 5 Dec + 30 days = 4 Jan ≤ 15 Jan
    assert plan["dates"]["announce"] == "2026-12-05"
    assert plan["dates"]["earliest_last_day"] == "2027-01-04"
    assert plan["dates"]["last_day"] == "2027-01-15"
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.after_milestone"


def test_announce_exactly_reaching_desired_day_after_milestone() -> None:
    plan = plan_for(next_milestone="2026-12-04", desired_last_day="2027-01-04")
    assert plan["dates"]["announce"] == "2026-12-05"
    assert plan["dates"]["last_day"] == "2027-01-04"


def test_milestone_too_late_announces_today() -> None:
    plan = plan_for(next_milestone="2026-12-04", desired_last_day="2027-01-03")
    assert plan["dates"]["announce"] == "2026-11-26"
    assert plan["dates"]["last_day"] == "2027-01-03"
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.milestone_too_late"


def test_as_early_as_possible_ignores_the_milestone() -> None:
    plan = plan_for(next_milestone="2026-12-04")
    assert plan["dates"]["announce"] == "2026-11-26"
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.asap"


def test_desired_day_before_notice_end_keeps_the_earliest_and_flags_it() -> None:
    plan = plan_for(desired_last_day="2026-12-10")
    assert plan["dates"]["last_day"] == "2026-12-26"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.desired_too_early"
    risk = next(r for r in plan["risks"] if r["code"] == "notice_shortfall")
    assert risk["params"]["shortfall_days"] == 16


def test_no_notice_clause_uses_the_default_and_is_uncertain() -> None:
    plan = plan_for(contract={"notice_days": None})
    assert plan["dates"]["earliest_last_day"] == "2026-12-26"
    assert plan["notice"] == {"days": 30, "from_contract": False, "uncertain": True,
                              "given_days": 30}
    earliest = reason(plan, "dates.earliest_last_day")
    assert earliest["key"] == "reasoning.earliest.default_notice"
    assert earliest["uncertain"] == "uncertain.no_notice_clause"
    assert "no_notice_clause" in plan["situations"]


def test_zero_notice_allows_leaving_today() -> None:
    plan = plan_for(contract={"notice_days": 0})
    assert plan["dates"]["last_day"] == "2026-11-26"
    assert plan["dates"]["handover_start"] == "2026-11-26"


@pytest.mark.parametrize(("intermediary", "uncertain"), [
    ("agency", "uncertain.agency_back_to_back"),
    ("umbrella", "uncertain.umbrella_notice"),
    ("platform", None),
    ("none", None),
])
def test_intermediary_notice_uncertainty(intermediary: str, uncertain: str | None) -> None:
    plan = plan_for(contract={"intermediary": intermediary})
    assert reason(plan, "dates.earliest_last_day")["uncertain"] == uncertain


def test_fixed_term_ends_at_its_term() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31"})
    assert plan["dates"]["earliest_last_day"] == "2027-03-31"
    assert plan["dates"]["last_day"] == "2027-03-31"
    assert "early_exit" not in plan["situations"]
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.term"


def test_fixed_term_milestone_respected_when_the_term_allows() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31"},
                    next_milestone="2027-01-15")
    assert plan["dates"]["announce"] == "2027-01-16"
    assert plan["dates"]["last_day"] == "2027-03-31"


def test_fixed_term_desired_after_term_keeps_the_term() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31"},
                    desired_last_day="2027-05-01")
    assert plan["dates"]["last_day"] == "2027-03-31"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.beyond_term"
    assert reason(plan, "dates.last_day")["rule"] == ["civ-1212", "civ-1213"]


def test_fixed_term_early_exit_respects_the_exit_notice() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-06-30", "notice_days": 15},
                    desired_last_day="2027-01-31")
    assert plan["dates"]["last_day"] == "2027-01-31"
    assert plan["dates"]["earliest_last_day"] == "2027-06-30"
    assert "early_exit" in plan["situations"]
    risk = next(r for r in plan["risks"] if r["code"] == "fixed_term_early_exit")
    assert risk["params"] == {"term": "2027-06-30", "last_day": "2027-01-31", "days_early": 150}


def test_fixed_term_early_exit_too_soon_for_the_notice() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-06-30", "notice_days": None},
                    desired_last_day="2026-12-01")
    assert plan["dates"]["last_day"] == "2026-12-26"  # today + 30 days, still before the term
    codes = [r["code"] for r in plan["risks"]]
    assert "fixed_term_early_exit" in codes and "notice_shortfall" in codes
    last = reason(plan, "dates.last_day")
    assert last["key"] == "reasoning.last_day.early_exit_floor"
    assert last["uncertain"] == "uncertain.fixed_term_no_exit_clause"


def test_fixed_term_early_wish_that_the_notice_pushes_to_the_term() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2026-12-15", "notice_days": 30},
                    desired_last_day="2026-12-01")
    assert plan["dates"]["last_day"] == "2026-12-15"
    assert "early_exit" not in plan["situations"]
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.notice_reaches_term"
    assert plan["risks"][0]["code"] == "notice_shortfall"


def test_fixed_term_past_its_term_becomes_open_ended() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2026-06-30"})
    assert plan["contract"]["type"] == "open_ended"
    assert plan["contract"]["tacit_renewal"] is True
    assert "open_ended" in plan["situations"] and "fixed_term" not in plan["situations"]
    assert plan["dates"]["last_day"] == "2026-12-26"
    assert reason(plan, "dates.earliest_last_day")["key"] == "reasoning.earliest.tacit_renewal"
    assert "tacit_renewal" in [r["code"] for r in plan["risks"]]


def test_fixed_term_ending_today() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2026-11-26"})
    assert plan["dates"]["last_day"] == "2026-11-26"
    assert plan["contract"]["tacit_renewal"] is False


def test_handover_starts_two_weeks_before_the_end_but_not_before_announcing() -> None:
    plan = plan_for(desired_last_day="2027-03-01")
    assert plan["dates"]["handover_start"] == "2027-02-15"
    plan = plan_for(contract={"notice_days": 7})
    assert plan["dates"]["handover_start"] == "2026-11-26"
    assert plan["dates"]["follow_up"] == "2026-12-10"
