"""Checks of the checklist data (from the build hook): the engine trusts nothing it reads.

Errors use the answers' error keys, with fields under `checklist.` (e.g.
`checklist.items[3].phase`). Extra keys in items and templates are allowed (the hook may add
some); the ones the engine reads must be well-formed.
"""

from __future__ import annotations

from collections.abc import Mapping

from checklist.validate import Error, ErrorKey, is_int
from checklist.vocabulary import (
    CHECKLIST_SCHEMA_VERSION,
    DUE_ANCHORS,
    PHASES,
    SITUATIONS,
    TEMPLATE_IDS,
)

MAX_ITEMS = 5000
MAX_OFFSET = 3650


def validate_checklist(data: object) -> list[Error]:
    errors: list[Error] = []

    def add(field: str, key: ErrorKey) -> None:
        errors.append({"field": f"checklist{field}", "key": key})

    if not isinstance(data, Mapping):
        add("", "error.not_object")
        return errors
    schema = data.get("schema", CHECKLIST_SCHEMA_VERSION)
    if not is_int(schema) or schema != CHECKLIST_SCHEMA_VERSION:
        add(".schema", "error.unsupported_version")
    for name in ("items", "templates"):
        value = data.get(name, [])
        if not isinstance(value, list):
            add(f".{name}", "error.type")
        elif len(value) > MAX_ITEMS:
            add(f".{name}", "error.too_many")
    if errors:
        return errors
    seen: set[str] = set()
    for index, item in enumerate(data.get("items", [])):
        where = f".items[{index}]"
        if not isinstance(item, Mapping):
            add(where, "error.not_object")
            continue
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            add(f"{where}.id", "error.required")
        elif item_id in seen:
            add(f"{where}.id", "error.duplicate")
        else:
            seen.add(item_id)
        if item.get("phase") not in PHASES:
            add(f"{where}.phase", "error.unknown_code")
        when = item.get("when") or []
        if not isinstance(when, list) or not all(
                isinstance(group, list) and group and all(isinstance(c, str) for c in group)
                for group in when):
            add(f"{where}.when", "error.type")
        elif any(code not in SITUATIONS for group in when for code in group):
            add(f"{where}.when", "error.unknown_code")
        unless = item.get("unless") or []
        if not isinstance(unless, list) or not all(isinstance(c, str) for c in unless):
            add(f"{where}.unless", "error.type")
        elif any(code not in SITUATIONS for code in unless):
            add(f"{where}.unless", "error.unknown_code")
        due = item.get("due")
        if due is not None and (
                not isinstance(due, Mapping) or due.get("anchor") not in DUE_ANCHORS
                or not is_int(due.get("offset", 0))
                or abs(due.get("offset", 0)) > MAX_OFFSET):
            add(f"{where}.due", "error.type")
    for index, template in enumerate(data.get("templates", [])):
        where = f".templates[{index}]"
        if not isinstance(template, Mapping):
            add(where, "error.not_object")
            continue
        if not isinstance(template.get("id"), str):
            add(f"{where}.id", "error.required")
        elif template["id"] not in TEMPLATE_IDS:
            add(f"{where}.id", "error.unknown_code")
        for name in ("title", "body"):
            if not isinstance(template.get(name, ""), str):
                add(f"{where}.{name}", "error.type")
        fields = template.get("fields", [])
        if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
            add(f"{where}.fields", "error.type")
    return errors


def _records(data: Mapping[str, object], name: str) -> list[Mapping[str, object]]:
    value = data.get(name)
    return [entry for entry in value if isinstance(entry, Mapping)] if isinstance(
        value, list) else []


def items(data: Mapping[str, object]) -> list[Mapping[str, object]]:
    """The items of checklist data that validate_checklist accepted."""
    return _records(data, "items")


def templates(data: Mapping[str, object]) -> dict[str, Mapping[str, object]]:
    """The templates of checked checklist data by id (the first of an id wins)."""
    found: dict[str, Mapping[str, object]] = {}
    for template in _records(data, "templates"):
        found.setdefault(str(template["id"]), template)
    return found
