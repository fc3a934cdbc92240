"""The CLI: `python -m checklist plan ...`. A few tests run it as a user would, in a
subprocess (encoding, line ends, exit status); the others call `cli.main` with the same
arguments in this process, which is what the subprocess runs (a second each saved)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import icalendar
import pytest

from checklist import cli
from checklist.api import make_plan

from .conftest import FIXTURES, ROOT, answers_with, fixture_checklist


def run_cli(*args: str, stdin: str | None = None,
            cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m checklist ARGS` in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the package, from any directory
    return subprocess.run([sys.executable, "-m", "checklist", *args], cwd=cwd, text=True,
                          env=env,
                          capture_output=True, input=stdin, encoding="utf-8", timeout=120,
                          check=False)


def call_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`cli.main(ARGS)` in this process, its output captured as run_cli's is."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err, stdin=io.StringIO(stdin))
    return subprocess.CompletedProcess(["checklist", *args], code, out.getvalue(),
                                       err.getvalue())


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers_with(holds_client_assets=True, client={"name": "ACME"})),
                    encoding="utf-8")
    return path


def test_plan_json(answers_file: Path) -> None:
    done = run_cli("plan", str(answers_file), "--checklist", str(FIXTURES / "checklist.json"))
    assert done.returncode == 0, done.stderr
    expected = make_plan(json.loads(answers_file.read_text()), fixture_checklist("fr"))
    assert json.loads(done.stdout) == expected
    assert done.stdout == json.dumps(expected, ensure_ascii=False, sort_keys=True,
                                     indent=2) + "\n"


def test_plan_json_from_stdin_and_saved_planner_file(answers_file: Path) -> None:
    saved = {"app": "fin-de-mission", "kind": "answers", "version": 1,
             "answers": json.loads(answers_file.read_text())}
    done = call_cli("plan", "-", "--checklist", str(FIXTURES / "checklist.json"),
                   stdin=json.dumps(saved))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dates"]["last_day"] == "2026-12-31"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_plan_markdown_from_the_guide(answers_file: Path, lang: str) -> None:
    done = call_cli("plan", str(answers_file), "--format", "md", "--lang", lang)
    assert done.returncode == 0, done.stderr
    title = "# Plan de fin de mission" if lang == "fr" else "# End-of-mission plan"
    assert done.stdout.startswith(title + "\n")
    assert "- [ ] " in done.stdout
    assert "⟦" not in done.stdout


def test_plan_markdown_with_fixture(answers_file: Path) -> None:
    done = call_cli("plan", str(answers_file), "--format", "md", "--lang", "en",
                   "--checklist", str(FIXTURES / "checklist.en.json"))
    assert done.returncode == 0, done.stderr
    text = next(item["text"] for item in fixture_checklist("en")["items"]
                if item["id"] == "handover-revoke-access")
    assert f"- [ ] {text}" in done.stdout


def test_plan_ics(answers_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checklist", "plan", str(answers_file), "--format", "ics",
         "--checklist", str(FIXTURES / "checklist.json")],
        cwd=ROOT, capture_output=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"\r\r\n" not in done.stdout
    calendar = icalendar.Calendar.from_ical(done.stdout)
    assert calendar.errors == [] and calendar.walk("VEVENT")


def test_invalid_answers_exit_2_one_line_per_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(answers_with(
        today="2026-02-30", contract={"notice": -3},
        invoices=[{"amount": "12", "due": "2026-01-01"}])), encoding="utf-8")
    done = call_cli("plan", str(path), "--lang", "en")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "today: This date does not exist.",
        "contract.notice: The value cannot be negative.",
        "invoices[0].amount: This kind of value does not fit here.",
    ]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("content", "lang", "message"), [
    ("{not json", "en", "error: {path}: not valid JSON (line 1, column 2)."),
    ("{not json", "fr", "erreur: {path} : ce n'est pas du JSON valide (ligne 1, colonne 2)."),
    ("[]", "en", "(answers): An object is expected"),
    ("[]", "fr", "(answers): Un objet est attendu"),
    ("", "en", "error: {path}: not valid JSON (line 1, column 1)."),
    ("{\n\"today\": \"2026-11-26\",\n}", "fr", "(ligne 2, colonne 22)"),
    ("[" * 100_000, "en", "error: {path}: data nested more than 64 levels deep."),
    ('{"client": ' * 65 + "{}" + "}" * 65, "fr",
     "erreur: {path} : des données imbriquées sur plus de 64 niveaux."),
])
def test_unreadable_answers_exit_2_in_the_language_asked(
    tmp_path: Path, content: str, lang: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    done = call_cli("plan", str(path), "--lang", lang)
    assert done.returncode == 2
    assert message.format(path=path) in done.stderr


@pytest.mark.parametrize(("lang", "missing", "folder", "not_utf8"), [
    ("en", "error: {}: cannot be read (file not found).",
     "error: {}: cannot be read (it is a folder).",
     "error: {}: cannot be read (not UTF-8 text)."),
    ("fr", "erreur: {} : lecture impossible (fichier introuvable).",
     "erreur: {} : lecture impossible (c'est un dossier).",
     "erreur: {} : lecture impossible (ce n'est pas du texte UTF-8)."),
])
def test_a_file_that_cannot_be_read_is_told_in_the_language_asked(
    tmp_path: Path, lang: str, missing: str, folder: str, not_utf8: str
) -> None:
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"client": {"name": "Société"}}'.encode("latin-1"))
    for path, expected in ((tmp_path / "nowhere.json", missing), (tmp_path, folder),
                           (latin1, not_utf8)):
        done = call_cli("plan", str(path), "--lang", lang)
        assert (done.returncode, done.stderr) == (2, expected.format(path) + "\n")


def test_an_unknown_rule_set_and_a_checklist_that_is_no_object_follow_the_language(
    answers_file: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "list.json"
    listing.write_text("[]", encoding="utf-8")
    done = call_cli("plan", str(answers_file), "--lang", "fr", "--checklist", str(listing))
    assert done.stderr == (f"erreur: {listing} : un objet JSON est attendu (les données de la "
                           "checklist).\n")
    done = call_cli("plan", str(answers_file), "--lang", "fr", "--jurisdiction", "xx")
    assert done.stderr == "erreur: jeu de règles inconnu : « xx » (disponibles : fr).\n"


def test_a_byte_order_mark_is_accepted_as_the_page_accepts_it(
    answers_file: Path, tmp_path: Path
) -> None:
    checklist = FIXTURES / "checklist.json"
    plain = call_cli("plan", str(answers_file), "--checklist", str(checklist))
    marked = tmp_path / "marked.json"
    marked.write_bytes(b"\xef\xbb\xbf" + answers_file.read_bytes())
    marked_checklist = tmp_path / "checklist.json"
    marked_checklist.write_bytes(b"\xef\xbb\xbf" + checklist.read_bytes())
    for args in ((str(marked), "--checklist", str(checklist)),
                 (str(answers_file), "--checklist", str(marked_checklist))):
        done = call_cli("plan", *args)
        assert (done.returncode, done.stdout) == (0, plain.stdout), done.stderr
    # From stdin too, in a subprocess whose locale is not UTF-8.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C", "PYTHONUTF8": "0"}
    piped = subprocess.run([sys.executable, "-m", "checklist", "plan", "-", "--checklist",
                            str(checklist)], input=marked.read_bytes(), env=env,
                           capture_output=True, check=False, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.decode("utf-8") == plain.stdout


def test_an_output_that_cannot_be_written_is_a_message_not_a_traceback(
    answers_file: Path,
) -> None:
    # /dev/full refuses every write: the disk is full. As a user runs it, with a plan longer
    # than stdout's buffer (the write fails; nothing may be printed when Python exits)...
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "checklist", "plan", str(answers_file),
                               "--checklist", str(FIXTURES / "checklist.json")],
                              stdout=full, stderr=subprocess.PIPE, env=env, check=False,
                              timeout=120)
    assert done.returncode == cli.EXIT_OUTPUT
    assert done.stderr.decode("utf-8") == "erreur: le plan n'a pas pu être écrit (disque plein).\n"
    # ...and one that fits in it (the flush fails), in English.
    full_text = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    err = io.StringIO()
    code = cli.main(["plan", str(answers_file), "--format", "md", "--lang", "en",
                     "--checklist", str(FIXTURES / "checklist.en.json")], out=full_text, err=err)
    with contextlib.suppress(OSError):  # what stayed in its buffer cannot be written either
        full_text.close()
    assert (code, err.getvalue()) == (cli.EXIT_OUTPUT,
                                      "error: the plan could not be written (disk full).\n")


def test_a_reader_that_stops_reading_ends_the_command_quietly(answers_file: Path) -> None:
    # The pipe has no reader from the start (as `| head` once it has its lines): the write
    # fails with EPIPE whatever the timing.
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed_pipe = open(write_end, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    err = io.StringIO()
    code = cli.main(["plan", str(answers_file), "--checklist", str(FIXTURES / "checklist.json")],
                    out=closed_pipe, err=err)
    with contextlib.suppress(OSError):
        closed_pipe.close()
    assert (code, err.getvalue()) == (cli.EXIT_OUTPUT, "")


def test_missing_file_unknown_jurisdiction_and_usage_errors(
    answers_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (("plan", "/nonexistent/answers.json"),
                 ("plan", str(answers_file), "--jurisdiction", "xx",
                  "--checklist", str(FIXTURES / "checklist.json")),
                 ("plan", str(answers_file), "--format", "pdf"),
                 ("plan", str(answers_file), "--lang", "de"),
                 ("plan", str(answers_file), "--checklist", "/nonexistent.json"),
                 ("frobnicate",),
                 ()):
        done = call_cli(*args)  # an exception would fail the test here
        said = done.stderr + capsys.readouterr().err  # argparse writes to sys.stderr itself
        assert done.returncode == 2, args
        assert said.strip(), args


def test_i18n_delegates_to_the_authoring_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_main(argv: list[str]) -> int:
        seen.append(argv)
        return 3

    module = types.ModuleType("checklist.authoring.i18n")
    module.main = fake_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "checklist.authoring.i18n", module)
    assert cli.main(["i18n", "status", "--lang", "en"]) == 3
    assert seen == [["status", "--lang", "en"]]


def test_i18n_missing_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "checklist.authoring.i18n", None)
    err = io.StringIO()
    assert cli.main(["i18n", "status"], err=err) == 2
    assert "i18n tools are not available" in err.getvalue()


def test_i18n_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    done = call_cli("--help")
    assert done.returncode == 0
    shown = capsys.readouterr().out  # argparse prints the help to sys.stdout itself
    assert "i18n" in shown and "plan" in shown




def test_the_default_guide_does_not_depend_on_the_current_directory(
    answers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = call_cli("plan", str(answers_file), "--format", "md")
    assert done.returncode == 0, done.stderr
    assert "- [ ] " in done.stdout


def test_a_missing_guide_is_an_error_not_an_empty_plan(answers_file: Path) -> None:
    done = call_cli("plan", str(answers_file), "--docs", "/nonexistent")
    assert done.returncode == 2
    assert "no guide for language 'fr'" in done.stderr and "/nonexistent/fr" in done.stderr


def test_checklist_that_is_not_an_object_is_an_error(answers_file: Path,
                                                     tmp_path: Path) -> None:
    listing = tmp_path / "list.json"
    listing.write_text("[]", encoding="utf-8")
    done = call_cli("plan", str(answers_file), "--checklist", str(listing), "--lang", "en")
    assert done.returncode == 2 and "a JSON object is expected" in done.stderr


def test_lone_surrogates_are_a_field_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers_with(client={"name": "\ud800"})), encoding="utf-8")
    done = call_cli("plan", str(path), "--format", "ics",
                    "--checklist", str(FIXTURES / "checklist.json"))
    assert done.returncode == 2
    assert done.stderr.startswith("client.name: ") and "Traceback" not in done.stderr
