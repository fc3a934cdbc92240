"""Working days: weekends and the public holidays a rules set names.

Dates the engine computes (announce, step due dates, a computed last day, deadlines) must
fall on working days; a date the reader chose is kept and flagged instead. The holidays
come from the rules set (`RuleSet.public_holidays`), so a fork gets its own country's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

HolidayTable = Callable[[int], frozenset[date]]


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


class WorkingDays:
    """Working-day arithmetic for one holiday table (cached per year)."""

    def __init__(self, holidays: HolidayTable) -> None:
        self._holidays = lru_cache(maxsize=32)(holidays)

    def holiday(self, day: date) -> bool:
        return day in self._holidays(day.year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.holiday(day)

    def on_or_after(self, day: date) -> date:
        """`day` when it is a working day, otherwise the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        """`day` when it is a working day, otherwise the previous one."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add(self, day: date, count: int) -> date:
        """The working day `count` working days after (or before, if negative) `day`."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def count_between(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included (0 when last < first)."""
        total, day = 0, first
        while day <= last:
            total += self.is_working_day(day)
            day += timedelta(days=1)
        return total
