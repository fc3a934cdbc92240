"""Public API of the engine.

- `validate(answers)` → field errors [{"field", "key"}] (keys, not sentences)
- `make_plan(answers, checklist, jurisdiction=DEFAULT_JURISDICTION)` → the plan (raises
  InvalidInput)
- `build_view(plan, checklist, strings)` → the plan in one language
- `configure(context_json)` → response JSON {"ok", "errors"}: checks the checklist data,
  strings and rules set once and keeps them for the requests that follow (the Web Worker
  calls it once per start, so that an edit sends and checks only the answers).
- `run(request_json)` → response JSON: the single entry point of the Web Worker. Never
  raises: whatever the input, the answer is {"ok", "errors", "plan", "view", "exports",
  "migrated"} ("migrated": the changes made to older answers, for the page to show).
  The request holds the answers and, unless `configure` was called, the checklist data,
  strings and jurisdiction (given ones win). It may ask for exports: "exports": ["md",
  "ics", "json"] (and "base_url", the site URL of the language root, to link guide sections
  in Markdown and iCalendar); the plan itself is in the response only with "with_plan": true
  (the page reads the view). "odt" with "letter": "<a postal letter's id>" gives that letter
  as an editable OpenDocument text, base64 (the page asks for it when the reader clicks its
  download button; the view's `messages[].document` names the file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from checklist.pipeline import (
    EXPORT_FORMATS,
    Context,
    ExportFormat,
    InvalidInput,
    check_checklist,
    make_plan,
    plan_answers,
    render_errors,
)
from checklist.rules import DEFAULT_JURISDICTION, UnknownRules, get_rules
from checklist.text import Strings, load_strings
from checklist.validate import Error, validate
from checklist.view import build_view
from checklist.vocabulary import CHECKLIST_SCHEMA_VERSION

EMPTY_CHECKLIST: dict[str, object] = {"schema": CHECKLIST_SCHEMA_VERSION, "lang": "", "items": [],
                                      "templates": []}
_CONTEXT_KEYS = ("checklist", "strings", "jurisdiction")

# The context `configure` checked, for the requests that follow (one per worker).
_configured: Context | None = None

# Far deeper than any answers, checklist data or strings (4 or 5 levels), far shallower than
# what exhausts the stack while parsing: the browser's runtime dies near 3,500 levels, where
# CPython raises RecursionError.
MAX_JSON_DEPTH = 64

# What a request that cannot be read is told when no strings are known yet (the worker
# configures its strings first, so its errors are always in the reader's language).
_REQUEST_ERRORS: dict[str, str] = {
    "error.invalid_json": "The request is not valid JSON.",
    "error.bad_request": "Incomplete or malformed request.",
    "error.too_deep": "The data is nested too deeply to be read.",
    "error.internal": "Internal error: the plan could not be worked out.",
}


# A JSON string literal, or one bracket: strings are skipped whole (the regex engine runs in
# C, so a context of a few hundred kilobytes is read in a few milliseconds).
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` deep (read before
    parsing it, outside strings; never raises)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def _request_strings() -> Strings:
    """The strings for a request whose own strings cannot be read: the configured ones."""
    if _configured is not None:
        return _configured.strings
    return Strings(_REQUEST_ERRORS)


def _decode(request_json: object) -> tuple[object, list[Error]]:
    """The decoded request, or the error that prevents it (bounded before parsing)."""
    if not isinstance(request_json, str):
        return None, [{"field": "request", "key": "error.invalid_json"}]
    if too_deep(request_json):
        return None, [{"field": "request", "key": "error.too_deep"}]
    try:
        return json.loads(request_json), []
    except (ValueError, RecursionError):
        return None, [{"field": "request", "key": "error.invalid_json"}]


def _response(ok: bool, errors: list[dict[str, str]], plan: object = None,
              view: object = None, exports: dict[str, str] | None = None,
              migrated: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {"ok": ok, "errors": errors, "plan": plan, "view": view, "exports": exports or {},
            "migrated": migrated or []}


def _context(request: Mapping[str, object]
             ) -> tuple[Context | None, list[Error], list[Error], Strings]:
    """The request's checklist data, strings and rules set, checked: the context, or the
    problems with the strings and rules set and those with the checklist data (the strings
    are returned even when something else is wrong, to say what is)."""
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
    checklist = request.get("checklist")
    if checklist is None:
        checklist = EMPTY_CHECKLIST
    checklist_errors = check_checklist(checklist)
    if errors or checklist_errors or rules is None or not isinstance(checklist, Mapping):
        return None, errors, checklist_errors, strings
    return Context(checklist, strings, rules), [], [], strings


def handle(request: object) -> dict[str, object]:
    """`run` on an already-decoded request (a dict); never raises for bad input."""
    if not isinstance(request, Mapping):
        return _response(False, render_errors(
            [{"field": "request", "key": "error.bad_request"}], _request_strings()))
    context: Context | None
    errors: list[Error] = []
    checklist_errors: list[Error] = []
    if _configured is not None and not any(key in request for key in _CONTEXT_KEYS):
        context, strings = _configured, _configured.strings
    else:
        context, errors, checklist_errors, strings = _context(request)

    formats = request.get("exports") or []
    wanted: list[ExportFormat] = []
    if not isinstance(formats, list) or not all(
            isinstance(name, str) and name in EXPORT_FORMATS for name in formats):
        errors.append({"field": "exports", "key": "error.unknown_code"})
    else:
        wanted = [name for name in EXPORT_FORMATS if name in formats]
        wanted.sort(key=formats.index)
    base_url = request.get("base_url") or ""
    if not isinstance(base_url, str) or len(base_url) > 2000:
        errors.append({"field": "base_url", "key": "error.type"})
        base_url = ""

    letter = request.get("letter") or ""
    if not isinstance(letter, str) or len(letter) > 100:
        errors.append({"field": "letter", "key": "error.type"})
        letter = ""
    answers = request.get("answers")
    if errors or context is None:
        return _response(False, render_errors(
            [*errors, *validate(answers), *checklist_errors], strings))
    outcome = plan_answers(answers, context, exports=wanted, base_url=base_url,
                           letter=letter)
    if outcome.ok and "odt" in wanted and "odt" not in outcome.exports:
        # No postal letter of that id in this plan: say which field is wrong.
        return _response(False, render_errors(
            [{"field": "letter", "key": "error.unknown_code"}], strings))
    plan = outcome.plan if request.get("with_plan") is True else None
    return _response(outcome.ok, outcome.errors, plan, outcome.view, outcome.exports,
                     outcome.migrated)


def configure(context_json: str) -> str:
    """Check {"checklist", "strings", "jurisdiction"} once and keep it for `run`; the
    response is {"ok", "errors"}. A bad context is not kept (requests must then carry
    theirs)."""
    global _configured
    request, problems = _decode(context_json)
    if problems or not isinstance(request, Mapping):
        errors = render_errors(problems or [{"field": "request", "key": "error.bad_request"}],
                               _request_strings())
        return json.dumps({"ok": False, "errors": errors}, ensure_ascii=False, sort_keys=True)
    context, context_problems, checklist_problems, strings = _context(request)
    _configured = context
    return json.dumps({"ok": context is not None,
                       "errors": render_errors([*context_problems, *checklist_problems],
                                               strings)},
                      ensure_ascii=False, sort_keys=True)


def run(request_json: str) -> str:
    """Request JSON {"answers"[, "checklist", "strings", "jurisdiction", "exports",
    "base_url", "with_plan"]} → response JSON {"ok", "errors": [{"field", "key",
    "message"}], "plan", "view", "exports": {format: text}, "migrated"} (sorted keys)."""
    try:
        request, problems = _decode(request_json)
        if problems:
            response = _response(False, render_errors(problems, _request_strings()))
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
        request, _ = _decode(request_json)
        raw = request.get("strings") if isinstance(request, dict) else None
        strings = load_strings(raw) if raw is not None else _request_strings()
        return strings.format("error.internal")
    except Exception:
        return _REQUEST_ERRORS["error.internal"]


__all__ = ["EXPORT_FORMATS", "InvalidInput", "build_view", "configure", "handle",
           "make_plan", "render_errors", "run", "validate"]
