"""The French rules set: each rule with a worked example, the calendar and the registry."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from checklist.calendar import WorkingDays, easter_sunday
from checklist.risks import RISK_CODES
from checklist.rules import (
    REASON_TOPICS,
    RuleSet,
    UnknownRules,
    available,
    check_rules,
    get_rules,
)
from checklist.rules.fr import RULES, public_holidays


def test_registry_finds_fr_by_name() -> None:
    rules = get_rules("fr")
    assert isinstance(rules, RuleSet) and rules.name == "fr"
    assert "fr" in available()
    assert check_rules(rules) == []


@pytest.mark.parametrize("name", ["xx", "", "FR", "../fr", "fr.py", "rules", "calendar", 3,
                                  None])
def test_registry_rejects_unknown_names(name: object) -> None:
    with pytest.raises(UnknownRules):
        get_rules(name)  # type: ignore[arg-type]


def test_rules_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES.default_notice_days = 15  # type: ignore[misc]


def test_check_rules_reports_a_forks_mistakes() -> None:
    broken = dataclasses.replace(RULES, risk_basis={"client_assets": ("nowhere",)},
                                 reason_basis={"no-such-topic": ()})
    problems = check_rules(broken)
    assert "unknown source id 'nowhere'" in problems
    assert "unknown reasoning topic 'no-such-topic'" in problems


def test_default_notice_is_one_month() -> None:
    # Code civil 1211: "reasonable" notice when the contract states none; 30 days = practice.
    assert RULES.default_notice_days == 30


@pytest.mark.parametrize(
    ("months", "established", "recommended"),
    [
        (0, False, 0),
        (11, False, 28),  # 11 × 30 / 12 = 27.5 → 28 days (rounded up)
        (12, False, 30),  # one year: one month, below the two years the plan waits for
        (24, True, 60),  # two years: the rule of thumb applies
        (32, True, 80),  # 2 years 8 months: 80 days
        (216, True, 540),  # 18 years of practice figure: 540 days, under the cap
        (600, True, 548),  # capped at 18 months of notice (L442-1 II): 548 days, not 540
    ],
)
def test_established_relationship_heuristic(months: int, established: bool,
                                            recommended: int) -> None:
    advice = RULES.relationship(months)
    assert advice.months == months
    assert advice.established is established
    assert advice.recommended_notice_days == recommended


@pytest.mark.parametrize(("year", "easter"), [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)), (2028, date(2028, 4, 16)), (2038, date(2038, 4, 25)),
    (2000, date(2000, 4, 23)), (1990, date(1990, 4, 15))])
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_french_public_holidays_2027() -> None:
    # Code du travail L3133-1: 11 national holidays (service-public.fr lists for 2027).
    assert sorted(public_holidays(2027)) == [
        date(2027, 1, 1), date(2027, 3, 29), date(2027, 5, 1), date(2027, 5, 6),
        date(2027, 5, 8), date(2027, 5, 17), date(2027, 7, 14), date(2027, 8, 15),
        date(2027, 11, 1), date(2027, 11, 11), date(2027, 12, 25)]
    assert date(2027, 3, 26) not in public_holidays(2027)  # Good Friday: Alsace-Moselle only


def test_working_days() -> None:
    days = WorkingDays(public_holidays)
    assert days.on_or_after(date(2026, 12, 25)) == date(2026, 12, 28)  # Friday holiday
    assert days.on_or_before(date(2027, 1, 3)) == date(2026, 12, 31)  # Sunday → Thursday
    assert days.on_or_after(date(2027, 1, 1)) == date(2027, 1, 4)
    assert days.add(date(2026, 12, 24), 2) == date(2026, 12, 29)  # skips 25th and weekend
    assert days.add(date(2026, 12, 29), -2) == date(2026, 12, 24)
    assert days.count_between(date(2026, 12, 21), date(2027, 1, 3)) == 8  # two holidays


def test_rate_table_by_half_year() -> None:
    # L441-10: the ECB rate on 1 January / 1 July, plus 10 points, for that half-year.
    assert RULES.rate_for(date(2024, 3, 1)).value == Decimal("4.50")  # type: ignore[union-attr]
    assert RULES.rate_for(date(2024, 9, 1)).value == Decimal("4.25")  # type: ignore[union-attr]
    assert RULES.rate_for(date(2025, 2, 1)).value == Decimal("3.15")  # type: ignore[union-attr]
    second_2026 = RULES.rate_for(date(2026, 12, 31))
    assert second_2026 is not None and second_2026.value == Decimal("2.15")
    assert second_2026.assumed  # read for 1 July 2026, not yet confirmed
    first_2027 = RULES.rate_for(date(2027, 1, 1))
    assert first_2027 is not None and first_2027.assumed  # assumed until confirmed
    assert RULES.rate_for(date(2027, 7, 1)) is None  # not published yet: the plan asks
    assert RULES.penalty_margin == Decimal("10")


def test_payment_figures() -> None:
    assert RULES.recovery_indemnity == Decimal("40.00")  # D441-5
    assert RULES.payment_default_term_days == 30  # L441-10
    assert RULES.periodic_invoice_max_days == 45  # L441-10 I; CGI 289 I-3
    assert RULES.limitation_years == 5  # L110-4
    assert RULES.insolvency_claim_months == 2  # R622-24


def test_every_risk_has_a_basis() -> None:
    for code in RISK_CODES:
        assert RULES.basis(code, frozenset()), code


def test_direct_claim_only_with_an_agency() -> None:
    assert "loi-75-1334" in RULES.basis("overdue_invoices", frozenset({"agency"}))
    assert "loi-75-1334" not in RULES.basis("overdue_invoices", frozenset({"direct"}))


@pytest.mark.parametrize("topic", REASON_TOPICS)
def test_every_reasoning_topic_cites_known_sources(topic: str) -> None:
    sources = RULES.topic_basis(topic)
    assert sources, topic
    assert all(source in RULES.sources for source in sources)


def test_practice_sources_are_marked_as_practice() -> None:
    for source in RULES.sources.values():
        if source.id.startswith("practice-"):
            assert source.kind == "practice" and not source.citation
