"""Steps: the guide's task items that apply to this situation, each with a due date.

An item applies when none of its `unless` codes holds and its `when` is empty or one of
its alternatives holds (all codes of that alternative).

Due date: the item's own `due` ({anchor, offset}) when given, otherwise by phase: prepare →
the working day before the announcement; announce → the announcement; handover → the last
working day; after → the follow-up day. Due dates are working days: a date before its
anchor (or on the last day) moves earlier, any other later. Then, in this order:

- a step that belongs before leaving (phases prepare, announce, handover) is due on or
  before the last working day; preparation comes before the announcement, and announcing
  and handing over never before it;
- when the handover is compressed (a few working days left), a step dated some days after
  the announcement is due on the announcement day itself;
- nothing is due before the first working day from today (a step that should already have
  been done is due now);
- a step whose date runs from today or from the client's notice (reminders, demands, a
  claim's deadline: they do not depend on leaving) and falls after the last working day is
  listed with the steps after the mission;
- when the last working day has passed, the steps of leaving are due now, marked late.

Order: due date, then phase order (prepare, announce, handover, after), then the step's own
date before it was moved (a compressed handover puts the handover plan on the day of the
announcement, and the final invoice on the day of the closing meeting: each still comes
after what it depends on), then the order of the guide.
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
BEFORE_LEAVING: tuple[str, ...] = ("prepare", "announce", "handover")
# Anchors of sequences that do not depend on leaving (money, the client's notice).
_INDEPENDENT: tuple[str, ...] = ("today", "notice_received", "limitation")


def _anchor(item: Mapping[str, object]) -> tuple[str, int, bool]:
    """The item's (anchor, offset) and whether the guide gave it explicitly."""
    due = item.get("due")
    if isinstance(due, Mapping):
        return str(due["anchor"]), int(due.get("offset", 0)), True
    anchor, offset = _PHASE_DUE.get(str(item["phase"]), ("follow_up", 0))
    return anchor, offset, False


def _own_date(item: Mapping[str, object], schedule: Schedule,
              anchors: Mapping[str, date] | None) -> date:
    """The date the item's anchor and offset give, before any rule moves it."""
    anchor, offset, _ = _anchor(item)
    known = anchors if anchors is not None else schedule.anchors()
    if anchor == "follow_up" or anchor not in known:
        return schedule.follow_up
    return add_days(known[anchor], offset)


def item_due(item: Mapping[str, object], schedule: Schedule, days: WorkingDays,
             anchors: Mapping[str, date] | None = None) -> tuple[date, str, bool]:
    """The step's due date, the phase it is listed under, and whether it is late."""
    phase = str(item["phase"])
    anchor, offset, explicit = _anchor(item)
    known = anchors if anchors is not None else schedule.anchors()
    start, announce, last = schedule.first_working_day, schedule.announce, \
        schedule.last_working_day
    if anchor == "follow_up" or anchor not in known:
        return max(schedule.follow_up, start), phase, False
    day = add_days(known[anchor], offset)
    earlier = offset < 0 or (offset == 0 and anchor in ("last_day", "term"))
    day = days.on_or_before(day) if earlier else days.on_or_after(day)
    if phase not in BEFORE_LEAVING:
        return max(day, start), phase, False
    if schedule.ended:
        return start, phase, True  # what should have been done before leaving: now
    independent = explicit and anchor in _INDEPENDENT
    if schedule.compressed and anchor == "announce" and offset > 0 and phase != "prepare":
        day = announce
    if phase == "prepare" and not independent:
        day = min(day, days.add(announce, -1) if announce > start else announce)
    elif phase != "prepare":
        day = max(day, announce)
    day = max(day, start)
    if day > last:
        if independent:
            return day, "after", False
        day = last
    return day, phase, False


def applies(item: Mapping[str, object], situations: frozenset[str]) -> bool:
    when, unless = item.get("when"), item.get("unless")
    if isinstance(unless, list) and any(code in situations for code in unless):
        return False
    return not when or (isinstance(when, list) and any(
        isinstance(group, list) and all(code in situations for code in group) for group in when))


def select_steps(items: list[Mapping[str, object]], situations: frozenset[str],
                 schedule: Schedule, days: WorkingDays,
                 anchors: Mapping[str, date] | None = None) -> list[StepDict]:
    chosen = []
    for position, item in enumerate(items):
        if applies(item, situations):
            due, phase, late = item_due(item, schedule, days, anchors)
            chosen.append((due, PHASES.index(phase), _own_date(item, schedule, anchors),
                           position, str(item["id"]), phase, late))
    chosen.sort(key=lambda entry: entry[:4])
    steps: list[StepDict] = []
    for due, _, _, _, item_id, phase, late in chosen:
        step: StepDict = {"id": item_id, "phase": phase, "due": iso(due)}
        if late:
            step["late"] = True
        steps.append(step)
    return steps
