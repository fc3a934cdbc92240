"""The plan as a Markdown document in the reader's language.

Every piece of text that does not come from us (names, invoice references, the guide's
sentences) is escaped, so that it shows as typed and cannot inject links, HTML or
structure. Message bodies go in fenced code blocks whose fence is longer than any run of
backticks in the body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from checklist.exports import absolute_url
from checklist.text import Strings

_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&#!])")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+)([.)]?)")
# GitHub-flavoured autolinks (cmark-gfm's extension; linkify-style renderers likewise):
# `scheme:` (http, https, ftp, mailto, xmpp) and `www.` start a link where they appear in
# the source, so escaping that colon or dot (`https\://`, `www\.`) leaves plain text. An
# e-mail address (`name@host.tld`) is found in the rendered text, where an escape no longer
# shows: an invisible WORD JOINER (U+2060) before the `@` ends the name part instead.
_SCHEME_COLON = re.compile(r"(?i)(https?|ftp|mailto|xmpp):")
_WWW_DOT = re.compile(r"(?i)(www)\.")
_EMAIL_AT = "\u2060@"


def escape(text: object) -> str:
    """Plain text → Markdown that renders as that text, on one line, with no link."""
    flat = _BREAKS.sub(" ", str(text)).strip()
    escaped = _INLINE.sub(r"\\\1", flat)
    escaped = _SCHEME_COLON.sub(r"\1\\:", escaped)
    escaped = _WWW_DOT.sub(r"\1\\.", escaped).replace("@", _EMAIL_AT)
    return _LINE_START.sub(_escape_line_start, escaped, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, dot = match.groups()
    if marker.isdigit():  # "1. " or "1) " would start an ordered list
        return indent + marker + ("\\" + dot if dot else "")
    return indent + "\\" + marker + dot


def fence(body: str, info: str = "text") -> str:
    """A fenced code block that the body cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{info}\n{body.rstrip()}\n{marker}"


def link(text: object, url: object, base_url: str = "") -> str:
    """[text](url) when there is a usable URL, else the escaped text."""
    target = absolute_url(url, base_url) if isinstance(url, str) else ""
    if not target:
        return escape(text)
    safe = "".join(char if char.isascii() and char.isprintable() and char not in " <>()"
                   else "%" + "%".join(f"{b:02X}" for b in char.encode())
                   for char in target)
    return f"[{escape(text)}]({safe})"


# -- the timeline as a Mermaid gantt chart ----------------------------------------------
#
# Mermaid reads a task line as `name : data`. Reader text (invoice references in labels) is
# made safe for that grammar, not escaped (Mermaid has no escape for it): a line break would
# end the line and a backtick run could close the Markdown fence, so both become spaces or
# quotes; ':' would end the name and '#' starts Mermaid's entity codes (`#35;`), so they
# become look-alikes (U+2236 RATIO, U+FF03 FULLWIDTH NUMBER SIGN), and so does '%' (U+FF05:
# Mermaid reads '%%' anywhere, and '%' after a name's first character, as a comment, which
# its drawing confirmed); '<' and '>' become
# single guillemets so that no renderer can read a tag; and a name that would start with one
# of the grammar's keywords (section, title, click, a date...) gets an
# invisible WORD JOINER first, so that it stays a task name.
_GANTT_LOOKALIKES = str.maketrans({":": "\u2236", "#": "\uff03", "%": "\uff05", "`": "'",
                                   "<": "\u2039", ">": "\u203a", ";": ","})
_GANTT_KEYWORD = re.compile(
    r"(?i)^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes"
    r"|excludes|todaymarker|weekday|weekend|title|accdescription|accdescr|acctitle|section"
    r"|click|href|call|\d{4}-\d\d-\d\d)")
# The title of each timeline section (the view says which section a mark or band is in).
_GANTT_TITLES: dict[str, str] = {
    "prepare": "phase.prepare", "announce": "phase.announce",
    "notice": "export.md.gantt_notice", "handover": "phase.handover", "after": "phase.after",
    "money": "export.md.money",
}


def gantt_text(text: object) -> str:
    """Plain text → a Mermaid gantt task or section name that shows as that text."""
    flat = " ".join(_BREAKS.sub(" ", str(text)).translate(_GANTT_LOOKALIKES).split())
    return "\u2060" + flat if _GANTT_KEYWORD.match(flat) else flat or "-"


def gantt(view: Mapping[str, Any], strings: Strings) -> str:
    """The view's timeline and bands as a fenced ```mermaid gantt block (empty without
    dates). Bands end the day after their last day: Mermaid's end date is exclusive."""
    marks: Sequence[Mapping[str, Any]] = [
        entry for entry in view.get("timeline", ()) if entry.get("kind") != "handover_start"
        or not any(band.get("kind") == "handover" for band in view.get("timeline_bands", ()))]
    bands: Sequence[Mapping[str, Any]] = view.get("timeline_bands", ())
    lines = ["gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m-%d"]
    count = 0
    for section, key in _GANTT_TITLES.items():
        rows = []
        for band in bands:
            if band.get("section") == section:
                try:
                    end = date.fromisoformat(str(band["end"])) + timedelta(days=1)
                except ValueError:
                    continue
                rows.append((str(band["start"]), f"{gantt_text(band['label'])} : "
                             f"{band['start']}, {end.isoformat()}"))
        for entry in marks:
            if entry.get("section") != section or not _ISO_DATE.match(str(entry.get("date"))):
                continue
            tags = "crit, milestone" if entry.get("deadline") else "milestone"
            rows.append((str(entry["date"]), f"{gantt_text(entry['label'])} : {tags}, "
                         f"{entry['date']}, 0d"))
        if rows:
            lines.append(f"    section {gantt_text(strings.format(key))}")
            lines.extend(f"    {row}" for _, row in sorted(rows, key=lambda row: row[0]))
            count += len(rows)
    return fence("\n".join(lines), "mermaid") if count else ""


_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")

# A postal letter as typed on paper: the recipient block and the place and date on the right
# (where the window of the envelope and the usual French layout put them).
_RIGHT_HAND = ("recipient_address", "place_date")
_INDENT = " " * 40


def letter_text(message: Mapping[str, Any]) -> str:
    """A message's text: a postal letter laid out with its blocks, an email as it is."""
    blocks = message.get("blocks")
    if not message.get("postal") or not isinstance(blocks, list):
        return str(message.get("body", ""))
    parts = []
    for block in blocks:
        text = str(block.get("text", ""))
        if block.get("role") in _RIGHT_HAND:
            text = "\n".join(_INDENT + line for line in text.split("\n"))
        parts.append(text)
    return "\n\n".join(parts)


class _Writer:
    def __init__(self, strings: Strings) -> None:
        self.strings = strings
        self.lines: list[str] = []

    def t(self, key: str, params: Mapping[str, object] | None = None) -> str:
        return escape(self.strings.format(key, params))

    def colon(self) -> str:
        return self.strings.get("format.colon") or ": "

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


def to_markdown(view: Mapping[str, Any], texts: Strings, *, base_url: str = "") -> str:
    """The plan's view (view.py) as Markdown. `base_url` (the site's language root) turns
    guide sections into links; without it they are plain text."""
    w = _Writer(texts)
    w.add(f"# {w.t('export.md.title')}", "", w.t("export.md.intro", {"today": view["today"]}),
          "", escape(view["summary"]), "",
          f"- **{escape(view['route_text'])}**", f"- {escape(view['counterparty_text'])}", "")

    w.add(f"## {w.t('export.md.dates')}", "")
    for entry in view["timeline"]:
        w.add(f"- **{escape(entry['date_text'])}** — {escape(entry['label'])}")
    chart = gantt(view, texts)
    if chart:
        w.add("", chart)
    w.add("", f"### {w.t('export.md.why')}", "")
    for entry in view["dates"]:
        line = (f"- **{escape(entry['label'])}** ({escape(entry['date_text'])})"
                f"{w.colon()}{escape(entry['text'])}")
        if entry.get("uncertainty"):
            line += f" *{w.t('export.md.uncertain')}{w.colon()}" \
                    f"{escape(entry['uncertainty'])}*"
        w.add(line)
    w.add("")

    w.add(f"## {w.t('export.md.risks')}", "")
    if not view["risks"]:
        w.add(w.t("export.md.no_risks"), "")
    for risk in view["risks"]:
        w.add(f"### {escape(risk['title'])} ({escape(risk['severity_label'])})", "",
              escape(risk["explanation"]), "")
        if risk.get("reasoning"):
            w.add(f"- **{w.t('export.md.why')}**{w.colon()}{escape(risk['reasoning'])}")
        if risk.get("uncertainty"):
            w.add(f"- **{w.t('export.md.uncertain')}**{w.colon()}"
                  f"{escape(risk['uncertainty'])}")
        separator = texts.get("format.list_separator") or "; "
        citations = separator.join(link(c["text"], c["url"]) for c in risk["basis"])
        w.add(f"- **{w.t('export.md.basis')}**{w.colon()}{citations}", "")

    w.add(f"## {w.t('export.md.steps')}", "")
    phases = [phase for phase in view["phases"] if phase["steps"]]
    if not phases:
        w.add(w.t("export.md.no_steps"), "")
    for phase in phases:
        w.add(f"### {escape(phase['title'])}", "")
        for step in phase["steps"]:
            due = w.t("export.md.due", {"date": step["due"]})
            where = step["section"] or step["page"]
            suffix = f" ({link(where, step['url'], base_url)})" if where else ""
            w.add(f"- [ ] {escape(step['text'])} — *{due}*{suffix}")
        w.add("")

    money = view["money"]
    if isinstance(money, Mapping):
        w.add(f"## {w.t('export.md.money')}", "")
        headers = [w.t(f"export.md.{name}") for name in
                   ("invoice", "amount", "due_date", "status", "penalty", "indemnity")]
        if money["invoices"]:
            w.add("| " + " | ".join(headers) + " |", "|" + "---|" * len(headers))
            for invoice in money["invoices"]:
                cells = (invoice["label"], invoice["amount_text"], invoice["due_text"],
                         invoice["status_text"], invoice["late_penalty_text"],
                         invoice["recovery_indemnity_text"])
                w.add("| " + " | ".join(escape(cell) for cell in cells) + " |")
            w.add("")
        for line in money["lines"]:
            w.add(f"- {escape(line['label'])}{w.colon()}**{escape(line['text'])}**")
        rate = money["rate"]
        if rate["text"]:
            w.add("", f"{escape(rate['text'])}. {escape(rate['reasoning'])}")
        if rate.get("uncertainty"):
            w.add("", f"*{w.t('export.md.uncertain')}{w.colon()}"
                      f"{escape(rate['uncertainty'])}*")
        w.add("")

    if view["messages"]:
        w.add(f"## {w.t('export.md.messages')}", "")
        for message in view["messages"]:
            w.add(f"### {escape(message['title'])}", "", f"*{escape(message['meta_text'])}*")
            for key in ("copy_text", "warnings_text"):
                if message.get(key):
                    w.add("", f"*{escape(message[key])}*")
            if message.get("to_complete_text"):
                w.add("", f"**{escape(message['to_complete_text'])}**")
            w.add("", fence(letter_text(message)), "")

    if view["notes"]:
        w.add(f"## {w.t('export.md.notes')}", "")
        for note in view["notes"]:
            w.add(f"- {escape(note['text'])}")
        w.add("")
    return "\n".join(w.lines).rstrip() + "\n"
