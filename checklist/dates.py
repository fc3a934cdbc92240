"""Calendar helpers: strict ISO dates, day arithmetic, whole months between two dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)


def parse_iso(value: object) -> date | None:
    """`YYYY-MM-DD` → date; anything else (other ISO forms included) → None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def looks_like_iso(value: object) -> bool:
    """True for the `YYYY-MM-DD` shape, even when the day does not exist (2026-02-30)."""
    return isinstance(value, str) and _ISO_DATE.fullmatch(value) is not None


def iso(day: date) -> str:
    return day.isoformat()


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def days_between(start: date, end: date) -> int:
    """end − start in days (negative when end is before start)."""
    return (end - start).days


def whole_months(start: date, end: date) -> int:
    """Completed months from start to end (0 when end is before start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)
