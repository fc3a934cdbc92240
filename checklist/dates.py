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
