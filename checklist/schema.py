"""The answers format, derived from its one declaration (model.py).

`FIELDS` lists every answer with its path; validation (`validate.py`) walks them into the
typed records of model.py; the questionnaire (`questionnaire.py`) groups them into
questions; FORMATS.md's table of answers is generated from them (`answers_table`, checked
by a test); `migrate` reads answers of an older version as the current one.
"""

from __future__ import annotations

from decimal import Decimal

from checklist import ANSWERS_VERSION
from checklist.model import (
    MAX_AMOUNT,
    MAX_DAILY_RATE,
    MAX_INVOICES,
    MAX_NOTICE_DAYS,
    MAX_RATE,
    MAX_REASONS,
    MAX_TEXT,
    MAX_UNKNOWN_FIELDS,
    Answers,
    Field,
    Invoice,
    Kind,
    answer_fields,
    groups,
)

__all__ = ["BY_PATH", "FIELDS", "GROUPS", "INVOICE_FIELDS", "LIMITS", "MAX_INVOICES",
           "MAX_REASONS", "MAX_TEXT", "MAX_UNKNOWN_FIELDS", "TOP_FIELDS", "Field", "Kind",
           "answers_table", "field_maximum", "migrate", "migration_changes"]

FIELDS: tuple[Field, ...] = answer_fields(Answers)
INVOICE_FIELDS: tuple[Field, ...] = answer_fields(Invoice)
GROUPS: dict[str, type] = groups(Answers)

BY_PATH: dict[str, Field] = {f.path: f for f in FIELDS}

TOP_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(f.path.partition(".")[0] for f in FIELDS))

LIMITS: dict[str, object] = {
    "max_text": MAX_TEXT,
    "max_invoices": MAX_INVOICES,
    "max_reasons": MAX_REASONS,
    "max_notice_days": MAX_NOTICE_DAYS,
    "max_amount": int(MAX_AMOUNT),
    "max_daily_rate": int(MAX_DAILY_RATE),
    "max_rate": int(MAX_RATE),
    "min_date": "1990-01-01",
    "max_date": "2100-12-31",
    "version": ANSWERS_VERSION,
}
"""Parameters available to every error message (e.g. "{max_text} characters at most")."""


def field_maximum(path: str) -> int | Decimal | None:
    """The largest value an answer accepts, for messages (`invoices[3].amount` included)."""
    head, _, rest = path.partition("].")
    if head.startswith("invoices[") and rest:
        return next((f.maximum for f in INVOICE_FIELDS if f.path == rest), None)
    field = BY_PATH.get(path)
    return field.maximum if field is not None else None


# Answers fields of version 2 that version 3 moved (old top-level name → new path).
_MOVED_IN_3: dict[str, str] = {"freelancer_name": "freelancer.name",
                               "client_name": "client.name",
                               "intermediary_name": "intermediary.name"}


def migrate(answers: dict[str, object]) -> dict[str, object]:
    """Answers of an older version as the current version (a new dict; never raises on a
    well-formed older answers object; anything else is returned for validation to reject).

    1 → 2: the intermediary was optional and meant "none" when absent; it is now required
    (a pre-answered "direct" gave ESN users a direct client's plan).
    2 → 3: the letters' parties became groups (`freelancer`, `client`, `intermediary`, each
    with an address); the one `contact_name` is the intermediary's contact when there is an
    intermediary (the ESN, platform or portage company the reader wrote to), otherwise the
    client's; the contract's notice is `notice` with a `notice_unit` (days)."""
    version = answers.get("version")
    if version not in (1, 2):
        return answers
    migrated = dict(answers)
    contract = migrated.get("contract")
    if version == 1 and isinstance(contract, dict) and contract.get("intermediary") is None:
        contract = migrated["contract"] = {**contract, "intermediary": "none"}
    if isinstance(contract, dict) and "notice_days" in contract:
        contract = {("notice" if key == "notice_days" else key): value
                    for key, value in contract.items()}
        migrated["contract"] = contract
    moved = {**_MOVED_IN_3, "contact_name": (
        "intermediary.contact" if isinstance(contract, dict)
        and contract.get("intermediary") not in (None, "none") else "client.contact")}
    for old, new in moved.items():
        if old not in migrated:
            continue
        value = migrated.pop(old)
        head, _, name = new.partition(".")
        target = migrated.get(head)
        if target is None:
            target = migrated[head] = {}
        if isinstance(target, dict):  # else: left for validation to reject
            migrated[head] = {**target, name: value}
    migrated["version"] = ANSWERS_VERSION
    return migrated


def _leaves(answers: dict[str, object]) -> dict[str, object]:
    """Answers as {path: value}, one level into groups ("contract.type")."""
    found: dict[str, object] = {}
    for key, value in answers.items():
        if isinstance(value, dict) and key in GROUPS:
            found.update({f"{key}.{name}": inner for name, inner in value.items()})
        else:
            found[key] = value
    return found


def migration_changes(answers: object) -> list[dict[str, object]]:
    """What `migrate` changes in older answers, as answer paths and new values, a removed
    path with the value None (the page applies them to its form: the engine, not the page,
    knows how a version maps to the next). Empty for current or unreadable answers."""
    if not isinstance(answers, dict) or answers.get("version") == ANSWERS_VERSION:
        return []
    before, after = _leaves(answers), _leaves(migrate(answers))
    changes: list[dict[str, object]] = []
    for path in dict.fromkeys([*after, *before]):
        if after.get(path) != before.get(path) or (path in before) != (path in after):
            changes.append({"field": path, "value": after.get(path)})
    return changes


def _kind_text(f: Field) -> str:
    if f.options:
        return " \\| ".join(f"`{o}`" for o in f.options)
    return {"date": "date `YYYY-MM-DD`", "int": "whole number", "decimal": "number",
            "text": f"text ≤ {MAX_TEXT}", "bool": "true/false", "codes": "list of codes",
            "invoices": "list of objects"}.get(f.kind, f.kind)


def _required_text(f: Field) -> str:
    if f.required:
        return "required"
    if f.required_when:
        path, values = f.required_when
        return f"required when `{path}` is " + " or ".join(f"`{v}`" for v in values)
    return "—" if f.default is None else f"`{_default_text(f.default)}`"


def _default_text(value: object) -> str:
    if isinstance(value, bool):
        return "false" if not value else "true"
    if isinstance(value, tuple):
        return "[]"
    return str(value) if not isinstance(value, str) else (value if value else f'"{value}"')


def answers_table() -> str:
    """The Markdown table of answers in FORMATS.md (generated; a test keeps them equal)."""
    rows = ["| field | value | required / default | meaning |", "|---|---|---|---|"]
    for f in FIELDS:
        rows.append(f"| `{f.path}` | {_kind_text(f)} | {_required_text(f)} | {f.doc} |")
    for f in INVOICE_FIELDS:
        rows.append(f"| `invoices[].{f.path}` | {_kind_text(f)} | {_required_text(f)} | "
                    f"{f.doc} |")
    return "\n".join(rows)
