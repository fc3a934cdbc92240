"""The planner's questionnaire: the answers fields of `schema.py`, grouped and ordered.

The planner page is rendered from this at build time (labels and help come from the
per-language strings, `q.<name>.label`, `q.<name>.help`, `q.<name>.option.<value>`), and the
page's script reads each field back by its `answer` path and `kind`, without knowing the
questions. Kind, options, "required" and "personal" come from the schema; this module only
adds the grouping and when a question is shown. A test checks that every schema field is
asked here (or listed in NOT_ASKED).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from checklist.schema import BY_PATH, INVOICE_FIELDS, MAX_INVOICES, Field
from checklist.schema import Kind as FieldKind
from checklist.vocabulary import COMPANY_FORMS, LEGAL_FORMS

Kind = Literal["choice", "choices", "date", "int", "decimal", "text", "bool", "invoices"]


class Question(TypedDict, total=False):
    name: str  # the answers path, e.g. "contract.notice_days"
    kind: Kind
    options: tuple[str, ...]
    required: bool
    # Shown only when another answer has one of these values: (answer path, values). An
    # answer to a hidden question is kept but not used.
    shown_when: tuple[str, tuple[str, ...]]
    # A free-text field, left out of share links unless the reader opts in.
    personal: bool
    # Limits the page applies as the reader types (the engine checks them again).
    max_length: int
    multiline: bool  # text: several lines (an address)
    maximum: str  # a decimal or whole number, as text (exact)
    decimals: int
    # A list answer (invoices): its items' fields.
    items: list[Question]
    max_items: int


class Group(TypedDict):
    id: str
    questions: list[Question]


# Fields the page fills itself rather than asking.
NOT_ASKED: tuple[str, ...] = ("version",)

# The page's control for each kind of answer field (a code is picked from choices).
_PAGE_KIND: dict[FieldKind, Kind] = {
    "code": "choice", "codes": "choices", "date": "date", "int": "int", "decimal": "decimal",
    "text": "text", "bool": "bool", "invoices": "invoices",
}

FREELANCER = ("initiator", ("freelancer",))
CLIENT = ("initiator", ("client",))
INTERMEDIARY = ("contract.intermediary", ("agency", "platform", "umbrella"))
COMPANY = ("freelancer.legal_form", COMPANY_FORMS)
# A portage consultant signs as an employee: no SIREN or registry of their own.
REGISTERED = ("freelancer.legal_form", tuple(form for form in LEGAL_FORMS if form != "portage"))


def _question(path: str, shown_when: tuple[str, tuple[str, ...]] | None = None) -> Question:
    field: Field = BY_PATH[path]
    question: Question = {"name": path, "kind": _PAGE_KIND[field.kind]}
    if field.options:
        question["options"] = field.options
    if field.required or field.required_when:
        question["required"] = True
    if shown_when:
        question["shown_when"] = shown_when
    return question | _constraints(field)


def _constraints(field: Field) -> Question:
    """What the page needs to know of a field besides its question."""
    found: Question = {}
    if field.personal:
        found["personal"] = True
    if field.max_length is not None:
        found["max_length"] = field.max_length
    if field.multiline:
        found["multiline"] = True
    if field.maximum is not None:
        found["maximum"] = str(field.maximum)
    if field.kind == "decimal":
        found["decimals"] = field.decimals
    if field.kind == "invoices":
        found["max_items"] = MAX_INVOICES
        found["items"] = [{"name": item.path, "kind": _PAGE_KIND[item.kind],
                           **({"required": True} if item.required else {}),
                           **_constraints(item)} for item in INVOICE_FIELDS]
    return found


QUESTIONNAIRE: list[Group] = [
    {"id": "who", "questions": [_question("initiator")]},
    {
        "id": "contract",
        "questions": [
            _question("contract.type"),
            _question("contract.intermediary"),
            _question("contract.start"),
            _question("contract.end", ("contract.type", ("fixed_term", "deliverable"))),
            _question("contract.notice"),
            _question("contract.notice_unit"),
            _question("contract.notice_from"),
            _question("sending"),
            _question("contract.early_exit_clause", ("contract.type", ("fixed_term",))),
            _question("contract.auto_renewal", ("contract.type", ("fixed_term",))),
            _question("contract.employment", ("contract.intermediary", ("umbrella",))),
            _question("non_solicitation"),
        ],
    },
    {
        "id": "dates",
        "questions": [
            _question("today"),
            _question("client_notice_received", CLIENT),
            _question("client_last_day", CLIENT),
            _question("daily_rate", CLIENT),
            _question("desired_last_day", FREELANCER),
            _question("next_milestone", FREELANCER),
            _question("new_mission_start"),
            _question("new_mission_with_client", INTERMEDIARY),
        ],
    },
    {"id": "reasons", "questions": [_question("reasons", FREELANCER)]},
    {
        "id": "money",
        "questions": [
            _question("invoices"),
            _question("penalty_rate"),
            _question("insolvency_published"),
        ],
    },
    {
        "id": "exit",
        "questions": [
            _question("holds_client_assets"),
            _question("ip_assigned"),
            _question("personal_data"),
        ],
    },
    # The letters' parties: optional, asked last (they change the letters, not the plan).
    {
        "id": "parties",
        "questions": [
            _question("freelancer.name"),
            _question("freelancer.legal_form"),
            _question("freelancer.company", COMPANY),
            _question("freelancer.company_form", ("freelancer.legal_form", ("other_company",))),
            _question("freelancer.capital", COMPANY),
            _question("freelancer.siren", REGISTERED),
            _question("freelancer.registry", REGISTERED),
            _question("freelancer.address"),
            _question("freelancer.city"),
            _question("client.name"),
            _question("client.contact"),
            _question("client.address"),
            _question("intermediary.name", INTERMEDIARY),
            _question("intermediary.contact", INTERMEDIARY),
            _question("intermediary.address", INTERMEDIARY),
            _question("contract.reference"),
        ],
    },
]
