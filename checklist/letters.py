"""The letters, defined once: who each goes to, when it is sent, and when it applies.

A letter's text is a template of the guide (`docs/<lang>/templates.md`, its fenced block
`{#tpl-…}`); this table says everything else, as data: the engine (`messages.py`) reads it
to choose and date the letters of a plan, the checklist data is checked against its ids,
and a new letter is one record here plus its template.

Conditions use the situation codes of the guide's task items (AUTHORING.md): a letter
applies when none of its `unless` codes holds and one of its `when` alternatives holds
(all codes of that alternative; no alternative means always).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Who receives a letter: the contracting party (client, ESN, platform's client), the
# operational contact, or the portage company.
Recipient = Literal["counterparty", "contact", "umbrella"]
# Plan dates a letter may be dated from when the guide has no step for it.
Anchor = Literal["today", "announce", "last_day"]
# Numbers of days a letter reads from the rules set (checklist/rules), by field name.
RulesDays = Literal["reminder_to_demand_days", "formal_demand_days"]


@dataclass(frozen=True)
class LetterSpec:
    id: str
    to: Recipient
    # The guide's task items whose due date is the letter's date (the first one found).
    steps: tuple[str, ...]
    # (anchor, offset in days) when the guide has none of those steps.
    fallback: tuple[Anchor, int]
    when: tuple[tuple[str, ...], ...] = ()
    unless: tuple[str, ...] = ()
    # The letter follows another one (an unanswered reminder): sent at least this many
    # days after it.
    follows: tuple[str, RulesDays] | None = None
    # The letter gives the recipient a deadline this many days after its own date.
    deadline: RulesDays | None = None
    # The letter states amounts owed: computed as of the day it is sent.
    states_amounts: bool = False

    def applies(self, situations: frozenset[str]) -> bool:
        if any(code in situations for code in self.unless):
            return False
        return not self.when or any(all(code in situations for code in group)
                                    for group in self.when)


LETTERS: tuple[LetterSpec, ...] = (
    LetterSpec("tpl-announce-email", "counterparty", ("tell-confirm-writing",),
               ("announce", 0), when=(("freelancer_ends",),),
               unless=("umbrella", "early_agreement")),
    LetterSpec("tpl-notice-letter", "counterparty", ("law-written-notice",), ("announce", 0),
               when=(("notice_letter",),), unless=("umbrella",)),
    LetterSpec("tpl-non-renewal", "counterparty", ("timing-no-renewal",), ("announce", 0),
               when=(("freelancer_ends", "auto_renewal"),), unless=("umbrella",)),
    LetterSpec("tpl-early-exit-agreement", "counterparty", ("law-early-exit",),
               ("announce", 0), when=(("early_agreement",),), unless=("umbrella",)),
    LetterSpec("tpl-umbrella-request", "umbrella", ("law-umbrella", "client-umbrella-request"),
               ("today", 0), when=(("umbrella",),)),
    LetterSpec("tpl-handover-plan", "contact", ("handover-draft-plan",), ("announce", 2)),
    LetterSpec("tpl-replacement", "counterparty", ("handover-name-successor",),
               ("announce", 5), when=(("freelancer_ends",),), unless=("umbrella",)),
    LetterSpec("tpl-payment-reminder", "counterparty", ("pay-reminder",), ("today", 0),
               when=(("overdue_invoices",),), unless=("umbrella", "insolvency"),
               states_amounts=True),
    LetterSpec("tpl-formal-demand", "counterparty", ("pay-formal-demand",), ("today", 8),
               when=(("overdue_invoices",),), unless=("umbrella", "insolvency"),
               follows=("tpl-payment-reminder", "reminder_to_demand_days"),
               deadline="formal_demand_days", states_amounts=True),
    LetterSpec("tpl-ack-termination", "counterparty", ("client-acknowledge",), ("today", 0),
               when=(("client_ends",),), unless=("umbrella",)),
    LetterSpec("tpl-claim-notice", "counterparty", ("client-claim-notice",), ("today", 2),
               when=(("client_ends", "client_notice_short"),), unless=("umbrella",)),
    LetterSpec("tpl-claim-term", "counterparty", ("client-claim-term",), ("today", 2),
               when=(("client_ends", "route_client_ends_fixed_term_early"),),
               unless=("umbrella", "early_exit_clause")),
    LetterSpec("tpl-final-invoice-message", "counterparty", ("client-final-invoice",),
               ("last_day", 0), when=(("client_ends",),), unless=("umbrella",)),
)

LETTER_IDS: tuple[str, ...] = tuple(letter.id for letter in LETTERS)
BY_ID: dict[str, LetterSpec] = {letter.id: letter for letter in LETTERS}
