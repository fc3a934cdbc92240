"""The planning engine: answers + checklist data + a rule set → the plan (a JSON-ready dict).

Steps: dates (schedule.py), money (money.py), situations (situations.py), risks
(risks.py), steps (steps.py), messages (messages.py), then the reasoning behind each date
and each risk. No I/O, no clock: `today` is an answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from checklist import PLAN_VERSION
from checklist.data import items, templates, validate_checklist
from checklist.dates import iso, whole_months
from checklist.messages import select_messages
from checklist.model import Answers
from checklist.money import Money, as_number, compute_money
from checklist.risks import assess_risks
from checklist.rules import RelationshipAdvice, RuleSet, get_rules, reason_basis
from checklist.schedule import Reason, Schedule, compute_schedule
from checklist.situations import derive_situations
from checklist.steps import select_steps
from checklist.validate import Error, validate


class InvalidInput(ValueError):
    """The answers or the checklist data are invalid; `errors` lists them by field."""

    def __init__(self, errors: list[Error]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['key']}" for e in errors))
        self.errors = errors


def _rate_reason(money: Money, rules: RuleSet) -> Reason:
    default = money.default_rate
    if money.rate_overridden:
        return Reason("money.rate", "reasoning.rate.override",
                      {"value": float(money.rate), "default_value": float(default.value)},
                      reason_basis(rules, "rate_override"))
    return Reason(
        "money.rate", "reasoning.rate.default",
        {"value": float(default.value), "reference_rate": float(default.reference_rate),
         "margin": float(default.margin), "as_of": iso(default.as_of),
         "valid_from": iso(default.valid_from), "valid_until": iso(default.valid_until)},
        default.basis,
        "uncertain.rate_period" if money.rate_outdated else "uncertain.ecb_rate_assumed",
    )


def _relationship(answers: Answers, schedule: Schedule,
                  rules: RuleSet) -> RelationshipAdvice | None:
    start = answers.contract.start
    if start is None:
        return None
    return rules.relationship(whole_months(start, schedule.announce))


def build_plan(answers: Answers, checklist: Mapping[str, object],
               rules: RuleSet) -> dict[str, object]:
    """The plan for validated answers and checklist data."""
    schedule = compute_schedule(answers, rules)
    money = compute_money(answers, rules)
    relationship = _relationship(answers, schedule, rules)
    situations = derive_situations(answers, schedule, money, relationship)
    held = frozenset(situations)
    risks = assess_risks(answers, schedule, money, relationship, rules, held)

    reasoning = [reason.to_dict() for reason in schedule.reasons]
    if relationship is None:
        reasoning.append(Reason("situations.established_relationship",
                                "reasoning.relationship_unknown", {},
                                reason_basis(rules, "relationship")).to_dict())
    if money.unpaid:
        reasoning.append(_rate_reason(money, rules).to_dict())
    reasoning.extend(risk.reason().to_dict() for risk in risks)

    return {
        "version": PLAN_VERSION,
        "jurisdiction": rules.NAME,
        "dates": schedule.dates(),
        "contract": {
            "type": schedule.contract_type,
            "term": iso(schedule.term) if schedule.term else None,
            "tacit_renewal": schedule.tacit_renewal,
            "relationship_months": relationship.months if relationship else None,
            "recommended_notice_days":
                relationship.recommended_notice_days if relationship else None,
        },
        "notice": {
            "days": schedule.notice_days,
            "from_contract": schedule.notice_from_contract,
            "uncertain": not schedule.notice_from_contract,
            "given_days": schedule.given_notice_days,
        },
        "situations": situations,
        "risks": [risk.to_dict() for risk in risks],
        "steps": select_steps(items(checklist), held, schedule),
        "money": money.to_dict(),
        "messages": select_messages(answers, schedule, money, templates(checklist)),
        "reasoning": reasoning,
    }


def make_plan(answers: Mapping[str, object], checklist: Mapping[str, object],
              jurisdiction: str = "fr") -> dict[str, object]:
    """Validate, then plan. Raises InvalidInput (field errors) or rules.UnknownRules."""
    errors = validate(answers) + validate_checklist(checklist)
    if errors:
        raise InvalidInput(errors)
    rules = get_rules(jurisdiction)
    return build_plan(Answers.from_dict(answers), checklist, rules)


__all__ = ["InvalidInput", "as_number", "build_plan", "make_plan"]
