"""Typed answers, as `validate.parse` builds them (defaults applied; see schema.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Contract:
    type: str
    start: date | None
    end: date | None  # term (fixed-term) or delivery date (deliverable)
    notice_days: int | None
    notice_from: str
    early_exit_clause: str
    auto_renewal: str
    intermediary: str
    employment: str


@dataclass(frozen=True)
class Invoice:
    index: int
    amount: Decimal
    due: date
    paid: bool
    ref: str


@dataclass(frozen=True)
class Answers:
    version: int
    today: date
    initiator: str
    reasons: tuple[str, ...]
    contract: Contract
    desired_last_day: date | None
    next_milestone: date | None
    new_mission_start: date | None
    client_notice_received: date | None
    client_last_day: date | None
    daily_rate: Decimal | None
    invoices: tuple[Invoice, ...]
    penalty_rate: Decimal | None
    insolvency_published: date | None
    holds_client_assets: bool
    ip_assigned: str
    personal_data: str
    non_solicitation: bool
    freelancer_name: str
    client_name: str
    intermediary_name: str
    contact_name: str
