"""Situation codes (AUTHORING.md) that hold for a set of answers: they choose the steps."""

from __future__ import annotations

from checklist.model import Answers
from checklist.money import Money
from checklist.routes import ROUTES
from checklist.schedule import Schedule
from checklist.vocabulary import INTERMEDIARY_SITUATIONS, SITUATIONS


def derive_situations(answers: Answers, schedule: Schedule, money: Money) -> list[str]:
    umbrella = answers.contract.intermediary == "umbrella"
    relationship = schedule.relationship
    held = {schedule.contract_type, INTERMEDIARY_SITUATIONS[answers.contract.intermediary],
            f"route_{schedule.route}",
            "client_ends" if schedule.initiator == "client" else "freelancer_ends"}
    client = schedule.client
    route = ROUTES[schedule.route]
    flags = {
        "notice_letter": route.notice_letter,
        "early_agreement": route.proposal,
        "early_exit_clause": schedule.contract_type == "fixed_term"
        and answers.contract.early_exit_clause == "yes",
        "auto_renewal": schedule.auto_renewal,
        "employment_fixed_term": umbrella and answers.contract.employment == "fixed_term",
        "employment_open_ended": umbrella and answers.contract.employment == "open_ended",
        "client_notice_short": client is not None and client.basis == "notice"
        and client.lost_working_days > 0,
        "insolvency": answers.insolvency_published is not None and not umbrella,
        "insolvency_foreclosed": not umbrella and money.insolvency_claim_deadline is not None
        and money.insolvency_claim_deadline < answers.today,
        "time_barred_invoices": bool(money.time_barred),
        "limitation_near": money.limitation_date is not None,
        "no_notice_clause": answers.contract.notice is None,
        "early_exit": schedule.early_exit,
        "established_relationship": relationship is not None and relationship.established,
        "unpaid_invoices": bool(money.unpaid),
        "overdue_invoices": bool(money.overdue),
        "holds_client_assets": answers.holds_client_assets,
        "ip_unclear": answers.ip_assigned != "yes",
        "personal_data": answers.personal_data != "no",
        "non_solicitation": answers.non_solicitation,
        "new_mission": answers.new_mission_start is not None,
        "new_mission_with_client": answers.new_mission_with_client
        and answers.contract.intermediary != "none",
        "direct_hire_clause": answers.new_mission_with_client and answers.non_solicitation
        and answers.contract.intermediary != "none",
        "renewal_deadline_passed": schedule.renewal_send_by is not None
        and schedule.renewal_send_by < schedule.first_working_day,
    }
    held.update(code for code, holds in flags.items() if holds)
    if schedule.initiator == "freelancer":  # reasons for leaving: kept but unused otherwise
        held.update(f"reason_{reason}" for reason in answers.reasons)
    unknown = held - set(SITUATIONS)
    if unknown:  # a code the guide cannot use: a bug in the engine, not in the answers
        raise AssertionError(f"unknown situation codes: {sorted(unknown)}")
    return sorted(held)
