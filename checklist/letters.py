"""The letters, defined once: who each goes to, how it is sent, when, and when it applies.

A letter's text is a template of the guide (`docs/<lang>/templates.md`, its fenced block
`{#tpl-…}`); this table says everything else, as data: the engine (`messages.py`) reads it
to choose, address and date the letters of a plan, the view (`letter_view.py`) lays each
out as a postal letter or an email, the checklist data is checked against its ids, and a
new letter is one record here plus its template.

Conditions use the situation codes of the guide's task items (AUTHORING.md): a letter
applies when none of its `unless` codes holds and one of its `when` alternatives holds
(all codes of that alternative; no alternative means always).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# Who receives a letter (messages.py turns the role into an organisation, a person and an
# address from the answers):
#   counterparty  the contracting party: the client when direct (and, for a platform, the
#                 client unless the platform's terms say otherwise), the ESN in a chain;
#   contact       the end client's operational contact (the person the work is done with);
#   intermediary  the ESN or the platform itself (a waiver only it can give);
#   umbrella      the portage company (the consultant's employer);
#   mandataire    the mandataire judiciaire or liquidator of a debtor in insolvency.
Recipient = Literal["counterparty", "contact", "intermediary", "umbrella", "mandataire"]
RECIPIENTS: tuple[Recipient, ...] = get_args(Recipient)
# How a letter is laid out and sent:
#   registered  a postal letter that must be received (notice, refusal, claim, demand): the
#               sending mode the reader chose (`sending`) is printed on it;
#   letter      a postal letter that may go by post or attached to an email;
#   email       an email: no letterhead; the page can open it in the reader's mail app.
LetterKind = Literal["registered", "letter", "email"]
LETTER_KINDS: tuple[LetterKind, ...] = get_args(LetterKind)
POSTAL_KINDS: tuple[LetterKind, ...] = ("registered", "letter")
# What a letter encloses ("Pièces jointes :"): copies of the invoices it lists, the
# contract, the official insolvency notice.
Attachment = Literal["invoices", "contract", "bodacc"]
ATTACHMENTS: tuple[Attachment, ...] = get_args(Attachment)
# Plan dates a letter may be dated from when the guide has no step for it.
Anchor = Literal["today", "announce", "last_day"]
# Numbers of days a letter reads from the rules set (checklist/rules), by field name.
RulesDays = Literal["reminder_to_demand_days", "formal_demand_days"]


@dataclass(frozen=True)
class LetterSpec:
    id: str
    to: Recipient
    kind: LetterKind
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
    attachments: tuple[Attachment, ...] = ()
    # Risks of the plan (risks.py codes) the reader must weigh before sending it: the view
    # names them next to the letter, so that a letter never fixes what the same plan calls
    # risky without saying so.
    risks: tuple[str, ...] = ()

    def applies(self, situations: frozenset[str]) -> bool:
        if any(code in situations for code in self.unless):
            return False
        return not self.when or any(all(code in situations for code in group)
                                    for group in self.when)

    @property
    def postal(self) -> bool:
        return self.kind in POSTAL_KINDS


LETTERS: tuple[LetterSpec, ...] = (
    LetterSpec("tpl-announce-email", "counterparty", "email", ("tell-confirm-writing",),
               ("announce", 0), when=(("freelancer_ends",),),
               unless=("umbrella", "early_agreement")),
    LetterSpec("tpl-notice-letter", "counterparty", "registered", ("law-written-notice",),
               ("announce", 0), when=(("notice_letter",),), unless=("umbrella",),
               risks=("established_relationship", "notice_shortfall")),
    LetterSpec("tpl-non-renewal", "counterparty", "registered", ("timing-no-renewal",),
               ("announce", 0), when=(("freelancer_ends", "auto_renewal"),),
               unless=("umbrella", "renewal_deadline_passed"),
               risks=("established_relationship",)),
    LetterSpec("tpl-late-non-renewal", "counterparty", "registered", ("timing-no-renewal",),
               ("announce", 0),
               when=(("freelancer_ends", "auto_renewal", "renewal_deadline_passed"),),
               unless=("umbrella",), risks=("renewal_deadline", "established_relationship")),
    # Sent with the notice, not before it: it says the contract is ending (the guide's
    # item esn-direct-hire-waiver is a preparation step; this letter is its outcome).
    LetterSpec("tpl-non-solicitation-waiver", "intermediary", "letter", (), ("announce", 0),
               when=(("direct_hire_clause",),),
               unless=("umbrella",), risks=("non_solicitation_direct_hire",)),
    LetterSpec("tpl-early-exit-agreement", "counterparty", "letter", ("law-early-exit",),
               ("announce", 0), when=(("early_agreement",),), unless=("umbrella",),
               risks=("fixed_term_early_exit", "deliverable_unfinished")),
    LetterSpec("tpl-umbrella-request", "umbrella", "letter",
               ("law-umbrella", "client-umbrella-request"), ("today", 0),
               when=(("umbrella",),)),
    LetterSpec("tpl-handover-plan", "contact", "email", ("handover-draft-plan",),
               ("announce", 2)),
    # Not when the reader's next mission is at the same end client under a non-solicitation
    # clause: an offer to recruit a successor would be poor evidence against the clause.
    LetterSpec("tpl-replacement", "contact", "email", ("handover-name-successor",),
               ("announce", 5), when=(("freelancer_ends",),),
               unless=("umbrella", "new_mission_with_client")),
    LetterSpec("tpl-payment-reminder", "counterparty", "email", ("pay-reminder",),
               ("today", 0), when=(("overdue_invoices",),), unless=("umbrella", "insolvency"),
               states_amounts=True),
    LetterSpec("tpl-formal-demand", "counterparty", "registered", ("pay-formal-demand",),
               ("today", 8), when=(("overdue_invoices",),), unless=("umbrella", "insolvency"),
               follows=("tpl-payment-reminder", "reminder_to_demand_days"),
               deadline="formal_demand_days", states_amounts=True,
               attachments=("invoices",), risks=("time_barred",)),
    LetterSpec("tpl-claim-declaration", "mandataire", "registered",
               ("client-declare-claim", "esn-declare-claim"), ("today", 0),
               # Past the two months, the plan points to relief from foreclosure instead.
               when=(("insolvency",),), unless=("umbrella", "insolvency_foreclosed"),
               states_amounts=True, attachments=("contract", "invoices", "bodacc"),
               risks=("insolvency_claim_deadline",)),
    LetterSpec("tpl-ack-termination", "counterparty", "registered", ("client-acknowledge",),
               ("today", 0), when=(("client_ends",),), unless=("umbrella",)),
    LetterSpec("tpl-claim-notice", "counterparty", "registered", ("client-claim-notice",),
               ("today", 2), when=(("client_ends", "client_notice_short"),),
               unless=("umbrella",), risks=("notice_shortfall",)),
    LetterSpec("tpl-claim-term", "counterparty", "registered", ("client-claim-term",),
               ("today", 2), when=(("client_ends", "route_client_ends_fixed_term_early"),),
               unless=("umbrella", "early_exit_clause"),
               risks=("fixed_term_broken_by_client",)),
    LetterSpec("tpl-final-invoice-message", "counterparty", "email", ("client-final-invoice",),
               ("last_day", 0), when=(("client_ends",),), unless=("umbrella",)),
)

LETTER_IDS: tuple[str, ...] = tuple(letter.id for letter in LETTERS)
BY_ID: dict[str, LetterSpec] = {letter.id: letter for letter in LETTERS}
