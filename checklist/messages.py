"""Letters: which apply to this route and counterparty, when each is sent, to whom, and the
language-neutral values of their fields (the view renders them in the reader's language).

A letter is sent unedited, so: it goes to the party that acts (the client, the ESN, the
platform's client, or the portage company), never to the client in a portage consultant's
name; it is dated the day its step in the plan is due (`send_on`); a formal demand follows
the reminder and gives a deadline after its own date; and every number it states comes
from this plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from checklist.calendar import WorkingDays
from checklist.dates import add_days, days_between, iso
from checklist.model import Answers
from checklist.money import Money, as_number, compute_money
from checklist.rules import RuleSet
from checklist.schedule import Schedule
from checklist.situations import NOTICE_LETTER_ROUTES
from checklist.vocabulary import TEMPLATE_FIELDS

EARLY_AGREEMENT_ROUTES = ("fixed_term_early_agreement", "deliverable_early_agreement")
NOTICE_BASIS_VARIANTS = ("contract", "reasonable", "clause", "term", "delivery")
ANNOUNCED_ROUTES = ("open_ended_notice", "fixed_term_at_term", "fixed_term_early_clause",
                    "deliverable_complete")


@dataclass(frozen=True)
class _Context:
    answers: Answers
    schedule: Schedule
    money: Money
    situations: frozenset[str]

    @property
    def umbrella(self) -> bool:
        return self.answers.contract.intermediary == "umbrella"

    @property
    def leaving(self) -> bool:
        return self.schedule.initiator == "freelancer"

    @property
    def can_claim(self) -> bool:
        return not self.umbrella and self.answers.insolvency_published is None


@dataclass(frozen=True)
class Letter:
    id: str
    to: str  # "counterparty" (client, ESN, platform's client), "contact", "umbrella"
    steps: tuple[str, ...]  # the task items whose due date is the letter's date
    fallback: tuple[str, int]  # (anchor, offset) when the guide has no such step
    applies: Callable[[_Context], bool]


LETTERS: tuple[Letter, ...] = (
    Letter("tpl-announce-email", "counterparty", ("tell-confirm-writing",), ("announce", 0),
           lambda c: c.leaving and not c.umbrella
           and c.schedule.route in ANNOUNCED_ROUTES),
    Letter("tpl-notice-letter", "counterparty", ("law-written-notice",), ("announce", 0),
           lambda c: c.leaving and not c.umbrella
           and c.schedule.route in NOTICE_LETTER_ROUTES),
    Letter("tpl-non-renewal", "counterparty", ("timing-no-renewal",), ("announce", 0),
           lambda c: c.leaving and not c.umbrella and c.schedule.auto_renewal),
    Letter("tpl-early-exit-agreement", "counterparty", ("law-early-exit",), ("announce", 0),
           lambda c: c.leaving and not c.umbrella
           and c.schedule.route in EARLY_AGREEMENT_ROUTES),
    Letter("tpl-umbrella-request", "umbrella", ("law-umbrella", "client-umbrella-request"),
           ("today", 0),
           lambda c: c.umbrella),
    Letter("tpl-handover-plan", "contact", ("handover-draft-plan",), ("announce", 2),
           lambda c: True),
    Letter("tpl-replacement", "counterparty", ("handover-name-successor",), ("announce", 5),
           lambda c: c.leaving and not c.umbrella),
    Letter("tpl-payment-reminder", "counterparty", ("pay-reminder",), ("today", 0),
           lambda c: c.can_claim and bool(c.money.overdue)),
    Letter("tpl-formal-demand", "counterparty", ("pay-formal-demand",), ("today", 8),
           lambda c: c.can_claim and bool(c.money.overdue)),
    Letter("tpl-ack-termination", "counterparty", ("client-acknowledge",), ("today", 0),
           lambda c: not c.leaving and not c.umbrella),
    Letter("tpl-claim-notice", "counterparty", ("client-claim-notice",), ("today", 2),
           lambda c: not c.leaving and not c.umbrella and "client_notice_short" in c.situations),
    Letter("tpl-claim-term", "counterparty", ("client-claim-term",), ("today", 2),
           lambda c: not c.leaving and not c.umbrella and c.schedule.client is not None
           and c.schedule.client.basis == "term"),
    Letter("tpl-final-invoice-message", "counterparty", ("client-final-invoice",),
           ("last_day", 0), lambda c: not c.leaving and not c.umbrella),
)



def _recipient(answers: Answers, to: str) -> str:
    """The organisation a letter goes to: the ESN or portage company when it is the
    freelancer's contracting party, otherwise the client (platforms: usually the client;
    the plan asks the reader to check)."""
    if to == "umbrella" or answers.contract.intermediary == "agency":
        return answers.intermediary_name
    return answers.client_name


def _notice_basis(schedule: Schedule) -> dict[str, object]:
    route = schedule.route
    variant = ("term" if route == "fixed_term_at_term" else
               "delivery" if route == "deliverable_complete" else
               "clause" if route == "fixed_term_early_clause" else
               "contract" if schedule.notice_from_contract else "reasonable")
    return {"variant": variant, "given_days": schedule.given_notice_days,
            "notice_days": schedule.notice_days}


def select_messages(answers: Answers, schedule: Schedule, money: Money,
                    templates: Mapping[str, Mapping[str, object]],
                    steps: list[dict[str, object]], situations: frozenset[str],
                    rules: RuleSet) -> list[dict[str, object]]:
    days: WorkingDays = rules.working_days
    context = _Context(answers, schedule, money, situations)
    due = {str(step["id"]): str(step["due"]) for step in steps}
    anchors = schedule.anchors()

    def send_on(letter: Letter) -> date:
        for step in letter.steps:
            if step in due:
                return date.fromisoformat(due[step])
        anchor, offset = letter.fallback
        return max(days.on_or_after(add_days(anchors[anchor], offset)),
                   schedule.first_working_day)

    chosen = [letter for letter in LETTERS if letter.applies(context)]
    dates = {letter.id: send_on(letter) for letter in chosen}
    if "tpl-formal-demand" in dates:
        # The demand follows an unanswered reminder: never on or before the reminder's day.
        reminder = dates.get("tpl-payment-reminder", schedule.first_working_day)
        earliest = days.on_or_after(add_days(reminder, rules.reminder_to_demand_days))
        dates["tpl-formal-demand"] = max(dates["tpl-formal-demand"], earliest)

    messages = []
    for letter in chosen:
        template = templates.get(letter.id)
        if template is None:
            continue  # a fork without this letter: the step still says what to do
        raw_fields = template.get("fields")
        fields = [f for f in raw_fields if isinstance(f, str) and f in TEMPLATE_FIELDS
                  ] if isinstance(raw_fields, list) else []
        values = _values(letter, dates, answers, schedule, money, rules)
        messages.append({
            "id": letter.id,
            "to": letter.to,
            "counterparty": schedule.counterparty,
            "send_on": iso(dates[letter.id]),
            **({"deadline": values["demand_deadline"]}
               if letter.id == "tpl-formal-demand" else {}),
            "fields": fields,
            "values": {name: values.get(name) for name in fields},
            **({"invoices": values["invoice_details"]} if "invoice_details" in values else {}),
        })
    return messages


def _values(letter: Letter, dates: Mapping[str, date], answers: Answers,
            schedule: Schedule, money: Money, rules: RuleSet) -> dict[str, object]:
    sent = dates[letter.id]
    client = schedule.client
    values: dict[str, object] = {
        "client": answers.client_name,
        "contact": answers.contact_name,
        "freelancer": answers.freelancer_name,
        "recipient": _recipient(answers, letter.to),
        "intermediary": answers.intermediary_name,
        "send_on": iso(sent),
        "today": iso(sent),
        "announce_date": iso(schedule.announce),
        "last_day": iso(schedule.last_day),
        "notice_days": schedule.notice_days,
        "given_days": schedule.given_notice_days,
        "notice_basis": _notice_basis(schedule),
        "handover_start": iso(schedule.handover_start),
        "term": iso(schedule.term) if schedule.term else None,
        "renewal_deadline": iso(schedule.renewal_deadline)
        if schedule.renewal_deadline else None,
        "delivery_date": iso(schedule.delivery) if schedule.delivery else None,
        "daily_rate": as_number(answers.daily_rate) if answers.daily_rate else None,
    }
    if client is not None:
        values |= {
            "notice_received": iso(client.received),
            "client_last_day": iso(schedule.last_day),
            "notice_owed_days": client.owed_days,
            "owed_last_day": iso(client.owed_last_day) if client.owed_last_day else None,
            "shortfall_days": client.shortfall_days,
            "claim_estimate": as_number(client.estimate)
            if client.estimate is not None else None,
        }
    if letter.id in ("tpl-payment-reminder", "tpl-formal-demand"):
        # Amounts as of the day the letter is sent: what it states is then true.
        owed = compute_money(answers, rules, as_of=sent) if sent != money.as_of else money
        lines = owed.overdue
        rates = list(dict.fromkeys(float(p.rate) for line in lines for p in line.periods))
        values |= {
            "invoice_list": [line.invoice.index for line in lines],
            "invoice_details": [line.to_dict() for line in lines],
            "overdue_total": as_number(owed.overdue_total),
            "late_penalties": as_number(owed.late_penalties),
            "recovery_indemnities": as_number(owed.recovery_indemnities),
            "total_claimed": as_number(owed.total_claimed),
            "penalty_rate": rates,
        }
        if letter.id == "tpl-formal-demand":
            values["reminder_date"] = iso(dates.get("tpl-payment-reminder",
                                                    schedule.first_working_day))
            values["demand_deadline"] = iso(rules.working_days.on_or_after(
                add_days(sent, rules.formal_demand_days)))
    assert days_between(schedule.today, sent) >= 0
    return values
