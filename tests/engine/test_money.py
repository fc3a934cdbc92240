"""Late penalties, recovery indemnities and totals, with worked examples."""

from __future__ import annotations

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
    assert money["rate"] == {
        "value": 12.15, "source": "com-L441-10", "as_of": "2026-07-01", "overridden": False,
        "default": {"value": 12.15, "reference_rate": 2.15, "margin": 10.0,
                    "as_of": "2026-07-01", "valid_from": "2026-07-01",
                    "valid_until": "2026-12-31", "basis": ["com-L441-10", "data-ecb-mro"]},
    }


def test_same_example_with_the_rate_given_explicitly() -> None:
    plan = make_plan(answers_with(today="2026-11-30", penalty_rate=12.15),
                     {"items": [], "templates": []})
    assert plan["money"]["late_penalties"] == 85.28
    assert plan["money"]["rate"]["overridden"] is True
    assert plan["money"]["rate"]["source"] == "answers.penalty_rate"


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
    assert late_penalty(Decimal(amount), Decimal(rate), days) == Decimal(expected)


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
    assert [m["id"] for m in plan["messages"]][-1] == "tpl-payment-reminder"


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


def test_rate_outside_its_period_is_flagged() -> None:
    plan = make_plan(answers_with(today="2027-02-01"), {"items": [], "templates": []})
    reason = next(r for r in plan["reasoning"] if r["subject"] == "money.rate")
    assert reason["uncertain"] == "uncertain.rate_period"
    plan = make_plan(answers_with(), {"items": [], "templates": []})
    reason = next(r for r in plan["reasoning"] if r["subject"] == "money.rate")
    assert reason["uncertain"] == "uncertain.ecb_rate_assumed"
