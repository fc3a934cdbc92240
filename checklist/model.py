"""The answers, declared once: typed records whose fields carry what each answer is.

Every answer is a field of these frozen dataclasses, declared with `answer(kind, doc, …)`
(its kind, options, default, whether it is required, its limits, whether it is personal).
Everything else derives from this one declaration: validation parses the JSON answers
straight into these records (validate.py); the list of fields, limits and FORMATS.md's
table (schema.py); the questionnaire and the planner page's constraints (questionnaire.py,
exported by the planner hook). A new answer is one field here, its question, its strings
and its use in the engine.

Groups (`contract`) are nested records declared with `group()`; a list of records
(`invoices`) is an answer of kind "invoices" whose items are `Invoice`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from checklist import ANSWERS_VERSION
from checklist.vocabulary import (
    CONTRACT_TYPES,
    EMPLOYMENT,
    INITIATORS,
    INTERMEDIARIES,
    LEGAL_FORMS,
    NOTICE_FROM,
    NOTICE_UNITS,
    REASONS,
    SENDING,
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
class Spec:
    """What one answer holds: its kind, its default and when it is required."""

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
    max_length: int | None = None  # text: characters at most
    allow_zero: bool = False  # decimal: 0 is a meaningful answer (a rate of 0 %)
    multiline: bool = False  # text: line breaks allowed (a postal address)
    pattern: str | None = None  # text: what it must look like (schema.TEXT_PATTERNS)


def answer(kind: Kind, doc: str, *, options: tuple[str, ...] = (), default: object = None,
           required: bool = False, required_when: tuple[str, tuple[str, ...]] | None = None,
           maximum: int | Decimal | None = None, decimals: int = 0, personal: bool = False,
           allow_zero: bool = False, multiline: bool = False,
           pattern: str | None = None) -> Any:
    """A dataclass field that is an answer (typed `Any` so that the field keeps its own
    annotation, as with `dataclasses.field`)."""
    spec = Spec(kind, doc, options, default, required, required_when, maximum, decimals,
                personal, MAX_TEXT if kind == "text" else None, allow_zero, multiline, pattern)
    if required:
        return field(metadata={"answer": spec})
    return field(default=default, metadata={"answer": spec})


def group(record: type) -> Any:
    """A dataclass field holding a nested group of answers (`contract`). A group whose
    answers are all optional may be left out: its defaults apply."""
    return field(default_factory=lambda: record(), metadata={"group": record})


@dataclass(frozen=True, kw_only=True)
class Contract:
    type: str = answer("code", "open-ended, fixed-term or fixed-price deliverable",
                       options=CONTRACT_TYPES, required=True)
    start: date | None = answer("date", "start of the relationship with this client")
    end: date | None = answer(
        "date", "term (fixed-term) or delivery date (deliverable)",
        required_when=("contract.type", ("fixed_term", "deliverable")))
    notice: int | None = answer("int", "notice the contract states, in `notice_unit` "
                                "(null: none)", maximum=MAX_NOTICE_DAYS)
    notice_unit: str = answer("code", "days, or months counted date to date",
                              options=NOTICE_UNITS, default="days")
    notice_from: str = answer("code", "notice runs from sending or from receipt",
                              options=NOTICE_FROM, default="unknown")
    early_exit_clause: str = answer("code", "fixed-term: a clause allows ending before the term",
                                    options=TRI_STATE, default="unknown")
    auto_renewal: str = answer("code", "fixed-term: renews tacitly unless a party says no",
                               options=TRI_STATE, default="unknown")
    intermediary: str = answer("code", "direct, ESN, platform or portage company",
                               options=INTERMEDIARIES, required=True)
    employment: str = answer("code", "portage: fixed-term (CDD) or open-ended (CDI)",
                             options=EMPLOYMENT, default="unknown")
    reference: str = answer("text", "how letters identify the contract (date, number, "
                            "purchase order)", default="", personal=True)


@dataclass(frozen=True, kw_only=True)
class Freelancer:
    """Who signs the letters (their sender block)."""

    name: str = answer("text", "your name, as you sign", default="", personal=True)
    legal_form: str = answer("code", "how you trade: sole trader (EI, micro-entrepreneur "
                             "included), EURL, SASU, another company, or portage",
                             options=LEGAL_FORMS, default="unknown")
    company: str = answer("text", "a company's name", default="", personal=True)
    company_form: str = answer("text", "another company's legal form, as registered (SARL, "
                               "SAS, SELARL…)", default="", personal=True)
    siren: str = answer("text", "SIREN number (9 digits)", default="", personal=True,
                        pattern="siren")
    address: str = answer("text", "postal address (several lines)", default="",
                          personal=True, multiline=True)
    city: str = answer("text", "the town letters are written from", default="",
                       personal=True)
    registry: str = answer("text", "where you are registered: RCS <city>, or RNE",
                           default="", personal=True)
    capital: Decimal | None = answer("decimal", "a company's share capital",
                                     maximum=MAX_AMOUNT, decimals=AMOUNT_DECIMALS)


@dataclass(frozen=True, kw_only=True)
class Party:
    """An organisation letters go to, and the person there who reads them."""

    name: str = answer("text", "the organisation's name", default="", personal=True)
    address: str = answer("text", "its postal address (several lines)", default="",
                          personal=True, multiline=True)
    contact: str = answer("text", "the person you deal with there", default="",
                          personal=True)


@dataclass(frozen=True, kw_only=True)
class Invoice:
    index: int  # its position in the answers (not an answer)
    amount: Decimal = answer("decimal", "amount due", required=True, maximum=MAX_AMOUNT,
                             decimals=AMOUNT_DECIMALS)
    due: date = answer("date", "due date", required=True)
    paid: bool = answer("bool", "paid already", default=False)
    ref: str = answer("text", "invoice number", default="", personal=True)


@dataclass(frozen=True, kw_only=True)
class Answers:
    version: int = answer("int", f"answers format version ({ANSWERS_VERSION}; 1 is migrated)",
                          default=ANSWERS_VERSION)
    today: date = answer("date", "the plan's date (no clock is read)", required=True)
    initiator: str = answer("code", "who ends the mission", options=INITIATORS,
                            default="freelancer")
    reasons: tuple[str, ...] = answer("codes", "reasons for leaving", options=REASONS,
                                      default=())
    contract: Contract = group(Contract)
    desired_last_day: date | None = answer("date", "the last day the freelancer wants")
    next_milestone: date | None = answer("date", "next delivery or milestone to announce after")
    new_mission_start: date | None = answer("date", "start of the next mission")
    client_notice_received: date | None = answer(
        "date", "client ends: day its notice reached you",
        required_when=("initiator", ("client",)))
    client_last_day: date | None = answer("date", "client ends: the last day it set",
                                          required_when=("initiator", ("client",)))
    daily_rate: Decimal | None = answer("decimal", "daily rate excl. VAT, for estimates",
                                        maximum=MAX_DAILY_RATE, decimals=AMOUNT_DECIMALS)
    invoices: tuple[Invoice, ...] = answer("invoices", "invoices sent (see below)", default=())
    penalty_rate: Decimal | None = answer("decimal",
                                          "late-payment rate the contract sets, % a year",
                                          maximum=MAX_RATE, decimals=RATE_DECIMALS,
                                          allow_zero=True)
    insolvency_published: date | None = answer(
        "date", "debtor in insolvency proceedings: date of the official notice")
    holds_client_assets: bool = answer("bool", "holds client hardware, badges or accounts",
                                       default=False)
    ip_assigned: str = answer("code", "rights in the work assigned in writing",
                              options=TRI_STATE, default="unknown")
    personal_data: str = answer("code", "handles personal data for the client",
                                options=TRI_STATE, default="unknown")
    non_solicitation: bool = answer("bool", "the contract has a non-solicitation clause",
                                    default=False)
    sending: str = answer("code", "how letters that must be received are sent: registered "
                          "letter, hand delivery against a signed copy, or electronic "
                          "registered letter", options=SENDING, default="registered")
    new_mission_with_client: bool = answer(
        "bool", "the next mission is with the same end client (directly or through another "
        "intermediary)", default=False)
    freelancer: Freelancer = group(Freelancer)
    client: Party = group(Party)  # the end client
    intermediary: Party = group(Party)  # the ESN, platform or portage company


# The record of each list answer's items.
LIST_ITEMS: dict[str, type] = {"invoices": Invoice}


@dataclass(frozen=True, kw_only=True)
class Field(Spec):
    """One answer with its place: `path` is "contract.notice_days" (invoice fields are
    relative to one invoice)."""

    path: str

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


def answer_fields(record: type, prefix: str = "") -> tuple[Field, ...]:
    """The answers of a record, in declaration order, groups flattened ("contract.type")."""
    found: list[Field] = []
    for item in fields(record):
        if "group" in item.metadata:
            found.extend(answer_fields(item.metadata["group"], f"{prefix}{item.name}."))
        elif "answer" in item.metadata:
            spec: Spec = item.metadata["answer"]
            found.append(Field(path=f"{prefix}{item.name}",
                               **{name.name: getattr(spec, name.name) for name in fields(Spec)}))
    return tuple(found)


def groups(record: type) -> dict[str, type]:
    """The nested groups of a record by name ({"contract": Contract})."""
    return {item.name: item.metadata["group"] for item in fields(record)
            if "group" in item.metadata}
