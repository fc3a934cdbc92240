"""Situation codes (AUTHORING.md) that hold for a set of answers: they choose the steps."""

from __future__ import annotations

from checklist.model import Answers
from checklist.money import Money
from checklist.rules import RelationshipAdvice
from checklist.schedule import Schedule
from checklist.vocabulary import INTERMEDIARY_SITUATIONS, SITUATIONS


def derive_situations(answers: Answers, schedule: Schedule, money: Money,
                      relationship: RelationshipAdvice | None) -> list[str]:
    held = {schedule.contract_type, INTERMEDIARY_SITUATIONS[answers.contract.intermediary]}
    flags = {
        "no_notice_clause": answers.contract.notice_days is None,
        "early_exit": schedule.early_exit,
        "established_relationship": relationship is not None and relationship.established,
        "unpaid_invoices": bool(money.unpaid),
        "overdue_invoices": bool(money.overdue),
        "holds_client_assets": answers.holds_client_assets,
        "ip_unclear": answers.ip_assigned != "yes",
        "personal_data": answers.personal_data != "no",
        "non_solicitation": answers.non_solicitation,
        "new_mission": answers.new_mission_start is not None,
    }
    held.update(code for code, holds in flags.items() if holds)
    held.update(f"reason_{reason}" for reason in answers.reasons)
    unknown = held - set(SITUATIONS)
    if unknown:  # a code the guide cannot use: a bug in the engine, not in the answers
        raise AssertionError(f"unknown situation codes: {sorted(unknown)}")
    return sorted(held)
