"""Field-level checks of the answers: keys, never sentences; never raises.

Each error is {"field": "contract.notice_days", "key": "error.negative"}. The message for a
key comes from the strings (`error.*`), rendered with `LIMITS` as its parameters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from checklist import ANSWERS_VERSION
from checklist.dates import MAX_DATE, MIN_DATE, looks_like_iso, parse_iso
from checklist.vocabulary import CONTRACT_TYPES, INTERMEDIARIES, REASONS

Error = dict[str, str]

TRI_STATE: tuple[str, ...] = ("yes", "no", "unknown")

# Size limits: far above any real case, low enough to stop absurd or hostile input.
MAX_TEXT = 200
MAX_INVOICES = 200
MAX_REASONS = 20
MAX_UNKNOWN_FIELDS = 10
MAX_NOTICE_DAYS = 3650
MAX_AMOUNT = Decimal("1000000000")
MAX_RATE = Decimal("100")
AMOUNT_DECIMALS = 2
RATE_DECIMALS = 4

# Parameters available to every error message (e.g. "{max_text} characters at most").
LIMITS: dict[str, object] = {
    "max_text": MAX_TEXT,
    "max_invoices": MAX_INVOICES,
    "max_reasons": MAX_REASONS,
    "max_notice_days": MAX_NOTICE_DAYS,
    "max_amount": int(MAX_AMOUNT),
    "max_rate": int(MAX_RATE),
    "min_date": MIN_DATE.isoformat(),
    "max_date": MAX_DATE.isoformat(),
    "version": ANSWERS_VERSION,
}

ERROR_KEYS: tuple[str, ...] = (
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
    "error.too_many",
    "error.unknown_code",
    "error.duplicate",
    "error.before_start",
    "error.after_today",
    "error.before_today",
)

TOP_FIELDS: tuple[str, ...] = (
    "version", "today", "reasons", "contract", "desired_last_day", "next_milestone",
    "new_mission_start", "invoices", "penalty_rate", "holds_client_assets", "ip_assigned",
    "personal_data", "non_solicitation", "client_name", "contact_name", "freelancer_name",
)
CONTRACT_FIELDS: tuple[str, ...] = ("type", "start", "end", "notice_days", "intermediary")
INVOICE_FIELDS: tuple[str, ...] = ("amount", "due", "paid", "ref")


class _Errors:
    def __init__(self) -> None:
        self.items: list[Error] = []
        self.fields: set[str] = set()

    def add(self, field: str, key: str) -> None:
        if field not in self.fields:  # one error per field: the first problem found
            self.fields.add(field)
            self.items.append({"field": field, "key": key})


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _unknown_fields(data: Mapping[object, object], known: tuple[str, ...], prefix: str,
                    errors: _Errors) -> None:
    extra = [key for key in data if key not in known]
    if len(extra) > MAX_UNKNOWN_FIELDS:  # hostile or absurd input: one error is enough
        errors.add(prefix.rstrip("."), "error.too_many")
        return
    for key in sorted(extra, key=repr):
        name = key if isinstance(key, str) and len(key) <= MAX_TEXT else "?"
        errors.add(f"{prefix}{name}", "error.unknown_field")


def _string_answer(value: object, field: str, errors: _Errors, *, required: bool) -> str | None:
    """The answer when it is a string; None (with an error when due) otherwise."""
    if value is None:
        if required:
            errors.add(field, "error.required")
        return None
    if not isinstance(value, str):
        errors.add(field, "error.type")
        return None
    return value


def _check_date(value: object, field: str, errors: _Errors, *, required: bool) -> date | None:
    value = _string_answer(value, field, errors, required=required)
    if value is None:
        return None
    if not looks_like_iso(value):
        errors.add(field, "error.date_format")
        return None
    parsed = parse_iso(value)
    if parsed is None:
        errors.add(field, "error.date_invalid")
        return None
    if not MIN_DATE <= parsed <= MAX_DATE:
        errors.add(field, "error.date_range")
        return None
    return parsed


def _check_text(value: object, field: str, errors: _Errors) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        errors.add(field, "error.type")
    elif len(value) > MAX_TEXT:
        errors.add(field, "error.too_long")
    elif any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        errors.add(field, "error.control_chars")


def _check_bool(value: object, field: str, errors: _Errors) -> None:
    if value is not None and not isinstance(value, bool):
        errors.add(field, "error.type")


def _check_code(value: object, field: str, codes: tuple[str, ...], errors: _Errors, *,
                required: bool = False) -> str | None:
    value = _string_answer(value, field, errors, required=required)
    if value is None:
        return None
    if value not in codes:
        errors.add(field, "error.unknown_code")
        return None
    return value


def _check_decimal(value: object, field: str, errors: _Errors, *, maximum: Decimal,
                   decimals: int, allow_zero: bool) -> Decimal | None:
    if not _is_number(value):
        errors.add(field, "error.type")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.add(field, "error.not_finite")
        return None
    if _is_int(value) and abs(value) > maximum:  # type: ignore[arg-type]
        errors.add(field, "error.too_large" if value > 0 else "error.negative")  # type: ignore[operator]
        return None
    number = Decimal(value) if _is_int(value) else Decimal(repr(value))
    if number < 0:
        errors.add(field, "error.negative")
    elif number == 0 and not allow_zero:
        errors.add(field, "error.zero")
    elif number > maximum:
        errors.add(field, "error.too_large")
    elif -number.as_tuple().exponent > decimals:  # type: ignore[operator]
        errors.add(field, "error.precision")
    else:
        return number
    return None


def _bounded_list(value: object, field: str, limit: int, errors: _Errors) -> list[object]:
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


def _check_reasons(value: object, errors: _Errors) -> None:
    value = _bounded_list(value, "reasons", MAX_REASONS, errors)
    seen: set[str] = set()
    for index, reason in enumerate(value):
        field = f"reasons[{index}]"
        code = _check_code(reason, field, REASONS, errors, required=True)
        if code is not None:
            if code in seen:
                errors.add(field, "error.duplicate")
            seen.add(code)


def _check_contract(value: object, today: date | None, errors: _Errors) -> None:
    if value is None:
        errors.add("contract", "error.required")
        return
    if not isinstance(value, Mapping):
        errors.add("contract", "error.not_object")
        return
    _unknown_fields(value, CONTRACT_FIELDS, "contract.", errors)
    kind = _check_code(value.get("type"), "contract.type", CONTRACT_TYPES, errors,
                       required=True)
    start = _check_date(value.get("start"), "contract.start", errors, required=False)
    end = _check_date(value.get("end"), "contract.end", errors, required=kind == "fixed_term")
    notice = value.get("notice_days")
    if notice is not None:
        if not _is_int(notice):
            errors.add("contract.notice_days", "error.type")
        elif notice < 0:  # type: ignore[operator]
            errors.add("contract.notice_days", "error.negative")
        elif notice > MAX_NOTICE_DAYS:  # type: ignore[operator]
            errors.add("contract.notice_days", "error.too_large")
    _check_code(value.get("intermediary"), "contract.intermediary", INTERMEDIARIES, errors)
    if start is not None and today is not None and start > today:
        errors.add("contract.start", "error.after_today")
    if start is not None and end is not None and end < start:
        errors.add("contract.end", "error.before_start")


def _check_invoices(value: object, errors: _Errors) -> None:
    value = _bounded_list(value, "invoices", MAX_INVOICES, errors)
    for index, invoice in enumerate(value):
        prefix = f"invoices[{index}]"
        if not isinstance(invoice, Mapping):
            errors.add(prefix, "error.not_object")
            continue
        _unknown_fields(invoice, INVOICE_FIELDS, f"{prefix}.", errors)
        if invoice.get("amount") is None:
            errors.add(f"{prefix}.amount", "error.required")
        else:
            _check_decimal(invoice["amount"], f"{prefix}.amount", errors, maximum=MAX_AMOUNT,
                           decimals=AMOUNT_DECIMALS, allow_zero=False)
        _check_date(invoice.get("due"), f"{prefix}.due", errors, required=True)
        _check_bool(invoice.get("paid"), f"{prefix}.paid", errors)
        _check_text(invoice.get("ref"), f"{prefix}.ref", errors)


def validate(answers: object) -> list[Error]:
    """Every problem in the answers, one per field, in a stable order. Never raises."""
    errors = _Errors()
    try:
        _validate(answers, errors)
    except RecursionError:  # pragma: no cover - only with pathological nesting
        errors.add("", "error.type")
    return errors.items


def _validate(answers: object, errors: _Errors) -> None:
    if not isinstance(answers, Mapping):
        errors.add("", "error.not_object")
        return
    _unknown_fields(answers, TOP_FIELDS, "", errors)
    version = answers.get("version")
    if version is not None and (not _is_int(version) or version != ANSWERS_VERSION):
        errors.add("version", "error.unsupported_version")
    today = _check_date(answers.get("today"), "today", errors, required=True)
    _check_reasons(answers.get("reasons"), errors)
    _check_contract(answers.get("contract"), today, errors)
    for name in ("desired_last_day", "next_milestone"):
        day = _check_date(answers.get(name), name, errors, required=False)
        if day is not None and today is not None and day < today:
            errors.add(name, "error.before_today")
    _check_date(answers.get("new_mission_start"), "new_mission_start", errors, required=False)
    _check_invoices(answers.get("invoices"), errors)
    rate = answers.get("penalty_rate")
    if rate is not None:
        _check_decimal(rate, "penalty_rate", errors, maximum=MAX_RATE, decimals=RATE_DECIMALS,
                       allow_zero=True)
    for name in ("holds_client_assets", "non_solicitation"):
        _check_bool(answers.get(name), name, errors)
    for name in ("ip_assigned", "personal_data"):
        _check_code(answers.get(name), name, TRI_STATE, errors)
    for name in ("client_name", "contact_name", "freelancer_name"):
        _check_text(answers.get(name), name, errors)
