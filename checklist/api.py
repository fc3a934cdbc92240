"""Public API of the engine.

- `validate(answers)` → field errors [{"field", "key"}] (keys, not sentences)
- `make_plan(answers, checklist, jurisdiction="fr")` → the plan (raises InvalidInput)
- `build_view(plan, checklist, strings)` → the plan in one language
- `run(request_json)` → response JSON: the single entry point of the Web Worker. Never
  raises: whatever the input, the answer is {"ok", "errors", "plan", "view"}.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from checklist.data import validate_checklist
from checklist.engine import InvalidInput, build_plan, make_plan
from checklist.model import Answers
from checklist.rules import UnknownRules, get_rules
from checklist.text import Strings, load_strings
from checklist.validate import LIMITS, Error, validate
from checklist.view import build_view

EMPTY_CHECKLIST: dict[str, object] = {"schema": 1, "lang": "", "items": [], "templates": []}


def render_errors(errors: list[Error], strings: Strings) -> list[dict[str, str]]:
    """Errors with their message in the strings' language."""
    return [{**error, "message": strings.format(error["key"], LIMITS)} for error in errors]


def _response(ok: bool, errors: list[dict[str, str]], plan: object = None,
              view: object = None) -> dict[str, object]:
    return {"ok": ok, "errors": errors, "plan": plan, "view": view}


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

    jurisdiction = request.get("jurisdiction", "fr")
    rules = None
    try:
        rules = get_rules(jurisdiction if isinstance(jurisdiction, str) else "")
    except UnknownRules:
        errors.append({"field": "jurisdiction", "key": "error.unknown_jurisdiction"})

    answers = request.get("answers")
    errors.extend(validate(answers))
    checklist = request.get("checklist")
    if checklist is None:
        checklist = EMPTY_CHECKLIST
    errors.extend(validate_checklist(checklist))
    if errors or rules is None:
        return _response(False, render_errors(errors, strings))

    plan = build_plan(Answers.from_dict(answers), checklist, rules)  # type: ignore[arg-type]
    view = build_view(plan, checklist, strings)  # type: ignore[arg-type]
    return _response(True, [], plan, view)


def run(request_json: str) -> str:
    """Request JSON {"answers", "checklist", "strings", "jurisdiction"} → response JSON
    {"ok", "errors": [{"field", "key", "message"}], "plan", "view"} (sorted keys)."""
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
                                             "message": "⟦error.internal⟧"}]),
                          sort_keys=True)


__all__ = ["InvalidInput", "build_view", "handle", "make_plan", "render_errors", "run",
           "validate"]
