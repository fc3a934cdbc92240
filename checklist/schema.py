"""The answers format, defined once.

Validation (`validate.py`) walks these fields and returns typed `Answers`; the
questionnaire (`questionnaire.py`) groups them into questions; FORMATS.md's table of
answers is generated from them (`answers_table`, checked by a test). A new answer is one
`Field` here, its question, its strings and its use in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from checklist import ANSWERS_VERSION
from checklist.vocabulary import (
    CONTRACT_TYPES,
    EMPLOYMENT,
    INITIATORS,
    INTERMEDIARIES,
    NOTICE_FROM,
    REASONS,
    TRI_STATE,
)

Kind = Literal["date", "int", "decimal", "text", "bool", "code", "codes", "invoices"]

# Size limits: far above any real case, low enough to stop absurd or hostile input.
MAX_TEXT = 200
MAX_INVOICES = 200
MAX_REASONS = 20
MAX_UNKNOWN_FIELDS = 10
MAX_NOTICE_DAYS = 3650
MAX_AMOUNT = Decimal("1000000000")
MAX_DAILY_RATE = Decimal("100000")
MAX_RATE = Decimal("100")
AMOUNT_DECIMALS = 2
RATE_DECIMALS = 4


@dataclass(frozen=True)
class Field:
    """One answer: where it lives, what it holds, its default and when it is required."""

    path: str  # "contract.notice_days"; invoice fields are relative to one invoice
    kind: Kind
    doc: str  # one line for FORMATS.md
    options: tuple[str, ...] = ()
    default: object = None
    required: bool = False
    # Required only when another answer has one of these values: (path, values).
    required_when: tuple[str, tuple[str, ...]] | None = None
    maximum: int | Decimal | None = None
    decimals: int = 0
    personal: bool = False  # free text about people: left out of share links by default

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


FIELDS: tuple[Field, ...] = (
    Field("version", "int", f"answers format version ({ANSWERS_VERSION}; 1 is migrated)",
          default=ANSWERS_VERSION),
    Field("today", "date", "the plan's date (no clock is read)", required=True),
    Field("initiator", "code", "who ends the mission", INITIATORS, default="freelancer"),
    Field("reasons", "codes", "reasons for leaving", REASONS, default=()),
    Field("contract.type", "code", "open-ended, fixed-term or fixed-price deliverable",
          CONTRACT_TYPES, required=True),
    Field("contract.start", "date", "start of the relationship with this client"),
    Field("contract.end", "date", "term (fixed-term) or delivery date (deliverable)",
          required_when=("contract.type", ("fixed_term", "deliverable"))),
    Field("contract.notice_days", "int", "notice in days the contract states (null: none)",
          maximum=MAX_NOTICE_DAYS),
    Field("contract.notice_from", "code", "notice runs from sending or from receipt",
          NOTICE_FROM, default="unknown"),
    Field("contract.early_exit_clause", "code",
          "fixed-term: a clause allows ending before the term", TRI_STATE, default="unknown"),
    Field("contract.auto_renewal", "code",
          "fixed-term: renews tacitly unless a party says no", TRI_STATE, default="unknown"),
    Field("contract.intermediary", "code", "direct, ESN, platform or portage company",
          INTERMEDIARIES, required=True),
    Field("contract.employment", "code", "portage: fixed-term (CDD) or open-ended (CDI)",
          EMPLOYMENT, default="unknown"),
    Field("desired_last_day", "date", "the last day the freelancer wants"),
    Field("next_milestone", "date", "next delivery or milestone to announce after"),
    Field("new_mission_start", "date", "start of the next mission"),
    Field("client_notice_received", "date", "client ends: day its notice reached you",
          required_when=("initiator", ("client",))),
    Field("client_last_day", "date", "client ends: the last day it set",
          required_when=("initiator", ("client",))),
    Field("daily_rate", "decimal", "daily rate excl. VAT, for estimates",
          maximum=MAX_DAILY_RATE, decimals=AMOUNT_DECIMALS),
    Field("invoices", "invoices", "invoices sent (see below)", default=()),
    Field("penalty_rate", "decimal", "late-payment rate the contract sets, % a year",
          maximum=MAX_RATE, decimals=RATE_DECIMALS),
    Field("insolvency_published", "date",
          "debtor in insolvency proceedings: date of the official notice"),
    Field("holds_client_assets", "bool", "holds client hardware, badges or accounts",
          default=False),
    Field("ip_assigned", "code", "rights in the work assigned in writing", TRI_STATE,
          default="unknown"),
    Field("personal_data", "code", "handles personal data for the client", TRI_STATE,
          default="unknown"),
    Field("non_solicitation", "bool", "the contract has a non-solicitation clause",
          default=False),
    Field("freelancer_name", "text", "your name, as you sign", default="", personal=True),
    Field("client_name", "text", "the (end) client", default="", personal=True),
    Field("intermediary_name", "text", "the ESN, platform or portage company", default="",
          personal=True),
    Field("contact_name", "text", "the person you write to", default="", personal=True),
)

INVOICE_FIELDS: tuple[Field, ...] = (
    Field("amount", "decimal", "amount due", required=True, maximum=MAX_AMOUNT,
          decimals=AMOUNT_DECIMALS),
    Field("due", "date", "due date", required=True),
    Field("paid", "bool", "paid already", default=False),
    Field("ref", "text", "invoice number", default="", personal=True),
)

BY_PATH: dict[str, Field] = {f.path: f for f in FIELDS}

TOP_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(f.path.partition(".")[0] for f in FIELDS))
CONTRACT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.path.startswith("contract."))

LIMITS: dict[str, object] = {
    "max_text": MAX_TEXT,
    "max_invoices": MAX_INVOICES,
    "max_reasons": MAX_REASONS,
    "max_notice_days": MAX_NOTICE_DAYS,
    "max_amount": int(MAX_AMOUNT),
    "max_daily_rate": int(MAX_DAILY_RATE),
    "max_rate": int(MAX_RATE),
    "min_date": "1990-01-01",
    "max_date": "2100-12-31",
    "version": ANSWERS_VERSION,
}
"""Parameters available to every error message (e.g. "{max_text} characters at most")."""


def field_maximum(path: str) -> int | Decimal | None:
    """The largest value an answer accepts, for messages (`invoices[3].amount` included)."""
    head, _, rest = path.partition("].")
    if head.startswith("invoices[") and rest:
        return next((f.maximum for f in INVOICE_FIELDS if f.path == rest), None)
    field = BY_PATH.get(path)
    return field.maximum if field is not None else None


def migrate(answers: dict[str, object]) -> dict[str, object]:
    """Answers of an older version as the current version (a new dict; never raises on a
    well-formed older answers object; anything else is returned for validation to reject).

    1 → 2: the intermediary was optional and meant "none" when absent; it is now required
    (a pre-answered "direct" gave ESN users a direct client's plan)."""
    if answers.get("version") != 1:
        return answers
    migrated = dict(answers)
    contract = migrated.get("contract")
    if isinstance(contract, dict) and contract.get("intermediary") is None:
        migrated["contract"] = {**contract, "intermediary": "none"}
    migrated["version"] = ANSWERS_VERSION
    return migrated


def migration_changes(answers: object) -> list[dict[str, object]]:
    """What `migrate` changes in older answers, as answer paths and new values (the page
    shows them in its form: the engine, not the page, knows how a version maps to the next).
    Empty for current or unreadable answers."""
    if not isinstance(answers, dict) or answers.get("version") == ANSWERS_VERSION:
        return []
    migrated = migrate(answers)
    changes: list[dict[str, object]] = []
    for f in FIELDS:
        head, _, rest = f.path.partition(".")
        old, new = answers.get(head), migrated.get(head)
        if rest:
            old = old.get(rest) if isinstance(old, dict) else None
            new = new.get(rest) if isinstance(new, dict) else None
        if new != old:
            changes.append({"field": f.path, "value": new})
    return changes


def _kind_text(f: Field) -> str:
    if f.options:
        return " \\| ".join(f"`{o}`" for o in f.options)
    return {"date": "date `YYYY-MM-DD`", "int": "whole number", "decimal": "number",
            "text": f"text ≤ {MAX_TEXT}", "bool": "true/false", "codes": "list of codes",
            "invoices": "list of objects"}.get(f.kind, f.kind)


def _required_text(f: Field) -> str:
    if f.required:
        return "required"
    if f.required_when:
        path, values = f.required_when
        return f"required when `{path}` is " + " or ".join(f"`{v}`" for v in values)
    return "—" if f.default is None else f"`{_default_text(f.default)}`"


def _default_text(value: object) -> str:
    if isinstance(value, bool):
        return "false" if not value else "true"
    if isinstance(value, tuple):
        return "[]"
    return str(value) if not isinstance(value, str) else (value if value else f'"{value}"')


def answers_table() -> str:
    """The Markdown table of answers in FORMATS.md (generated; a test keeps them equal)."""
    rows = ["| field | value | required / default | meaning |", "|---|---|---|---|"]
    for f in FIELDS:
        rows.append(f"| `{f.path}` | {_kind_text(f)} | {_required_text(f)} | {f.doc} |")
    for f in INVOICE_FIELDS:
        rows.append(f"| `invoices[].{f.path}` | {_kind_text(f)} | {_required_text(f)} | "
                    f"{f.doc} |")
    return "\n".join(rows)
