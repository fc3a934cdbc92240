"""Command line: `python -m checklist plan ANSWERS.json [--format json|md|ics] ...`.

I/O happens here and only here. Exit status: 0 done; 2 bad input or usage (one line per
bad field on stderr, naming the field; never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from checklist.pipeline import Context, check_checklist, plan_answers, render_errors
from checklist.rules import DEFAULT_JURISDICTION, UnknownRules, available, get_rules
from checklist.text import Strings, load_strings
from checklist.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXIT_USAGE = 2


class CliError(Exception):
    """A problem to report on stderr (one line each), then exit with status 2."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def load_locale(locales: Path, lang: str) -> Strings:
    """The engine strings of one language (locales/<lang>/plan.toml)."""
    path = locales / lang / "plan.toml"
    try:
        return load_strings(path.read_text(encoding="utf-8"))
    except OSError:
        raise CliError(f"no strings for language '{lang}': {path} is missing") from None
    except ValueError as error:
        raise CliError(f"{path}: {error}") from None


def load_checklist_data(args: argparse.Namespace) -> dict[str, object]:
    if args.checklist:
        try:
            data = json.loads(Path(args.checklist).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CliError(f"--checklist {args.checklist}: {error}") from None
        if not isinstance(data, dict):
            raise CliError(f"--checklist {args.checklist}: a JSON object is expected "
                           f"(checklist data), not {type(data).__name__}")
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


def read_answers(path: str, stdin: TextIO) -> object:
    try:
        text = stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"{path}: cannot read ({error.__class__.__name__})") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise CliError(f"{path}: not valid JSON ({error})") from None
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
    answers = read_answers(args.answers, stdin)
    # The answers' problems come first, before the guide is read (slow, and may fail too).
    problems = validate(answers)
    if problems:
        return _print_errors(render_errors(problems, strings), err)
    try:
        rules = get_rules(args.jurisdiction)
    except UnknownRules:
        raise CliError(f"unknown jurisdiction '{args.jurisdiction}' "
                       f"(available: {', '.join(available())})") from None
    checklist = load_checklist_data(args)
    checklist_errors = check_checklist(checklist)
    if checklist_errors:
        raise CliError(*(f"{e['field']}: {strings.format(e['key'])}" for e in checklist_errors))
    outcome = plan_answers(answers, Context(checklist, strings, rules),
                           exports=(args.format,), base_url=args.base_url)
    if not outcome.ok:
        return _print_errors(outcome.errors, err)
    out.write(outcome.exports[args.format])
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
    stdin = stdin or sys.stdin
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
            err.write(f"error: {line}\n")
        return EXIT_USAGE
