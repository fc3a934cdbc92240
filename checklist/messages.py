"""Letters: which apply to this route and counterparty, when each is sent, to whom, and the
language-neutral values of their fields (the view renders them in the reader's language).

A letter is sent unedited, so: it goes to the party that acts (the counterparty model of
letters.py: the contracting party for notices, claims and demands; the end client's
operational contact for the handover; the portage company; the mandataire of a debtor in
insolvency), never to the client in a portage consultant's name; it is dated the day its
step in the plan is due (`send_on`); a formal demand follows the reminder and gives a
deadline after its own date; every number it states comes from this plan; and a postal
letter carries its parties' identities (sender block per legal form, recipient block),
taken from the answers or left for the view to show as visible placeholders.
Letters are listed in the order they are sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from checklist.calendar import WorkingDays
from checklist.dates import add_days, days_between, iso
from checklist.letters import LETTERS, LetterSpec
from checklist.model import Answers
from checklist.money import Money, as_number, compute_money
from checklist.plan import InvoiceLineDict, MessageDict, PartyDict, StepDict
from checklist.routes import ROUTES, NoticeBasisVariant
from checklist.rules import RuleSet
from checklist.schedule import Schedule
from checklist.vocabulary import TEMPLATE_FIELDS


def _contracting_party(answers: Answers) -> str:
    """Who the freelancer's contract is with: the ESN in a chain; otherwise the client
    (platforms: usually the client; the plan asks the reader to check)."""
    return "agency" if answers.contract.intermediary == "agency" else "client"


def party(answers: Answers, to: str) -> PartyDict:
    """The organisation, person and address a letter with recipient role `to` goes to
    (empty strings where the reader gave nothing: the view shows a placeholder)."""
    intermediary, client = answers.intermediary, answers.client
    kind = answers.contract.intermediary
    if to == "mandataire":  # named in the official notice, not in the answers
        return {"role": "mandataire", "name": "", "contact": "", "address": ""}
    if to == "umbrella" or (to == "counterparty" and _contracting_party(answers) == "agency"):
        role = "umbrella" if to == "umbrella" else "agency"
        return {"role": role, "name": intermediary.name, "contact": intermediary.contact,
                "address": intermediary.address}
    if to == "intermediary":
        role = {"agency": "agency", "platform": "platform", "umbrella": "umbrella"}.get(
            kind, "agency")
        return {"role": role, "name": intermediary.name, "contact": intermediary.contact,
                "address": intermediary.address}
    return {"role": "client", "name": client.name, "contact": client.contact,
            "address": client.address}


def copy_to(answers: Answers, letter: LetterSpec) -> PartyDict | None:
    """A letter to the end client's operational contact goes in copy to the ESN or portage
    company the reader works through: the chain runs through it."""
    kind = answers.contract.intermediary
    if letter.to != "contact" or kind not in ("agency", "umbrella"):
        return None
    return {"role": "umbrella" if kind == "umbrella" else "agency",
            "name": answers.intermediary.name, "contact": answers.intermediary.contact,
            "address": ""}


def _notice_basis(schedule: Schedule) -> dict[str, object]:
    basis = ROUTES[schedule.route].notice_basis
    variant: NoticeBasisVariant = (
        ("contract" if schedule.notice_from_contract else "reasonable")
        if basis is None or basis == "notice" else basis)
    return {"variant": variant, "given_days": schedule.given_notice_days,
            "notice_days": schedule.notice_days,
            # The notice runs from sending only when the contract says so; otherwise the
            # letter also says it runs from its receipt (never an assumed receipt day).
            "from": "receipt" if schedule.notice_from_receipt else "sending"}


def _owed_variant(answers: Answers, schedule: Schedule) -> str:
    """How the notice the client owed was set: the contract's, the established relationship's
    (Code de commerce L442-1 II), or a reasonable one (no clause)."""
    client, relationship = schedule.client, schedule.relationship
    if (client is not None and relationship is not None and relationship.established
            and client.owed_days == relationship.recommended_notice_days
            and answers.contract.intermediary != "umbrella"
            and (answers.contract.notice is None
                 or relationship.recommended_notice_days > schedule.notice_days)):
        return "relationship"
    return "contract" if schedule.notice_from_contract else "reasonable"


def _umbrella_end(schedule: Schedule, situations: frozenset[str]) -> str:
    """Which end the portage request is about: the consultant's wish, or the client's
    decision (with a notice shorter than the commercial contract's, or before its term)."""
    if schedule.initiator != "client":
        return "freelancer"
    if "client_notice_short" in situations:
        return "client_short"
    if "route_client_ends_fixed_term_early" in situations and schedule.term is not None:
        return "client_term"
    return "client"


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
        values |= _letter_values(letter, answers, schedule, situations, values)
        message: MessageDict = {"id": letter.id, "to": letter.to,
                                "counterparty": schedule.counterparty,
                                "kind": letter.kind,
                                "recipient": party(answers, letter.to),
                                "send_on": iso(dates[letter.id]), "fields": fields,
                                "values": {name: values.get(name) for name in fields}}
        copy = copy_to(answers, letter)
        if copy is not None:
            message["copy"] = copy
        if letter.deadline:
            message["deadline"] = str(values["demand_deadline"])
        if invoices is not None:
            message["invoices"] = invoices
        if letter.risks:
            message["risks"] = list(letter.risks)
        messages.append(message)
    # In the order they are sent (the table's order on the same day).
    messages.sort(key=lambda message: message["send_on"])
    return messages


def _values(letter: LetterSpec, dates: Mapping[str, date], answers: Answers,
            schedule: Schedule, money: Money, rules: RuleSet
            ) -> tuple[dict[str, object], list[InvoiceLineDict] | None]:
    sent = dates[letter.id]
    client = schedule.client
    recipient = party(answers, letter.to)
    values: dict[str, object] = {
        "client": answers.client.name,
        "contact": recipient["contact"],
        "freelancer": answers.freelancer.name,
        "recipient": recipient["name"],
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
            "owed_last_working_day": iso(rules.working_days.on_or_before(
                client.owed_last_day)) if client.owed_last_day else None,
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
        if letter.to == "mandataire":
            # A declaration lists every unpaid claim born before the judgment, due or not
            # (R622-23), and no fixed indemnity (L441-10 II); time-barred ones are left out.
            declared = owed.declarable
            invoices = [line.to_dict() for line in declared]
            values |= {"invoice_list": [line.invoice.index for line in declared],
                       "declared_total": as_number(sum(
                           (line.invoice.amount for line in declared), Decimal(0)))
                       if declared else None}
    if letter.follows is not None:
        values["reminder_date"] = iso(dates.get(letter.follows[0],
                                                schedule.first_working_day))
    if invoices is not None:
        # The sentence before the list agrees with the number of invoices it introduces.
        values["invoices_intro"] = {
            "variant": f"{letter.id.removeprefix('tpl-')}."
                       f"{'one' if len(invoices) == 1 else 'many'}",
            "reminder_date": values.get("reminder_date")}
    if letter.deadline is not None:
        values["demand_deadline"] = iso(rules.working_days.on_or_after(
            add_days(sent, getattr(rules, letter.deadline))))
    assert days_between(schedule.today, sent) >= 0
    return values, invoices


def _letter_values(letter: LetterSpec, answers: Answers, schedule: Schedule,
                   situations: frozenset[str], values: Mapping[str, object]
                   ) -> dict[str, object]:
    """The values of a letter's layout (sender, recipient, place and date, sending mode,
    reference, greeting, closing, signature, attachments) and of the sentences that depend
    on the situation (whose mission, which notice, which employment contract). A sentence's
    value carries its own parameters: the view fills it from that value alone."""
    freelancer = answers.freelancer
    recipient = party(answers, letter.to)
    direct = _contracting_party(answers) == "client"
    notice = values["notice"]
    end, last_worked = values["last_day"], values["last_working_day"]
    names = {"client": answers.client.name, "intermediary": answers.intermediary.name}
    dated = {name: values.get(name) for name in (
        "last_day", "last_working_day", "term", "notice_received", "client_last_day",
        "owed_last_day", "notice_owed_days", "renewal_deadline")}
    return {
        "sender": {"name": freelancer.name, "legal_form": freelancer.legal_form,
                   "company": freelancer.company, "company_form": freelancer.company_form,
                   "siren": freelancer.siren,
                   "address": freelancer.address, "registry": freelancer.registry,
                   "capital": as_number(freelancer.capital)
                   if freelancer.capital is not None else None},
        "recipient_address": dict(recipient),
        "place_date": {"city": freelancer.city, "date": values["send_on"]},
        "sending_mode": answers.sending,
        "reference": answers.contract.reference or None,
        "greeting": {"kind": letter.kind, "role": recipient["role"],
                     "contact": recipient["contact"]},
        "closing": {"kind": letter.kind, "role": recipient["role"],
                    "contact": recipient["contact"]},
        "signature": {"name": freelancer.name, "legal_form": freelancer.legal_form,
                      "company": freelancer.company},
        "attachments": {"items": list(letter.attachments),
                        "invoices": values.get("invoice_list") or []},
        # Whose mission: never "my mission at <the addressee itself>" (a direct contract),
        # nor "I am leaving <the client>" when the next mission is with that same client.
        "mission": {"variant": "contract" if "new_mission_with_client" in situations
                    else "own" if direct and letter.to != "umbrella" else "at_client",
                    **names},
        "engagement": {"variant": "own" if direct else "at_client", **names},
        # The handover begun at once when it starts the day of the letter (little time
        # left: its plan goes out that day), else proposed for its day.
        "handover_offer": {"variant": "now" if values.get("handover_start")
                           == values["send_on"] else "planned",
                           "handover_start": values.get("handover_start")},
        # The sessions start "from today" when the handover starts the day it is sent.
        "handover_sessions": {"variant": "now" if values.get("handover_start")
                              == values["send_on"] else "planned",
                              "handover_start": values.get("handover_start")},
        # An early-exit agreement once the delivery date has passed is not "before its end
        # date", and it settles the delivery schedule too (without admitting a delay).
        "agreement_end": {"variant": "overdue" if schedule.delivery_overdue else "early"},
        "agreement_waiver": {"variant": "overdue" if schedule.delivery_overdue else "early",
                             "delivery": iso(schedule.delivery) if schedule.delivery
                             else None},
        # The notice owed ends on a day off: the day that would be worked last, said too.
        "owed_work_end": {"variant": "same" if values.get("owed_last_working_day")
                          == values.get("owed_last_day") else "apart",
                          "end": values.get("owed_last_day"),
                          "last_working_day": values.get("owed_last_working_day")},
        # Days side by side with a successor only while there is time for them.
        "successor_overlap": {"variant": "short" if schedule.compressed or schedule.ended
                              else "days", "last_working_day": last_worked},
        # The contract's end and the last worked day, told apart when they differ.
        "work_end": {"variant": "same" if end == last_worked else "apart",
                     "end": end, "last_working_day": last_worked},
        "notice_basis": {**_notice_basis(schedule), "notice": notice, "end": end},
        "contract_ending": {
            "variant": "clause" if schedule.contract_type == "fixed_term"
            and answers.contract.early_exit_clause == "yes" else "open_ended",
            "term": values.get("term"), "notice": notice},
        "notice_owed_basis": {"variant": _owed_variant(answers, schedule), "notice": notice,
                              "months": schedule.relationship.months
                              if schedule.relationship else None, **dated},
        "umbrella_end": {"variant": _umbrella_end(schedule, situations), **names, **dated},
        "umbrella_employment": {"variant": answers.contract.employment, **names, **dated},
        "debtor": party(answers, "counterparty")["name"],
        "insolvency_published": iso(answers.insolvency_published)
        if answers.insolvency_published else None,
    }
