"""What the client owes: overdue totals, late penalties, recovery indemnities.

Decimal arithmetic throughout, in a local context (same result on every platform).
Late penalty of one overdue unpaid invoice (Code de commerce L441-10), counted from the
day after the due date to the day of computation, half-year by half-year:
    Σ amount × rate of the half-year / 100 × days late in that half-year / 365,
rounded half-up to the cent once per invoice. The legal rate of a half-year is the
reference rate in force on 1 January / 1 July plus the rules set's margin; a rate the
contract sets (`penalty_rate`) applies throughout. Past the rules set's table the last
known rate is used and the plan asks the reader to enter theirs.
An invoice older than the limitation period is time-barred: it is listed, not claimed.
When the debtor is in insolvency proceedings, no fixed indemnity is claimed (the law
forbids paying the debt) and no formal demand is sent: the claim is declared instead.
Totals are sums of the rounded per-invoice amounts.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from checklist.dates import add_days, add_months, add_years, days_between, iso
from checklist.model import Answers, Invoice
from checklist.plan import InvoiceLineDict, MoneyDict, RatePeriodDict
from checklist.rules import RuleSet, half_year_after, half_year_start

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, Emax=999999,
                           Emin=-999999, traps=[decimal.InvalidOperation,
                                                decimal.DivisionByZero, decimal.Overflow])


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)


def as_number(value: Decimal) -> float:
    """An exact-cent Decimal as a JSON number (shortest repr: 85.28, 4200.0; never -0.0)."""
    return float(cents(value)) + 0.0


@dataclass(frozen=True)
class RatePeriod:
    """Days late in one half-year and the rate applied to them."""

    start: date  # first day late in this period
    end: date  # last day late in this period
    days: int
    rate: Decimal
    known: bool  # False: past the rules set's table (the last known rate is used)
    assumed: bool  # the table marks this reference rate as not yet confirmed
    floored: bool = False  # the contract's rate was below the legal floor: the floor applies

    def to_dict(self) -> RatePeriodDict:
        return {"from": iso(self.start), "to": iso(self.end), "days": self.days,
                "rate": float(self.rate), "known": self.known, "assumed": self.assumed,
                "floored": self.floored}


def late_penalty(amount: Decimal, periods: Iterable[tuple[Decimal, int]]) -> Decimal:
    """Σ amount × rate/100 × days/365 over (annual rate, days late) periods, rounded
    half-up to the cent once. 0 when not late."""
    with decimal.localcontext(_CONTEXT):
        raw = sum((amount * rate * Decimal(days) / Decimal(36500)
                   for rate, days in periods if days > 0), Decimal(0))
    return cents(raw)


def penalty_floor(day: date, rules: RuleSet) -> tuple[Decimal, bool] | None:
    """The lowest late-payment rate a contract may set for the half-year of `day` (and
    whether it rests on an assumed legal rate), or None without a floor."""
    if rules.penalty_floor_multiplier is None or not rules.legal_interest_rates:
        return None
    legal = rules.legal_interest_for(day)
    table = rules.legal_interest_rates
    if legal is None:  # before or past the table: its nearest known rate, flagged
        legal = table[0] if day < table[0].start else table[-1]
        return legal.value * rules.penalty_floor_multiplier, True
    return legal.value * rules.penalty_floor_multiplier, legal.assumed


def rate_periods(due: date, until: date, rules: RuleSet,
                 override: Decimal | None) -> list[RatePeriod]:
    """The half-years from the day after `due` to `until` (included), with their rate."""
    periods: list[RatePeriod] = []
    day = add_days(due, 1)
    last_known = rules.reference_rates[-1]
    while day <= until:
        end = min(add_days(half_year_after(half_year_start(day)), -1), until)
        reference = rules.rate_for(day)
        floor = penalty_floor(day, rules) if override is not None else None
        if override is not None and floor is not None and override < floor[0]:
            # L441-10: a contractual rate below three times the legal rate is replaced by
            # that floor.
            periods.append(RatePeriod(day, end, days_between(day, end) + 1, floor[0], True,
                                      floor[1], floored=True))
            day = add_days(end, 1)
            continue
        if override is not None:
            rate, known, assumed = override, True, False
        elif reference is None and day < rules.reference_rates[0].start:
            first = rules.reference_rates[0]
            rate, known, assumed = first.value + rules.penalty_margin, False, False
        elif reference is None:
            rate, known, assumed = last_known.value + rules.penalty_margin, False, False
        else:
            rate, known, assumed = (reference.value + rules.penalty_margin, True,
                                    reference.assumed)
        periods.append(RatePeriod(day, end, days_between(day, end) + 1, rate, known, assumed))
        day = add_days(end, 1)
    return periods


@dataclass(frozen=True)
class InvoiceLine:
    invoice: Invoice
    overdue: bool  # unpaid, past due, claimable (not time-barred)
    time_barred: bool
    days_late: int
    periods: tuple[RatePeriod, ...]
    penalty: Decimal
    indemnity: Decimal

    def to_dict(self) -> InvoiceLineDict:
        return {
            "index": self.invoice.index,
            "ref": self.invoice.ref,
            "amount": as_number(self.invoice.amount),
            "due": iso(self.invoice.due),
            "paid": self.invoice.paid,
            "overdue": self.overdue,
            "time_barred": self.time_barred,
            "days_late": self.days_late,
            "rate_periods": [period.to_dict() for period in self.periods],
            "late_penalty": as_number(self.penalty),
            "recovery_indemnity": as_number(self.indemnity),
        }


@dataclass(frozen=True)
class Money:
    currency: str
    as_of: date
    rate_overridden: bool
    rate: Decimal  # the rate of the latest period used (or the contract's)
    rate_unknown_after: date | None  # last day the rules' table covers, when exceeded
    rate_assumed: bool  # a period used an assumed reference rate
    lines: tuple[InvoiceLine, ...]
    # The earliest day an unpaid invoice would become time-barred, when it falls within
    # the rules' warning window (an urgent step then comes before it).
    limitation_date: date | None
    unpaid_total: Decimal
    overdue_total: Decimal
    late_penalties: Decimal
    recovery_indemnities: Decimal
    insolvency_claim_deadline: date | None

    @property
    def total_claimed(self) -> Decimal:
        return self.overdue_total + self.late_penalties + self.recovery_indemnities

    @property
    def unpaid(self) -> list[InvoiceLine]:
        return [line for line in self.lines if not line.invoice.paid]

    @property
    def declarable(self) -> list[InvoiceLine]:
        """What a claim declaration lists: every unpaid invoice born before the judgment,
        due or not (R622-23), but not one that is probably time-barred."""
        return [line for line in self.unpaid if not line.time_barred]

    @property
    def overdue(self) -> list[InvoiceLine]:
        return [line for line in self.lines if line.overdue]

    @property
    def time_barred(self) -> list[InvoiceLine]:
        return [line for line in self.lines if line.time_barred]

    @property
    def floored(self) -> bool:
        """A contractual rate below the legal floor was replaced by the floor."""
        return any(p.floored for line in self.lines for p in line.periods)

    def to_dict(self) -> MoneyDict:
        return {
            "currency": self.currency,
            "as_of": iso(self.as_of),
            "unpaid_total": as_number(self.unpaid_total),
            "overdue_total": as_number(self.overdue_total),
            "late_penalties": as_number(self.late_penalties),
            "recovery_indemnities": as_number(self.recovery_indemnities),
            "total_claimed": as_number(self.total_claimed),
            "rate": {"value": float(self.rate), "overridden": self.rate_overridden,
                     "unknown_after": iso(self.rate_unknown_after)
                     if self.rate_unknown_after else None,
                     "assumed": self.rate_assumed},
            "insolvency_claim_deadline": iso(self.insolvency_claim_deadline)
            if self.insolvency_claim_deadline else None,
            "limitation_date": iso(self.limitation_date) if self.limitation_date else None,
            "invoices": [line.to_dict() for line in self.lines],
        }


def compute_money(answers: Answers, rules: RuleSet, as_of: date | None = None) -> Money:
    """Amounts owed as of `as_of` (default: today). Portage consultants are not the
    creditor: their invoices are listed but nothing is claimed in their name."""
    day = as_of or answers.today
    override = answers.penalty_rate
    insolvent = answers.insolvency_published is not None
    claimable = answers.contract.intermediary != "umbrella"
    indemnity = ZERO if insolvent else cents(rules.recovery_indemnity)
    # Insolvency: late-payment interest stops at the opening judgment (L622-28); the plan
    # knows the date of the official notice, which follows the judgment.
    interest_until = (min(day, answers.insolvency_published)
                      if answers.insolvency_published is not None else day)
    horizon = add_days(answers.today, rules.limitation_warning_days)
    lines = []
    limitation_dates = []
    for invoice in answers.invoices:
        late = max(days_between(invoice.due, day), 0)
        expires = add_years(invoice.due, rules.limitation_years)
        barred = not invoice.paid and late > 0 and expires < day
        overdue = not invoice.paid and late > 0 and not barred and claimable
        if (not invoice.paid and not barred and claimable and not insolvent
                and expires <= horizon):
            limitation_dates.append(expires)
        periods = (tuple(rate_periods(invoice.due, interest_until, rules, override))
                   if overdue else ())
        penalty = late_penalty(invoice.amount, ((p.rate, p.days) for p in periods))
        lines.append(InvoiceLine(invoice, overdue, barred, late if overdue else 0, periods,
                                 penalty, indemnity if overdue else ZERO))
    with decimal.localcontext(_CONTEXT):
        unpaid_total = sum((cents(line.invoice.amount) for line in lines
                            if not line.invoice.paid), ZERO)
        overdue_total = sum((cents(line.invoice.amount) for line in lines if line.overdue),
                            ZERO)
        penalties = sum((line.penalty for line in lines), ZERO)
        indemnities = sum((line.indemnity for line in lines), ZERO)
    used = [p for line in lines for p in line.periods]
    latest = max(used, key=lambda p: p.start) if used else None
    last_covered = add_days(half_year_after(rules.reference_rates[-1].start), -1)
    today_rate = rules.rate_for(day)
    fallback = override if override is not None else (
        (today_rate or rules.reference_rates[-1]).value + rules.penalty_margin)
    return Money(
        currency=rules.currency,
        as_of=day,
        rate_overridden=override is not None,
        rate=latest.rate if latest else fallback,
        rate_unknown_after=last_covered if override is None and (
            any(not p.known for p in used) or (not used and day > last_covered)) else None,
        rate_assumed=any(p.assumed for p in used) or (
            not used and override is None and today_rate is not None and today_rate.assumed),
        lines=tuple(lines),
        limitation_date=min(limitation_dates) if limitation_dates else None,
        unpaid_total=unpaid_total,
        overdue_total=overdue_total,
        late_penalties=penalties,
        recovery_indemnities=indemnities,
        insolvency_claim_deadline=add_months(answers.insolvency_published,
                                             rules.insolvency_claim_months)
        if insolvent and answers.insolvency_published else None,
    )
