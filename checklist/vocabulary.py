"""The shared vocabulary of the guide and the engine.

Task items in the guide name phases, situations and due-date anchors by these codes
(see AUTHORING.md); the engine derives the same situation codes from a reader's answers.
Both sides import them from here so that a typo fails the build instead of silently
selecting nothing.
"""

from __future__ import annotations

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
    *(f"reason_{reason}" for reason in REASONS),
)

DUE_ANCHORS: tuple[str, ...] = ("today", "announce", "last_day")

TEMPLATE_IDS: tuple[str, ...] = (
    "tpl-announce-email",
    "tpl-notice-letter",
    "tpl-handover-plan",
    "tpl-replacement",
    "tpl-payment-reminder",
    "tpl-formal-demand",
)

TEMPLATE_FIELDS: tuple[str, ...] = (
    "client",
    "contact",
    "freelancer",
    "today",
    "announce_date",
    "last_day",
    "notice_days",
    "handover_start",
    "invoice_list",
    "overdue_total",
    "late_penalties",
    "recovery_indemnities",
    "total_claimed",
    "penalty_rate",
    "demand_deadline",
)

CHECKLIST_SCHEMA_VERSION = 1
