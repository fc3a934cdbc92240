"""Key dates: when to announce, the earliest allowed last day, the last day.

Rules (see FORMATS.md):
- announce: never before today; the day after `next_milestone` when announcing then still
  allows the target last day (the desired one, or the term of a fixed-term contract);
  otherwise today. "As early as allowed" (no desired day) always announces today.
- earliest_last_day: announce + notice (contractual, or the rule set's default when the
  contract states none, flagged uncertain). Fixed-term contract: its term (art. 1212).
- last_day: the desired day if allowed, otherwise the earliest. Fixed-term: the term,
  unless the reader asks to leave earlier (then not before announce + notice).
- handover_start: HANDOVER_LEAD_DAYS before the last day, not before announce.
- follow_up: FOLLOW_UP_DAYS after the last day ("after" steps are due then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from checklist.dates import add_days, days_between, iso
from checklist.model import Answers
from checklist.rules import RuleSet, reason_basis

HANDOVER_LEAD_DAYS = 14
"""Practice: offboarding starts 2 to 4 weeks before the end; we use two weeks."""

FOLLOW_UP_DAYS = 7
"""Steps of the "after" phase are due one week after the last day (final invoice sent,
access checked, feedback asked): late enough to be after, soon enough to be remembered."""


@dataclass(frozen=True)
class Reason:
    """One line of reasoning: a message key, its parameters, the rules, an uncertainty."""

    subject: str
    key: str
    params: dict[str, object]
    rule: tuple[str, ...] = ()
    uncertain: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "key": self.key,
            "params": self.params,
            "rule": list(self.rule),
            "uncertain": self.uncertain,
        }


@dataclass(frozen=True)
class Schedule:
    today: date
    contract_type: str  # effective type: a fixed-term contract past its term is open-ended
    tacit_renewal: bool
    term: date | None
    notice_days: int
    notice_from_contract: bool
    announce: date
    exit_floor: date  # announce + notice
    earliest_last_day: date
    last_day: date
    handover_start: date
    follow_up: date
    desired_last_day: date | None
    early_exit: bool
    notice_shortfall: bool
    reasons: list[Reason] = field(default_factory=list)

    @property
    def given_notice_days(self) -> int:
        return days_between(self.announce, self.last_day)

    def dates(self) -> dict[str, str]:
        return {
            "today": iso(self.today),
            "announce": iso(self.announce),
            "earliest_last_day": iso(self.earliest_last_day),
            "last_day": iso(self.last_day),
            "handover_start": iso(self.handover_start),
            "follow_up": iso(self.follow_up),
        }


def _announce(answers: Answers, target: date | None, notice: int) -> tuple[date, Reason]:
    today = answers.today
    milestone = answers.next_milestone
    params: dict[str, object] = {"today": iso(today), "notice_days": notice}
    if milestone is None:
        return today, Reason("dates.announce", "reasoning.announce.today", params)
    candidate = add_days(milestone, 1)
    params |= {"next_milestone": iso(milestone), "after_milestone": iso(candidate)}
    if target is None:
        return today, Reason("dates.announce", "reasoning.announce.asap", params)
    params["target"] = iso(target)
    if add_days(candidate, notice) <= target:
        params["announce"] = iso(candidate)
        return candidate, Reason("dates.announce", "reasoning.announce.after_milestone", params)
    return today, Reason("dates.announce", "reasoning.announce.milestone_too_late", params)


def _notice_uncertainty(answers: Answers, from_contract: bool) -> str | None:
    if not from_contract:
        return "uncertain.no_notice_clause"
    if answers.contract.intermediary == "agency":
        return "uncertain.agency_back_to_back"
    if answers.contract.intermediary == "umbrella":
        return "uncertain.umbrella_notice"
    return None


def compute_schedule(answers: Answers, rules: RuleSet) -> Schedule:
    today = answers.today
    contract = answers.contract
    kind = contract.type
    term = contract.end if kind == "fixed_term" else None
    tacit = False
    if kind == "fixed_term" and term is not None and term < today:
        kind, term, tacit = "open_ended", None, True
    from_contract = contract.notice_days is not None
    notice = contract.notice_days if contract.notice_days is not None else (
        rules.default_notice_days(kind))
    desired = answers.desired_last_day

    if term is not None:
        target: date | None = term if desired is None or desired >= term else desired
    else:
        target = desired
    announce, announce_reason = _announce(answers, target, notice)
    exit_floor = add_days(announce, notice)
    uncertain = _notice_uncertainty(answers, from_contract)
    early_exit = shortfall = False
    base = {"announce": iso(announce), "notice_days": notice}

    if term is not None:
        earliest = term
        earliest_reason = Reason("dates.earliest_last_day", "reasoning.earliest.fixed_term",
                                 {**base, "term": iso(term)}, reason_basis(rules, "fixed_term"))
        if desired is None or desired == term:
            last_day = term
            last_key = "reasoning.last_day.term"
        elif desired > term:
            last_day = term
            last_key = "reasoning.last_day.beyond_term"
        else:
            shortfall = desired < exit_floor
            last_day = min(term, max(desired, exit_floor))
            early_exit = last_day < term
            if not early_exit:  # the notice runs to the term anyway
                last_key = "reasoning.last_day.notice_reaches_term"
            elif shortfall:
                last_key = "reasoning.last_day.early_exit_floor"
            else:
                last_key = "reasoning.last_day.early_exit"
        last_params: dict[str, object] = {
            **base, "term": iso(term), "last_day": iso(last_day),
            "exit_floor": iso(exit_floor),
        }
        if desired is not None:
            last_params["desired_last_day"] = iso(desired)
        last_rule = reason_basis(
            rules, "extension" if last_key.endswith("beyond_term") else "fixed_term")
        last_uncertain = (
            "uncertain.fixed_term_no_exit_clause" if early_exit and not from_contract else
            uncertain if early_exit else None
        )
        last_reason = Reason("dates.last_day", last_key, last_params, last_rule, last_uncertain)
    else:
        earliest = exit_floor
        rule = reason_basis(rules, "notice")
        if tacit:
            key = "reasoning.earliest.tacit_renewal"
            rule = reason_basis(rules, "tacit_renewal")
        elif from_contract:
            key = "reasoning.earliest.contract_notice"
        else:
            key = "reasoning.earliest.default_notice"
            rule = reason_basis(rules, "default_notice")
        earliest_params: dict[str, object] = {**base, "earliest_last_day": iso(earliest)}
        if tacit and contract.end is not None:
            earliest_params["term"] = iso(contract.end)
        earliest_reason = Reason("dates.earliest_last_day", key, earliest_params, rule,
                                 uncertain)
        if desired is None:
            last_day, last_key = earliest, "reasoning.last_day.asap"
        elif desired >= earliest:
            last_day, last_key = desired, "reasoning.last_day.desired"
        else:
            last_day, last_key = earliest, "reasoning.last_day.desired_too_early"
            shortfall = True
        last_params = {**base, "last_day": iso(last_day), "earliest_last_day": iso(earliest)}
        if desired is not None:
            last_params["desired_last_day"] = iso(desired)
        last_reason = Reason("dates.last_day", last_key, last_params, rule)

    handover_start = max(announce, add_days(last_day, -HANDOVER_LEAD_DAYS))
    follow_up = add_days(last_day, FOLLOW_UP_DAYS)
    handover_reason = Reason(
        "dates.handover_start", "reasoning.handover_start",
        {"handover_start": iso(handover_start), "last_day": iso(last_day),
         "lead_days": HANDOVER_LEAD_DAYS}, reason_basis(rules, "handover"))
    follow_reason = Reason(
        "dates.follow_up", "reasoning.follow_up",
        {"follow_up": iso(follow_up), "last_day": iso(last_day), "days": FOLLOW_UP_DAYS})
    return Schedule(
        today=today,
        contract_type=kind,
        tacit_renewal=tacit,
        term=term,
        notice_days=notice,
        notice_from_contract=from_contract,
        announce=announce,
        exit_floor=exit_floor,
        earliest_last_day=earliest,
        last_day=last_day,
        handover_start=handover_start,
        follow_up=follow_up,
        desired_last_day=desired,
        early_exit=early_exit,
        notice_shortfall=shortfall,
        reasons=[announce_reason, earliest_reason, last_reason, handover_reason,
                 follow_reason],
    )
