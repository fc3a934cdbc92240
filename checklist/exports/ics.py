"""The plan as an iCalendar file (RFC 5545): key dates and dated steps as all-day events.

- CRLF line ends; lines folded at 75 octets without splitting a UTF-8 sequence.
- TEXT values escape backslash, semicolon, comma and newlines.
- Each VEVENT has a UID derived from its content (kind, id, date), so re-exporting an
  unchanged plan gives the same UIDs, and a DTSTAMP derived from the plan's `today`
  (midnight UTC): no clock is read.
- All-day events: DTSTART;VALUE=DATE and an exclusive DTEND (the next day).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from checklist.dates import parse_iso
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


def to_ics(view: Mapping[str, Any], texts: Strings) -> str:
    """The plan's view (view.py) as an iCalendar file."""
    today = _day(view.get("today"))
    stamp = (today or date(1990, 1, 1)).strftime("%Y%m%dT000000Z")

    events: list[tuple[date, str, str, str, str]] = []  # (day, uid, summary, description, cat)
    for entry in view["timeline"]:  # type: ignore[attr-defined]
        day = _day(entry["date"])
        if day is None or entry["kind"] == "today" or (today is not None and day < today):
            continue  # past dates (e.g. invoice due dates) are no use in a calendar
        events.append((day, _uid("date", entry["kind"], entry["date"], entry["label"]),
                       _clean(entry["label"]), "", entry["kind"]))
    for phase in view["phases"]:  # type: ignore[attr-defined]
        for step in phase["steps"]:
            day = _day(step["due"])
            if day is None:
                continue
            description = texts.format("export.ics.step_description",
                                       {"phase": phase["title"],
                                        "section": step["section"] or step["page"]})
            if step["url"]:
                description += "\n" + texts.format("export.ics.reference", {"url": step["url"]})
            events.append((day, _uid("step", step["id"], step["due"]), _clean(step["text"]),
                           description, "step"))
    events.sort(key=lambda event: (event[0], event[4] != "step", event[1]))

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(texts.format('export.ics.calendar_name'))}",
    ]
    for day, uid, summary, description, _ in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
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
