"""Answers → typed `Answers`, or field-level errors (keys, never sentences); never raises.

One pass over the fields of `schema.py`: each check returns the typed value, so nothing
parses the answers a second time. Each error is {"field": "contract.notice_days",
"key": "error.negative"}; the message for a key comes from the strings (`error.*`),
rendered with `schema.LIMITS` as its parameters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Literal, TypedDict, TypeGuard, get_args

from checklist import ANSWERS_VERSION
from checklist.dates import MAX_DATE, MIN_DATE, looks_like_iso, parse_iso
from checklist.model import Answers, Invoice, answer_fields
from checklist.schema import (
    FIELDS,
    GROUPS,
    INVOICE_FIELDS,
    LIMITS,
    MAX_INVOICES,
    MAX_REASONS,
    MAX_TEXT,
    MAX_UNKNOWN_FIELDS,
    TOP_FIELDS,
    Field,
    migrate,
)

ErrorKey = Literal[
    "error.not_object",
    "error.required",
    "error.type",
    "error.unknown_field",
    "error.unsupported_version",
    "error.date_format",
    "error.date_invalid",
    "error.date_range",
    "error.not_finite",
    "error.negative",
    "error.zero",
    "error.too_large",
    "error.precision",
    "error.too_long",
    "error.control_chars",
    "error.invalid_chars",
    "error.too_many",
    "error.unknown_code",
    "error.duplicate",
    "error.before_start",
    "error.after_today",
    "error.before_today",
    "error.before_notice",
    "error.siren_format",
    # Requests (api.py) rather than answers.
    "error.bad_request",
    "error.invalid_json",
    "error.too_deep",
    "error.unknown_jurisdiction",
    "error.internal",
]
"""Every error the engine reports, as the key of its message in the strings."""
ERROR_KEYS: tuple[ErrorKey, ...] = get_args(ErrorKey)


class Error(TypedDict):
    field: str
    key: ErrorKey


__all__ = ["ERROR_KEYS", "LIMITS", "Error", "ErrorKey", "ParseResult", "parse", "validate"]


class _Errors:
    def __init__(self) -> None:
        self.items: list[Error] = []
        self.fields: set[str] = set()

    def add(self, field: str, key: ErrorKey) -> None:
        if field not in self.fields:  # one error per field: the first problem found
            self.fields.add(field)
            self.items.append({"field": field, "key": key})


def is_int(value: object) -> TypeGuard[int]:
    """A JSON whole number (booleans are not numbers)."""
    return isinstance(value, int) and not isinstance(value, bool)


def to_decimal(value: int | float) -> Decimal:
    """A JSON number as an exact Decimal (floats through their shortest repr: 0.1 → 0.1;
    -0.0 → 0)."""
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    return number if number else Decimal(0)


def _unknown_fields(data: Iterable[object], known: tuple[str, ...], prefix: str,
                    errors: _Errors) -> None:
    """An error for each key of `data` (a mapping) that is not a known field."""
    extra = [key for key in data if key not in known]
    if len(extra) > MAX_UNKNOWN_FIELDS:  # hostile or absurd input: one error is enough
        errors.add(prefix.rstrip("."), "error.too_many")
        return
    for key in sorted(extra, key=repr):
        name = key if isinstance(key, str) and len(key) <= MAX_TEXT else "?"
        errors.add(f"{prefix}{name}", "error.unknown_field")


def _string(value: object, field: str, errors: _Errors, *, required: bool) -> str | None:
    """The answer when it is a string; None (with an error when due) otherwise."""
    if value is None:
        if required:
            errors.add(field, "error.required")
        return None
    if not isinstance(value, str):
        errors.add(field, "error.type")
        return None
    return value


def _date(value: object, field: str, errors: _Errors, *, required: bool) -> date | None:
    text = _string(value, field, errors, required=required)
    if text is None:
        return None
    if not looks_like_iso(text):
        errors.add(field, "error.date_format")
        return None
    parsed = parse_iso(text)
    if parsed is None:
        errors.add(field, "error.date_invalid")
        return None
    if not MIN_DATE <= parsed <= MAX_DATE:
        errors.add(field, "error.date_range")
        return None
    return parsed


def _text(value: object, field: str, errors: _Errors, *, multiline: bool = False,
          pattern: str | None = None) -> str | None:
    if value is None:
        return None
    allowed = "\n" if multiline else ""
    if not isinstance(value, str):
        errors.add(field, "error.type")
    elif len(value) > MAX_TEXT:
        errors.add(field, "error.too_long")
    elif any((ord(char) < 0x20 and char not in allowed) or 0x7F <= ord(char) < 0xA0
             for char in value):
        errors.add(field, "error.control_chars")
    elif any(0xD800 <= ord(char) <= 0xDFFF for char in value):
        # Lone surrogates (a badly copied character) cannot be written out as UTF-8.
        errors.add(field, "error.invalid_chars")
    elif pattern is not None and value.strip() and not TEXT_PATTERNS[pattern](value):
        errors.add(field, "error.siren_format" if pattern == "siren" else "error.type")
    else:
        return value
    return None


def _siren(value: str) -> bool:
    """A SIREN: nine digits, spaces allowed between them ("123 456 789")."""
    digits = value.replace(" ", "").replace("\u00a0", "")
    return len(digits) == 9 and digits.isascii() and digits.isdigit()


# What a text answer with a `pattern` must look like (an empty answer is always allowed).
TEXT_PATTERNS = {"siren": _siren}


def _bool(value: object, field: str, errors: _Errors) -> bool | None:
    if value is not None and not isinstance(value, bool):
        errors.add(field, "error.type")
        return None
    return value


def _code(value: object, field: str, codes: tuple[str, ...], errors: _Errors, *,
          required: bool = False) -> str | None:
    text = _string(value, field, errors, required=required)
    if text is None:
        return None
    if text not in codes:
        errors.add(field, "error.unknown_code")
        return None
    return text


def _int(value: object, field: str, maximum: int, errors: _Errors) -> int | None:
    if value is None:
        return None
    if not is_int(value):
        errors.add(field, "error.type")
    elif value < 0:
        errors.add(field, "error.negative")
    elif value > maximum:
        errors.add(field, "error.too_large")
    else:
        return int(value)
    return None


def _decimal(value: object, field: str, errors: _Errors, *, maximum: Decimal,
             decimals: int, allow_zero: bool) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.add(field, "error.type")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.add(field, "error.not_finite")
        return None
    if isinstance(value, int) and abs(value) > maximum:
        errors.add(field, "error.too_large" if value > 0 else "error.negative")
        return None
    number = to_decimal(value)
    exponent = number.as_tuple().exponent  # an int: the number is finite
    if number < 0:
        errors.add(field, "error.negative")
    elif number == 0 and not allow_zero:
        errors.add(field, "error.zero")
    elif number > maximum:
        errors.add(field, "error.too_large")
    elif not isinstance(exponent, int) or -exponent > decimals:
        errors.add(field, "error.precision")
    else:
        return number
    return None


def _list(value: object, field: str, limit: int, errors: _Errors) -> list[object]:
    """The list, or [] after an error when it is not a list or is longer than `limit`."""
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(field, "error.type")
        return []
    if len(value) > limit:
        errors.add(field, "error.too_many")
        return []
    return value


def _codes(value: object, f: Field, errors: _Errors) -> tuple[str, ...]:
    found: list[str] = []
    for index, item in enumerate(_list(value, f.path, MAX_REASONS, errors)):
        where = f"{f.path}[{index}]"
        code = _code(item, where, f.options, errors, required=True)
        if code is not None:
            if code in found:
                errors.add(where, "error.duplicate")
            else:
                found.append(code)
    return tuple(found)


def _invoices(value: object, errors: _Errors) -> tuple[Invoice, ...]:
    known = tuple(f.path for f in INVOICE_FIELDS)
    invoices = []
    for index, raw in enumerate(_list(value, "invoices", MAX_INVOICES, errors)):
        prefix = f"invoices[{index}]"
        if not isinstance(raw, Mapping):
            errors.add(prefix, "error.not_object")
            continue
        _unknown_fields(raw, known, f"{prefix}.", errors)
        values = {f.path: _field(raw.get(f.path), f, f"{prefix}.{f.path}", {}, errors)
                  for f in INVOICE_FIELDS}
        if not any(value is None for value in values.values()):  # required ones are given
            invoices.append(_build(Invoice, values, index=index))
    return tuple(invoices)


def _field(value: object, f: Field, where: str, given: Mapping[str, object],
           errors: _Errors) -> object:
    """The typed value of one answer (its default when absent), or None after an error."""
    required = f.required or (
        f.required_when is not None and given.get(f.required_when[0]) in f.required_when[1])
    if f.kind == "date":
        parsed: object = _date(value, where, errors, required=required)
    elif f.kind == "code":
        parsed = _code(value, where, f.options, errors, required=required)
    elif f.kind == "text":
        parsed = _text(value, where, errors, multiline=f.multiline, pattern=f.pattern)
    elif f.kind == "bool":
        parsed = _bool(value, where, errors)
    elif f.kind == "int":
        parsed = _int(value, where, int(f.maximum or 0), errors)
    elif f.kind == "decimal":
        if value is None and required:
            errors.add(where, "error.required")
        parsed = _decimal(value, where, errors, maximum=Decimal(f.maximum or 0),
                          decimals=f.decimals, allow_zero=f.allow_zero)
    elif f.kind == "codes":
        parsed = _codes(value, f, errors)
    else:
        parsed = _invoices(value, errors)
    return f.default if parsed is None and value is None else parsed


def _get(answers: Mapping[str, object], path: str) -> object:
    head, _, rest = path.partition(".")
    value = answers.get(head)
    if rest:
        return value.get(rest) if isinstance(value, Mapping) else None
    return value


@dataclass(frozen=True)
class ParseResult:
    answers: Answers | None
    errors: list[Error]


def parse(answers: object) -> ParseResult:
    """Typed answers, or every problem, one per field, in a stable order. Never raises."""
    errors = _Errors()
    try:
        typed = _parse(answers, errors)
    except RecursionError:  # pragma: no cover - only with pathological nesting
        errors.add("", "error.type")
        typed = None
    return ParseResult(typed if not errors.items else None, errors.items)


def validate(answers: object) -> list[Error]:
    """Every problem in the answers, one per field (see `parse`)."""
    return parse(answers).errors


def _parse(raw: object, errors: _Errors) -> Answers | None:
    if not isinstance(raw, Mapping):
        errors.add("", "error.not_object")
        return None
    version = raw.get("version")
    if version is not None and (not is_int(version) or not 1 <= version <= ANSWERS_VERSION):
        errors.add("version", "error.unsupported_version")
        return None
    answers = migrate(dict(raw))
    _unknown_fields(answers, TOP_FIELDS, "", errors)
    readable: set[str] = set()  # groups whose fields can be read
    for name, record in GROUPS.items():
        value = answers.get(name)
        if value is None:
            if any(f.required for f in answer_fields(record)):
                errors.add(name, "error.required")
            else:
                readable.add(name)  # an optional group left out: its defaults apply
        elif not isinstance(value, Mapping):
            errors.add(name, "error.not_object")
        else:
            _unknown_fields(value, tuple(f.path for f in answer_fields(record)),
                            f"{name}.", errors)
            readable.add(name)
    given = {f.path: _get(answers, f.path) for f in FIELDS if f.required_when is None}
    values: dict[str, object] = {}
    for f in FIELDS:
        head, dot, _ = f.path.partition(".")
        if f.path == "version" or (dot and head not in readable):
            continue
        values[f.path] = _field(_get(answers, f.path), f, f.path, given, errors)
    _cross_checks(values, errors)
    if errors.items:
        return None
    return _build(Answers, {**values, "version": ANSWERS_VERSION})


def _build[R](record: type[R], values: Mapping[str, object], prefix: str = "",
              **extra: object) -> R:
    """The typed record from parsed values that passed every check (each value has its
    field's type, or its default): nested groups are built from their dotted paths."""
    arguments: dict[str, object] = dict(extra)
    for item in fields(record):  # type: ignore[arg-type]
        if "group" in item.metadata:
            arguments[item.name] = _build(item.metadata["group"], values,
                                          f"{prefix}{item.name}.")
        elif "answer" in item.metadata:
            arguments[item.name] = values[f"{prefix}{item.name}"]
    return record(**arguments)


def _cross_checks(v: Mapping[str, object], errors: _Errors) -> None:
    today = v.get("today")
    if not isinstance(today, date):
        return

    def day(path: str) -> date | None:
        value = v.get(path)
        return value if isinstance(value, date) else None

    start, end = day("contract.start"), day("contract.end")
    if start is not None and start > today:
        errors.add("contract.start", "error.after_today")
    if start is not None and end is not None and end < start:
        errors.add("contract.end", "error.before_start")
    for path in ("desired_last_day", "next_milestone"):
        chosen = day(path)
        if chosen is not None and chosen < today and v.get("initiator") != "client":
            errors.add(path, "error.before_today")
    received, last = day("client_notice_received"), day("client_last_day")
    if received is not None and received > today:
        errors.add("client_notice_received", "error.after_today")
    if received is not None and last is not None and last < received:
        errors.add("client_last_day", "error.before_notice")
