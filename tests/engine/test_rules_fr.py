"""The French rule set: each rule with a worked example, and the registry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from checklist.risks import RISK_CODES
from checklist.rules import (
    REASON_TOPICS,
    REQUIRED,
    UnknownRules,
    available,
    fr,
    get_rules,
    reason_basis,
)


def test_registry_finds_fr_by_name() -> None:
    rules = get_rules("fr")
    assert rules.NAME == "fr"
    assert "fr" in available()
    for name in REQUIRED:
        assert hasattr(rules, name)


@pytest.mark.parametrize("name", ["xx", "", "FR", "../fr", "fr.py", "rules", 3, None])
def test_registry_rejects_unknown_names(name: object) -> None:
    with pytest.raises(UnknownRules):
        get_rules(name)  # type: ignore[arg-type]


def test_default_notice_is_one_month() -> None:
    # Code civil 1211: "reasonable" notice when the contract states none; 30 days = practice.
    assert fr.default_notice_days("open_ended") == 30
    assert fr.default_notice_days("deliverable") == 30


@pytest.mark.parametrize(
    ("months", "established", "recommended"),
    [
        (0, False, 0),
        (11, False, 28),  # 11 × 30 / 12 = 27.5 → 28 days (rounded up)
        (12, True, 30),  # one year: one month
        (32, True, 80),  # 2 years 8 months: 80 days
        (216, True, 540),  # 18 years: capped at 18 months of notice (L442-1 II)
        (600, True, 540),
    ],
)
def test_established_relationship_heuristic(months: int, established: bool,
                                            recommended: int) -> None:
    advice = fr.relationship(months)
    assert advice.months == months
    assert advice.established is established
    assert advice.recommended_notice_days == recommended


def test_default_penalty_rate_is_ecb_plus_ten_points_dated() -> None:
    rate = fr.default_penalty_rate()
    assert rate.reference_rate == Decimal("2.15")  # ECB MRO rate assumed on 1 July 2026
    assert rate.margin == Decimal("10")
    assert rate.value == Decimal("12.15")
    assert rate.as_of == date(2026, 7, 1)
    assert (rate.valid_from, rate.valid_until) == (date(2026, 7, 1), date(2026, 12, 31))
    assert rate.basis == ("com-L441-10", "data-ecb-mro")


def test_payment_figures() -> None:
    assert fr.recovery_indemnity() == Decimal("40.00")  # D441-5
    assert fr.payment_default_term_days() == 30  # L441-10
    assert fr.limitation_years() == 5  # L110-4
    assert fr.formal_demand_days() == 8


@pytest.mark.parametrize("code", RISK_CODES)
def test_every_risk_has_a_basis_of_known_sources(code: str) -> None:
    sources = fr.basis(code, frozenset())
    assert sources, code
    for source_id in sources:
        assert source_id in fr.SOURCES


def test_subcontracting_act_added_for_agency_chains() -> None:
    assert "loi-75-1334" not in fr.basis("overdue_invoices", frozenset({"direct"}))
    assert "loi-75-1334" in fr.basis("overdue_invoices", frozenset({"agency"}))


def test_sources_are_well_formed() -> None:
    for source_id, source in fr.SOURCES.items():
        assert source.id == source_id
        assert source.kind in ("law", "agreement", "practice", "data")
        if source.kind in ("law", "agreement"):
            assert source.citation, source_id
        assert source.url == "" or source.url.startswith("https://")


@pytest.mark.parametrize("topic", REASON_TOPICS)
def test_every_reasoning_topic_has_french_sources(topic: str) -> None:
    sources = reason_basis(get_rules("fr"), topic)
    assert sources
    assert all(source_id in fr.SOURCES for source_id in sources)
