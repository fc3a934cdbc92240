"""How this exit happens (the route), who the freelancer deals with (the counterparty),
and its key dates. Everything else in a plan follows from these.

Routes (routes.py; FORMATS.md, "Routes"): the freelancer ends an open-ended contract with
notice; a fixed-term contract at its term, early under a clause, or early by agreement;
fixed-price work at delivery or early by agreement (also when the delivery date has passed
with the work unfinished); or the client ends an open-ended contract, a fixed-term contract
early, or fixed-price work.

Two dates end a mission, and the plan keeps them apart: the day the contract ends
(`last_day`: the end of the notice, the term, the delivery, the day the client set), which
no rule moves when it is a weekend or a public holiday (CPC 640–642 govern procedural time
limits only), and the last WORKED day (`last_working_day`, the working day on or before
it), when access is closed, equipment returned and every step of leaving is done.

Notice is counted from receipt unless the contract says from sending. A letter that must be
received is planned to arrive `letter_receipt_working_days` after it is sent (a registered
letter; never a zero margin), the day it is handed over (hand delivery against a signed
copy). The plan states the latest day to send it and still leave on the day the reader
wants (`send_by`), and for a tacit renewal the latest day to send the refusal.

Dates the engine computes (announce, send_by, handover start, follow-up) are working days
of the rules set's calendar. When the reader wants a later last day, the announcement waits
`preparation_working_days` so that the preparation can be done first; when there is little
time left, the handover is compressed (and the plan says so); when the last day has passed,
what should have been done before it is what is left to do now.
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
    delivery_overdue: bool  # fixed-price work whose delivery date passed, unfinished
    notice_amount: int  # the notice the plan applies, in its unit
    notice_unit: str  # "days" or "months" (date to date)
    notice_from_contract: bool
    notice_from_receipt: bool
    receipt_working_days: int  # a letter sent on a working day is received this many later
    first_working_day: date  # today, or the next working day
    announce: date
    notice_start: date  # the day the notice starts to run (sending or receipt)
    exit_floor: date  # the earliest day the contract can end with the notice given
    earliest_last_day: date
    last_day: date  # the day the contract ends (may be a weekend or a holiday)
    last_working_day: date  # the last day worked: on or before last_day
    last_day_chosen: bool  # the reader (or the client) chose it
    send_by: date | None  # the latest day to send the letter and still end on the target
    handover_start: date
    follow_up: date
    desired_last_day: date | None
    early_exit: bool
    notice_shortfall: bool
    compressed: bool  # little time left: the handover is done in a few days
    ended: bool  # the last working day is before the first working day from today
    renewal_deadline: date | None  # tacitly renewing fixed-term: non-renewal received by
    renewal_send_by: date | None
    client: ClientNotice | None
    relationship: RelationshipAdvice | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def given_notice_days(self) -> int:
        return days_between(self.notice_start, self.last_day)

    @property
    def notice_days(self) -> int:
        """The notice in days from the day it starts (a month runs date to date)."""
        end = (add_months(self.notice_start, self.notice_amount) if self.notice_unit == "months"
               else add_days(self.notice_start, self.notice_amount))
        return days_between(self.notice_start, end)

    def notice(self) -> dict[str, object]:
        """The notice as a duration for the strings ({"amount": 1, "unit": "months"})."""
        return {"amount": self.notice_amount, "unit": self.notice_unit}

    def anchors(self) -> dict[str, date]:
        """Dates task items may be due relative to (AUTHORING.md, `due=`). `last_day` is the
        last day at work: the steps of leaving are done by then."""
        return {"today": self.first_working_day, "announce": self.announce,
                "last_day": self.last_working_day,
                "notice_received": self.client.received if self.client else self.announce,
                "term": self.term or self.delivery or self.last_day}

    def dates(self) -> dict[str, str]:
        out = {
            "today": iso(self.today),
            "announce": iso(self.announce),  # client routes: the day to answer in writing
            "earliest_last_day": iso(self.earliest_last_day),
            "last_day": iso(self.last_day),
            "handover_start": iso(self.handover_start),
            "follow_up": iso(self.follow_up),
        }
        if self.last_working_day != self.last_day:
            out["last_working_day"] = iso(self.last_working_day)
        if self.send_by is not None:
            out["send_by"] = iso(self.send_by)
        if self.renewal_deadline is not None:
            out["renewal_deadline"] = iso(self.renewal_deadline)
        if self.renewal_send_by is not None and self.renewal_send_by >= self.first_working_day:
            out["renewal_send_by"] = iso(self.renewal_send_by)  # only while it is open
        if self.delivery_overdue:
            del out["earliest_last_day"]  # no notice ends it: only an agreement
        if self.client is not None:
            del out["earliest_last_day"]  # the client chose the last day
            out["notice_received"] = iso(self.client.received)
            # In portage the notice is owed to the portage company, not to the consultant.
            if self.client.owed_last_day is not None and self.counterparty != "umbrella":
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
    if delivery is not None and delivery < answers.today:
        # The delivery date has passed and the work goes on: leaving now is leaving before
        # delivery, which takes an agreement (art. 1229), not a notice.
        return Route.DELIVERABLE_EARLY_AGREEMENT
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
        self.tacit = False
        if self.kind == "fixed_term" and self.term is not None and self.term < answers.today:
            # Still performed after its term: an open-ended contract now (art. 1215).
            self.kind, self.term, self.tacit = "open_ended", None, True
        self.from_contract = contract.notice is not None
        self.notice = (contract.notice if contract.notice is not None
                       else rules.default_notice_days)
        # A notice in months runs date to date (15 March → 15 April), not 30 days a month.
        self.unit = contract.notice_unit if contract.notice is not None else "days"
        self.from_receipt = contract.notice_from != "sending"
        self.hand = answers.sending == "hand"
        self.umbrella = contract.intermediary == "umbrella"
        self.start = self.days.on_or_after(answers.today)

    def reason(self, subject: str, key: str, params: dict[str, object], topic: str | None,
               uncertain: str | None = None) -> None:
        rule = self.rules.topic_basis(topic) if topic else ()
        self.reasons.append(Reason(subject, key, params, rule, uncertain))

    @property
    def receipt_days(self) -> int:
        """Working days between sending a letter and its receipt, as the plan counts them."""
        return 0 if self.hand or not self.from_receipt else self.rules.letter_receipt_working_days

    @property
    def relay_days(self) -> int:
        """Portage: the portage company, not the consultant, notifies the client."""
        return self.rules.umbrella_relay_working_days if self.umbrella else 0

    def notice_start(self, announce: date) -> date:
        """The day the notice starts to run for a letter sent (or asked for) on `announce`."""
        sent = self.days.add(announce, self.relay_days)
        return self.days.add(sent, self.receipt_days) if self.from_receipt else sent

    def notice_end(self, start: date, sign: int = 1) -> date:
        """The day a notice that starts on `start` ends (sign -1: the day it must start to
        end on `start`)."""
        return (add_months(start, sign * self.notice) if self.unit == "months"
                else add_days(start, sign * self.notice))

    def floor(self, announce: date) -> date:
        return self.notice_end(self.notice_start(announce))

    def latest_send(self, target: date) -> date | None:
        """The latest working day to send (or ask for) the notice so that it ends on or
        before `target`; None when even today is too late."""
        start_by = self.notice_end(target, -1)
        while self.notice_end(start_by) > target:  # month ends: 31 March − 1 month …
            start_by = add_days(start_by, -1)
        day = self.days.on_or_before(start_by)
        day = self.days.add(day, -self.receipt_days) if self.from_receipt else day
        day = self.days.add(day, -self.relay_days)
        return day if day >= self.start else None

    def relationship(self, until: date) -> RelationshipAdvice | None:
        start = self.a.contract.start
        return None if start is None else self.rules.relationship(whole_months(start, until))

    def duration(self) -> dict[str, object]:
        return {"amount": self.notice, "unit": self.unit}

    # -- freelancer routes ------------------------------------------------------------

    def announce(self, target: date | None, latest: date | None,
                 deadline: bool = True) -> date:
        """When to announce (and send the letter): after the next milestone when that still
        allows the target, or after the preparation when the target leaves time for it
        (`latest`: the last working day that still does); otherwise the first working day
        from today. `deadline`: `latest` is a day to send a letter by (a notice, a refusal
        to renew), which the reason then names; otherwise it is the target itself."""
        milestone = self.a.next_milestone
        params: dict[str, object] = {"today": iso(self.a.today), "start": iso(self.start),
                                     "notice": self.duration()}
        if target is None or latest is None:
            self.reason("dates.announce", "reasoning.announce.today", params, "working_days")
            return self.start
        params |= {"target": iso(target), "send_by": iso(latest)}
        if milestone is not None:
            candidate = self.days.on_or_after(add_days(milestone, 1))
            params |= {"next_milestone": iso(milestone), "after_milestone": iso(candidate)}
            if candidate <= latest:
                params["announce"] = iso(candidate)
                self.reason("dates.announce", "reasoning.announce.after_milestone", params,
                            "working_days")
                return candidate
            self.reason("dates.announce", "reasoning.announce.milestone_too_late", params,
                        "working_days")
            return self.start
        prepared = self.days.add(self.start, self.rules.preparation_working_days)
        announce = max(min(prepared, latest), self.start)
        params |= {"announce": iso(announce),
                   "prepare_days": self.rules.preparation_working_days}
        key = ("reasoning.announce.no_slack" if announce <= self.start
               else "reasoning.announce.prepared" if deadline
               else "reasoning.announce.prepared_plain")
        self.reason("dates.announce", key, params, "working_days")
        return announce

    def notice_uncertainty(self) -> str | None:
        if not self.from_contract:
            return "uncertain.no_notice_clause"
        if self.a.contract.intermediary == "agency":
            return "uncertain.agency_back_to_back"
        if self.umbrella:
            return "uncertain.umbrella_notice"
        return None

    def receipt_reason(self, announce: date) -> None:
        if not self.from_receipt:
            return
        key = ("reasoning.notice_from.umbrella" if self.umbrella
               else "reasoning.notice_from.hand" if self.hand
               else "reasoning.notice_from.electronic" if self.a.sending == "electronic"
               else "reasoning.notice_from.registered")
        self.reason("notice.receipt", key,
                    {"announce": iso(announce), "notice_start": iso(self.notice_start(announce)),
                     "days": self.receipt_days, "relay_days": self.relay_days},
                    "notice_receipt",
                    "uncertain.notice_from_unknown"
                    if self.a.contract.notice_from == "unknown" else
                    None if self.hand else "uncertain.registered_receipt")

    def send_by_reason(self, send_by: date | None, target: date) -> None:
        params: dict[str, object] = {"target": iso(target), "notice": self.duration(),
                                     "days": self.receipt_days, "relay_days": self.relay_days}
        if send_by is None:
            self.reason("dates.send_by", "reasoning.send_by.too_late", params,
                        "notice_receipt")
            return
        params |= {"send_by": iso(send_by), "notice_start": iso(self.notice_start(send_by))}
        key = ("reasoning.send_by.umbrella" if self.umbrella
               else "reasoning.send_by.sending" if not self.from_receipt
               else "reasoning.send_by.hand" if self.hand
               else "reasoning.send_by.registered")
        self.reason("dates.send_by", key, params, "notice_receipt",
                    None if self.hand or not self.from_receipt
                    else "uncertain.registered_receipt")

    def build(self) -> Schedule:
        a = self.a
        route = _route(a, self.kind, self.term, self.delivery)
        if a.initiator == "client":
            return self.client_schedule(route)
        desired = a.desired_last_day
        overdue = (route == Route.DELIVERABLE_EARLY_AGREEMENT and self.delivery is not None
                   and self.delivery < self.start)
        end = self.term if ROUTES[route].contract_type == "fixed_term" else self.delivery
        if ROUTES[route].proposal and not overdue and end is not None and self.start >= end:
            # The contract ends before the first working day on which to propose anything.
            route = _AT_END[ROUTES[route].contract_type]

        floor_now = self.floor(self.start)
        if (route == Route.FIXED_TERM_EARLY_CLAUSE and desired is not None and self.term
                and max(desired, floor_now) >= self.term):
            route = Route.FIXED_TERM_AT_TERM  # the clause's notice runs to the term anyway
            self.reason("notes.clause", "reasoning.route.clause_reaches_term",
                        {"notice": self.duration(), "term": iso(self.term),
                         "exit_floor": iso(floor_now)}, "fixed_term")

        auto_renewal = (route == Route.FIXED_TERM_AT_TERM and self.term is not None
                        and a.contract.auto_renewal != "no")
        renewal_deadline = renewal_send_by = None
        if auto_renewal and self.term is not None:
            renewal_deadline = self.days.on_or_before(self.notice_end(self.term, -1))
            renewal_send_by = self.days.add(renewal_deadline, -self.receipt_days)

        spec = ROUTES[route]
        if spec.notice_letter:
            target = desired
        elif spec.ends_at == "term":
            target = self.term
        elif spec.ends_at == "delivery":
            target = self.delivery or desired
        else:
            target = desired
        send_by: date | None = None
        if spec.notice_letter and target is not None:
            send_by = self.latest_send(target)
            self.send_by_reason(send_by, target)
        elif renewal_send_by is not None:
            send_by = renewal_send_by if renewal_send_by >= self.start else None
        if target is None:
            latest = None
        elif spec.notice_letter or renewal_send_by is not None:
            latest = send_by or self.start  # None: no time left, send at once
        else:
            latest = max(self.days.on_or_before(target), self.start)
        announce = self.announce(target, latest,
                                 spec.notice_letter or renewal_send_by is not None)
        floor = self.floor(announce)
        base: dict[str, object] = {"announce": iso(announce), "notice": self.duration(),
                                   "notice_days": self.notice,
                                   "notice_start": iso(self.notice_start(announce))}
        uncertain = self.notice_uncertainty()
        early_exit = shortfall = chosen = False

        if spec.notice_letter:
            clause = spec.early_exit
            earliest = floor
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
            # Too late to refuse the renewal: without agreement the contract may renew at
            # its term, and if it becomes open-ended the letter's notice ends it; the term
            # is then what the reader proposes, not an end that holds without agreement.
            renewal_passed = (renewal_send_by is not None and renewal_send_by < self.start
                              and floor > self.term)
            if renewal_passed:
                earliest = floor
            self.reason("dates.earliest_last_day",
                        "reasoning.earliest.renewal_passed" if renewal_passed
                        else "reasoning.earliest.fixed_term",
                        {**base, "term": iso(self.term), "earliest_last_day": iso(earliest)},
                        "non_renewal" if renewal_passed else "fixed_term",
                        "uncertain.auto_renewal_unknown" if renewal_passed
                        and a.contract.auto_renewal == "unknown" else None)
            key = ("reasoning.last_day.beyond_term" if desired is not None and desired > self.term
                   else "reasoning.last_day.renewal_passed" if renewal_passed
                   else "reasoning.last_day.term")
            params = {**base, "term": iso(self.term), "last_day": iso(last_day)}
            if desired is not None:
                params["desired_last_day"] = iso(desired)
            self.reason("dates.last_day", key, params,
                        "extension" if key.endswith("beyond_term") else "fixed_term")
            if renewal_deadline is not None and renewal_send_by is not None:
                passed = renewal_send_by < self.start
                self.reason("dates.renewal_deadline",
                            "reasoning.renewal.passed" if passed else "reasoning.renewal.ahead",
                            {**base, "term": iso(self.term),
                             "renewal_deadline": iso(renewal_deadline),
                             "send_by": iso(renewal_send_by), "days": self.receipt_days},
                            "non_renewal",
                            "uncertain.auto_renewal_unknown"
                            if a.contract.auto_renewal == "unknown" else uncertain)
        elif spec.proposal:
            fixed = spec.contract_type == "fixed_term"
            binding = self.term if fixed else self.delivery
            assert binding is not None
            if desired is not None:
                # A proposal cannot end before the day it is made (a day off today, say).
                last_day, chosen = max(desired, announce), desired >= announce
            else:  # late delivery, no date given: propose the notice as time to hand over
                last_day = floor
            earliest, early_exit = binding, True
            end_param = {"term" if fixed else "delivery": iso(binding)}
            self.reason("dates.earliest_last_day",
                        "reasoning.earliest.fixed_term" if fixed
                        else "reasoning.earliest.delivery_overdue" if overdue
                        else "reasoning.earliest.delivery",
                        {**base, **end_param}, "fixed_term" if fixed else "deliverable")
            self.reason("dates.last_day",
                        "reasoning.last_day.early_agreement" if fixed
                        else "reasoning.last_day.delivery_overdue" if overdue
                        else "reasoning.last_day.deliverable_early",
                        {**base, **end_param, "last_day": iso(last_day),
                         "desired_last_day": iso(desired) if desired else ""},
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
                earliest = floor
                last_day = desired if desired is not None and desired >= floor else earliest
                chosen = last_day == desired
                self.reason("dates.earliest_last_day", "reasoning.earliest.default_notice",
                            {**base, "earliest_last_day": iso(earliest),
                             "exit_floor": iso(floor)}, "default_notice", uncertain)
                self.reason("dates.last_day", "reasoning.last_day.delivery_unknown",
                            {**base, "last_day": iso(last_day)}, "deliverable",
                            "uncertain.delivery_unknown")
        if spec.notice_letter or renewal_deadline:
            self.receipt_reason(announce)
        return self.finish(route, announce, self.notice_start(announce), floor, earliest,
                           last_day, chosen, early_exit, shortfall, auto_renewal,
                           renewal_deadline, renewal_send_by, None, send_by, overdue)

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
            owed_last = self.notice_end(received)
            owed_days = days_between(received, owed_last)
            key = ("reasoning.client.owed_contract" if self.from_contract
                   else "reasoning.client.owed_reasonable")
            if (relationship is not None and not self.umbrella
                    and relationship.recommended_notice_days > owed_days
                    and self.rules.relationship_applies(relationship, owed_days)):
                owed_days = relationship.recommended_notice_days
                owed_last = add_days(received, owed_days)
                key = "reasoning.client.owed_relationship"
            self.reason("client.owed", key,
                        {**base, "owed_days": owed_days, "owed_last_day": iso(owed_last),
                         "notice": self.duration(), "contract_days": self.notice,
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
        spec = ROUTES[route]
        return self.finish(route, announce, received, last_day, last_day, last_day, True,
                           spec.client_ends and spec.early_exit, False, False, None, None,
                           client, None, False)

    # -- both -------------------------------------------------------------------------

    def finish(self, route: Route, announce: date, notice_start: date, floor: date,
               earliest: date, last_day: date, chosen: bool, early_exit: bool,
               shortfall: bool, auto_renewal: bool, renewal_deadline: date | None,
               renewal_send_by: date | None, client: ClientNotice | None,
               send_by: date | None, overdue: bool) -> Schedule:
        last_working_day = self.days.on_or_before(last_day)
        ended = last_working_day < self.start
        if last_working_day != last_day:
            self.reason("dates.last_working_day", "reasoning.last_working_day",
                        {"last_day": iso(last_day), "last_working_day": iso(last_working_day),
                         "holiday": self.days.holiday(last_day)}, "contract_end",
                        self.rules.regional_holidays_note if self.days.holiday(last_day)
                        else None)
        left = self.days.count_between(announce, last_working_day) if not ended else 0
        compressed = not ended and left <= self.rules.short_notice_working_days
        lead = self.rules.handover_lead_days
        if ended:
            handover_start = self.start
            self.reason("dates.ended", "reasoning.ended",
                        {"last_day": iso(last_day), "start": iso(self.start)}, None)
        elif compressed:
            handover_start = announce
            self.reason("dates.compressed", "reasoning.compressed",
                        {"announce": iso(announce), "last_working_day": iso(last_working_day),
                         "working_days": left}, "handover")
        else:
            # Not before the handover plan has gone out: it proposes the sessions' start.
            plan_sent = self.days.on_or_after(add_days(announce, self.rules.handover_plan_days))
            handover_start = min(last_working_day, max(plan_sent, self.days.on_or_before(
                add_days(last_working_day, -lead))))
        # From the last day worked, as the guide's after-mission items (`due=last_day+N`):
        # one follow-up day, whether or not the contract ends on a day off.
        follow_up = self.days.on_or_after(add_days(last_working_day,
                                                   self.rules.follow_up_days))
        self.reason("dates.handover_start",
                    "reasoning.handover.compressed" if compressed
                    else "reasoning.handover.ended" if ended else "reasoning.handover.lead",
                    {"handover_start": iso(handover_start),
                     "last_working_day": iso(last_working_day), "lead_days": lead},
                    "handover")
        self.reason("dates.follow_up", "reasoning.follow_up",
                    {"follow_up": iso(follow_up), "last_day": iso(last_day),
                     "last_working_day": iso(last_working_day),
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
            delivery_overdue=overdue, notice_amount=self.notice, notice_unit=self.unit,
            notice_from_contract=self.from_contract, notice_from_receipt=self.from_receipt,
            receipt_working_days=self.receipt_days, first_working_day=self.start,
            announce=announce, notice_start=notice_start, exit_floor=floor,
            earliest_last_day=earliest, last_day=last_day, last_working_day=last_working_day,
            last_day_chosen=chosen, send_by=send_by, handover_start=handover_start,
            follow_up=follow_up, desired_last_day=self.a.desired_last_day,
            early_exit=early_exit, notice_shortfall=shortfall, compressed=compressed,
            ended=ended, renewal_deadline=renewal_deadline, renewal_send_by=renewal_send_by,
            client=client,
            relationship=self.relationship(announce if client is None else client.received),
            reasons=self.reasons,
        )


def compute_schedule(answers: Answers, rules: RuleSet) -> Schedule:
    return _Planner(answers, rules).build()
