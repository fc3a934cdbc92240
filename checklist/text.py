"""Strings and formats of one language: `format_key(key, params)` → a sentence.

Strings come from `locales/<lang>/*.toml`, flattened to dotted keys (`risk.client_assets.
title`), as a dict (nested or already flat) or as TOML text. A placeholder is `{name}` or
`{name:kind}`, kind being one of:
    date     ISO date → "26 novembre 2026" / "26 November 2026"
    money    amount → "4 200,00 €" / "€4,200.00" (currency: the Strings' currency)
    percent  number → "12,15 %" / "12.15%"
    number   number with two decimals, grouped
    decimal  number with as few decimals as it needs (10 → "10", 2.15 → "2,15")
    int      whole number, grouped
    plural   `{n:plural:jour|jours}`: the singular or plural word for n
    duration {"amount": n, "unit": "days" | "months"} → "30 jours" / "1 mois"
Format data lives under `format.*` in the strings (see locales/fr/plan.toml).
A missing key renders as ⟦key⟧ and a missing parameter as ⟦name⟧: never an exception.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from checklist.dates import parse_iso
from checklist.placeholders import STRING_PLACEHOLDER, flatten
from checklist.validate import is_int, to_decimal

DEFAULT_FORMAT: dict[str, object] = {
    "format.decimal_separator": ".",
    "format.group_separator": ",",
    "format.currency.default": "{amount} {currency}",
    "format.percent": "{value}%",
    "format.date": "{year}-{month_number}-{day_number}",
    "format.day_one": "",
    "format.plural_singular": [1],
}


def missing(key: str) -> str:
    """The visible marker for a string that does not exist."""
    return f"⟦{key}⟧"


class Strings:
    """The strings of one language, with its number, money and date formats."""

    def __init__(self, table: Mapping[str, object] | None = None, *,
                 currency: str = "EUR") -> None:
        self._table = flatten(table or {})
        self.currency = currency

    @property
    def lang(self) -> str:
        value = self._table.get("meta.lang")
        return value if isinstance(value, str) else ""

    def has(self, key: str) -> bool:
        return isinstance(self._table.get(key), str)

    def get(self, key: str) -> str | None:
        value = self._table.get(key)
        return value if isinstance(value, str) else None

    def data(self, key: str) -> object:
        """A value that is data, not a sentence (a list of words, a table): None if absent."""
        return self._table.get(key)

    def _data(self, key: str) -> object:
        return self._table.get(key, DEFAULT_FORMAT.get(key))

    def _text(self, key: str) -> str:
        value = self._data(key)
        return value if isinstance(value, str) else str(DEFAULT_FORMAT.get(key, ""))

    # -- sentences -------------------------------------------------------------------

    def format(self, key: str, params: Mapping[str, object] | None = None) -> str:
        template = self.get(key)
        if template is None:
            return missing(key)
        return self.fill(template, params or {})

    def format_or(self, key: str, fallback: str, params: Mapping[str, object] | None = None
                  ) -> str:
        return self.format(key, params) if self.has(key) else fallback

    def fill(self, template: str, params: Mapping[str, object]) -> str:
        def replace(match: re.Match[str]) -> str:
            name, kind, option = match.group(1), match.group(2), match.group(3)
            if name not in params:
                return missing(name)
            try:
                return self.value(params[name], kind, option)
            except (TypeError, ValueError, ArithmeticError):
                return missing(name)

        return STRING_PLACEHOLDER.sub(replace, template)

    def value(self, value: object, kind: str | None, option: str | None = None) -> str:
        if kind is None:
            return self.integer(value) if is_int(value) else str(value)
        if kind == "date":
            return self.date(value)
        if kind == "money":
            return self.money(value)
        if kind == "percent":
            return self.percent(value)
        if kind == "number":
            return self.number(value)
        if kind == "decimal":
            return self.decimal(value)
        if kind == "int":
            return self.integer(value)
        if kind == "plural":
            return self.plural(value, option or "")
        if kind == "duration":
            return self.duration(value)
        return str(value)

    def duration(self, value: object) -> str:
        """{"amount": 2, "unit": "months"} → "2 mois" / "2 months" (`format.duration.*`)."""
        if not isinstance(value, Mapping) or value.get("unit") not in ("days", "months"):
            raise TypeError(f"not a duration: {value!r}")
        key = f"format.duration.{value['unit']}"
        if not self.has(key):
            raise ValueError(key)
        return self.fill(self._text(key), {"n": value.get("amount")})

    # -- formats ---------------------------------------------------------------------

    def number(self, value: object, decimals: int = 2) -> str:
        amount = _decimal(value)
        quantum = Decimal(1).scaleb(-decimals)
        text = f"{abs(amount.quantize(quantum, rounding=ROUND_HALF_UP)):f}"
        whole, _, fraction = text.partition(".")
        grouped = self._group(whole)
        sign = "-" if amount < 0 and any(ch not in "0." for ch in text) else ""
        separator = self._text("format.decimal_separator")
        return sign + grouped + (separator + fraction if fraction else "")

    def integer(self, value: object) -> str:
        if not is_int(value):
            raise TypeError(f"not a whole number: {value!r}")
        number = int(value)
        sign = "-" if number < 0 else ""
        return sign + self._group(str(abs(number)))

    def _group(self, digits: str) -> str:
        separator = self._text("format.group_separator")
        groups: list[str] = []
        while len(digits) > 3:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        groups.insert(0, digits)
        return separator.join(groups)

    def money(self, value: object, currency: str | None = None) -> str:
        code = currency or self.currency
        pattern = self.get(f"format.currency.{code}") or self._text("format.currency.default")
        return pattern.replace("{amount}", self.number(value)).replace("{currency}", code)

    def decimal(self, value: object) -> str:
        amount = _decimal(value)
        exponent = amount.normalize().as_tuple().exponent
        if not isinstance(exponent, int):
            raise ValueError(f"not a finite number: {value!r}")
        return self.number(amount, max(0, min(4, -exponent)))

    def percent(self, value: object) -> str:
        return self._text("format.percent").replace("{value}", self.decimal(value))

    def date(self, value: object) -> str:
        day = parse_iso(value)
        if day is None:
            raise ValueError(f"not a date: {value!r}")
        months = self._data("format.months")
        month = (str(months[day.month - 1]) if isinstance(months, list) and len(months) == 12
                 else f"{day.month:02d}")
        first = self._text("format.day_one")
        return (self._text("format.date")
                .replace("{day}", first if day.day == 1 and first else str(day.day))
                .replace("{day_number}", f"{day.day:02d}")
                .replace("{month}", month)
                .replace("{month_number}", f"{day.month:02d}")
                .replace("{year}", str(day.year)))

    def plural(self, value: object, option: str) -> str:
        one, _, other = option.partition("|")
        singular = self._data("format.plural_singular")
        values = singular if isinstance(singular, list) else [1]
        number = abs(int(_decimal(value)))
        return one if any(str(number) == str(v) for v in values) else (other or one)


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return to_decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    raise TypeError(f"not a number: {value!r}")


def load_strings(source: object, *, currency: str = "EUR") -> Strings:
    """Strings from a dict (nested or flat), TOML text, or None (empty: every key missing)."""
    if isinstance(source, Strings):
        return source
    if isinstance(source, str):
        return Strings(flatten(tomllib.loads(source)), currency=currency)
    if isinstance(source, Mapping):
        return Strings(source, currency=currency)
    return Strings({}, currency=currency)
