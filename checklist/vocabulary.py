"""The shared vocabulary of the guide and the engine.

Task items in the guide name phases, situations and due-date anchors by these codes
(see AUTHORING.md); the engine derives the same situation codes from a reader's answers.
Both sides import them from here so that a typo fails the build instead of silently
selecting nothing.
"""

from __future__ import annotations

from checklist.letters import LETTER_IDS
from checklist.routes import ROUTE_NAMES

PHASES: tuple[str, ...] = ("prepare", "announce", "handover", "after")

REASONS: tuple[str, ...] = (
    "workload",
    "late_payment",
    "poor_communication",
    "better_offer",
    "goals_changed",
    "contract_changed",
    "lack_of_recognition",
    "values_mismatch",
)

CONTRACT_TYPES: tuple[str, ...] = ("open_ended", "fixed_term", "deliverable")

INTERMEDIARIES: tuple[str, ...] = ("none", "agency", "platform", "umbrella")

INITIATORS: tuple[str, ...] = ("freelancer", "client")

TRI_STATE: tuple[str, ...] = ("yes", "no", "unknown")

NOTICE_FROM: tuple[str, ...] = ("sending", "receipt", "unknown")

EMPLOYMENT: tuple[str, ...] = ("fixed_term", "open_ended", "unknown")

# How the freelancer trades (the sender block of a letter depends on it): a sole trader
# (entrepreneur individuel, micro-entrepreneurs included), a one-person company (EURL,
# SASU) or another company, or a portage consultant (an employee of the portage company).
LEGAL_FORMS: tuple[str, ...] = ("ei", "eurl", "sasu", "other_company", "portage", "unknown")
COMPANY_FORMS: tuple[str, ...] = ("eurl", "sasu", "other_company")

NOTICE_UNITS: tuple[str, ...] = ("days", "months")

# How the reader sends a letter that must be received (notice, refusal, formal demand): a
# registered letter with acknowledgement of receipt, hand delivery against a signed and
# dated copy, or an electronic registered letter (CPCE L100).
SENDING: tuple[str, ...] = ("registered", "hand", "electronic")

# How an exit happens: one route per plan, defined in routes.py.
ROUTES: tuple[str, ...] = ROUTE_NAMES

# Who the freelancer notifies and who invoices, for each intermediary answer.
COUNTERPARTIES: dict[str, str] = {
    "none": "client",
    "agency": "agency",
    "platform": "platform",
    "umbrella": "umbrella",
}

# Situation code for each intermediary answer ("none" reads better as "direct" in the guide).
INTERMEDIARY_SITUATIONS: dict[str, str] = {
    "none": "direct",
    "agency": "agency",
    "platform": "platform",
    "umbrella": "umbrella",
}

SITUATIONS: tuple[str, ...] = (
    *CONTRACT_TYPES,
    *INTERMEDIARY_SITUATIONS.values(),
    "freelancer_ends",
    "client_ends",
    *(f"route_{route}" for route in ROUTES),
    "notice_letter",
    "early_agreement",
    "early_exit_clause",
    "auto_renewal",
    "renewal_deadline_passed",
    "employment_fixed_term",
    "employment_open_ended",
    "client_notice_short",
    "insolvency",
    "insolvency_foreclosed",
    "time_barred_invoices",
    "limitation_near",
    "no_notice_clause",
    "early_exit",
    "established_relationship",
    "unpaid_invoices",
    "overdue_invoices",
    "holds_client_assets",
    "ip_unclear",
    "personal_data",
    "non_solicitation",
    "new_mission",
    "new_mission_with_client",
    "direct_hire_clause",
    # The reader has not decided to leave yet. The planner plans a decided exit, so this
    # never holds in a plan: items with it stay in the guide (the diagnosis) only.
    "deciding",
    *(f"reason_{reason}" for reason in REASONS),
)

DUE_ANCHORS: tuple[str, ...] = ("today", "announce", "last_day", "notice_received", "term",
                                 "limitation")

# The letters (letters.py holds their table).
TEMPLATE_IDS: tuple[str, ...] = LETTER_IDS

TEMPLATE_FIELDS: tuple[str, ...] = (
    "client",
    "contact",
    "freelancer",
    "recipient",
    "intermediary",
    "send_on",
    "today",
    "announce_date",
    "last_day",
    "last_working_day",
    "receipt_date",
    "send_by",
    "notice",
    "notice_days",
    "given_days",
    "notice_basis",
    "handover_start",
    "term",
    "renewal_deadline",
    "delivery_date",
    "invoice_list",
    "invoices_intro",
    "handover_offer",
    "successor_overlap",
    "handover_sessions",
    "agreement_end",
    "agreement_waiver",
    "owed_work_end",
    "overdue_total",
    "late_penalties",
    "recovery_indemnities",
    "total_claimed",
    "penalty_rate",
    "reminder_date",
    "demand_deadline",
    "notice_received",
    "client_last_day",
    "notice_owed_days",
    "owed_last_day",
    "shortfall_days",
    "claim_estimate",
    "daily_rate",
    # A letter's layout (letter_view.py lays them out per legal form, language and kind).
    "sender",
    "recipient_address",
    "place_date",
    "sending_mode",
    "reference",
    "greeting",
    "closing",
    "signature",
    "attachments",
    # Sentences and values that depend on the situation.
    "last_working_day",
    "notice",
    "work_end",
    "mission",
    "engagement",
    "contract_ending",
    "notice_owed_basis",
    "umbrella_end",
    "umbrella_employment",
    "debtor",
    "insolvency_published",
    "declared_total",
)

CHECKLIST_SCHEMA_VERSION = 2
"""2: items carry `when` as alternatives of all-of groups and an `unless` list."""
