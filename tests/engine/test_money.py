"""Late penalties, recovery indemnities and totals, with worked examples."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from checklist.api import make_plan
from checklist.money import late_penalty

from .conftest import answers_with


def test_worked_example_4200_euros_61_days_at_12_15() -> None:
    # 4 200 € due 2026-09-30, today 2026-11-30: 61 days late (1 Oct → 30 Nov).
    # 4200 × 0.1215 × 61 / 365 = 85.2830… → 85.28 €, plus the 40 € indemnity.
    plan = make_plan(answers_with(today="2026-11-30"), {"items": [], "templates": []})
    money = plan["money"]
    invoice = money["invoices"][0]
    assert invoice["days_late"] == 61
    assert invoice["late_penalty"] == 85.28
    assert invoice["recovery_indemnity"] == 40.0
    assert money["late_penalties"] == 85.28
    assert money["recovery_indemnities"] == 40.0
    assert money["overdue_total"] == 4200.0
    assert money["total_claimed"] == 4325.28
    assert money["rate"] == {"value": 12.15, "overridden": False, "unknown_after": None,
                             "assumed": True}
    assert invoice["rate_periods"] == [{"from": "2026-10-01", "to": "2026-11-30", "days": 61,
                                        "rate": 12.15, "known": True, "assumed": True,
                                        "floored": False}]


def test_same_example_with_the_rate_given_explicitly() -> None:
    plan = make_plan(answers_with(today="2026-11-30", penalty_rate=12.15),
                     {"items": [], "templates": []})
    assert plan["money"]["late_penalties"] == 85.28
    assert plan["money"]["rate"]["overridden"] is True
    reason = next(r for r in plan["reasoning"] if r["subject"] == "money.rate")
    assert reason["key"] == "reasoning.rate.override"


@pytest.mark.parametrize(
    ("amount", "rate", "days", "expected"),
    [
        ("4200", "12.15", 61, "85.28"),
        ("1000", "10", 365, "100.00"),
        ("1000", "10", 0, "0.00"),
        ("1000", "10", -5, "0.00"),
        # 73 × 5 × 1 / 36500 = 0.01 exactly; 36.5 × 10 × 5 / 36500 = 0.05 exactly
        ("73", "5", 1, "0.01"),
        # half-up: 0.005 → 0.01 (banker's rounding would give 0.00)
        ("18.25", "10", 1, "0.01"),  # 18.25 × 10 / 36500 = 0.005
        ("54.75", "10", 1, "0.02"),  # 0.015 → 0.02
        ("1000000000", "100", 40000, "109589041095.89"),
    ],
)
def test_late_penalty_formula(amount: str, rate: str, days: int, expected: str) -> None:
    assert late_penalty(Decimal(amount), [(Decimal(rate), days)]) == Decimal(expected)


def test_late_penalty_rounds_once_across_half_years() -> None:
    # 0.005 + 0.005: rounding each half-year would give 0.02; the sum is rounded once.
    assert late_penalty(Decimal("18.25"), [(Decimal("10"), 1), (Decimal("10"), 1)]) == (
        Decimal("0.01"))


def test_paid_and_not_yet_due_invoices_carry_no_penalty() -> None:
    invoices = [
        {"amount": 1000, "due": "2026-09-30", "paid": True, "ref": "P"},
        {"amount": 500.5, "due": "2026-11-26", "paid": False},  # due today: not late yet
        {"amount": 250.25, "due": "2026-12-31"},
    ]
    plan = make_plan(answers_with(invoices=invoices), {"items": [], "templates": []})
    money = plan["money"]
    assert money["unpaid_total"] == 750.75
    assert money["overdue_total"] == 0.0
    assert money["late_penalties"] == 0.0
    assert money["recovery_indemnities"] == 0.0
    assert [i["overdue"] for i in money["invoices"]] == [False, False, False]
    assert "overdue_invoices" not in plan["situations"]
    assert "unpaid_invoices" in plan["situations"]
    assert "tpl-payment-reminder" not in [m["id"] for m in plan["messages"]]


def test_one_day_late_is_overdue() -> None:
    plan = make_plan(answers_with(invoices=[{"amount": 3650, "due": "2026-11-25"}]),
                     {"items": [], "templates": []})
    invoice = plan["money"]["invoices"][0]
    assert invoice["days_late"] == 1
    assert invoice["late_penalty"] == 1.22  # 3650 × 12.15 % / 365 = 1.215 → 1.22 (half-up)
    assert plan["money"]["recovery_indemnities"] == 40.0


def test_totals_sum_rounded_invoice_penalties() -> None:
    invoices = [{"amount": 18.25, "due": "2026-11-25"} for _ in range(3)]
    plan = make_plan(answers_with(invoices=invoices, penalty_rate=10),
                     {"items": [], "templates": []})
    assert [i["late_penalty"] for i in plan["money"]["invoices"]] == [0.01, 0.01, 0.01]
    assert plan["money"]["late_penalties"] == 0.03  # not round(3 × 0.005) = 0.02
    assert plan["money"]["recovery_indemnities"] == 120.0


def test_rate_past_the_table_is_flagged_and_asked_for() -> None:
    plan = make_plan(answers_with(today="2027-08-02"), {"items": [], "templates": []})
    reason = next(r for r in plan["reasoning"] if r["subject"] == "money.rate")
    assert reason["uncertain"] == "uncertain.rate_unknown"
    assert reason["params"]["unknown_after"] == "2027-06-30"
    assert plan["money"]["rate"]["unknown_after"] == "2027-06-30"
    plan = make_plan(answers_with(), {"items": [], "templates": []})
    reason = next(r for r in plan["reasoning"] if r["subject"] == "money.rate")
    assert reason["uncertain"] == "uncertain.ecb_rate_assumed"


def test_each_half_year_has_its_own_rate() -> None:
    # 10 000 € due 2024-12-31, paid nothing by 2025-07-31: 181 days in H1 2025 at
    # 3.15 + 10 = 13.15 %, 31 days in H2 2025 at 2.15 + 10 = 12.15 %.
    # 10000 × (13.15 × 181 + 12.15 × 31) / 36500 = 652.10 + 103.19 = 755.29 (one rounding)
    plan = make_plan(answers_with(today="2025-07-31", contract={"start": "2024-01-01"},
                                  invoices=[{"amount": 10000, "due": "2024-12-31"}]),
                     {"items": [], "templates": []})
    invoice = plan["money"]["invoices"][0]
    assert [(p["days"], p["rate"]) for p in invoice["rate_periods"]] == [(181, 13.15),
                                                                          (31, 12.15)]
    assert invoice["late_penalty"] == 755.29
    assert invoice["days_late"] == 212


def test_a_contract_rate_applies_across_half_years() -> None:
    plan = make_plan(answers_with(today="2025-07-31", contract={"start": "2024-01-01"},
                                  penalty_rate=12, invoices=[{"amount": 10000,
                                                              "due": "2024-12-31"}]),
                     {"items": [], "templates": []})
    assert {p["rate"] for p in plan["money"]["invoices"][0]["rate_periods"]} == {12.0}


def test_a_contract_rate_below_the_legal_floor_is_replaced_by_the_floor() -> None:
    # L441-10: not below three times the legal interest rate of the half-year. 9 % is
    # below 3 × 3.71 = 11.13 % in the first half of 2025, above 3 × 2.76 = 8.28 % in the
    # second.
    plan = make_plan(answers_with(today="2025-07-31", contract={"start": "2024-01-01"},
                                  penalty_rate=9, invoices=[{"amount": 10000,
                                                             "due": "2024-12-31"}]),
                     {"items": [], "templates": []})
    periods = plan["money"]["invoices"][0]["rate_periods"]
    assert [(p["rate"], p["floored"]) for p in periods] == [(11.13, True), (9.0, False)]
    risk = next(r for r in plan["risks"] if r["code"] == "penalty_rate_below_floor")
    assert risk["params"]["floor"] == 11.13 and risk["params"]["contract_rate"] == 9.0


def test_time_barred_invoices_are_listed_not_claimed() -> None:
    invoices = [{"amount": 500, "due": "2021-11-25"}, {"amount": 1000, "due": "2026-10-26"}]
    plan = make_plan(answers_with(invoices=invoices), {"items": [], "templates": []})
    old, recent = plan["money"]["invoices"]
    assert old["time_barred"] and not old["overdue"] and old["late_penalty"] == 0.0
    assert recent["overdue"] and not recent["time_barred"]
    assert plan["money"]["overdue_total"] == 1000.0
    assert "time_barred" in [r["code"] for r in plan["risks"]]
    assert "time_barred_invoices" in plan["situations"]


def test_insolvency_stops_penalties_at_the_opening() -> None:
    plan = make_plan(answers_with(insolvency_published="2026-10-15"),
                     {"items": [], "templates": []})
    invoice = plan["money"]["invoices"][0]  # 4 200 € due 30 Sept 2026
    assert invoice["rate_periods"][-1]["to"] == "2026-10-15"
    assert invoice["late_penalty"] == 20.97  # 15 days at 12.15 %, not 57
    risk = next(r for r in plan["risks"] if r["code"] == "insolvency_claim_deadline")
    assert risk["params"]["forclusion_deadline"] == "2027-04-15"


def test_a_passed_declaration_deadline_points_to_the_relief_from_foreclosure() -> None:
    plan = make_plan(answers_with(insolvency_published="2026-08-03"),
                     {"items": [], "templates": []})
    reason = next(r for r in plan["reasoning"]
                  if r["subject"] == "risks.insolvency_claim_deadline")
    assert reason["key"].endswith(".forclusion")
    late = make_plan(answers_with(insolvency_published="2026-03-02"),
                     {"items": [], "templates": []})
    reason = next(r for r in late["reasoning"]
                  if r["subject"] == "risks.insolvency_claim_deadline")
    assert reason["key"].endswith(".forclusion_passed")


def test_an_invoice_near_its_limitation_date_gets_a_step_before_it() -> None:
    checklist = {"items": [{"id": "pay-act", "phase": "prepare", "text": "Act.",
                            "when": [["limitation_near"]],
                            "due": {"anchor": "limitation", "offset": 0}}],
                 "templates": []}
    plan = make_plan(answers_with(invoices=[{"amount": 900, "due": "2022-01-31"}]), checklist)
    assert plan["money"]["limitation_date"] == "2027-01-31"
    assert "limitation_near" in plan["situations"]
    risk = next(r for r in plan["risks"] if r["code"] == "limitation_near")
    # 15 days before (Sat 16 Jan → Fri 15 Jan), a working day.
    assert risk["params"]["act_by"] == "2027-01-15" and risk["severity"] == "high"
    [step] = plan["steps"]
    assert step["due"] == "2027-01-15"


def test_insolvency_bars_the_indemnity_and_the_formal_demand() -> None:
    plan = make_plan(answers_with(insolvency_published="2026-11-02"),
                     {"items": [], "templates": []})
    assert plan["money"]["recovery_indemnities"] == 0.0
    assert plan["money"]["insolvency_claim_deadline"] == "2027-01-02"
    codes = [r["code"] for r in plan["risks"]]
    assert "insolvency_claim_deadline" in codes and "overdue_invoices" not in codes
    assert not plan["messages"]


def test_a_portage_consultant_claims_nothing_in_their_own_name() -> None:
    plan = make_plan(answers_with(contract={"intermediary": "umbrella"}),
                     {"items": [], "templates": []})
    assert plan["money"]["overdue_total"] == 0.0
    assert plan["money"]["unpaid_total"] == 4200.0
    assert "overdue_invoices" not in plan["situations"]
    assert not any(r["code"] == "overdue_invoices" for r in plan["risks"])


def test_negative_zero_rate_is_plain_zero() -> None:
    plan = make_plan(answers_with(penalty_rate=-0.0), {"items": [], "templates": []})
    # A contractual 0 % is below the legal floor: 3 × 2.62 % in 2026's second half.
    assert plan["money"]["rate"]["value"] == 7.86
    assert "-0.0" not in json.dumps(plan)
