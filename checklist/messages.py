"""Letters: which apply to this route and counterparty, when each is sent, to whom, and the
language-neutral values of their fields (the view renders them in the reader's language).

A letter is sent unedited, so: it goes to the party that acts (the client, the ESN, the
platform's client, or the portage company), never to the client in a portage consultant's
name; it is dated the day its step in the plan is due (`send_on`); a formal demand follows
the reminder and gives a deadline after its own date; and every number it states comes
from this plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from checklist.calendar import WorkingDays
from checklist.dates import add_days, days_between, iso
from checklist.letters import LETTERS, LetterSpec
from checklist.model import Answers
from checklist.money import Money, as_number, compute_money
from checklist.plan import InvoiceLineDict, MessageDict, StepDict
from checklist.routes import ROUTES, NoticeBasisVariant
from checklist.rules import RuleSet
from checklist.schedule import Schedule
from checklist.vocabulary import TEMPLATE_FIELDS


def _recipient(answers: Answers, to: str) -> str:
    """The organisation a letter goes to: the ESN or portage company when it is the
    freelancer's contracting party, otherwise the client (platforms: usually the client;
    the plan asks the reader to check)."""
    if to == "umbrella" or answers.contract.intermediary == "agency":
        return answers.intermediary.name
    return answers.client.name


def _notice_basis(schedule: Schedule) -> dict[str, object]:
    basis = ROUTES[schedule.route].notice_basis
    variant: NoticeBasisVariant = (
        ("contract" if schedule.notice_from_contract else "reasonable")
        if basis is None or basis == "notice" else basis)
    return {"variant": variant, "given_days": schedule.given_notice_days,
            "notice_days": schedule.notice_days}


def select_messages(answers: Answers, schedule: Schedule, money: Money,
                    templates: Mapping[str, Mapping[str, object]],
                    steps: list[StepDict], situations: frozenset[str],
                    rules: RuleSet) -> list[MessageDict]:
    days: WorkingDays = rules.working_days
    due = {str(step["id"]): str(step["due"]) for step in steps}
    anchors = schedule.anchors()

    def send_on(letter: LetterSpec) -> date:
        for step in letter.steps:
            if step in due:
                return date.fromisoformat(due[step])
        anchor, offset = letter.fallback
        return max(days.on_or_after(add_days(anchors[anchor], offset)),
                   schedule.first_working_day)

    chosen = [letter for letter in LETTERS if letter.applies(situations)]
    dates = {letter.id: send_on(letter) for letter in chosen}
    for letter in chosen:
        if letter.follows is not None:
            # A letter that follows another (a demand after an unanswered reminder) is
            # never sent on or before the other's day.
            previous, gap = letter.follows
            before = dates.get(previous, schedule.first_working_day)
            earliest = days.on_or_after(add_days(before, getattr(rules, gap)))
            dates[letter.id] = max(dates[letter.id], earliest)

    messages: list[MessageDict] = []
    for letter in chosen:
        template = templates.get(letter.id)
        if template is None:
            continue  # a fork without this letter: the step still says what to do
        raw_fields = template.get("fields")
        fields = [f for f in raw_fields if isinstance(f, str) and f in TEMPLATE_FIELDS
                  ] if isinstance(raw_fields, list) else []
        values, invoices = _values(letter, dates, answers, schedule, money, rules)
        message: MessageDict = {"id": letter.id, "to": letter.to,
                                "counterparty": schedule.counterparty,
                                "send_on": iso(dates[letter.id]), "fields": fields,
                                "values": {name: values.get(name) for name in fields}}
        if letter.deadline:
            message["deadline"] = str(values["demand_deadline"])
        if invoices is not None:
            message["invoices"] = invoices
        messages.append(message)
    return messages


def _values(letter: LetterSpec, dates: Mapping[str, date], answers: Answers,
            schedule: Schedule, money: Money, rules: RuleSet
            ) -> tuple[dict[str, object], list[InvoiceLineDict] | None]:
    sent = dates[letter.id]
    client = schedule.client
    values: dict[str, object] = {
        "client": answers.client.name,
        "contact": answers.intermediary.contact or answers.client.contact,
        "freelancer": answers.freelancer.name,
        "recipient": _recipient(answers, letter.to),
        "intermediary": answers.intermediary.name,
        "send_on": iso(sent),
        "today": iso(sent),
        "announce_date": iso(schedule.announce),
        "last_day": iso(schedule.last_day),
        "last_working_day": iso(schedule.last_working_day),
        # The day this letter is planned to be received (the notice runs from it).
        "receipt_date": iso(rules.working_days.add(sent, schedule.receipt_working_days)),
        "send_by": iso(schedule.send_by) if schedule.send_by else None,
        "notice": schedule.notice(),
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
    invoices: list[InvoiceLineDict] | None = None
    if letter.states_amounts:
        # Amounts as of the day the letter is sent: what it states is then true.
        owed = compute_money(answers, rules, as_of=sent) if sent != money.as_of else money
        lines = owed.overdue
        rates = list(dict.fromkeys(float(p.rate) for line in lines for p in line.periods))
        invoices = [line.to_dict() for line in lines]
        values |= {
            "invoice_list": [line.invoice.index for line in lines],
            "overdue_total": as_number(owed.overdue_total),
            "late_penalties": as_number(owed.late_penalties),
            "recovery_indemnities": as_number(owed.recovery_indemnities),
            "total_claimed": as_number(owed.total_claimed),
            "penalty_rate": rates,
        }
    if letter.follows is not None:
        values["reminder_date"] = iso(dates.get(letter.follows[0],
                                                schedule.first_working_day))
    if letter.deadline is not None:
        values["demand_deadline"] = iso(rules.working_days.on_or_after(
            add_days(sent, getattr(rules, letter.deadline))))
    assert days_between(schedule.today, sent) >= 0
    return values, invoices
