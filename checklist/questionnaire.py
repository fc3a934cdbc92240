"""The planner's questionnaire as data: groups of questions, each bound to an answers field.

The planner page is rendered from this at build time (labels and help come from the
per-language strings, `q.<name>.label`, `q.<name>.help`, `q.<name>.option.<value>`), and the
page's script reads each field back by its `answer` path and `kind`, without knowing the
questions. Adding a question = one entry here, its strings, and its use in the engine.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from checklist.vocabulary import CONTRACT_TYPES, INTERMEDIARIES, REASONS

Kind = Literal["choice", "choices", "date", "int", "decimal", "text", "bool", "invoices"]


class Question(TypedDict, total=False):
    name: str  # the answers path, e.g. "contract.notice_days"
    kind: Kind
    options: tuple[str, ...]
    required: bool
    # Shown only when another answer has one of these values: (answer path, values).
    shown_when: tuple[str, tuple[str, ...]]
    # A free-text field, left out of share links unless the reader opts in.
    personal: bool


class Group(TypedDict):
    id: str
    questions: list[Question]


UNKNOWN = "unknown"

QUESTIONNAIRE: list[Group] = [
    {
        "id": "contract",
        "questions": [
            {"name": "contract.type", "kind": "choice", "options": CONTRACT_TYPES,
             "required": True},
            {"name": "contract.start", "kind": "date", "required": True},
            {"name": "contract.end", "kind": "date",
             "shown_when": ("contract.type", ("fixed_term",))},
            {"name": "contract.notice_days", "kind": "int"},
            {"name": "contract.intermediary", "kind": "choice", "options": INTERMEDIARIES,
             "required": True},
            {"name": "non_solicitation", "kind": "bool"},
        ],
    },
    {
        "id": "dates",
        "questions": [
            {"name": "today", "kind": "date", "required": True},
            {"name": "desired_last_day", "kind": "date"},
            {"name": "next_milestone", "kind": "date"},
            {"name": "new_mission_start", "kind": "date"},
        ],
    },
    {
        "id": "reasons",
        "questions": [{"name": "reasons", "kind": "choices", "options": REASONS}],
    },
    {
        "id": "money",
        "questions": [
            {"name": "invoices", "kind": "invoices"},
            {"name": "penalty_rate", "kind": "decimal"},
        ],
    },
    {
        "id": "exit",
        "questions": [
            {"name": "holds_client_assets", "kind": "bool"},
            {"name": "ip_assigned", "kind": "choice", "options": ("yes", "no", UNKNOWN)},
            {"name": "personal_data", "kind": "choice", "options": ("yes", "no", UNKNOWN)},
        ],
    },
    {
        "id": "names",
        "questions": [
            {"name": "freelancer_name", "kind": "text", "personal": True},
            {"name": "client_name", "kind": "text", "personal": True},
            {"name": "contact_name", "kind": "text", "personal": True},
        ],
    },
]
