"""What the client owes: overdue totals, late penalties, recovery indemnities.

Decimal arithmetic throughout, in a local context (same result on every platform).
Late penalty of one overdue unpaid invoice (Code de commerce L441-10):
    amount × annual rate / 100 × days late / 365, rounded half-up to the cent,
days late counted from the day after the due date to today (= today − due, in days).
Totals are sums of the rounded per-invoice amounts. Plan amounts are JSON numbers with at
most two decimals (exact cents; see FORMATS.md).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from checklist.dates import add_days, days_between, iso
from checklist.model import Answers, Invoice
from checklist.rules import PenaltyRate, RuleSet

CENT = Decimal("0.01")
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, Emax=999999,
                           Emin=-999999, traps=[decimal.InvalidOperation,
                                                decimal.DivisionByZero, decimal.Overflow])


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)


def as_number(value: Decimal) -> float:
    """An exact-cent Decimal as a JSON number (shortest repr: 85.28, 4200.0)."""
    return float(cents(value))


def late_penalty(amount: Decimal, annual_rate: Decimal, days_late: int) -> Decimal:
    """amount × rate/100 × days/365, half-up to the cent. 0 when not late."""
    if days_late <= 0:
        return Decimal("0.00")
    with decimal.localcontext(_CONTEXT):
        raw = amount * annual_rate * Decimal(days_late) / Decimal(36500)
    return cents(raw)


@dataclass(frozen=True)
class InvoiceLine:
    invoice: Invoice
    overdue: bool
    days_late: int
    penalty: Decimal
    indemnity: Decimal

    def to_dict(self) -> dict[str, object]:
        return {
            "index": self.invoice.index,
            "ref": self.invoice.ref,
            "amount": as_number(self.invoice.amount),
            "due": iso(self.invoice.due),
            "paid": self.invoice.paid,
            "overdue": self.overdue,
            "days_late": self.days_late,
            "late_penalty": as_number(self.penalty),
            "recovery_indemnity": as_number(self.indemnity),
        }


@dataclass(frozen=True)
class Money:
    currency: str
    rate: Decimal
    rate_overridden: bool
    default_rate: PenaltyRate
    lines: tuple[InvoiceLine, ...]
    unpaid_total: Decimal
    overdue_total: Decimal
    late_penalties: Decimal
    recovery_indemnities: Decimal
    demand_deadline: date
    rate_outdated: bool  # today is outside the period the default rate applies to

    @property
    def total_claimed(self) -> Decimal:
        return self.overdue_total + self.late_penalties + self.recovery_indemnities

    @property
    def unpaid(self) -> list[InvoiceLine]:
        return [line for line in self.lines if not line.invoice.paid]

    @property
    def overdue(self) -> list[InvoiceLine]:
        return [line for line in self.lines if line.overdue]

    def rate_dict(self) -> dict[str, object]:
        default = self.default_rate
        return {
            "value": float(self.rate),
            "source": "answers.penalty_rate" if self.rate_overridden else default.basis[0],
            "as_of": iso(default.as_of),
            "overridden": self.rate_overridden,
            "default": {
                "value": float(default.value),
                "reference_rate": float(default.reference_rate),
                "margin": float(default.margin),
                "as_of": iso(default.as_of),
                "valid_from": iso(default.valid_from),
                "valid_until": iso(default.valid_until),
                "basis": list(default.basis),
            },
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "currency": self.currency,
            "unpaid_total": as_number(self.unpaid_total),
            "overdue_total": as_number(self.overdue_total),
            "late_penalties": as_number(self.late_penalties),
            "recovery_indemnities": as_number(self.recovery_indemnities),
            "total_claimed": as_number(self.total_claimed),
            "rate": self.rate_dict(),
            "demand_deadline": iso(self.demand_deadline),
            "invoices": [line.to_dict() for line in self.lines],
        }


def compute_money(answers: Answers, rules: RuleSet) -> Money:
    today = answers.today
    default = rules.default_penalty_rate()
    overridden = answers.penalty_rate is not None
    rate = answers.penalty_rate if answers.penalty_rate is not None else default.value
    indemnity = cents(rules.recovery_indemnity())
    lines = []
    for invoice in answers.invoices:
        days_late = max(days_between(invoice.due, today), 0)
        overdue = not invoice.paid and days_late > 0
        lines.append(InvoiceLine(
            invoice=invoice,
            overdue=overdue,
            days_late=days_late if overdue else 0,
            penalty=late_penalty(invoice.amount, rate, days_late) if overdue else Decimal("0.00"),
            indemnity=indemnity if overdue else Decimal("0.00"),
        ))
    zero = Decimal("0.00")
    with decimal.localcontext(_CONTEXT):
        unpaid_total = sum((cents(line.invoice.amount) for line in lines
                            if not line.invoice.paid), zero)
        overdue_total = sum((cents(line.invoice.amount) for line in lines if line.overdue), zero)
        penalties = sum((line.penalty for line in lines), zero)
        indemnities = sum((line.indemnity for line in lines), zero)
    return Money(
        currency=rules.CURRENCY,
        rate=rate,
        rate_overridden=overridden,
        default_rate=default,
        lines=tuple(lines),
        unpaid_total=unpaid_total,
        overdue_total=overdue_total,
        late_penalties=penalties,
        recovery_indemnities=indemnities,
        demand_deadline=add_days(today, rules.formal_demand_days()),
        rate_outdated=not default.valid_from <= today <= default.valid_until,
    )
