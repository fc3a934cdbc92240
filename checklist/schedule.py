"""How this exit happens (the route), who the freelancer deals with (the counterparty),
and its key dates. Everything else in a plan follows from these.

Routes (FORMATS.md, "Routes"): the freelancer ends an open-ended contract with notice; a
fixed-term contract at its term, early under a clause, or early by agreement; fixed-price
work at delivery or early by agreement; or the client ends an open-ended contract, a
fixed-term contract early, or fixed-price work.

Dates the engine computes (announce, a computed last day, handover start, follow-up) fall
on working days of the rules set's calendar; a date the reader chose (desired last day, the
client's last day) or the contract's own term is kept, and flagged when it is not a
working day. Notice is counted from receipt unless the contract says from sending: a
registered letter arrives `letter_receipt_working_days` after it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from checklist.dates import add_days, add_months, days_between, iso, whole_months
from checklist.model import Answers
from checklist.plan import ReasonDict
from checklist.routes import ROUTES, Route
from checklist.rules import RelationshipAdvice, RuleSet
from checklist.vocabulary import COUNTERPARTIES


@dataclass(frozen=True)
class Reason:
    """One line of reasoning: a message key, its parameters, the rules, an uncertainty."""

    subject: str
    key: str
    params: dict[str, object]
    rule: tuple[str, ...] = ()
    uncertain: str | None = None

    def to_dict(self) -> ReasonDict:
        return {"subject": self.subject, "key": self.key, "params": self.params,
                "rule": list(self.rule), "uncertain": self.uncertain}


@dataclass(frozen=True)
class ClientNotice:
    """What the client owed when it ends the mission, and the estimate of the gap."""

    received: date
    owed_days: int | None  # notice owed (open-ended, or a fixed-term exit clause)
    owed_last_day: date | None
    shortfall_days: int  # calendar days of missing notice (0 when none)
    lost_working_days: int  # working days between the client's last day and the end owed
    estimate: Decimal | None  # daily rate × lost working days
    basis: str  # "notice" (open-ended or clause), "term" (fixed-term), "delivery"


@dataclass(frozen=True)
class Schedule:
    today: date
    route: Route
    counterparty: str
    initiator: str
    contract_type: str  # effective type: a fixed-term contract past its term is open-ended
    tacit_renewal: bool
    auto_renewal: bool
    term: date | None
    delivery: date | None
    notice_days: int
    notice_from_contract: bool
    notice_from_receipt: bool
    first_working_day: date  # today, or the next working day
    announce: date
    notice_start: date  # the day the notice starts to run (sending or receipt)
    exit_floor: date  # notice_start + notice
    earliest_last_day: date
    last_day: date
    last_day_chosen: bool  # the reader (or the client) chose it: kept even on a holiday
    handover_start: date
    follow_up: date
    desired_last_day: date | None
    early_exit: bool
    notice_shortfall: bool
    renewal_deadline: date | None  # tacitly renewing fixed-term: non-renewal received by
    renewal_send_by: date | None
    client: ClientNotice | None
    relationship: RelationshipAdvice | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def given_notice_days(self) -> int:
        return days_between(self.notice_start, self.last_day)

    def anchors(self) -> dict[str, date]:
        """Dates task items may be due relative to (AUTHORING.md, `due=`)."""
        found = {"today": self.first_working_day, "announce": self.announce,
                 "last_day": self.last_day,
                 "notice_received": self.client.received if self.client else self.announce,
                 "term": self.term or self.delivery or self.last_day}
        return found

    def dates(self) -> dict[str, str]:
        out = {
            "today": iso(self.today),
            "announce": iso(self.announce),  # client routes: the day to answer in writing
            "earliest_last_day": iso(self.earliest_last_day),
            "last_day": iso(self.last_day),
            "handover_start": iso(self.handover_start),
            "follow_up": iso(self.follow_up),
        }
        if self.renewal_deadline is not None:
            out["renewal_deadline"] = iso(self.renewal_deadline)
        if self.client is not None:
            del out["earliest_last_day"]  # the client chose the last day
            out["notice_received"] = iso(self.client.received)
            if self.client.owed_last_day is not None:
                out["owed_last_day"] = iso(self.client.owed_last_day)
        return out


def _route(answers: Answers, kind: str, term: date | None, delivery: date | None) -> Route:
    desired = answers.desired_last_day
    if answers.initiator == "client":
        last = answers.client_last_day
        if kind == "open_ended":
            return Route.CLIENT_ENDS_OPEN_ENDED
        if kind == "fixed_term":
            return (Route.CLIENT_ENDS_FIXED_TERM_EARLY if term is not None
                    and last is not None and last < term else Route.FIXED_TERM_AT_TERM)
        return (Route.CLIENT_ENDS_DELIVERABLE if delivery is None or last is None
                or last < delivery else Route.DELIVERABLE_COMPLETE)
    if kind == "open_ended":
        return Route.OPEN_ENDED_NOTICE
    if kind == "fixed_term":
        if desired is None or term is None or desired >= term:
            return Route.FIXED_TERM_AT_TERM
        if answers.contract.early_exit_clause == "yes":
            return Route.FIXED_TERM_EARLY_CLAUSE
        return Route.FIXED_TERM_EARLY_AGREEMENT
    if delivery is None or desired is None or desired >= delivery:
        return Route.DELIVERABLE_COMPLETE
    return Route.DELIVERABLE_EARLY_AGREEMENT


# The route a proposal falls back to when the contract ends before it can be made.
_AT_END: dict[str, Route] = {"fixed_term": Route.FIXED_TERM_AT_TERM,
                             "deliverable": Route.DELIVERABLE_COMPLETE}


class _Planner:
    """Computes one schedule; small methods share the answers, rules and calendar."""

    def __init__(self, answers: Answers, rules: RuleSet) -> None:
        self.a = answers
        self.rules = rules
        self.days = rules.working_days
        self.reasons: list[Reason] = []
        contract = answers.contract
        self.kind = contract.type
        self.term = contract.end if self.kind == "fixed_term" else None
        self.delivery = contract.end if self.kind == "deliverable" else None
        if (self.delivery is not None and self.delivery < answers.today
                and answers.initiator == "freelancer"):
            self.delivery = None  # delivery date passed with the work still going: unknown
        self.tacit = False
        if self.kind == "fixed_term" and self.term is not None and self.term < answers.today:
            # Still performed after its term: an open-ended contract now (art. 1215).
            self.kind, self.term, self.tacit = "open_ended", None, True
        self.from_contract = contract.notice is not None
        self.notice = (contract.notice if contract.notice is not None
                       else rules.default_notice_days)
        # A notice in months runs date to date (15 March → 15 April), not 30 days a month.
        self.months = contract.notice is not None and contract.notice_unit == "months"
        self.from_receipt = contract.notice_from != "sending"
        self.start = self.days.on_or_after(answers.today)

    def reason(self, subject: str, key: str, params: dict[str, object], topic: str | None,
               uncertain: str | None = None) -> None:
        rule = self.rules.topic_basis(topic) if topic else ()
        self.reasons.append(Reason(subject, key, params, rule, uncertain))

    def notice_start(self, sent: date) -> date:
        if not self.from_receipt:
            return sent
        return self.days.add(sent, self.rules.letter_receipt_working_days)

    def floor(self, sent: date) -> date:
        return self.notice_end(self.notice_start(sent))

    def notice_end(self, start: date, sign: int = 1) -> date:
        """The day a notice that starts on `start` ends (sign -1: the day it must start to
        end on `start`)."""
        return (add_months(start, sign * self.notice) if self.months
                else add_days(start, sign * self.notice))

    def relationship(self, until: date) -> RelationshipAdvice | None:
        start = self.a.contract.start
        return None if start is None else self.rules.relationship(whole_months(start, until))

    # -- freelancer routes ------------------------------------------------------------

    def announce(self, target: date | None, latest_send: date | None) -> date:
        """The first working day from today; or the working day after the next milestone
        when announcing then still allows the target last day (and any deadline)."""
        milestone = self.a.next_milestone
        params: dict[str, object] = {"today": iso(self.a.today), "start": iso(self.start),
                                     "notice_days": self.notice}
        if milestone is None:
            self.reason("dates.announce", "reasoning.announce.today", params, "working_days")
            return self.start
        candidate = self.days.on_or_after(add_days(milestone, 1))
        params |= {"next_milestone": iso(milestone), "after_milestone": iso(candidate)}
        if target is None:
            self.reason("dates.announce", "reasoning.announce.asap", params, "working_days")
            return self.start
        params["target"] = iso(target)
        fits = self.floor(candidate) <= target and (latest_send is None
                                                     or candidate <= latest_send)
        if fits:
            params["announce"] = iso(candidate)
            self.reason("dates.announce", "reasoning.announce.after_milestone", params,
                        "working_days")
            return candidate
        self.reason("dates.announce", "reasoning.announce.milestone_too_late", params,
                    "working_days")
        return self.start

    def notice_uncertainty(self) -> str | None:
        if not self.from_contract:
            return "uncertain.no_notice_clause"
        if self.a.contract.intermediary == "agency":
            return "uncertain.agency_back_to_back"
        if self.a.contract.intermediary == "umbrella":
            return "uncertain.umbrella_notice"
        return None

    def receipt_reason(self, announce: date) -> None:
        if self.from_receipt:
            umbrella = self.a.contract.intermediary == "umbrella"
            self.reason("notice.receipt", "reasoning.notice_from.receipt"
                        + ("_umbrella" if umbrella else ""),
                        {"announce": iso(announce), "notice_start": iso(self.notice_start(
                            announce)), "days": self.rules.letter_receipt_working_days},
                        "notice_receipt",
                        "uncertain.notice_from_unknown"
                        if self.a.contract.notice_from == "unknown" else None)

    def build(self) -> Schedule:
        a = self.a
        route = _route(a, self.kind, self.term, self.delivery)
        if a.initiator == "client":
            return self.client_schedule(route)
        desired = a.desired_last_day
        end = self.term if ROUTES[route].contract_type == "fixed_term" else self.delivery
        if ROUTES[route].proposal and end is not None and self.start >= end:
            # The contract ends before the first working day on which to propose anything.
            route = _AT_END[ROUTES[route].contract_type]
        auto_renewal = (route == Route.FIXED_TERM_AT_TERM and self.term is not None
                        and a.contract.auto_renewal != "no")
        renewal_deadline = renewal_send_by = None
        if auto_renewal and self.term is not None:
            renewal_deadline = self.days.on_or_before(self.notice_end(self.term, -1))
            renewal_send_by = (self.days.add(renewal_deadline,
                                             -self.rules.letter_receipt_working_days)
                               if self.from_receipt else renewal_deadline)

        ends_at = ROUTES[route].ends_at
        target = (self.term if ends_at == "term" else
                  (self.delivery or desired) if ends_at == "delivery" else desired)
        announce = self.announce(target, renewal_send_by)
        floor = self.floor(announce)
        computed_floor = self.days.on_or_after(floor)
        base: dict[str, object] = {"announce": iso(announce), "notice_days": self.notice,
                                   "notice_start": iso(self.notice_start(announce))}
        uncertain = self.notice_uncertainty()
        early_exit = shortfall = False
        chosen = False

        if (route == Route.FIXED_TERM_EARLY_CLAUSE and desired is not None and self.term
                and max(desired, computed_floor) >= self.term):
            route = Route.FIXED_TERM_AT_TERM  # the clause's notice runs to the term anyway
            self.reason("notes.clause", "reasoning.route.clause_reaches_term",
                        {**base, "term": iso(self.term), "exit_floor": iso(floor)},
                        "fixed_term")

        if ROUTES[route].notice_letter:
            clause = ROUTES[route].early_exit
            # The notice ends on `floor`; on a non-working day the earliest shown is the next
            # working day, unless the reader chose a day in between (legal, and theirs).
            earliest = (desired if desired is not None and floor <= desired < computed_floor
                        else computed_floor)
            topic = "early_clause" if clause else (
                "tacit_renewal" if self.tacit else
                "notice" if self.from_contract else "default_notice")
            key = ("reasoning.earliest.early_clause" if clause
                   else "reasoning.earliest.tacit_renewal" if self.tacit
                   else "reasoning.earliest.contract_notice" if self.from_contract
                   else "reasoning.earliest.default_notice")
            params = {**base, "earliest_last_day": iso(earliest), "exit_floor": iso(floor)}
            if self.tacit and a.contract.end is not None:
                params["term"] = iso(a.contract.end)
            self.reason("dates.earliest_last_day", key, params, topic, uncertain)
            if desired is None:
                last_day, last_key = earliest, "reasoning.last_day.asap"
            elif desired >= floor:
                last_day, last_key, chosen = desired, "reasoning.last_day.desired", True
            else:
                last_day, last_key = earliest, "reasoning.last_day.desired_too_early"
                shortfall = True
            early_exit = clause
            params = {**base, "last_day": iso(last_day), "earliest_last_day": iso(earliest)}
            if desired is not None:
                params["desired_last_day"] = iso(desired)
            self.reason("dates.last_day", last_key, params, topic, uncertain)
        elif route == Route.FIXED_TERM_AT_TERM:
            assert self.term is not None
            earliest = last_day = self.term
            self.reason("dates.earliest_last_day", "reasoning.earliest.fixed_term",
                        {**base, "term": iso(self.term)}, "fixed_term")
            key = ("reasoning.last_day.beyond_term" if desired is not None and desired > self.term
                   else "reasoning.last_day.term")
            params = {**base, "term": iso(self.term), "last_day": iso(last_day)}
            if desired is not None:
                params["desired_last_day"] = iso(desired)
            self.reason("dates.last_day", key, params,
                        "extension" if key.endswith("beyond_term") else "fixed_term")
            if renewal_deadline is not None and renewal_send_by is not None:
                self.reason("dates.renewal_deadline", "reasoning.renewal_deadline",
                            {**base, "term": iso(self.term),
                             "renewal_deadline": iso(renewal_deadline),
                             "send_by": iso(renewal_send_by)}, "non_renewal",
                            "uncertain.auto_renewal_unknown"
                            if a.contract.auto_renewal == "unknown" else uncertain)
        elif ROUTES[route].proposal:
            fixed = ROUTES[route].contract_type == "fixed_term"
            end = self.term if fixed else self.delivery
            assert end is not None and desired is not None
            # A proposal cannot end before the day it is made (a day off today, say).
            last_day = max(desired, announce)
            earliest, chosen, early_exit = end, last_day == desired, True
            end_param = {"term" if fixed else "delivery": iso(end)}
            self.reason("dates.earliest_last_day",
                        "reasoning.earliest.fixed_term" if fixed else "reasoning.earliest.delivery",
                        {**base, **end_param}, "fixed_term" if fixed else "deliverable")
            self.reason("dates.last_day",
                        "reasoning.last_day.early_agreement" if fixed
                        else "reasoning.last_day.deliverable_early",
                        {**base, **end_param, "last_day": iso(last_day),
                         "desired_last_day": iso(desired)},
                        "early_agreement" if fixed else "deliverable",
                        "uncertain.fixed_term_no_exit_clause"
                        if fixed and a.contract.early_exit_clause == "unknown" else None)
        else:  # deliverable_complete
            if self.delivery is not None:
                earliest = last_day = self.delivery
                self.reason("dates.earliest_last_day", "reasoning.earliest.delivery",
                            {**base, "delivery": iso(self.delivery)}, "deliverable")
                self.reason("dates.last_day", "reasoning.last_day.delivery",
                            {**base, "delivery": iso(self.delivery), "last_day": iso(last_day)},
                            "deliverable")
            else:
                earliest = (desired if desired is not None and floor <= desired < computed_floor
                            else computed_floor)
                last_day = desired if desired is not None and desired >= floor else earliest
                chosen = last_day == desired
                self.reason("dates.earliest_last_day", "reasoning.earliest.default_notice",
                            {**base, "earliest_last_day": iso(earliest),
                             "exit_floor": iso(floor)}, "default_notice", uncertain)
                self.reason("dates.last_day", "reasoning.last_day.delivery_unknown",
                            {**base, "last_day": iso(last_day)}, "deliverable",
                            "uncertain.delivery_unknown")
        if ROUTES[route].notice_letter or renewal_deadline:
            self.receipt_reason(announce)
        return self.finish(route, announce, self.notice_start(announce), floor, earliest,
                           last_day, chosen, early_exit, shortfall, auto_renewal,
                           renewal_deadline, renewal_send_by, None)

    # -- client routes ----------------------------------------------------------------

    def client_schedule(self, route: Route) -> Schedule:
        a = self.a
        received, last_day = a.client_notice_received, a.client_last_day
        assert received is not None and last_day is not None  # required by validation
        given = days_between(received, last_day)
        base: dict[str, object] = {"notice_received": iso(received),
                                   "client_last_day": iso(last_day), "given_days": given}
        owed_days: int | None = None
        owed_last: date | None = None
        basis = "notice"
        relationship = self.relationship(received)
        if route == Route.CLIENT_ENDS_OPEN_ENDED or (
                route == Route.CLIENT_ENDS_FIXED_TERM_EARLY
                and a.contract.early_exit_clause == "yes"):
            owed_days = days_between(received, self.notice_end(received))
            key = ("reasoning.client.owed_contract" if self.from_contract
                   else "reasoning.client.owed_reasonable")
            if (relationship is not None and relationship.established
                    and relationship.recommended_notice_days > owed_days
                    and a.contract.intermediary != "umbrella"):
                owed_days = relationship.recommended_notice_days
                key = "reasoning.client.owed_relationship"
            owed_last = (self.notice_end(received) if key == "reasoning.client.owed_contract"
                         or key == "reasoning.client.owed_reasonable"
                         else add_days(received, owed_days))
            self.reason("client.owed", key,
                        {**base, "owed_days": owed_days, "owed_last_day": iso(owed_last),
                         "contract_days": self.notice,
                         "months": relationship.months if relationship else 0},
                        "client_notice",
                        None if key == "reasoning.client.owed_contract"
                        else "uncertain.established_heuristic"
                        if key.endswith("relationship") else "uncertain.no_notice_clause")
            end_owed: date | None = owed_last
        elif route == Route.CLIENT_ENDS_FIXED_TERM_EARLY:
            basis, end_owed = "term", self.term
            self.reason("client.owed", "reasoning.client.owed_term",
                        {**base, "term": iso(self.term) if self.term else ""}, "fixed_term",
                        "uncertain.mitigation")
        elif route == Route.CLIENT_ENDS_DELIVERABLE:
            basis, end_owed = "delivery", self.delivery
            self.reason("client.owed", "reasoning.client.owed_delivery",
                        {**base, "delivery": iso(self.delivery) if self.delivery else ""},
                        "deliverable", "uncertain.art_1794_scope")
        else:  # the client ends at the term or at delivery: nothing owed beyond it
            end_owed = None
        shortfall = max(days_between(last_day, end_owed), 0) if end_owed else 0
        lost = (self.days.count_between(add_days(last_day, 1), end_owed)
                if end_owed and end_owed > last_day else 0)
        estimate = (a.daily_rate * lost if a.daily_rate is not None and lost else None)
        client = ClientNotice(received, owed_days, owed_last, shortfall, lost, estimate, basis)
        announce = self.start
        self.reason("dates.announce", "reasoning.announce.respond",
                    {**base, "start": iso(self.start)}, "client_notice")
        self.reason("dates.last_day", "reasoning.last_day.client", base,
                    "client_notice", None)
        return self.finish(route, announce, received, last_day, last_day, last_day, True,
                           ROUTES[route].client_ends and ROUTES[route].early_exit,
                           False, False, None, None, client)

    def finish(self, route: Route, announce: date, notice_start: date, floor: date,
               earliest: date, last_day: date, chosen: bool, early_exit: bool,
               shortfall: bool, auto_renewal: bool, renewal_deadline: date | None,
               renewal_send_by: date | None, client: ClientNotice | None) -> Schedule:
        lead = self.rules.handover_lead_days
        handover_start = max(announce, self.days.on_or_before(add_days(last_day, -lead)))
        follow_up = self.days.on_or_after(add_days(last_day, self.rules.follow_up_days))
        self.reason("dates.handover_start", "reasoning.handover_start",
                    {"handover_start": iso(handover_start), "last_day": iso(last_day),
                     "lead_days": lead}, "handover")
        self.reason("dates.follow_up", "reasoning.follow_up",
                    {"follow_up": iso(follow_up), "last_day": iso(last_day),
                     "days": self.rules.follow_up_days}, None)
        if self.start != self.a.today:
            self.reason("dates.today", "reasoning.today_not_working",
                        {"today": iso(self.a.today), "start": iso(self.start)},
                        "working_days")
        return Schedule(
            today=self.a.today, route=route,
            counterparty=COUNTERPARTIES[self.a.contract.intermediary],
            initiator=self.a.initiator, contract_type=self.kind, tacit_renewal=self.tacit,
            auto_renewal=auto_renewal, term=self.term, delivery=self.delivery,
            notice_days=self.notice, notice_from_contract=self.from_contract,
            notice_from_receipt=self.from_receipt, first_working_day=self.start,
            announce=announce, notice_start=notice_start, exit_floor=floor,
            earliest_last_day=earliest, last_day=last_day, last_day_chosen=chosen,
            handover_start=handover_start, follow_up=follow_up,
            desired_last_day=self.a.desired_last_day, early_exit=early_exit,
            notice_shortfall=shortfall, renewal_deadline=renewal_deadline,
            renewal_send_by=renewal_send_by, client=client,
            relationship=self.relationship(announce if client is None else client.received),
            reasons=self.reasons,
        )


def compute_schedule(answers: Answers, rules: RuleSet) -> Schedule:
    return _Planner(answers, rules).build()
