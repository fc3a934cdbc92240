"""Command line: `python -m checklist plan ANSWERS.json [--format json|md|ics] ...`.

I/O happens here and only here. Exit status: 0 done; 2 bad input or usage (one line per
bad field on stderr, naming the field; never a traceback); 74 the output could not be written
(disk full: a message; a closed pipe: none). Input files may start with a UTF-8 byte order
mark, as the planner page accepts; their errors are in the language of `--lang`.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from checklist.api import MAX_JSON_DEPTH, too_deep
from checklist.pipeline import Context, check_checklist, plan_answers, render_errors
from checklist.rules import DEFAULT_JURISDICTION, UnknownRules, available, get_rules
from checklist.text import Strings, load_strings
from checklist.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXIT_USAGE = 2
EXIT_OUTPUT = 74  # EX_IOERR (sysexits.h)
# Why a file cannot be read or written, by errno: the strings' cli.reason.* keys.
_REASONS = {errno.ENOENT: "not_found", errno.EACCES: "denied", errno.EPERM: "denied",
            errno.EISDIR: "folder", errno.ENOSPC: "disk_full"}


class CliError(Exception):
    """A problem to report on stderr (one line each, after `label`), then exit with `code`."""

    def __init__(self, *lines: str, code: int = EXIT_USAGE, label: str = "error") -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code
        self.label = label


def _error(strings: Strings, key: str, params: dict[str, object], *,
           code: int = EXIT_USAGE) -> CliError:
    """A problem told in the strings' language (cli.* keys)."""
    return CliError(strings.format(key, params), code=code, label=strings.format("cli.error"))


def _reason(error: OSError | UnicodeDecodeError, strings: Strings) -> str:
    if isinstance(error, UnicodeDecodeError):
        return strings.format("cli.reason.not_utf8")
    key = _REASONS.get(error.errno or 0)
    if key is None:
        return strings.format("cli.reason.other", {"detail": error.strerror or str(error)})
    return strings.format(f"cli.reason.{key}")


def read_json(path: str, stdin: TextIO, strings: Strings) -> object:
    """A JSON file ('-': stdin), a leading byte order mark allowed; CliError in the
    strings' language when it cannot be read or parsed."""
    try:
        text = stdin.read() if path == "-" else Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise _error(strings, "cli.cannot_read",
                     {"path": path, "reason": _reason(error, strings)}) from None
    # Bounded before parsing, as the engine bounds a request (api.too_deep).
    if too_deep(text):
        raise _error(strings, "cli.too_deep", {"path": path, "max": MAX_JSON_DEPTH})
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise _error(strings, "cli.not_json",
                     {"path": path, "line": error.lineno, "column": error.colno}) from None


def load_locale(locales: Path, lang: str) -> Strings:
    """The engine strings of one language (locales/<lang>/plan.toml)."""
    path = locales / lang / "plan.toml"
    try:
        return load_strings(path.read_text(encoding="utf-8"))
    except OSError:
        raise CliError(f"no strings for language '{lang}': {path} is missing") from None
    except ValueError as error:
        raise CliError(f"{path}: {error}") from None


def load_checklist_data(args: argparse.Namespace, strings: Strings) -> dict[str, object]:
    if args.checklist:
        data = read_json(args.checklist, sys.stdin, strings)
        if not isinstance(data, dict):
            raise _error(strings, "cli.not_object", {"path": args.checklist})
        return data
    try:
        guide = importlib.import_module("checklist.authoring.guide")
    except ImportError as error:
        raise CliError(
            f"cannot read the guide ({error}); pass the checklist data with --checklist FILE"
        ) from None
    docs = Path(args.docs)
    if not (docs / args.lang).is_dir():
        raise CliError(f"no guide for language '{args.lang}' in {docs.resolve()} "
                       f"(looked for {docs.resolve() / args.lang}); pass --docs DIR or "
                       "--checklist FILE")
    try:
        data = dict(guide.load_checklist(docs, args.lang))
    except Exception as error:  # GuideError or I/O: report, do not crash
        lines = getattr(error, "problems", None) or [str(error)]
        raise CliError(*(f"guide: {line}" for line in lines)) from None
    if not data.get("items"):
        raise CliError(f"the guide in {docs.resolve() / args.lang} has no task items")
    return data


def read_answers(path: str, stdin: TextIO, strings: Strings) -> object:
    data = read_json(path, stdin, strings)
    # A file saved by the planner ({"app", "kind", "answers"}) or a test scenario
    # ({"description", "answers", "expect"}) holds the answers under "answers".
    if isinstance(data, dict) and "answers" in data and "today" not in data:
        return data["answers"]
    return data


def _print_errors(errors: list[dict[str, str]], err: TextIO) -> int:
    for error in errors:
        err.write(f"{error['field'] or '(answers)'}: {error['message']}\n")
    return EXIT_USAGE


def command_plan(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    strings = load_locale(Path(args.locales), args.lang)
    answers = read_answers(args.answers, stdin, strings)
    # The answers' problems come first, before the guide is read (slow, and may fail too).
    problems = validate(answers)
    if problems:
        return _print_errors(render_errors(problems, strings), err)
    try:
        rules = get_rules(args.jurisdiction)
    except UnknownRules:
        raise _error(strings, "cli.unknown_jurisdiction", {
            "name": args.jurisdiction, "available": ", ".join(available())}) from None
    checklist = load_checklist_data(args, strings)
    checklist_errors = check_checklist(checklist)
    if checklist_errors:
        raise CliError(*(f"{e['field']}: {strings.format(e['key'])}" for e in checklist_errors),
                       label=strings.format("cli.error"))
    outcome = plan_answers(answers, Context(checklist, strings, rules),
                           exports=(args.format,), base_url=args.base_url)
    if not outcome.ok:
        return _print_errors(outcome.errors, err)
    try:
        out.write(outcome.exports[args.format])
        out.flush()
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing to say
        raise CliError(code=EXIT_OUTPUT) from None
    except OSError as error:
        raise _error(strings, "cli.write_failed", {"reason": _reason(error, strings)},
                     code=EXIT_OUTPUT) from None
    return 0


def command_i18n(argv: Sequence[str], err: TextIO) -> int:
    try:
        module = importlib.import_module("checklist.authoring.i18n")
    except ImportError as error:
        err.write(f"the i18n tools are not available ({error}): they live in "
                  "checklist/authoring/i18n.py and need the authoring dependencies\n")
        return EXIT_USAGE
    result = module.main(list(argv))
    return int(result or 0)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m checklist",
                                   description="Fin de mission: exit-plan engine.")
    commands = main.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="print the plan for an answers file")
    plan.add_argument("answers", help="answers JSON file ('-' for stdin)")
    plan.add_argument("--format", choices=("json", "md", "ics"), default="json")
    plan.add_argument("--lang", default="fr", help="language of md/ics output and errors")
    plan.add_argument("--docs", default=str(ROOT / "docs"),
                      help="the guide (default: the project's docs/, wherever you run from)")
    plan.add_argument("--checklist", help="checklist data JSON, instead of reading the guide")
    plan.add_argument("--locales", default=str(ROOT / "locales"), help="strings folder")
    plan.add_argument("--jurisdiction", default=DEFAULT_JURISDICTION,
                      help="rule set (checklist/rules/)")
    plan.add_argument("--base-url", default="",
                      help="site URL of the language root, for links in Markdown and iCalendar")
    commands.add_parser("i18n", help="translation tools (checklist.authoring.i18n)",
                        add_help=False).add_argument("args", nargs=argparse.REMAINDER)
    return main


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if out is None:
        out = sys.stdout
        if hasattr(out, "reconfigure"):  # UTF-8 whatever the locale; ICS keeps its CRLF
            out.reconfigure(encoding="utf-8", newline="")
    if err is None:
        err = sys.stderr
        if hasattr(err, "reconfigure"):
            err.reconfigure(encoding="utf-8", errors="replace")
    if stdin is None:
        stdin = sys.stdin
        if hasattr(stdin, "reconfigure"):  # UTF-8 whatever the locale, byte order mark too
            stdin.reconfigure(encoding="utf-8-sig")
    if arguments[:1] == ["i18n"]:
        return command_i18n(arguments[1:], err)
    try:
        args = parser().parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        return command_plan(args, out, err, stdin)
    except CliError as error:
        for line in error.lines:
            err.write(f"{error.label}: {line}\n")
        if error.code == EXIT_OUTPUT and out is sys.stdout:
            # What stayed in stdout's buffer would fail again when Python exits.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return error.code
