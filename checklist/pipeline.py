"""One request pipeline: answers → validate → plan → view → exports.

Every entry point goes through it: the Web Worker's `api.run`, the command line and
`engine.make_plan`. What a plan depends on besides the answers (checklist data, strings,
rules set) is a `Context`, checked once: the worker checks it once per start
(`api.configure`), not on every edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from checklist.data import validate_checklist
from checklist.engine import build_plan
from checklist.exports.ics import to_ics
from checklist.exports.json_export import to_json
from checklist.exports.markdown import to_markdown
from checklist.exports.odt import to_odt_base64
from checklist.plan import Plan
from checklist.rules import DEFAULT_JURISDICTION, RuleSet, get_rules
from checklist.schema import LIMITS, field_maximum, migration_changes
from checklist.text import Strings
from checklist.validate import Error, parse
from checklist.view import build_view


class InvalidInput(ValueError):
    """The answers or the checklist data are invalid; `errors` lists them by field."""

    def __init__(self, errors: list[Error]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['key']}" for e in errors))
        self.errors = errors


ExportFormat = Literal["md", "ics", "json", "odt"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("md", "ics", "json", "odt")


@dataclass(frozen=True)
class Context:
    """What a plan depends on besides the answers (checked by `check_checklist`)."""

    checklist: Mapping[str, object]
    strings: Strings
    rules: RuleSet


@dataclass(frozen=True)
class Outcome:
    """A plan and what was asked of it, or the errors (with messages) that prevent it."""

    errors: list[dict[str, str]]
    plan: Plan | None = None
    view: dict[str, object] | None = None
    exports: dict[str, str] = field(default_factory=dict)
    migrated: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None


def render_errors(errors: Sequence[Error], strings: Strings) -> list[dict[str, str]]:
    """Errors with their message in the strings' language; "too large" names the field's
    limit when the schema gives one."""
    rendered = []
    for error in errors:
        maximum = field_maximum(error["field"]) if error["key"] == "error.too_large" else None
        message = (strings.format("error.too_large_max", {**LIMITS, "max": maximum})
                   if maximum is not None else strings.format(error["key"], LIMITS))
        rendered.append({"field": error["field"], "key": error["key"], "message": message})
    return rendered


def check_checklist(checklist: object) -> list[Error]:
    """Problems in checklist data (from the build hook, a file, or a request)."""
    return validate_checklist(checklist)


def plan_answers(answers: object, context: Context, *,
                 exports: Sequence[ExportFormat] = (), base_url: str = "",
                 view: bool = True, letter: str = "") -> Outcome:
    """Validate the answers and plan with an already checked context; never raises for
    bad answers. "odt" is the postal letter `letter` (its id) as an editable document,
    base64 text; it is left out when the plan has no such postal letter."""
    parsed = parse(answers)
    if parsed.answers is None:
        return Outcome(render_errors(parsed.errors, context.strings))
    plan = build_plan(parsed.answers, context.checklist, context.rules)
    if not view and not exports:
        return Outcome([], plan, migrated=migration_changes(answers))
    shown = build_view(plan, context.checklist, context.strings)
    texts: dict[str, str] = {}
    for name in dict.fromkeys(exports):
        if name == "md":
            texts[name] = to_markdown(shown, context.strings, base_url=base_url)
        elif name == "ics":
            texts[name] = to_ics(shown, context.strings, base_url=base_url)
        elif name == "odt":
            wanted = [message for message in _messages(shown)
                      if message.get("id") == letter and message.get("postal")]
            if wanted:
                texts[name] = to_odt_base64(wanted[0], lang=context.strings.lang)
        else:
            texts[name] = to_json(plan)
    return Outcome([], plan, shown, texts, migration_changes(answers))


def _messages(view: Mapping[str, object]) -> list[Mapping[str, object]]:
    found = view.get("messages")
    return [m for m in found if isinstance(m, Mapping)] if isinstance(found, list) else []


def make_plan(answers: Mapping[str, object], checklist: Mapping[str, object],
              jurisdiction: str = DEFAULT_JURISDICTION) -> Plan:
    """Validate, then plan (no view). Raises InvalidInput (field errors) or
    rules.UnknownRules."""
    errors = parse(answers).errors + check_checklist(checklist)
    if errors:
        raise InvalidInput(errors)
    outcome = plan_answers(answers, Context(checklist, Strings(), get_rules(jurisdiction)),
                           view=False)
    assert outcome.plan is not None  # the answers parsed above
    return outcome.plan
