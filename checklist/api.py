"""Public API of the engine.

- `validate(answers)` → field errors [{"field", "key"}] (keys, not sentences)
- `make_plan(answers, checklist, jurisdiction=DEFAULT_JURISDICTION)` → the plan (raises
  InvalidInput)
- `build_view(plan, checklist, strings)` → the plan in one language
- `run(request_json)` → response JSON: the single entry point of the Web Worker. Never
  raises: whatever the input, the answer is {"ok", "errors", "plan", "view", "exports",
  "migrated"} ("migrated": the changes made to older answers, for the page to show).
  The request may ask for exports: "exports": ["md", "ics", "json"] (and "base_url", the
  site URL of the language root, to link guide sections in Markdown and iCalendar).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from checklist.data import validate_checklist
from checklist.engine import InvalidInput, build_plan, make_plan
from checklist.exports.ics import to_ics
from checklist.exports.json_export import to_json
from checklist.exports.markdown import to_markdown
from checklist.rules import DEFAULT_JURISDICTION, UnknownRules, get_rules
from checklist.schema import field_maximum, migration_changes
from checklist.text import Strings, load_strings
from checklist.validate import LIMITS, Error, parse, validate
from checklist.view import build_view
from checklist.vocabulary import CHECKLIST_SCHEMA_VERSION

EMPTY_CHECKLIST: dict[str, object] = {"schema": CHECKLIST_SCHEMA_VERSION, "lang": "", "items": [],
                                      "templates": []}


def render_errors(errors: list[Error], strings: Strings) -> list[dict[str, str]]:
    """Errors with their message in the strings' language; "too large" names the field's
    limit when the schema gives one."""
    rendered = []
    for error in errors:
        maximum = field_maximum(error["field"]) if error["key"] == "error.too_large" else None
        message = (strings.format("error.too_large_max", {**LIMITS, "max": maximum})
                   if maximum is not None else strings.format(error["key"], LIMITS))
        rendered.append({"field": error["field"], "key": error["key"], "message": message})
    return rendered


EXPORT_FORMATS: tuple[str, ...] = ("md", "ics", "json")


def _response(ok: bool, errors: list[dict[str, str]], plan: object = None,
              view: object = None, exports: dict[str, str] | None = None,
              migrated: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {"ok": ok, "errors": errors, "plan": plan, "view": view, "exports": exports or {},
            "migrated": migrated or []}


def _exports(formats: list[str], plan: dict[str, object], view: dict[str, object],
             strings: Strings, base_url: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in formats:
        if name == "md":
            out[name] = to_markdown(view, strings, base_url=base_url)
        elif name == "ics":
            out[name] = to_ics(view, strings, base_url=base_url)
        else:
            out[name] = to_json(plan)
    return out


def handle(request: object) -> dict[str, object]:
    """`run` on an already-decoded request (a dict); never raises for bad input."""
    if not isinstance(request, Mapping):
        return _response(False, render_errors(
            [{"field": "request", "key": "error.bad_request"}], Strings()))
    errors: list[Error] = []
    raw_strings = request.get("strings")
    try:
        strings = load_strings(raw_strings)
    except ValueError:  # TOML that does not parse
        strings = Strings()
        errors.append({"field": "strings", "key": "error.bad_request"})
    if raw_strings is not None and not isinstance(raw_strings, Mapping | str):
        errors.append({"field": "strings", "key": "error.type"})

    jurisdiction = request.get("jurisdiction", DEFAULT_JURISDICTION)
    rules = None
    try:
        rules = get_rules(jurisdiction if isinstance(jurisdiction, str) else "")
    except UnknownRules:
        errors.append({"field": "jurisdiction", "key": "error.unknown_jurisdiction"})

    formats = request.get("exports") or []
    if not isinstance(formats, list) or not all(
            isinstance(name, str) and name in EXPORT_FORMATS for name in formats):
        errors.append({"field": "exports", "key": "error.unknown_code"})
        formats = []
    base_url = request.get("base_url") or ""
    if not isinstance(base_url, str) or len(base_url) > 2000:
        errors.append({"field": "base_url", "key": "error.type"})
        base_url = ""

    parsed = parse(request.get("answers"))
    errors.extend(parsed.errors)
    checklist = request.get("checklist")
    if checklist is None:
        checklist = EMPTY_CHECKLIST
    errors.extend(validate_checklist(checklist))
    if errors or rules is None or parsed.answers is None:
        return _response(False, render_errors(errors, strings))

    plan = build_plan(parsed.answers, checklist, rules)
    view = build_view(plan, checklist, strings)
    wanted = list(dict.fromkeys(formats))
    exports = _exports(wanted, plan, view, strings, base_url)
    return _response(True, [], plan, view, exports, migration_changes(request.get("answers")))


def run(request_json: str) -> str:
    """Request JSON {"answers", "checklist", "strings", "jurisdiction"[, "exports",
    "base_url"]} → response JSON {"ok", "errors": [{"field", "key", "message"}], "plan",
    "view", "exports": {format: text}} (sorted keys)."""
    try:
        try:
            request = json.loads(request_json)
        except (TypeError, ValueError, RecursionError):
            response = _response(False, render_errors(
                [{"field": "request", "key": "error.invalid_json"}], Strings()))
        else:
            response = handle(request)
        return json.dumps(response, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except Exception:  # the worker must always get an answer
        return json.dumps(_response(False, [{"field": "", "key": "error.internal",
                                             "message": _internal_message(request_json)}]),
                          sort_keys=True)


def _internal_message(request_json: object) -> str:
    """The internal-error message in the request's language when its strings can be read."""
    try:
        request = json.loads(request_json) if isinstance(request_json, str) else {}
        strings = load_strings(request.get("strings") if isinstance(request, dict) else None)
        return strings.format("error.internal")
    except Exception:
        return "Internal error"



__all__ = ["InvalidInput", "build_view", "handle", "make_plan", "render_errors", "run",
           "validate"]
