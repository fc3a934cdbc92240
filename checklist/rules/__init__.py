"""Legal rule sets, one module per jurisdiction, chosen by name (`get_rules("fr")`).

The planning engine never hard-codes a legal figure: it asks the rule set. A fork for
another country adds `checklist/rules/<name>.py` exposing the names of `RuleSet` (copy
`fr.py` and change the data) and selects it by name (`jurisdiction` in the request, `extra.
jurisdiction` in mkdocs.yml, `--jurisdiction` on the CLI). No engine change is needed.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, cast

_NAME = re.compile(r"[a-z][a-z0-9_]{0,15}")

# Source kinds: "law" (statute, regulation), "agreement" (collective agreement),
# "practice" (usage, not law: shown as such), "data" (a dated figure such as a rate).
SOURCE_KINDS: tuple[str, ...] = ("law", "agreement", "practice", "data")


@dataclass(frozen=True)
class Source:
    """A citation. `citation` is the official reference, left untranslated; the strings may
    give a localised label as `source.<id>` (required for practice and data sources)."""

    id: str
    citation: str
    url: str
    kind: str


@dataclass(frozen=True)
class PenaltyRate:
    """The default annual late-payment rate in percent, with where it comes from."""

    value: Decimal
    reference_rate: Decimal  # e.g. the ECB main refinancing rate
    margin: Decimal  # points added by the law
    as_of: date  # the date the reference rate was read for
    valid_from: date
    valid_until: date
    basis: tuple[str, ...]  # source ids


@dataclass(frozen=True)
class RelationshipAdvice:
    """The established-relationship heuristic for one relationship length."""

    months: int
    established: bool
    recommended_notice_days: int


class RuleSet(Protocol):
    """What a rule module provides (module-level names; see fr.py for the reference)."""

    NAME: str
    CURRENCY: str
    SOURCES: Mapping[str, Source]
    RISK_BASIS: Mapping[str, tuple[str, ...]]
    # Optional: REASON_BASIS: Mapping[str, tuple[str, ...]] (see REASON_TOPICS).

    def default_notice_days(self, contract_type: str) -> int:
        """Notice assumed when the contract states none (the plan flags it uncertain)."""
        ...

    def relationship(self, months: int) -> RelationshipAdvice:
        """Is a relationship of `months` established, and what notice does practice suggest?"""
        ...

    def default_penalty_rate(self) -> PenaltyRate:
        """The dated legal default late-payment rate."""
        ...

    def recovery_indemnity(self) -> Decimal:
        """Fixed indemnity per late invoice."""
        ...

    def payment_default_term_days(self) -> int:
        """Payment term when the contract sets none."""
        ...

    def formal_demand_days(self) -> int:
        """Deadline given in a formal demand (mise en demeure)."""
        ...

    def limitation_years(self) -> int:
        """Years after which an unpaid commercial claim expires."""
        ...

    def basis(self, risk_code: str, situations: frozenset[str]) -> tuple[str, ...]:
        """Source ids behind a risk, possibly depending on the situation."""
        ...


REQUIRED: tuple[str, ...] = (
    "NAME", "CURRENCY", "SOURCES", "RISK_BASIS", "default_notice_days", "relationship",
    "default_penalty_rate", "recovery_indemnity", "payment_default_term_days",
    "formal_demand_days", "limitation_years", "basis",
)


# Optional in a rule set: REASON_BASIS maps the topics below to source ids, so that the
# reasoning behind each date cites the rule set's own sources (none when absent).
REASON_TOPICS: tuple[str, ...] = (
    "notice",  # an open-ended contract ends with notice
    "default_notice",  # ... a reasonable one when the contract states none
    "fixed_term",  # a fixed-term contract runs until its term
    "extension",  # staying past the term needs an extension agreed before it
    "tacit_renewal",  # performing past the term makes the contract open-ended
    "handover",  # when to start handing over (practice)
    "rate_override",  # the contract may set its own late-payment rate
    "relationship",  # established commercial relationship
)


def reason_basis(rules: RuleSet, topic: str) -> tuple[str, ...]:
    """Source ids the rule set gives for a reasoning topic (empty when it gives none)."""
    table = getattr(rules, "REASON_BASIS", None)
    if not isinstance(table, Mapping):
        return ()
    return tuple(table.get(topic, ()))


class UnknownRules(LookupError):
    """No rule set of that name (or the module lacks part of the RuleSet protocol)."""


def get_rules(name: str) -> RuleSet:
    """The rule set called `name` (`checklist/rules/<name>.py`)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise UnknownRules(repr(name))
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise UnknownRules(name) from None
    missing = [attribute for attribute in REQUIRED if not hasattr(module, attribute)]
    if missing:
        raise UnknownRules(f"{name}: missing {', '.join(missing)}")
    return cast(RuleSet, module)


def available() -> list[str]:
    """Names of the rule sets shipped in this package."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if _NAME.fullmatch(info.name))
