"""Risks: what could go wrong with this plan, each with its legal basis and triggers.

A risk names its code, severity, sources (from the rule set), the answer fields that
triggered it and language-neutral parameters. Its explanation and reasoning are strings
(`risk.<code>.title`, `risk.<code>.explanation`, `reasoning.risk.<code>[.<variant>]`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from checklist.dates import days_between, iso
from checklist.model import Answers
from checklist.money import Money, as_number
from checklist.rules import RelationshipAdvice, RuleSet
from checklist.schedule import Reason, Schedule

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")

RISK_CODES: tuple[str, ...] = (
    "fixed_term_early_exit",
    "notice_shortfall",
    "deliverable_unfinished",
    "new_mission_overlap",
    "tacit_renewal",
    "established_relationship",
    "overdue_invoices",
    "non_solicitation",
    "umbrella_employment",
    "client_assets",
    "ip_unassigned",
    "personal_data",
)

# Reasoning keys with a variant suffix (the others are `reasoning.risk.<code>`).
RISK_VARIANTS: dict[str, tuple[str, ...]] = {
    "ip_unassigned": ("no", "unknown"),
    "personal_data": ("yes", "unknown"),
    "non_solicitation": ("alone", "with_new_mission"),
}

UNCERTAIN_KEYS: tuple[str, ...] = (
    "uncertain.fixed_term_damages",
    "uncertain.no_notice_clause",
    "uncertain.tacit_renewal",
    "uncertain.established_heuristic",
    "uncertain.subcontracting_direct_claim",
    "uncertain.non_solicitation_validity",
    "uncertain.ip_assignment_form",
    "uncertain.personal_data_unknown",
)


@dataclass(frozen=True)
class Risk:
    code: str
    severity: str
    triggers: tuple[str, ...]
    params: dict[str, object]
    basis: tuple[str, ...]
    reasoning_key: str
    uncertain: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "basis": list(self.basis),
            "triggers": list(self.triggers),
            "params": self.params,
        }

    def reason(self) -> Reason:
        return Reason(f"risks.{self.code}", self.reasoning_key, self.params, self.basis,
                      self.uncertain)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def assess_risks(answers: Answers, schedule: Schedule, money: Money,
                 relationship: RelationshipAdvice | None, rules: RuleSet,
                 situations: frozenset[str]) -> list[Risk]:
    found: list[tuple[str, str, tuple[str, ...], dict[str, object], str, str | None]] = []

    def add(code: str, severity: str, triggers: tuple[str, ...], params: dict[str, object],
            variant: str | None = None, uncertain: str | None = None) -> None:
        key = f"reasoning.risk.{code}" + (f".{variant}" if variant else "")
        found.append((code, severity, triggers, params, key, uncertain))

    last_day = schedule.last_day
    contract = answers.contract
    if schedule.early_exit and schedule.term is not None:
        add("fixed_term_early_exit", "high",
            ("contract.type", "contract.end", "desired_last_day"),
            {"term": iso(schedule.term), "last_day": iso(last_day),
             "days_early": days_between(last_day, schedule.term)},
            uncertain="uncertain.fixed_term_damages")
    if schedule.notice_shortfall and schedule.desired_last_day is not None:
        add("notice_shortfall", "high",
            ("desired_last_day", "contract.notice_days"),
            {"desired_last_day": iso(schedule.desired_last_day),
             "earliest_last_day": iso(schedule.exit_floor),
             "shortfall_days": days_between(schedule.desired_last_day, schedule.exit_floor),
             "notice_days": schedule.notice_days, "announce": iso(schedule.announce)},
            uncertain=None if schedule.notice_from_contract else "uncertain.no_notice_clause")
    if (schedule.contract_type == "deliverable" and contract.end is not None
            and last_day < contract.end):
        add("deliverable_unfinished", "high", ("contract.type", "contract.end"),
            {"delivery": iso(contract.end), "last_day": iso(last_day),
             "days_early": days_between(last_day, contract.end)})
    start = answers.new_mission_start
    if start is not None and start <= last_day:
        add("new_mission_overlap", "high", ("new_mission_start",),
            {"new_mission_start": iso(start), "last_day": iso(last_day),
             "overlap_days": days_between(start, last_day) + 1})
    if schedule.tacit_renewal and contract.end is not None:
        add("tacit_renewal", "medium", ("contract.type", "contract.end"),
            {"term": iso(contract.end), "today": iso(answers.today),
             "notice_days": schedule.notice_days},
            uncertain="uncertain.tacit_renewal")
    if relationship is not None and relationship.established and contract.start is not None:
        given = schedule.given_notice_days
        recommended = relationship.recommended_notice_days
        if given < recommended:
            add("established_relationship", "high" if 2 * given < recommended else "medium",
                ("contract.start", "contract.notice_days", "desired_last_day"),
                {"start": iso(contract.start), "months": relationship.months,
                 "years": relationship.months // 12,
                 "recommended_notice_days": recommended, "given_notice_days": given},
                uncertain="uncertain.established_heuristic")
    overdue = money.overdue
    if overdue:
        oldest = min(line.invoice.due for line in overdue)
        add("overdue_invoices", "medium",
            tuple(f"invoices[{line.invoice.index}]" for line in overdue),
            {"count": len(overdue), "overdue_total": as_number(money.overdue_total),
             "late_penalties": as_number(money.late_penalties),
             "recovery_indemnities": as_number(money.recovery_indemnities),
             "total_claimed": as_number(money.total_claimed),
             "oldest_due": iso(oldest),
             "max_days_late": max(line.days_late for line in overdue),
             "limitation_date": iso(_add_years(oldest, rules.limitation_years())),
             "limitation_years": rules.limitation_years(),
             "indemnity_per_invoice": as_number(rules.recovery_indemnity())},
            uncertain="uncertain.subcontracting_direct_claim" if "agency" in situations
            else None)
    if answers.non_solicitation:
        with_mission = answers.new_mission_start is not None
        add("non_solicitation", "medium", ("non_solicitation",),
            {"intermediary": contract.intermediary},
            variant="with_new_mission" if with_mission else "alone",
            uncertain="uncertain.non_solicitation_validity")
    if contract.intermediary == "umbrella":
        add("umbrella_employment", "low", ("contract.intermediary",),
            {"last_day": iso(last_day)})
    if answers.holds_client_assets:
        add("client_assets", "medium", ("holds_client_assets",), {"last_day": iso(last_day)})
    if answers.ip_assigned != "yes":
        add("ip_unassigned", "medium" if answers.ip_assigned == "no" else "low",
            ("ip_assigned",), {"last_day": iso(last_day)}, variant=answers.ip_assigned,
            uncertain="uncertain.ip_assignment_form")
    if answers.personal_data != "no":
        add("personal_data", "medium" if answers.personal_data == "yes" else "low",
            ("personal_data",), {"last_day": iso(last_day)}, variant=answers.personal_data,
            uncertain="uncertain.personal_data_unknown" if answers.personal_data == "unknown"
            else None)

    risks = [
        Risk(code, severity, triggers, params, rules.basis(code, situations), key, uncertain)
        for code, severity, triggers, params, key, uncertain in found
    ]
    for risk in risks:
        if not risk.basis:
            raise AssertionError(f"rule set {rules.NAME} gives no basis for {risk.code}")
    order = {code: index for index, code in enumerate(RISK_CODES)}
    return sorted(risks, key=lambda risk: (SEVERITIES.index(risk.severity), order[risk.code]))
