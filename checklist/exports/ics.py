"""The plan as an iCalendar file (RFC 5545): key dates and dated steps as all-day events.

- CRLF line ends; lines folded at 75 octets without splitting a UTF-8 sequence.
- TEXT values escape backslash, semicolon, comma and newlines.
- UIDs are stable per (mission, item) and never include a date: the mission key
  (`view["mission"]`, a hash of the client's name and the contract's start, see
  engine.mission_key) with the timeline item (`last_day`, `invoice_due.<index>`, …) or,
  for steps, the first step of the day. Importing the plan again after a change updates
  the events instead of adding new ones. DTSTAMP is the plan's `today` (midnight UTC): no
  clock is read.
- Steps due on the same day make one event whose DESCRIPTION lists them; guide links are
  absolute when a `base_url` (the site's language root) is given.
- All-day events: DTSTART;VALUE=DATE and an exclusive DTEND (the next day).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from checklist.dates import parse_iso
from checklist.exports import absolute_url
from checklist.text import Strings

PRODID = "-//Fin de mission//Plan engine//EN"
UID_DOMAIN = "fin-de-mission.invalid"


def escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold one content line at 75 octets (continuations start with a space)."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # the leading space takes one octet
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _day(value: object) -> date | None:
    return parse_iso(value)


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def _clean(text: object) -> str:
    """One line of text: control characters become spaces."""
    return "".join(" " if ord(char) < 0x20 or ord(char) == 0x7F else char
                   for char in str(text)).strip()


def _step_lines(step: Mapping[str, Any], phase: str, texts: Strings,
                base_url: str) -> list[str]:
    """Where a step comes from: its phase and guide section, and the guide's address."""
    lines = [texts.format("export.ics.step_description",
                          {"phase": phase, "section": step["section"] or step["page"]})]
    url = absolute_url(str(step["url"] or ""), base_url) or str(step["url"] or "")
    if url:
        lines.append(texts.format("export.ics.reference", {"url": url}))
    return lines


def to_ics(view: Mapping[str, Any], texts: Strings, *, base_url: str = "") -> str:
    """The plan's view (view.py) as an iCalendar file. `base_url` (the site's language
    root) makes the guide links absolute; without it they stay relative."""
    today = _day(view.get("today"))
    stamp = (today or date(1990, 1, 1)).strftime("%Y%m%dT000000Z")
    mission = str(view.get("mission") or "")

    # (day, not a step, uid, summary, description): steps first on a day, then key dates.
    events: list[tuple[date, bool, str, str, str]] = []
    for entry in view["timeline"]:
        day = _day(entry["date"])
        if day is None or entry["kind"] in ("today", "new_mission_start") or (
                today is not None and day < today):
            continue  # past dates (e.g. invoice due dates) are no use in a calendar, and
            # the next mission's start is the reader's own (the timeline shows it)
        item = entry.get("item") or entry["kind"]
        events.append((day, True, _uid(mission, "date", item), _clean(entry["label"]), ""))

    by_day: dict[date, list[tuple[Mapping[str, Any], str]]] = {}
    for phase in view["phases"]:  # phase order, then the plan's order within a phase
        for step in phase["steps"]:
            day = _day(step["due"])
            if day is not None:
                by_day.setdefault(day, []).append((step, str(phase["title"])))
    for day, steps in by_day.items():
        first = steps[0][0]
        uid = _uid(mission, "step", first["id"])  # the day's first step names the event
        if len(steps) == 1:
            events.append((day, False, uid, _clean(first["text"]),
                           "\n".join(_step_lines(first, steps[0][1], texts, base_url))))
            continue
        listing = []
        for step, phase in steps:
            listing.append("- " + _clean(step["text"]))
            listing += ["  " + line for line in _step_lines(step, phase, texts, base_url)]
        events.append((day, False, uid,
                       _clean(texts.format("export.ics.steps_summary", {"count": len(steps)})),
                       "\n".join(listing)))
    events.sort(key=lambda event: event[:3])

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(texts.format('export.ics.calendar_name'))}",
    ]
    seen: set[str] = set()
    for day, _, uid, summary, description in events:
        unique, number = uid, 1
        while unique in seen:  # never two events with one UID (kept for odd inputs)
            number += 1
            unique = uid.replace("@", f"-{number}@", 1)
        seen.add(unique)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{unique}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(summary)}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{escape_text(description)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
