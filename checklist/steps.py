"""Steps: the guide's task items that apply to this situation, each with a due date.

An item applies when its `when` list is empty or shares a code with the situations.
Due date: the item's own `due` ({anchor, offset}) when given, otherwise by phase:
prepare → the day before announce; announce → announce; handover → last day;
after → the follow-up day (last day + 7). A due date is never before today (a step that
should already have been done is due now). Order: due date, then phase order
(prepare, announce, handover, after), then the order of the guide.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from checklist.dates import add_days, iso
from checklist.schedule import Schedule
from checklist.vocabulary import PHASES


def _anchor(name: str, schedule: Schedule) -> date:
    return {"today": schedule.today, "announce": schedule.announce,
            "last_day": schedule.last_day}[name]


def phase_due(phase: str, schedule: Schedule) -> date:
    if phase == "prepare":
        return add_days(schedule.announce, -1)
    if phase == "announce":
        return schedule.announce
    if phase == "handover":
        return schedule.last_day
    return schedule.follow_up


def item_due(item: Mapping[str, object], schedule: Schedule) -> date:
    due = item.get("due")
    if isinstance(due, Mapping):
        offset = due.get("offset", 0)
        day = add_days(_anchor(str(due["anchor"]), schedule), int(offset))  # type: ignore[call-overload]
    else:
        day = phase_due(str(item["phase"]), schedule)
    return max(day, schedule.today)


def applies(item: Mapping[str, object], situations: frozenset[str]) -> bool:
    """`when`: alternatives, any of which holds when all its codes hold; `unless`: codes any
    of which leaves the item out. No `when` means every situation."""
    when: list[list[str]] = item.get("when") or []  # type: ignore[assignment]
    unless: list[str] = item.get("unless") or []  # type: ignore[assignment]
    if any(code in situations for code in unless):
        return False
    return not when or any(all(code in situations for code in group) for group in when)


def select_steps(items: list[Mapping[str, object]], situations: frozenset[str],
                 schedule: Schedule) -> list[dict[str, object]]:
    chosen = []
    for position, item in enumerate(items):
        if applies(item, situations):
            due = item_due(item, schedule)
            chosen.append((due, PHASES.index(str(item["phase"])), position, item))
    chosen.sort(key=lambda entry: entry[:3])
    return [{"id": str(item["id"]), "phase": str(item["phase"]), "due": iso(due)}
            for due, _, _, item in chosen]
