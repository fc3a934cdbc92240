"""Steps: the guide's task items that apply to this situation, each with a due date.

An item applies when none of its `unless` codes holds and its `when` is empty or one of
its alternatives holds (all codes of that alternative). Due date: the item's own `due`
({anchor, offset}) when given, otherwise by phase: prepare → the working day before
announce; announce → announce; handover → last day; after → the follow-up day. Due dates
are working days: a date before its anchor (or on the last day) moves earlier, any other
later; and never before the first working day from today (a step that should already
have been done is due now). Order: due date, then phase order (prepare, announce,
handover, after), then the order of the guide.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from checklist.calendar import WorkingDays
from checklist.dates import add_days, iso
from checklist.plan import StepDict
from checklist.schedule import Schedule
from checklist.vocabulary import PHASES

_PHASE_DUE: dict[str, tuple[str, int]] = {
    "prepare": ("announce", -1),
    "announce": ("announce", 0),
    "handover": ("last_day", 0),
}


def item_due(item: Mapping[str, object], schedule: Schedule, days: WorkingDays) -> date:
    anchors = schedule.anchors()
    due = item.get("due")
    if isinstance(due, Mapping):
        anchor, offset = str(due["anchor"]), int(due.get("offset", 0))
    elif str(item["phase"]) in _PHASE_DUE:
        anchor, offset = _PHASE_DUE[str(item["phase"])]
    else:
        return max(schedule.follow_up, schedule.first_working_day)
    day = add_days(anchors[anchor], offset)
    earlier = offset < 0 or (offset == 0 and anchor in ("last_day", "term"))
    day = days.on_or_before(day) if earlier else days.on_or_after(day)
    return max(day, schedule.first_working_day)


def applies(item: Mapping[str, object], situations: frozenset[str]) -> bool:
    when, unless = item.get("when"), item.get("unless")
    if isinstance(unless, list) and any(code in situations for code in unless):
        return False
    return not when or (isinstance(when, list) and any(
        isinstance(group, list) and all(code in situations for code in group) for group in when))


def select_steps(items: list[Mapping[str, object]], situations: frozenset[str],
                 schedule: Schedule, days: WorkingDays) -> list[StepDict]:
    chosen = []
    for position, item in enumerate(items):
        if applies(item, situations):
            due = item_due(item, schedule, days)
            chosen.append((due, PHASES.index(str(item["phase"])), position, item))
    chosen.sort(key=lambda entry: entry[:3])
    return [{"id": str(item["id"]), "phase": str(item["phase"]), "due": iso(due)}
            for due, _, _, item in chosen]
