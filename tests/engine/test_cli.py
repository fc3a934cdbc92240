"""The CLI, run as a user would: `python -m checklist plan ...` in a subprocess."""

from __future__ import annotations

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
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the package, from any directory
    return subprocess.run([sys.executable, "-m", "checklist", *args], cwd=cwd, text=True,
                          env=env,
                          capture_output=True, input=stdin, encoding="utf-8", timeout=120,
                          check=False)


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
    done = run_cli("plan", "-", "--checklist", str(FIXTURES / "checklist.json"),
                   stdin=json.dumps(saved))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dates"]["last_day"] == "2026-12-31"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_plan_markdown_from_the_guide(answers_file: Path, lang: str) -> None:
    done = run_cli("plan", str(answers_file), "--format", "md", "--lang", lang)
    assert done.returncode == 0, done.stderr
    title = "# Plan de fin de mission" if lang == "fr" else "# End-of-mission plan"
    assert done.stdout.startswith(title + "\n")
    assert "- [ ] " in done.stdout
    assert "⟦" not in done.stdout


def test_plan_markdown_with_fixture(answers_file: Path) -> None:
    done = run_cli("plan", str(answers_file), "--format", "md", "--lang", "en",
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
    done = run_cli("plan", str(path), "--lang", "en")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "today: This date does not exist.",
        "contract.notice: The value cannot be negative.",
        "invoices[0].amount: This kind of value does not fit here.",
    ]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ("[]", "(answers): "),
    ("", "not valid JSON"),
])
def test_unreadable_answers_exit_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    done = run_cli("plan", str(path))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_file_unknown_jurisdiction_and_usage_errors(answers_file: Path) -> None:
    for args in (("plan", "/nonexistent/answers.json"),
                 ("plan", str(answers_file), "--jurisdiction", "xx",
                  "--checklist", str(FIXTURES / "checklist.json")),
                 ("plan", str(answers_file), "--format", "pdf"),
                 ("plan", str(answers_file), "--lang", "de"),
                 ("plan", str(answers_file), "--checklist", "/nonexistent.json"),
                 ("frobnicate",),
                 ()):
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr, args
        assert done.stderr.strip(), args


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


def test_i18n_is_listed_in_help() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    assert "i18n" in done.stdout and "plan" in done.stdout




def test_the_default_guide_does_not_depend_on_the_current_directory(answers_file: Path,
                                                                    tmp_path: Path) -> None:
    done = run_cli("plan", str(answers_file), "--format", "md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "- [ ] " in done.stdout


def test_a_missing_guide_is_an_error_not_an_empty_plan(answers_file: Path) -> None:
    done = run_cli("plan", str(answers_file), "--docs", "/nonexistent")
    assert done.returncode == 2
    assert "no guide for language 'fr'" in done.stderr and "/nonexistent/fr" in done.stderr


def test_checklist_that_is_not_an_object_is_an_error(answers_file: Path,
                                                     tmp_path: Path) -> None:
    listing = tmp_path / "list.json"
    listing.write_text("[]", encoding="utf-8")
    done = run_cli("plan", str(answers_file), "--checklist", str(listing))
    assert done.returncode == 2 and "a JSON object is expected" in done.stderr


def test_lone_surrogates_are_a_field_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers_with(client={"name": "\ud800"})), encoding="utf-8")
    done = run_cli("plan", str(path), "--format", "ics",
                   "--checklist", str(FIXTURES / "checklist.json"))
    assert done.returncode == 2
    assert done.stderr.startswith("client.name: ") and "Traceback" not in done.stderr
