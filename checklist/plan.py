"""The plan's shape, typed: what `engine.build_plan` returns and `view`/`exports` read.

JSON-ready (strings, numbers, lists, dicts); FORMATS.md, "Plan", documents each field.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

RatePeriodDict = TypedDict("RatePeriodDict", {
    "from": str, "to": str, "days": int, "rate": float, "known": bool, "assumed": bool,
    "floored": bool})


class ReasonDict(TypedDict):
    subject: str
    key: str
    params: dict[str, object]
    rule: list[str]
    uncertain: str | None


class RiskDict(TypedDict):
    code: str
    severity: str
    basis: list[str]
    triggers: list[str]
    params: dict[str, object]


class StepDict(TypedDict):
    id: str
    phase: str  # the item's phase, or "after" for a step that need not precede leaving
    due: str
    late: NotRequired[bool]  # belonged before the last working day, which has passed


class InvoiceLineDict(TypedDict):
    index: int
    ref: str
    amount: float
    due: str
    paid: bool
    overdue: bool
    time_barred: bool
    days_late: int
    rate_periods: list[RatePeriodDict]
    late_penalty: float
    recovery_indemnity: float


class PartyDict(TypedDict):
    """Who a letter goes to (letters.py roles): `role` is client, agency, platform, umbrella
    or mandataire; the other fields are as the reader typed them ("" when not given)."""

    role: str
    name: str
    contact: str
    address: str


class MessageDict(TypedDict):
    id: str
    to: str  # the recipient's role (letters.Recipient)
    counterparty: str
    kind: str  # registered, letter or email (letters.LetterKind)
    recipient: PartyDict
    send_on: str
    fields: list[str]
    values: dict[str, object]
    copy: NotRequired[PartyDict]  # sent in copy to (the ESN or portage company)
    deadline: NotRequired[str]
    invoices: NotRequired[list[InvoiceLineDict]]
    risks: NotRequired[list[str]]  # risks of the plan to weigh before sending it


class RateDict(TypedDict):
    value: float
    overridden: bool
    unknown_after: str | None
    assumed: bool


class MoneyDict(TypedDict):
    currency: str
    as_of: str
    unpaid_total: float
    overdue_total: float
    late_penalties: float
    recovery_indemnities: float
    total_claimed: float
    rate: RateDict
    insolvency_claim_deadline: str | None
    limitation_date: str | None
    invoices: list[InvoiceLineDict]


class ContractDict(TypedDict):
    type: str
    term: str | None
    delivery: str | None
    tacit_renewal: bool
    auto_renewal: bool
    relationship_months: int | None
    recommended_notice_days: int | None


class NoticeDict(TypedDict):
    days: int  # the notice in days, from the day it starts
    amount: int  # the notice as the contract states it, in `unit`
    unit: str  # "days" or "months" (date to date)
    from_contract: bool
    from_receipt: bool
    starts: str
    uncertain: bool
    given_days: int
    receipt_working_days: int  # a letter is planned to arrive this many working days on


class ClientNoticeDict(TypedDict):
    received: str
    owed_days: int | None
    owed_last_day: str | None
    shortfall_days: int
    lost_working_days: int
    estimate: float | None
    basis: str


class SourceDict(TypedDict):
    id: str
    citation: str
    url: str
    kind: str


class Plan(TypedDict):
    version: int
    jurisdiction: str
    mission: str
    route: str
    counterparty: str
    initiator: str
    dates: dict[str, str]
    contract: ContractDict
    notice: NoticeDict
    client_notice: ClientNoticeDict | None
    situations: list[str]
    risks: list[RiskDict]
    steps: list[StepDict]
    money: MoneyDict
    messages: list[MessageDict]
    reasoning: list[ReasonDict]
    sources: dict[str, SourceDict]
