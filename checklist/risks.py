"""Risks and points of attention: what could go wrong with this plan, for this freelancer.

Each fits the route (how the exit happens) and the counterparty (who acts): no
established-relationship or late-payment risk is raised against a portage consultant,
who is not party to the commercial contract. A risk names its code, severity, sources
(from the rules set), the answer fields that triggered it and language-neutral
parameters; its texts are strings (`risk.<code>.title`, `risk.<code>.explanation`,
`reasoning.risk.<code>[.<variant>]`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from checklist.dates import add_days, add_months, add_years, days_between, iso
from checklist.model import Answers
from checklist.money import Money, as_number
from checklist.plan import RiskDict
from checklist.routes import ROUTES
from checklist.rules import RuleSet
from checklist.schedule import Reason, Schedule

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")

RISK_CODES: tuple[str, ...] = (
    "limitation_near",
    "non_solicitation_direct_hire",
    "fixed_term_early_exit",
    "notice_shortfall",
    "deliverable_unfinished",
    "delivery_late",
    "renewal_deadline",
    "new_mission_overlap",
    "notice_shortfall_in_your_favour",
    "fixed_term_broken_by_client",
    "deliverable_ended_by_client",
    "insolvency_claim_deadline",
    "tacit_renewal",
    "established_relationship",
    "overdue_invoices",
    "penalty_rate_below_floor",
    "time_barred",
    "pay_when_paid",
    "non_solicitation",
    "umbrella_employment",
    "platform_contracting_party",
    "platform_non_circumvention",
    "client_assets",
    "ip_unassigned",
    "personal_data",
    "non_working_day",
)

# The risks whose reasoning depends on a variant (`reasoning.risk.<code>.<variant>`) and
# their variants; the others have one, `reasoning.risk.<code>`.
RISK_VARIANTS: dict[str, tuple[str, ...]] = {
    "ip_unassigned": ("no", "unknown", "umbrella"),
    "personal_data": ("yes", "unknown"),
    "non_solicitation": ("alone", "with_new_mission", "umbrella"),
    "new_mission_overlap": ("plain", "until_agreed"),
    "insolvency_claim_deadline": ("open", "forclusion", "forclusion_passed"),
    "non_solicitation_direct_hire": ("agency", "platform", "umbrella"),
    "umbrella_employment": ("fixed_term", "open_ended", "unknown"),
    "renewal_deadline": ("ahead", "passed"),
    "fixed_term_early_exit": ("agreement", "clause"),
    "time_barred": ("demand", "insolvency", "umbrella"),
}


def limitation_act_by(limitation: date, s: Schedule, rules: RuleSet) -> date:
    """The day to act by (court filing or written acknowledgement) for a claim that
    becomes time-barred on `limitation`: a margin before it, never before today."""
    days = rules.working_days
    return max(days.on_or_before(add_days(limitation, -rules.limitation_margin_days)),
               s.first_working_day)


@dataclass(frozen=True)
class Risk:
    code: str
    severity: str
    triggers: tuple[str, ...]
    params: dict[str, object]
    basis: tuple[str, ...]
    reasoning_key: str
    uncertain: str | None = None

    def to_dict(self) -> RiskDict:
        return {"code": self.code, "severity": self.severity, "basis": list(self.basis),
                "triggers": list(self.triggers), "params": self.params}

    def reason(self) -> Reason:
        return Reason(f"risks.{self.code}", self.reasoning_key, self.params, self.basis,
                      self.uncertain)


class _Found:
    def __init__(self) -> None:
        self.items: list[tuple[str, str, tuple[str, ...], dict[str, object], str,
                               str | None]] = []

    def add(self, code: str, severity: str, triggers: tuple[str, ...],
            params: dict[str, object], variant: str | None = None,
            uncertain: str | None = None) -> None:
        if variant not in RISK_VARIANTS.get(code, (None,)):  # a bug in the engine
            raise AssertionError(f"risk {code}: undeclared variant {variant!r}")
        key = f"reasoning.risk.{code}" + (f".{variant}" if variant else "")
        self.items.append((code, severity, triggers, params, key, uncertain))


def _leaving_risks(found: _Found, answers: Answers, s: Schedule, rules: RuleSet) -> None:
    """Risks of the freelancer's own way out."""
    contract = answers.contract
    route = ROUTES[s.route]
    if route.proposal and route.contract_type == "fixed_term" and s.term is not None:
        found.add("fixed_term_early_exit", "high",
                  ("contract.type", "contract.end", "contract.early_exit_clause",
                   "desired_last_day"),
                  {"term": iso(s.term), "last_day": iso(s.last_day),
                   "days_early": days_between(s.last_day, s.term)},
                  variant="agreement", uncertain="uncertain.fixed_term_damages")
    if route.notice_letter and route.early_exit and s.term is not None:
        found.add("fixed_term_early_exit", "medium",
                  ("contract.early_exit_clause", "desired_last_day"),
                  {"term": iso(s.term), "last_day": iso(s.last_day),
                   "days_early": days_between(s.last_day, s.term)}, variant="clause")
    if s.notice_shortfall and s.desired_last_day is not None:
        found.add("notice_shortfall", "high", ("desired_last_day", "contract.notice"),
                  {"desired_last_day": iso(s.desired_last_day),
                   "earliest_last_day": iso(s.earliest_last_day),
                   "shortfall_days": days_between(s.desired_last_day, s.exit_floor),
                   "notice": s.notice(), "notice_days": s.notice_days,
                   "announce": iso(s.announce)},
                  uncertain=None if s.notice_from_contract else "uncertain.no_notice_clause")
    if (route.proposal and route.contract_type == "deliverable" and s.delivery is not None
            and not s.delivery_overdue):
        found.add("deliverable_unfinished", "high", ("contract.type", "contract.end",
                                                     "desired_last_day"),
                  {"delivery": iso(s.delivery), "last_day": iso(s.last_day),
                   "days_early": max(days_between(s.last_day, s.delivery), 0)},
                  uncertain="uncertain.partial_delivery")
    if s.delivery_overdue and s.delivery is not None:
        found.add("delivery_late", "high", ("contract.type", "contract.end"),
                  {"delivery": iso(s.delivery),
                   "days_late": days_between(s.delivery, s.first_working_day)},
                  uncertain="uncertain.delivery_late")
    if s.renewal_deadline is not None and s.renewal_send_by is not None:
        passed = s.first_working_day > s.renewal_send_by
        found.add("renewal_deadline", "high" if passed else "medium",
                  ("contract.auto_renewal", "contract.end", "contract.notice"),
                  {"term": iso(s.term) if s.term else "", "renewal_deadline":
                   iso(s.renewal_deadline), "send_by": iso(s.renewal_send_by),
                   "notice": s.notice()},
                  variant="passed" if passed else "ahead",
                  uncertain="uncertain.auto_renewal_unknown"
                  if contract.auto_renewal == "unknown" else None)
    relationship = s.relationship
    if (relationship is not None and contract.start is not None and route.notice_letter
            and contract.intermediary != "umbrella"):
        given = s.given_notice_days
        recommended = relationship.recommended_notice_days
        if given < recommended and rules.relationship_applies(relationship, given):
            found.add("established_relationship",
                      "high" if 2 * given < recommended else "medium",
                      ("contract.start", "contract.notice", "desired_last_day"),
                      {"start": iso(contract.start), "months": relationship.months,
                       "years": relationship.months // 12,
                       "recommended_notice_days": recommended, "given_notice_days": given},
                      uncertain="uncertain.established_heuristic_leaving")


def _client_risks(found: _Found, answers: Answers, s: Schedule) -> None:
    """What the freelancer may be owed when the client ends the mission."""
    client = s.client
    if client is None or answers.contract.intermediary == "umbrella":
        return
    params: dict[str, object] = {
        "notice_received": iso(client.received), "client_last_day": iso(s.last_day),
        "lost_working_days": client.lost_working_days,
        "daily_rate": as_number(answers.daily_rate) if answers.daily_rate else None,
        "estimate": as_number(client.estimate) if client.estimate is not None else None,
    }
    if client.basis == "notice" and client.lost_working_days > 0 and client.owed_days:
        found.add("notice_shortfall_in_your_favour", "high",
                  ("client_notice_received", "client_last_day", "contract.notice"),
                  {**params, "owed_days": client.owed_days,
                   "owed_last_day": iso(client.owed_last_day) if client.owed_last_day
                   else "", "shortfall_days": client.shortfall_days},
                  uncertain="uncertain.estimate")
    elif client.basis == "term" and s.term is not None:
        found.add("fixed_term_broken_by_client", "high",
                  ("contract.type", "contract.end", "client_last_day"),
                  {**params, "term": iso(s.term)}, uncertain="uncertain.mitigation")
    elif client.basis == "delivery":
        found.add("deliverable_ended_by_client", "high",
                  ("contract.type", "contract.end", "client_last_day"),
                  {**params, "delivery": iso(s.delivery) if s.delivery else ""},
                  uncertain="uncertain.art_1794_scope")
    if answers.contract.intermediary == "agency":
        found.add("pay_when_paid", "low", ("contract.intermediary",), params,
                  uncertain="uncertain.pay_when_paid")


def assess_risks(answers: Answers, schedule: Schedule, money: Money, rules: RuleSet,
                 situations: frozenset[str]) -> list[Risk]:
    found = _Found()
    s = schedule
    contract = answers.contract
    umbrella = contract.intermediary == "umbrella"
    if s.initiator == "freelancer":
        _leaving_risks(found, answers, s, rules)
    else:
        _client_risks(found, answers, s)
    start = answers.new_mission_start
    route = ROUTES[s.route]
    # Until the other party agrees in writing, a proposal binds nobody: the contract runs
    # to its term (or delivery).
    binding = (s.term or s.delivery) if route.proposal and not s.delivery_overdue else None
    if start is not None and start <= s.last_working_day:
        found.add("new_mission_overlap", "high", ("new_mission_start",),
                  {"new_mission_start": iso(start), "last_day": iso(s.last_working_day),
                   "overlap_days": days_between(start, s.last_working_day) + 1},
                  variant="plain")
    elif start is not None and binding is not None and start <= binding:
        found.add("new_mission_overlap", "high", ("new_mission_start", "contract.end"),
                  {"new_mission_start": iso(start), "last_day": iso(s.last_day),
                   "binding_end": iso(binding)}, variant="until_agreed",
                  uncertain="uncertain.agreement_pending")
    if s.tacit_renewal and contract.end is not None:
        found.add("tacit_renewal", "medium", ("contract.type", "contract.end"),
                  {"term": iso(contract.end), "today": iso(answers.today),
                   "notice_days": s.notice_days, "notice": s.notice()},
                  uncertain="uncertain.tacit_renewal")
    published = answers.insolvency_published
    if money.insolvency_claim_deadline is not None and published is not None:
        forclusion = add_months(published, rules.insolvency_forclusion_months)
        variant = ("open" if money.insolvency_claim_deadline >= answers.today
                   else "forclusion" if forclusion >= answers.today else "forclusion_passed")
        found.add("insolvency_claim_deadline", "high", ("insolvency_published",),
                  {"published": iso(published),
                   "deadline": iso(money.insolvency_claim_deadline),
                   "forclusion_deadline": iso(forclusion),
                   # The claim the declaration states (a probably time-barred invoice is
                   # left out of both).
                   "claim_total": as_number(sum((line.invoice.amount
                                                 for line in money.declarable), Decimal(0)))},
                  variant=variant,
                  uncertain="uncertain.insolvency_dates")
    overdue = money.overdue
    if overdue and money.insolvency_claim_deadline is None:
        oldest = min(line.invoice.due for line in overdue)
        found.add("overdue_invoices", "medium",
                  tuple(f"invoices[{line.invoice.index}]" for line in overdue),
                  {"count": len(overdue), "overdue_total": as_number(money.overdue_total),
                   "late_penalties": as_number(money.late_penalties),
                   "recovery_indemnities": as_number(money.recovery_indemnities),
                   "total_claimed": as_number(money.total_claimed),
                   "oldest_due": iso(oldest),
                   "max_days_late": max(line.days_late for line in overdue),
                   "limitation_date": iso(add_years(oldest, rules.limitation_years)),
                   "limitation_years": rules.limitation_years,
                   "indemnity_per_invoice": as_number(rules.recovery_indemnity)},
                  uncertain="uncertain.subcontracting_direct_claim"
                  if contract.intermediary == "agency" else None)
    if money.limitation_date is not None:
        near = [line for line in money.lines if not line.invoice.paid
                and not line.time_barred
                and add_years(line.invoice.due, rules.limitation_years) <= money.limitation_date]
        found.add("limitation_near", "high",
                  tuple(f"invoices[{line.invoice.index}]" for line in near),
                  {"limitation_date": iso(money.limitation_date),
                   "act_by": iso(limitation_act_by(money.limitation_date, s, rules)),
                   "limitation_years": rules.limitation_years, "count": len(near)},
                  uncertain="uncertain.limitation_interruptions")
    if money.floored and answers.penalty_rate is not None:
        floors = [p.rate for line in money.lines for p in line.periods if p.floored]
        found.add("penalty_rate_below_floor", "medium", ("penalty_rate",),
                  {"contract_rate": float(answers.penalty_rate), "floor": float(max(floors)),
                   "multiplier": float(rules.penalty_floor_multiplier or 0)},
                  uncertain="uncertain.legal_interest_assumed"
                  if any(p.assumed for line in money.lines for p in line.periods
                         if p.floored) else None)
    barred = money.time_barred
    if barred:
        found.add("time_barred", "medium",
                  tuple(f"invoices[{line.invoice.index}]" for line in barred),
                  {"count": len(barred), "limitation_years": rules.limitation_years,
                   "oldest_due": iso(min(line.invoice.due for line in barred))},
                  # What the plan leaves it out of: the demand, or the claim declared in an
                  # insolvency; in portage nothing is claimed in the consultant's name.
                  variant="umbrella" if umbrella else "insolvency"
                  if answers.insolvency_published is not None else "demand")
    direct_hire = answers.new_mission_with_client and contract.intermediary != "none"
    if answers.non_solicitation and direct_hire:
        found.add("non_solicitation_direct_hire", "high",
                  ("non_solicitation", "new_mission_with_client"),
                  {"intermediary": contract.intermediary}, variant=contract.intermediary,
                  uncertain="uncertain.non_solicitation_validity")
    elif answers.non_solicitation:
        found.add("non_solicitation", "medium", ("non_solicitation",),
                  {"intermediary": contract.intermediary},
                  variant="umbrella" if umbrella else
                  "with_new_mission" if start is not None else "alone",
                  uncertain="uncertain.non_compete_umbrella" if umbrella
                  else "uncertain.non_solicitation_validity")
    if direct_hire and contract.intermediary == "platform" and not answers.non_solicitation:
        found.add("platform_non_circumvention", "medium",
                  ("contract.intermediary", "new_mission_with_client"), {},
                  uncertain="uncertain.platform_terms")
    if umbrella:
        found.add("umbrella_employment", "medium" if contract.employment != "fixed_term"
                  else "low", ("contract.intermediary", "contract.employment"),
                  {"last_day": iso(s.last_day)}, variant=contract.employment,
                  uncertain="uncertain.umbrella_employment"
                  if contract.employment == "unknown" else None)
    if contract.intermediary == "platform":
        found.add("platform_contracting_party", "low", ("contract.intermediary",), {})
    if answers.holds_client_assets:
        found.add("client_assets", "medium", ("holds_client_assets",),
                  {"last_day": iso(s.last_working_day)})
    if answers.ip_assigned != "yes":
        variant = "umbrella" if umbrella else answers.ip_assigned
        found.add("ip_unassigned", "medium" if answers.ip_assigned == "no" else "low",
                  ("ip_assigned",), {"last_day": iso(s.last_working_day)}, variant=variant,
                  uncertain="uncertain.ip_assignment_form")
    if answers.personal_data != "no":
        found.add("personal_data", "medium" if answers.personal_data == "yes" else "low",
                  ("personal_data",), {"last_day": iso(s.last_working_day)},
                  variant=answers.personal_data,
                  uncertain="uncertain.personal_data_unknown"
                  if answers.personal_data == "unknown" else None)
    days = rules.working_days
    if s.last_working_day != s.last_day and not s.ended:
        found.add("non_working_day", "low", ("desired_last_day",),
                  {"last_day": iso(s.last_day), "last_working_day": iso(s.last_working_day),
                   "holiday": days.holiday(s.last_day)},
                  uncertain=rules.regional_holidays_note if days.holiday(s.last_day)
                  else None)

    risks = [Risk(code, severity, triggers, params, rules.basis(code, situations), key,
                  uncertain)
             for code, severity, triggers, params, key, uncertain in found.items]
    for risk in risks:
        if not risk.basis:
            raise AssertionError(f"rules set {rules.name} gives no basis for {risk.code}")
    order = {code: index for index, code in enumerate(RISK_CODES)}
    return sorted(risks, key=lambda risk: (SEVERITIES.index(risk.severity), order[risk.code]))
