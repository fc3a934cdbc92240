"""Messages: which templates apply, and the language-neutral values of their fields.

The four exit templates always apply; the payment reminder when an invoice is unpaid; the
formal demand when one is overdue. Field values are ISO dates, numbers, names as typed,
and invoice indexes for `invoice_list`; the view renders them in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping

from checklist.dates import iso
from checklist.model import Answers
from checklist.money import Money, as_number
from checklist.schedule import Schedule
from checklist.vocabulary import TEMPLATE_FIELDS

_PEOPLE = ("client", "contact", "freelancer")

# Fields used when the checklist data does not carry the template (the guide's own list of
# fields wins when it does).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "tpl-announce-email": (*_PEOPLE, "announce_date", "last_day", "notice_days",
                           "handover_start"),
    "tpl-notice-letter": (*_PEOPLE, "today", "announce_date", "last_day", "notice_days"),
    "tpl-handover-plan": (*_PEOPLE, "handover_start", "last_day"),
    "tpl-replacement": (*_PEOPLE, "last_day"),
    "tpl-payment-reminder": (*_PEOPLE, "today", "invoice_list", "overdue_total"),
    "tpl-formal-demand": (*_PEOPLE, "today", "invoice_list", "overdue_total",
                          "late_penalties", "recovery_indemnities", "total_claimed",
                          "penalty_rate", "demand_deadline"),
}


def applicable_templates(money: Money) -> list[str]:
    ids = ["tpl-announce-email", "tpl-notice-letter", "tpl-handover-plan", "tpl-replacement"]
    if money.unpaid:
        ids.append("tpl-payment-reminder")
    if money.overdue:
        ids.append("tpl-formal-demand")
    return ids


def field_values(template_id: str, answers: Answers, schedule: Schedule,
                 money: Money) -> dict[str, object]:
    invoices = money.overdue if template_id == "tpl-formal-demand" else money.unpaid
    return {
        "client": answers.client_name,
        "contact": answers.contact_name,
        "freelancer": answers.freelancer_name,
        "today": iso(schedule.today),
        "announce_date": iso(schedule.announce),
        "last_day": iso(schedule.last_day),
        "notice_days": schedule.notice_days,
        "handover_start": iso(schedule.handover_start),
        "invoice_list": [line.invoice.index for line in invoices],
        "overdue_total": as_number(money.overdue_total),
        "late_penalties": as_number(money.late_penalties),
        "recovery_indemnities": as_number(money.recovery_indemnities),
        "total_claimed": as_number(money.total_claimed),
        "penalty_rate": float(money.rate),
        "demand_deadline": iso(money.demand_deadline),
    }


def select_messages(answers: Answers, schedule: Schedule, money: Money,
                    templates: Mapping[str, Mapping[str, object]]) -> list[dict[str, object]]:
    messages = []
    for template_id in applicable_templates(money):
        template = templates.get(template_id)
        if template is not None:
            raw_fields = template.get("fields") or []
            fields = [f for f in raw_fields if f in TEMPLATE_FIELDS]  # type: ignore[attr-defined]
        else:
            fields = list(DEFAULT_FIELDS[template_id])
        values = field_values(template_id, answers, schedule, money)
        messages.append({
            "id": template_id,
            "fields": fields,
            "values": {name: values[name] for name in fields},
        })
    return messages
