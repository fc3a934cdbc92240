"""api.run: the worker's single entry point; never raises, always answers the same shape."""

from __future__ import annotations

import dataclasses
import json
import sys
import types
from typing import Any

import pytest

from checklist import api
from checklist.api import InvalidInput, configure, make_plan, run
from checklist.rules import UnknownRules, fr, get_rules

from .conftest import answers_with, locale_table

SHAPE = {"ok", "errors", "plan", "view", "exports", "migrated"}


def call(request: Any) -> dict[str, Any]:
    text = run(request if isinstance(request, str) else json.dumps(request))
    response = json.loads(text)
    assert set(response) == SHAPE
    return response


def test_run_returns_plan_and_view(checklist: dict[str, Any]) -> None:
    response = call({"answers": answers_with(), "checklist": checklist,
                     "strings": locale_table("fr"), "jurisdiction": "fr", "with_plan": True})
    assert response["ok"] is True and response["errors"] == []
    assert response["plan"] == make_plan(answers_with(), checklist)
    assert response["view"]["summary"].startswith("Annoncez le")
    assert response["exports"] == {}


def test_the_plan_is_left_out_unless_asked_for(checklist: dict[str, Any]) -> None:
    # The page reads the view only: the plan (tens of kilobytes) is not sent back to it.
    response = call({"answers": answers_with(), "checklist": checklist,
                     "strings": locale_table("fr")})
    assert response["ok"] is True and response["plan"] is None
    assert response["view"]["summary"]


def test_configure_keeps_the_context_for_the_requests_that_follow(
        checklist: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "_configured", None)
    full = call({"answers": answers_with(), "checklist": checklist,
                 "strings": locale_table("en"), "jurisdiction": "fr"})
    assert json.loads(configure(json.dumps({"checklist": checklist,
                                            "strings": locale_table("en"),
                                            "jurisdiction": "fr"}))) == {"ok": True,
                                                                         "errors": []}
    answers_only = call({"answers": answers_with()})
    assert answers_only == full  # same plan, with no checklist or strings sent
    # A request that brings its own context still uses it.
    french = call({"answers": answers_with(), "checklist": checklist,
                   "strings": locale_table("fr")})
    assert french["view"]["lang"] == "fr"


def test_configure_refuses_a_bad_context_and_keeps_none(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "_configured", None)
    response = json.loads(configure(json.dumps({"checklist": {"items": 3},
                                                "jurisdiction": "xx"})))
    assert response["ok"] is False
    assert {e["field"] for e in response["errors"]} == {"jurisdiction", "checklist.items"}
    assert json.loads(configure("{nope"))["errors"][0]["key"] == "error.invalid_json"
    # Without a kept context, a request with answers only plans with no guide steps.
    assert call({"answers": answers_with(), "with_plan": True})["plan"]["steps"] == []


def test_run_accepts_flat_strings_and_toml_text(checklist: dict[str, Any]) -> None:
    from checklist.text import flatten

    flat = call({"answers": answers_with(), "checklist": checklist,
                 "strings": flatten(locale_table("en"))})
    text = call({"answers": answers_with(), "checklist": checklist,
                 "strings": (locale_table.__globals__["LOCALES"] / "en" / "plan.toml")
                 .read_text(encoding="utf-8")})
    assert flat["view"] == text["view"]
    assert flat["view"]["lang"] == "en"


def test_run_exports(checklist: dict[str, Any]) -> None:
    response = call({"answers": answers_with(), "checklist": checklist,
                     "strings": locale_table("fr"), "exports": ["md", "ics", "json"],
                     "with_plan": True})
    assert response["exports"]["md"].startswith("# Plan de fin de mission")
    assert response["exports"]["ics"].startswith("BEGIN:VCALENDAR\r\n")
    assert json.loads(response["exports"]["json"]) == response["plan"]


def test_run_reports_field_errors_with_messages() -> None:
    answers = answers_with(contract={"notice": -1})
    response = call({"answers": answers, "strings": locale_table("en")})
    assert response == {"ok": False, "plan": None, "view": None, "exports": {}, "migrated": [],
                        "errors": [
        {"field": "contract.notice", "key": "error.negative",
         "message": "The value cannot be negative."}]}


@pytest.mark.parametrize("request_json", [
    "", "{", "null", "[]", "42", '"text"', "{}", '{"answers": null}', '{"answers": []}',
    '{"answers": {}, "strings": 5}', '{"answers": {}, "jurisdiction": "xx"}',
    '{"answers": {}, "checklist": {"items": 3}}', '{"answers": {}, "exports": ["pdf"]}',
    '{"answers": {}, "strings": "not = [toml"}', "[" * 100000 + "]" * 100000,
    '{"answers": {"today": NaN}}', '{"answers": {"today": "2026-11-26", "contract": '
    '{"type": "open_ended"}, "invoices": [{"amount": 1e999, "due": "2026-01-01"}]}}',
])
def test_run_never_raises_on_bad_input(request_json: str) -> None:
    response = call(request_json)
    assert response["ok"] is False
    assert response["errors"]
    for error in response["errors"]:
        assert set(error) == {"field", "key", "message"}


def test_run_rejects_bad_checklist_items() -> None:
    checklist = {"items": [{"id": "x-a", "phase": "later", "when": ["nope"],
                            "due": {"anchor": "tomorrow"}}]}
    response = call({"answers": answers_with(), "checklist": checklist})
    assert {e["field"] for e in response["errors"]} == {
        "checklist.items[0].phase", "checklist.items[0].when", "checklist.items[0].due"}


def test_run_without_checklist_still_plans() -> None:
    response = call({"answers": answers_with(), "strings": locale_table("fr"),
                     "with_plan": True})
    assert response["ok"] is True
    assert response["plan"]["steps"] == []


def test_make_plan_raises_invalid_input_with_errors() -> None:
    with pytest.raises(InvalidInput) as caught:
        make_plan({"today": "x"}, {})
    assert {"field": "today", "key": "error.date_format"} in caught.value.errors


def test_run_does_not_depend_on_hash_order(checklist: dict[str, Any],
                                           tmp_path: Any) -> None:
    # Set and dict iteration, or the local time zone, must not leak into the output:
    # interpreters with different string hashes and zones give the same bytes.
    import subprocess

    request = tmp_path / "request.json"
    request.write_text(json.dumps({"answers": answers_with(), "checklist": checklist,
                                   "strings": locale_table("fr"), "exports": ["md", "ics"],
                                   "with_plan": True}), encoding="utf-8")
    code = ("import sys; from checklist.api import run; "
            "sys.stdout.write(run(open(sys.argv[1], encoding='utf-8').read()))")
    outputs = {subprocess.run([sys.executable, "-c", code, str(request)], check=True,
                              capture_output=True, text=True,
                              env={"PYTHONHASHSEED": seed, "PATH": "", "TZ": zone}).stdout
               for seed, zone in (("1", "UTC"), ("2", "Pacific/Kiritimati"),
                                  ("3", "America/Adak"))}
    assert len(outputs) == 1 and json.loads(outputs.pop())["ok"] is True


def test_a_fork_rule_set_is_chosen_by_name(monkeypatch: pytest.MonkeyPatch,
                                           checklist: dict[str, Any]) -> None:
    """A fork adds checklist/rules/<name>.py with its RULES; a module stands in for it here."""
    fork = types.ModuleType("checklist.rules.zz")
    fork.RULES = dataclasses.replace(  # type: ignore[attr-defined]
        fr.RULES, name="zz", default_notice_days=60,
        public_holidays=lambda year: frozenset())
    monkeypatch.setitem(sys.modules, "checklist.rules.zz", fork)
    assert get_rules("zz").name == "zz"
    answers = answers_with(contract={"notice": None, "notice_from": "sending"})
    plan = make_plan(answers, checklist, "zz")
    assert plan["jurisdiction"] == "zz"
    assert plan["dates"]["earliest_last_day"] == "2027-01-25"  # 26 Nov + 60 days
    response = call({"answers": answers_with(), "jurisdiction": "zz"})
    assert response["ok"] is True


def test_a_module_without_rules_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fork = types.ModuleType("checklist.rules.zy")
    fork.NAME = "zy"  # type: ignore[attr-defined]  # the old module-of-names shape
    monkeypatch.setitem(sys.modules, "checklist.rules.zy", fork)
    with pytest.raises(UnknownRules):
        get_rules("zy")


def test_an_internal_error_renders_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from checklist import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "build_view", broken)
    response = call({"answers": answers_with(), "strings": locale_table("en")})
    assert response["errors"] == [{"field": "", "key": "error.internal", "message":
                                   "Internal error: the plan could not be worked out."}]


@pytest.mark.parametrize(("changes", "message"), [
    ({"contract": {"notice": 3651}}, "Value too large: 3,650 at most."),
    ({"invoices": [{"amount": 1e10, "due": "2026-01-01"}]},
     "Value too large: 1,000,000,000 at most."),
    ({"daily_rate": 100001}, "Value too large: 100,000 at most."),
])
def test_too_large_names_the_limit(changes: dict[str, Any], message: str) -> None:
    response = call({"answers": answers_with(**changes), "strings": locale_table("en")})
    assert [e["message"] for e in response["errors"]] == [message]


def test_run_reports_what_it_migrated_for_the_page_to_show() -> None:
    v1 = {"version": 1, "today": "2026-11-26", "contract": {"type": "open_ended"}}
    response = call({"answers": v1})
    assert response["ok"] is True
    assert response["migrated"] == [{"field": "version", "value": 3},
                                    {"field": "contract.intermediary", "value": "none"}]
    assert call({"answers": answers_with()})["migrated"] == []


def test_deep_nesting_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The browser's runtime dies parsing ~3,500 levels (25#1): the depth is read first.
    monkeypatch.setattr(api, "_configured", None)
    deep = '{"answers": {"client": {"name": ' + '{"a": ' * 4000 + '1' + '}' * 4000 + '}}}'
    response = call(deep)
    assert response["errors"] == [{"field": "request", "key": "error.too_deep",
                                   "message": "The data is nested too deeply to be read."}]
    assert json.loads(configure("[" * 200 + "]" * 200))["errors"][0]["key"] == "error.too_deep"
    # Brackets inside strings are text, not nesting.
    assert not api.too_deep(json.dumps({"a": "[" * 500}))


def test_request_errors_are_sentences_in_the_configured_language(
        checklist: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "_configured", None)
    for text in ("{nope", "[" * 100 + "]" * 100, "[]"):
        for error in call(text)["errors"]:
            assert "⟦" not in error["message"] and error["message"].endswith(".")
    configure(json.dumps({"checklist": checklist, "strings": locale_table("fr")}))
    [error] = call("{nope")["errors"]
    assert error["message"] == "La requête n'est pas du JSON valide."
