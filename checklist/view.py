"""The view model: the plan in the reader's language, ready to put into the page.

`build_view(plan, checklist, strings)` turns ids, keys and ISO dates into sentences; the
planner page's script only places this text in the DOM (as text, never as HTML).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from checklist import VIEW_VERSION
from checklist.data import items as checklist_items
from checklist.data import templates as checklist_templates
from checklist.letter_view import LetterRenderer
from checklist.plan import Plan
from checklist.routes import ROUTES, Route
from checklist.text import Strings, load_strings
from checklist.vocabulary import PHASES

DATE_SUBJECTS: tuple[str, ...] = (
    "notice_received", "send_by", "announce", "renewal_send_by", "renewal_deadline",
    "earliest_last_day", "handover_start", "last_working_day", "last_day", "owed_last_day",
    "follow_up",
)
@dataclass(frozen=True)
class TimelineKind:
    """How a timeline mark or band is shown, read by every timeline (the page's chart, the
    Markdown export's gantt) instead of each keeping its own lists."""

    section: str  # the group it is drawn in (TIMELINE_SECTIONS)
    deadline: bool = False  # a date after which something is lost: drawn as critical


# The groups of a timeline, in order: the exit's phases, then money.
TIMELINE_SECTIONS: tuple[str, ...] = ("prepare", "announce", "notice", "handover", "after",
                                      "money")
# Marks, in the order the marks of one day are listed.
TIMELINE_KINDS: dict[str, TimelineKind] = {
    "today": TimelineKind("prepare"),
    "notice_received": TimelineKind("prepare"),
    "invoice_due": TimelineKind("money", deadline=True),
    "announce": TimelineKind("announce"),
    "send_by": TimelineKind("announce", deadline=True),
    "demand_deadline": TimelineKind("money", deadline=True),
    "renewal_send_by": TimelineKind("announce", deadline=True),
    "renewal_deadline": TimelineKind("announce", deadline=True),
    "handover_start": TimelineKind("handover"),
    "earliest_last_day": TimelineKind("notice", deadline=True),
    "last_working_day": TimelineKind("handover"),
    "last_day": TimelineKind("handover"),
    "owed_last_day": TimelineKind("after"),
    "term": TimelineKind("notice"),
    "follow_up": TimelineKind("after"),
    "new_mission_start": TimelineKind("after"),
}
# Bands (periods).
BAND_KINDS: dict[str, TimelineKind] = {
    "notice": TimelineKind("notice"),
    "non_working": TimelineKind("notice"),
    "handover": TimelineKind("handover"),
    "owed": TimelineKind("after"),
}
_TIMELINE_ORDER = {kind: index for index, kind in enumerate(TIMELINE_KINDS)}
MONEY_LINES: tuple[str, ...] = (
    "unpaid_total", "overdue_total", "late_penalties", "recovery_indemnities", "total_claimed",
)
# Dates whose reasoning is filed under another subject.
_DATE_REASONS = {"owed_last_day": "client.owed", "notice_received": "dates.last_day",
                 "renewal_send_by": "dates.renewal_deadline"}


def _same_fact(name: str, dates: Mapping[str, object]) -> bool:
    """True for a date the plan shows under another name: for a tacit renewal the latest
    day to send "your letter" is the latest day to send the refusal, told once (with its
    reason), not twice with one of them unexplained."""
    return name == "send_by" and dates.get("send_by") == dates.get("renewal_send_by")


def _list(value: object) -> list[Mapping[str, object]]:
    return [entry for entry in value if isinstance(entry, Mapping)] if isinstance(
        value, list) else []


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _map(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


class _Renderer:
    def __init__(self, plan: Plan, checklist: Mapping[str, object], strings: Strings) -> None:
        self.plan = plan
        self.checklist = checklist
        self.strings = strings
        self.money = plan["money"]
        self.sources = plan["sources"]
        self.reasons = {reason["subject"]: reason for reason in plan["reasoning"]}
        # The last day is only a proposal until the other party agrees in writing.
        self.proposal = ROUTES[Route(plan["route"])].proposal

    # -- pieces ----------------------------------------------------------------------

    def citation(self, source_id: str) -> dict[str, object]:
        source = _map(self.sources.get(source_id))
        text = self.strings.get(f"source.{source_id}") or str(source.get("citation") or "")
        return {"id": source_id, "text": text or f"⟦source.{source_id}⟧",
                "url": str(source.get("url") or ""), "kind": str(source.get("kind") or "")}

    def reason(self, subject: str) -> dict[str, object] | None:
        reason = self.reasons.get(subject)
        if reason is None:
            return None
        params = _map(reason.get("params"))
        uncertain = reason.get("uncertain")
        return {
            "text": self.strings.format(str(reason.get("key")), params),
            "uncertainty": self.strings.format(str(uncertain), params) if uncertain else None,
            "basis": [self.citation(str(s)) for s in _items(reason.get("rule"))],
        }

    def date(self, value: object) -> str:
        try:
            return self.strings.date(value)
        except (TypeError, ValueError):
            return str(value)

    def money_text(self, value: object) -> str:
        try:
            return self.strings.money(value)
        except (TypeError, ValueError, ArithmeticError):
            return str(value)

    # -- sections --------------------------------------------------------------------

    def dates(self) -> list[dict[str, object]]:
        dates = _map(self.plan.get("dates"))
        out = []
        for name in DATE_SUBJECTS:
            if name not in dates or _same_fact(name, dates):
                continue
            subject = _DATE_REASONS.get(name, f"dates.{name}")
            reason = self.reason(subject) or {"text": "", "uncertainty": None, "basis": []}
            out.append({"subject": f"dates.{name}", "date": dates[name],
                        "date_text": self.date(dates[name]),
                        "label": self.strings.format(self.date_label(name, dates)), **reason})
        return out

    def date_label(self, name: str, dates: Mapping[str, object]) -> str:
        """The key of a date's label: the contract's end and the last working day are told
        apart when they differ; a proposed last day says it is one."""
        if name == "last_day" and (self.proposal or str(dates.get("earliest_last_day") or "")
                                   > str(dates.get("last_day") or "")):
            return "timeline.proposed_last_day"  # holds only with the other party's consent
        if name == "last_day" and "last_working_day" in dates:
            return "timeline.contract_end"
        if name == "announce" and self.plan["initiator"] == "client":
            return "timeline.respond"
        return f"timeline.{name}"

    def timeline(self) -> list[dict[str, object]]:
        dates = self.plan["dates"]
        entries: list[tuple[str, str, str, str]] = []  # (date, kind, label, item)
        for kind in ("today", "notice_received", "send_by", "announce", "renewal_send_by",
                     "renewal_deadline", "handover_start", "last_working_day", "last_day",
                     "owed_last_day", "follow_up", "new_mission_start"):
            if kind in dates and not _same_fact(kind, dates):
                entries.append((str(dates[kind]), kind,
                                self.strings.format(self.date_label(kind, dates)), kind))
        if dates.get("earliest_last_day") not in (None, dates.get("last_day")):
            entries.append((str(dates["earliest_last_day"]), "earliest_last_day",
                            self.strings.format("timeline.earliest_last_day"),
                            "earliest_last_day"))
        term = _map(self.plan.get("contract")).get("term")
        if term and term != dates.get("last_day"):
            entries.append((str(term), "term", self.strings.format("timeline.term"), "term"))
        for invoice in _list(self.money.get("invoices")):
            if invoice.get("paid"):
                continue
            entries.append((str(invoice.get("due")), "invoice_due", self.strings.format(
                "timeline.invoice_due",
                {"invoice": self.invoice_name(invoice), "amount": invoice.get("amount")}),
                f"invoice_due.{invoice.get('index')}"))
        for message in _list(self.plan.get("messages")):
            if message.get("deadline"):
                entries.append((str(message["deadline"]), "demand_deadline",
                                self.strings.format("timeline.demand_deadline"),
                                f"demand_deadline.{message.get('id')}"))
        entries.sort(key=lambda entry: (entry[0], _TIMELINE_ORDER[entry[1]]))
        return [{"date": day, "date_text": self.date(day), "kind": kind, "label": label,
                 "item": item, "section": TIMELINE_KINDS[kind].section,
                 "deadline": TIMELINE_KINDS[kind].deadline}
                for day, kind, label, item in entries]

    def timeline_bands(self) -> list[dict[str, object]]:
        """The periods behind the timeline's marks: the notice running to the contract's
        end, the handover, the days off between the last working day and the contract's end,
        and (when the client's notice was short) the notice the reader was owed. Each
        includes its end day."""
        dates = self.plan["dates"]
        notice = self.plan["notice"]
        last_day = dates.get("last_day")
        last_worked = dates.get("last_working_day", last_day)
        bands: list[dict[str, object]] = []

        def add(kind: str, start: object, end: object, key: str,
                params: Mapping[str, object] | None = None) -> None:
            if isinstance(start, str) and isinstance(end, str) and start <= end:
                bands.append({"kind": kind, "section": BAND_KINDS[kind].section,
                              "start": start, "end": end,
                              "start_text": self.date(start), "end_text": self.date(end),
                              "label": self.strings.format(key, params)})

        if self.plan["initiator"] == "client":
            add("notice", notice["starts"], last_day, "timeline.band.client_notice",
                {"days": notice["given_days"]})
        else:
            exact = notice["given_days"] == notice["days"]
            add("notice", notice["starts"], last_day,
                "timeline.band.notice" if exact else "timeline.band.notice_longer",
                {"days": notice["given_days"],
                 "notice": {"amount": notice["amount"], "unit": notice["unit"]}})
        add("handover", dates.get("handover_start"), last_worked, "timeline.band.handover")
        if last_worked != last_day and isinstance(last_worked, str):
            day_after = (date.fromisoformat(last_worked) + timedelta(days=1)).isoformat()
            add("non_working", day_after, last_day, "timeline.band.non_working")
        add("owed", last_day, dates.get("owed_last_day"), "timeline.band.owed")
        return bands

    def risks(self) -> list[dict[str, object]]:
        out = []
        for risk in _list(self.plan.get("risks")):
            code = str(risk.get("code"))
            severity = str(risk.get("severity"))
            params = _map(risk.get("params"))
            reason = self.reason(f"risks.{code}") or {"text": "", "uncertainty": None}
            out.append({
                "code": code,
                "severity": severity,
                "severity_label": self.strings.format(f"severity.{severity}"),
                "title": self.strings.format(f"risk.{code}.title", params),
                "explanation": self.strings.format(f"risk.{code}.explanation", params),
                "reasoning": reason["text"],
                "uncertainty": reason["uncertainty"],
                "basis": [self.citation(str(s)) for s in _items(risk.get("basis"))],
            })
        return out

    def phases(self) -> list[dict[str, object]]:
        by_id = {str(item.get("id")): item for item in checklist_items(self.checklist)}
        grouped: dict[str, list[dict[str, object]]] = {phase: [] for phase in PHASES}
        for step in _list(self.plan.get("steps")):
            item = by_id.get(str(step.get("id")), {})
            phase = str(step.get("phase"))
            grouped.setdefault(phase, []).append({
                "id": step.get("id"),
                "text": item.get("text") or f"⟦{step.get('id')}⟧",
                "url": item.get("url", ""),
                "page": item.get("page", ""),
                "section": item.get("section", ""),
                "due": step.get("due"),
                "due_text": self.date(step.get("due")),
            })
        return [{"phase": phase, "title": self.strings.format(f"phase.{phase}"), "steps": steps}
                for phase, steps in grouped.items()]

    def invoice_name(self, invoice: Mapping[str, object]) -> str:
        ref = invoice.get("ref")
        if isinstance(ref, str) and ref:
            return self.strings.format("money.invoice_ref", {"ref": ref})
        index = invoice.get("index", 0)
        number = index + 1 if isinstance(index, int) else 0
        return self.strings.format("money.invoice_number", {"number": number})

    def invoice_lines(self, indexes: Sequence[object],
                      details: list[Mapping[str, object]] | None = None) -> str:
        by_index = {invoice.get("index"): invoice
                    for invoice in (details or _list(self.money.get("invoices")))}
        lines = []
        for index in indexes:
            invoice = by_index.get(index)
            if invoice is None:
                continue
            key = "message.invoice_line_overdue" if invoice.get("overdue") else (
                "message.invoice_line")
            lines.append(self.strings.format(key, {
                "invoice": self.invoice_name(invoice), "amount": invoice.get("amount"),
                "due": invoice.get("due"), "days_late": invoice.get("days_late", 0)}))
        return "\n".join(lines)

    def messages(self) -> list[dict[str, object]]:
        """The letters, in the order they are sent, laid out in the reader's language
        (letter_view.py), each with its date, its recipient and what to complete."""
        templates = checklist_templates(self.checklist)
        risks = [str(risk.get("code")) for risk in _list(self.plan.get("risks"))]
        titles = {code: self.strings.format(f"risk.{code}.title", _map(risk.get("params")))
                  for risk in _list(self.plan.get("risks"))
                  for code in [str(risk.get("code"))]}
        letters = LetterRenderer(self.strings, format_date=self.date,
                                 invoice_name=self.invoice_name,
                                 invoice_lines=self.invoice_lines, risk_titles=titles)
        out = []
        for message in _list(self.plan.get("messages")):
            template = templates.get(str(message.get("id")))
            if template is None:
                continue
            rendered = letters.render(message, template, risks)
            to = str(message.get("to"))
            counterparty = str(message.get("counterparty"))
            recipient = _map(message.get("recipient"))
            to_text = self.strings.format(
                f"letter.to.{counterparty}" if to == "counterparty" else
                ("letter.to.agency" if recipient.get("role") == "agency"
                 else "letter.to.platform_itself") if to == "intermediary" else
                f"letter.to.{to}")
            names = self.recipient_names(recipient)
            copy = _map(message.get("copy"))
            out.append({"id": message.get("id"), "title": str(template.get("title", "")),
                        "url": template.get("url", ""), **rendered,
                        "send_on": message.get("send_on"),
                        "send_on_text": self.date(message.get("send_on")),
                        "to": to, "to_text": to_text, "recipient_text": names,
                        "copy_text": self.copy_text(copy),
                        "meta_text": self.strings.format(
                            "letter.meta_named" if names else "letter.meta",
                            {"to": to_text, "names": names, "date": message.get("send_on")}),
                        "deadline": message.get("deadline")})
        return out

    def copy_text(self, copy: Mapping[str, object]) -> str:
        """"Copie à votre contact chez l'ESN (Conseil Plus, Alex Martin)", or ""."""
        if not copy:
            return ""
        text = self.strings.format(f"letter.copy.{copy.get('role')}")
        names = self.recipient_names(copy)
        return f"{text} ({names})" if names else text

    def recipient_names(self, party: Mapping[str, object]) -> str:
        """"Conseil Plus, Alex Martin": who a letter goes to, as the reader typed it."""
        names = [str(party.get(key) or "").strip() for key in ("name", "contact")]
        separator = self.strings.get("format.name_separator") or ", "
        return separator.join(name for name in names if name)

    def money_view(self) -> dict[str, object] | None:
        """Money owed: the invoices' totals (to claim, or under insolvency to declare) and,
        when the client ended the mission early, the estimate of what may be owed for it —
        the one figure the summary also gives, under the same name."""
        invoices = _list(self.money.get("invoices"))
        client = self.plan["client_notice"]
        estimate = (client["estimate"] if client is not None
                    and self.plan["counterparty"] != "umbrella" else None)
        if not invoices and estimate is None:
            return None
        # Under insolvency the amounts are declared to the mandataire, not claimed.
        insolvent = bool(self.money.get("insolvency_claim_deadline"))
        lines = [{"key": name, "label": self.strings.format(
                      f"money.insolvency.{name}" if insolvent else f"money.{name}"),
                  "amount": self.money.get(name), "text": self.money_text(self.money.get(name))}
                 for name in MONEY_LINES] if invoices else []
        if estimate is not None and client is not None:
            lines.append({"key": "claim_estimate", "estimate": True,
                          "label": self.strings.format(f"money.claim_estimate.{client['basis']}"),
                          "amount": estimate, "text": self.money_text(estimate)})
        detail = []
        for invoice in invoices:
            status = ("overdue" if invoice.get("overdue") else
                      "paid" if invoice.get("paid") else
                      "time_barred" if invoice.get("time_barred") else
                      "not_claimed" if not invoice.get("days_late")
                      and str(invoice.get("due")) < str(self.money.get("as_of"))
                      else "not_due")
            detail.append({
                "index": invoice.get("index"),
                "label": self.invoice_name(invoice),
                "status": status,
                "status_text": self.strings.format(f"money.status.{status}", invoice),
                "amount_text": self.money_text(invoice.get("amount")),
                "due_text": self.date(invoice.get("due")),
                "days_late": invoice.get("days_late"),
                "late_penalty_text": self.money_text(invoice.get("late_penalty")),
                "recovery_indemnity_text": self.money_text(invoice.get("recovery_indemnity")),
            })
        rate = _map(self.money.get("rate"))
        reason = (self.reason("money.rate") or self.reason("umbrella.money")
                  or {"text": "", "uncertainty": None, "basis": []})
        return {
            "currency": self.money.get("currency"),
            "lines": lines,
            "invoices": detail,
            "rate": {"value": rate.get("value"),
                     "text": self.strings.format("money.rate", {"rate": rate.get("value")})
                     if invoices else "",
                     "overridden": rate.get("overridden"), "reasoning": reason["text"],
                     "uncertainty": reason["uncertainty"], "basis": reason["basis"]},
        }

    def notes(self) -> list[dict[str, object]]:
        out = []
        for subject in self.reasons:
            if subject.startswith(("dates.", "risks.", "money.rate")):
                continue
            reason = self.reason(subject)
            if reason is not None:
                out.append({"subject": subject, **reason})
        return out

    def summary(self, route: str, dates: Mapping[str, object],
                client: Mapping[str, object]) -> str:
        """One sentence on how this exit happens; when the client ends the mission, also
        what the reader may be owed, by when, and what to send today."""
        contract = _map(self.plan.get("contract"))
        params = {**dates, **client, "term": contract.get("term"),
                  "delivery": contract.get("delivery")}
        situations = self.plan["situations"]
        # Portage: the notice or the term is owed to the portage company, which holds the
        # contract with the client; the consultant writes to it, claims nothing from the
        # client and invoices nothing.
        umbrella_client = (self.plan.get("counterparty") == "umbrella"
                           and self.plan["initiator"] == "client")
        key = ("view.summary_variant.umbrella_client_ends" if umbrella_client
               else "view.summary_variant.renewal_passed"
               if "renewal_deadline_passed" in situations
               else "view.summary_variant.delivery_overdue"
               if "earliest_last_day" not in dates and self.proposal
               and self.plan["contract"]["type"] == "deliverable"
               else f"view.summary.{route}")
        text = self.strings.format(key, params)
        if "last_working_day" in dates:
            text += " " + self.strings.format("view.last_working_day", params)
        if not client or self.plan.get("counterparty") == "umbrella":
            return text
        basis = str(client.get("basis"))
        lost = client.get("lost_working_days") or 0
        variant = ("none" if not lost else
                   "estimate" if client.get("estimate") is not None else "days")
        owed = self.strings.format(f"view.owed.{basis}.{variant}", params)
        return f"{text} {owed} {self.strings.format('view.send_today', params)}"

    def build(self) -> dict[str, object]:
        dates = _map(self.plan.get("dates"))
        route = str(self.plan.get("route"))
        counterparty = str(self.plan.get("counterparty"))
        client = _map(self.plan.get("client_notice"))
        return {
            "version": VIEW_VERSION,
            "lang": self.strings.lang,
            "jurisdiction": self.plan.get("jurisdiction"),
            "mission": self.plan.get("mission"),
            "route": route,
            "counterparty": counterparty,
            "route_text": self.strings.format(f"route.{route}"),
            "counterparty_text": self.strings.format(f"counterparty.{counterparty}"),
            "summary": self.summary(route, dates, client),
            "today": dates.get("today"),
            "today_text": self.date(dates.get("today")),
            "dates": self.dates(),
            "timeline": self.timeline(),
            "timeline_bands": self.timeline_bands(),
            "risks": self.risks(),
            "phases": self.phases(),
            "messages": self.messages(),
            "money": self.money_view(),
            "notes": self.notes(),
        }


def build_view(plan: Plan, checklist: Mapping[str, object],
               strings: Strings | Mapping[str, object] | str) -> dict[str, object]:
    """The plan in one language (strings: a Strings, a dict of strings or TOML text)."""
    currency = plan["money"]["currency"]
    loaded = load_strings(strings, currency=currency)
    loaded.currency = currency
    return _Renderer(plan, checklist, loaded).build()
