"""The planning engine: answers + checklist data + a rules set → the plan (a JSON-ready dict).

Order: the route and the counterparty with the key dates (schedule.py), money (money.py),
situations (situations.py), risks (risks.py), steps (steps.py), letters (messages.py),
then the reasoning behind each date and risk and the sources the plan cites. No I/O, no
clock: `today` is an answer.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping

from checklist import PLAN_VERSION
from checklist.data import items, templates
from checklist.dates import iso
from checklist.messages import select_messages
from checklist.model import Answers
from checklist.money import Money
from checklist.money import compute_money as compute_money
from checklist.plan import Plan
from checklist.risks import assess_risks, limitation_act_by
from checklist.routes import ROUTES
from checklist.rules import RuleSet
from checklist.schedule import Reason, Schedule, compute_schedule
from checklist.situations import derive_situations
from checklist.steps import select_steps


def _rate_reason(money: Money, rules: RuleSet) -> Reason:
    if money.rate_overridden:
        return Reason("money.rate", "reasoning.rate.override", {"value": float(money.rate)},
                      rules.topic_basis("rate_override"))
    uncertain = ("uncertain.rate_unknown" if money.rate_unknown_after
                 else "uncertain.ecb_rate_assumed" if money.rate_assumed else None)
    return Reason("money.rate", "reasoning.rate.table",
                  {"value": float(money.rate), "margin": float(rules.penalty_margin),
                   "unknown_after": iso(money.rate_unknown_after)
                   if money.rate_unknown_after else ""},
                  rules.topic_basis("rate_table"), uncertain)


def _notes(answers: Answers, schedule: Schedule, money: Money, rules: RuleSet) -> list[Reason]:
    """Reasoning that is not about one date or risk: route, counterparty, relationship."""
    notes = [Reason("route", f"reasoning.route.{schedule.route}",
                    {"last_day": iso(schedule.last_day),
                     "term": iso(schedule.term) if schedule.term else "",
                     "delivery": iso(schedule.delivery) if schedule.delivery else ""},
                    rules.topic_basis(ROUTES[schedule.route].topic)),
             Reason("counterparty", f"reasoning.counterparty.{schedule.counterparty}", {},
                    rules.topic_basis("umbrella") if schedule.counterparty == "umbrella"
                    else (), "uncertain.agency_back_to_back"
                    if schedule.counterparty == "agency" else None)]
    if schedule.relationship is None and answers.contract.intermediary != "umbrella":
        notes.append(Reason("situations.established_relationship",
                            "reasoning.relationship_unknown", {},
                            rules.topic_basis("relationship")))
    if (answers.new_mission_with_client and not answers.non_solicitation
            and answers.contract.intermediary in ("agency", "platform")):
        # No clause: the intermediary can still argue other grounds, in narrow conditions.
        notes.append(Reason("notes.direct_hire", "reasoning.direct_hire.no_clause", {},
                            rules.topic_basis("direct_hire"), "uncertain.direct_hire"))
    if money.unpaid and answers.contract.intermediary != "umbrella":
        notes.append(_rate_reason(money, rules))
    if money.unpaid and answers.contract.intermediary == "umbrella":
        notes.append(Reason("umbrella.money", "reasoning.money.umbrella", {},
                            rules.topic_basis("umbrella")))
    return notes



def mission_key(answers: Answers) -> str:
    """A stable key for the mission this plan is about: a hash of who it is with (the
    client's and the intermediary's names, spaces and case folded), the contract's start and
    reference. Other answers (dates, notice, invoices, even the contract type) are what a plan
    revises, so they leave it unchanged; calendar UIDs build on it, so a re-imported plan
    updates its events instead of adding new ones. When nothing identifies the mission, two
    missions must not share events: the contract's dates and the plan's date are used, so a
    new plan adds events instead of replacing another mission's."""
    def fold(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    contract = answers.contract
    parts = [fold(answers.client.name), iso(contract.start) if contract.start else ""]
    more = [fold(answers.intermediary.name), fold(contract.reference)]
    if any(more):  # (plans that name only the client keep the keys they always had)
        parts += more
    if not any(parts):
        parts += [contract.type, iso(contract.end) if contract.end else "",
                  iso(answers.today)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def build_plan(answers: Answers, checklist: Mapping[str, object],
               rules: RuleSet) -> Plan:
    """The plan for parsed answers and valid checklist data."""
    schedule = compute_schedule(answers, rules)
    money = compute_money(answers, rules)
    situations = derive_situations(answers, schedule, money)
    held = frozenset(situations)
    risks = assess_risks(answers, schedule, money, rules, held)
    anchors = schedule.anchors()
    if money.limitation_date is not None:
        anchors["limitation"] = limitation_act_by(money.limitation_date, schedule, rules)
    steps = select_steps(items(checklist), held, schedule, rules.working_days, anchors)
    messages = select_messages(answers, schedule, money, templates(checklist), steps, held,
                               rules)

    reasons = [*schedule.reasons, *_notes(answers, schedule, money, rules),
               *(risk.reason() for risk in risks)]
    cited = dict.fromkeys(source for reason in reasons for source in reason.rule)
    cited.update(dict.fromkeys(source for risk in risks for source in risk.basis))
    client = schedule.client
    return {
        "version": PLAN_VERSION,
        "jurisdiction": rules.name,
        "mission": mission_key(answers),
        "route": schedule.route,
        "counterparty": schedule.counterparty,
        "initiator": schedule.initiator,
        "dates": {**schedule.dates(), **({"new_mission_start": iso(answers.new_mission_start)}
                                         if answers.new_mission_start else {})},
        "contract": {
            "type": schedule.contract_type,
            "term": iso(schedule.term) if schedule.term else None,
            "delivery": iso(schedule.delivery) if schedule.delivery else None,
            "tacit_renewal": schedule.tacit_renewal,
            "auto_renewal": schedule.auto_renewal,
            "relationship_months":
                schedule.relationship.months if schedule.relationship else None,
            "recommended_notice_days":
                schedule.relationship.recommended_notice_days
                if schedule.relationship else None,
        },
        "notice": {
            "days": schedule.notice_days,
            "amount": schedule.notice_amount,
            "unit": schedule.notice_unit,
            "from_contract": schedule.notice_from_contract,
            "from_receipt": schedule.notice_from_receipt,
            "starts": iso(schedule.notice_start),
            "uncertain": not schedule.notice_from_contract,
            "given_days": schedule.given_notice_days,
            "receipt_working_days": schedule.receipt_working_days,
        },
        "client_notice": None if client is None else {
            "received": iso(client.received),
            "owed_days": client.owed_days,
            "owed_last_day": iso(client.owed_last_day) if client.owed_last_day else None,
            "shortfall_days": client.shortfall_days,
            "lost_working_days": client.lost_working_days,
            "estimate": float(client.estimate) if client.estimate is not None else None,
            "basis": client.basis,
        },
        "situations": situations,
        "risks": [risk.to_dict() for risk in risks],
        "steps": steps,
        "money": money.to_dict(),
        "messages": messages,
        "reasoning": [reason.to_dict() for reason in reasons],
        "sources": {sid: rules.sources[sid].to_dict() for sid in cited
                    if sid in rules.sources},
    }


__all__ = ["build_plan", "mission_key"]
