"""Legal rules sets, one module per jurisdiction, chosen by name (`get_rules("fr")`).

The planning engine never hard-codes a legal figure: it reads them from a `RuleSet`, a
typed, frozen record. A fork for another country adds `checklist/rules/<name>.py` that
defines `RULES = RuleSet(...)` (copy `fr.py` and change the data) and names it in
mkdocs.yml (`extra.jurisdiction`), the CLI (`--jurisdiction`) or the request. No engine
change is needed.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from checklist.calendar import HolidayTable, WorkingDays
from checklist.plan import SourceDict

_NAME = re.compile(r"[a-z][a-z0-9_]{0,15}")

DEFAULT_JURISDICTION = "fr"

# Source kinds: "law" (statute, regulation), "agreement" (collective agreement),
# "practice" (usage, not law: shown as such), "data" (a dated figure such as a rate).
SOURCE_KINDS: tuple[str, ...] = ("law", "agreement", "practice", "data")

# Topics of the reasoning behind dates and amounts; a rules set maps each to source ids.
REASON_TOPICS: tuple[str, ...] = (
    "notice",  # an open-ended contract ends with notice
    "default_notice",  # ... a reasonable one when the contract states none
    "notice_receipt",  # notice counted from receipt of the letter
    "fixed_term",  # a fixed-term contract runs until its term
    "early_clause",  # leaving early under an early-termination clause
    "early_agreement",  # leaving early by mutual agreement
    "non_renewal",  # a tacitly renewing contract ends only if notified before the deadline
    "deliverable",  # fixed-price work ends with delivery
    "extension",  # staying past the term needs an extension agreed before it
    "tacit_renewal",  # performing past the term makes the contract open-ended
    "handover",  # when to start handing over (practice)
    "working_days",  # computed dates fall on working days
    "rate_override",  # the contract may set its own late-payment rate
    "rate_table",  # the legal default rate per half-year
    "relationship",  # established commercial relationship
    "client_notice",  # the notice the client owes
    "umbrella",  # portage: who notifies, who invoices
    "contract_end",  # the contract ends on its date even on a day off: the last worked day
    "direct_hire",  # staying with the end client without a non-solicitation clause
)


@dataclass(frozen=True)
class Source:
    """A citation. `citation` is the official reference, left untranslated; the strings may
    give a localised label as `source.<id>` (required for practice and data sources)."""

    id: str
    citation: str
    url: str
    kind: str

    def to_dict(self) -> SourceDict:
        return {"id": self.id, "citation": self.citation, "url": self.url, "kind": self.kind}


@dataclass(frozen=True)
class ReferenceRate:
    """The reference rate (e.g. the ECB main refinancing rate) that fixes the legal
    late-payment rate for the half-year starting on `start`."""

    start: date
    value: Decimal
    assumed: bool = False  # not yet confirmed: the plan says so


@dataclass(frozen=True)
class RelationshipAdvice:
    """The established-relationship heuristic for one relationship length."""

    months: int
    established: bool
    recommended_notice_days: int


@dataclass(frozen=True)
class RuleSet:
    """Everything jurisdiction-specific the engine uses. Frozen: a plan cannot change it."""

    name: str
    currency: str
    sources: Mapping[str, Source]
    risk_basis: Mapping[str, tuple[str, ...]]
    reason_basis: Mapping[str, tuple[str, ...]]
    public_holidays: HolidayTable
    # An uncertainty key shown when regional holidays may differ (e.g. Alsace-Moselle).
    regional_holidays_note: str | None
    default_notice_days: int  # when the contract states none ("reasonable")
    letter_receipt_working_days: int  # plan a registered letter's receipt this many days on
    # Portage: working days between the consultant's request and the portage company's
    # letter to the client (the company notifies, not the consultant).
    umbrella_relay_working_days: int
    # Working days the plan leaves to prepare before announcing, when the target allows.
    preparation_working_days: int
    # At most this many working days left before the last day: the handover is compressed.
    short_notice_working_days: int
    established_min_months: int
    # The relationship heuristic applies before `established_min_months` only when its
    # figure exceeds the notice given by at least this many days.
    relationship_material_days: int
    notice_days_per_year: int
    notice_cap_days: int
    handover_lead_days: int
    # Days after the announcement the handover plan goes out (the guide's
    # handover-draft-plan, `due=announce+N`): the handover never starts before it.
    handover_plan_days: int
    follow_up_days: int
    penalty_margin: Decimal  # points added to the reference rate
    reference_rates: tuple[ReferenceRate, ...]  # by half-year, oldest first
    rate_basis: tuple[str, ...]
    recovery_indemnity: Decimal
    payment_default_term_days: int
    periodic_invoice_max_days: int
    reminder_to_demand_days: int  # a formal demand follows an unanswered reminder
    formal_demand_days: int  # deadline a formal demand gives
    limitation_years: int
    # An invoice whose limitation date falls within this many days gets an urgent step,
    # due `limitation_margin_days` before that date.
    limitation_warning_days: int
    limitation_margin_days: int
    insolvency_claim_months: int  # to declare a claim after the insolvency notice
    # After the declaration deadline: months from the notice to ask to be relieved of the
    # foreclosure (relevé de forclusion).
    insolvency_forclusion_months: int
    # A contractual late-payment rate may not be lower than this multiple of the legal
    # interest rate of its half-year (None: no floor in this jurisdiction).
    penalty_floor_multiplier: Decimal | None
    legal_interest_rates: tuple[ReferenceRate, ...]  # by half-year, oldest first
    # Extra sources for a risk in some situations: {(risk code, situation): source ids}.
    situational_basis: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def working_days(self) -> WorkingDays:
        """Working-day arithmetic on this rules set's holidays (built once per record)."""
        return WorkingDays(self.public_holidays)

    def relationship(self, months: int) -> RelationshipAdvice:
        months = max(months, 0)
        recommended = -(-months * self.notice_days_per_year // 12)  # ceiling
        return RelationshipAdvice(
            months=months,
            established=months >= self.established_min_months,
            recommended_notice_days=min(recommended, self.notice_cap_days),
        )

    def relationship_applies(self, advice: RelationshipAdvice, given_days: int) -> bool:
        """Whether the "notice per year of relationship" figure matters: from
        `established_min_months`, or earlier when it exceeds the notice given by at least
        `relationship_material_days` (a rule of thumb, not a rule: applied where it
        matters)."""
        return advice.established or (
            advice.recommended_notice_days - given_days >= self.relationship_material_days)

    def basis(self, risk_code: str, situations: frozenset[str]) -> tuple[str, ...]:
        sources = tuple(self.risk_basis.get(risk_code, ()))
        for (code, situation), extra in self.situational_basis.items():
            if code == risk_code and situation in situations:
                sources = (*sources, *extra)
        return sources

    def topic_basis(self, topic: str) -> tuple[str, ...]:
        if topic not in REASON_TOPICS:
            raise KeyError(f"unknown reasoning topic {topic!r}")
        return tuple(self.reason_basis.get(topic, ()))

    def rate_for(self, day: date) -> ReferenceRate | None:
        """The reference rate of the half-year containing `day`, or None when the table
        does not reach it (too old, or not yet published)."""
        return _half_year_rate(self.reference_rates, day)

    def legal_interest_for(self, day: date) -> ReferenceRate | None:
        """The legal interest rate of the half-year containing `day`, or None."""
        return _half_year_rate(self.legal_interest_rates, day)


def _half_year_rate(table: tuple[ReferenceRate, ...], day: date) -> ReferenceRate | None:
    found = None
    for rate in table:
        if rate.start <= day:
            found = rate
    if found is None or day >= half_year_after(table[-1].start):
        return None
    return found


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def half_year_after(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 7 else date(start.year, 7, 1)


class UnknownRules(LookupError):
    """No rules set of that name, or its module does not define `RULES = RuleSet(...)`."""


def check_rules(rules: RuleSet) -> list[str]:
    """Problems in a rules set's data (a fork's mistakes show at build time)."""
    problems = []
    cited = [*(s for ids in rules.risk_basis.values() for s in ids),
             *(s for ids in rules.reason_basis.values() for s in ids),
             *(s for ids in rules.situational_basis.values() for s in ids),
             *rules.rate_basis]
    problems += [f"unknown source id {s!r}" for s in dict.fromkeys(cited)
                 if s not in rules.sources]
    problems += [f"source {s.id!r}: unknown kind {s.kind!r}" for s in rules.sources.values()
                 if s.kind not in SOURCE_KINDS]
    problems += [f"unknown reasoning topic {t!r}" for t in rules.reason_basis
                 if t not in REASON_TOPICS]
    for name, table in (("reference_rates", rules.reference_rates),
                        ("legal_interest_rates", rules.legal_interest_rates)):
        starts = [rate.start for rate in table]
        if (not starts and name == "reference_rates") or starts != sorted(starts) or any(
                half_year_start(s) != s for s in starts):
            problems.append(f"{name} must be half-years (1 Jan / 1 Jul), oldest first")
    if rules.penalty_floor_multiplier is not None and not rules.legal_interest_rates:
        problems.append("penalty_floor_multiplier needs legal_interest_rates")
    return problems


def get_rules(name: str) -> RuleSet:
    """The rules set called `name` (`checklist/rules/<name>.py`, its `RULES`)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise UnknownRules(repr(name))
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise UnknownRules(name) from None
    rules = getattr(module, "RULES", None)
    if not isinstance(rules, RuleSet):
        raise UnknownRules(f"{name}: no RULES = RuleSet(...)")
    return rules


def available() -> list[str]:
    """Names of the rules sets shipped in this package."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if _NAME.fullmatch(info.name))
