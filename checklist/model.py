"""Typed answers. Built from a dict that `validate` accepted; defaults for missing fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from checklist.dates import parse_iso

# Defaults applied when an optional answer is missing (documented in FORMATS.md).
DEFAULTS: dict[str, object] = {
    "version": 1,
    "reasons": [],
    "desired_last_day": None,
    "next_milestone": None,
    "new_mission_start": None,
    "invoices": [],
    "penalty_rate": None,
    "holds_client_assets": False,
    "ip_assigned": "unknown",
    "personal_data": "unknown",
    "non_solicitation": False,
    "client_name": "",
    "contact_name": "",
    "freelancer_name": "",
}
CONTRACT_DEFAULTS: dict[str, object] = {
    "start": None,
    "end": None,
    "notice_days": None,
    "intermediary": "none",
}
INVOICE_DEFAULTS: dict[str, object] = {"paid": False, "ref": ""}


def to_decimal(value: object) -> Decimal:
    """A JSON number as an exact Decimal (floats through their shortest repr: 0.1 → 0.1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _present(data: Mapping[str, object]) -> dict[str, object]:
    """The answers actually given: a null counts as missing (its default applies)."""
    return {key: value for key, value in data.items() if value is not None}


def _date(value: object) -> date | None:
    return parse_iso(value)


def _required_date(value: object) -> date:
    parsed = parse_iso(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


@dataclass(frozen=True)
class Contract:
    type: str
    start: date | None
    end: date | None
    notice_days: int | None
    intermediary: str


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
    reasons: tuple[str, ...]
    contract: Contract
    desired_last_day: date | None
    next_milestone: date | None
    new_mission_start: date | None
    invoices: tuple[Invoice, ...]
    penalty_rate: Decimal | None
    holds_client_assets: bool
    ip_assigned: str
    personal_data: str
    non_solicitation: bool
    client_name: str
    contact_name: str
    freelancer_name: str

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Answers:
        """Build answers from a dict that `validate` accepted (raises on anything else)."""
        merged = {**DEFAULTS, **_present(data)}
        raw_contract = merged["contract"]
        if not isinstance(raw_contract, Mapping):
            raise TypeError("contract must be an object")
        contract_data = {**CONTRACT_DEFAULTS, **_present(raw_contract)}
        notice = contract_data["notice_days"]
        contract = Contract(
            type=str(contract_data["type"]),
            start=_date(contract_data["start"]),
            end=_date(contract_data["end"]),
            notice_days=None if notice is None else int(notice),  # type: ignore[call-overload]
            intermediary=str(contract_data["intermediary"]),
        )
        invoices = []
        for index, raw in enumerate(merged["invoices"]):  # type: ignore[call-overload]
            item = {**INVOICE_DEFAULTS, **_present(raw)}
            invoices.append(
                Invoice(
                    index=index,
                    amount=to_decimal(item["amount"]),
                    due=_required_date(item["due"]),
                    paid=bool(item["paid"]),
                    ref=str(item["ref"]),
                )
            )
        rate = merged["penalty_rate"]
        return cls(
            version=int(merged["version"]),  # type: ignore[call-overload]
            today=_required_date(merged["today"]),
            reasons=tuple(dict.fromkeys(merged["reasons"])),  # type: ignore[arg-type]
            contract=contract,
            desired_last_day=_date(merged["desired_last_day"]),
            next_milestone=_date(merged["next_milestone"]),
            new_mission_start=_date(merged["new_mission_start"]),
            invoices=tuple(invoices),
            penalty_rate=None if rate is None else to_decimal(rate),
            holds_client_assets=bool(merged["holds_client_assets"]),
            ip_assigned=str(merged["ip_assigned"]),
            personal_data=str(merged["personal_data"]),
            non_solicitation=bool(merged["non_solicitation"]),
            client_name=str(merged["client_name"]),
            contact_name=str(merged["contact_name"]),
            freelancer_name=str(merged["freelancer_name"]),
        )
