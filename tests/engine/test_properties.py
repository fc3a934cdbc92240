"""Properties over random valid answers (Hypothesis), and robustness on arbitrary input."""

from __future__ import annotations

import functools
import importlib.util
import json
from datetime import date, timedelta
from typing import Any

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklist import api
from checklist.api import build_view, make_plan, run, validate
from checklist.exports.ics import to_ics
from checklist.exports.json_export import to_json
from checklist.rules import get_rules
from checklist.schema import FIELDS, MAX_INVOICES, MAX_TEXT
from checklist.vocabulary import (
    CONTRACT_TYPES,
    EMPLOYMENT,
    INITIATORS,
    INTERMEDIARIES,
    LEGAL_FORMS,
    NOTICE_FROM,
    NOTICE_UNITS,
    REASONS,
    SENDING,
    TRI_STATE,
)

from .conftest import ROOT, examples, fixture_checklist, load_locale
from .test_scenarios import check_plan_invariants, check_view_invariants

LOW, HIGH = date(1990, 1, 1), date(2100, 12, 31)


def at_least(count: int) -> int:
    """This test's quick example count, or the loaded profile's when it is larger
    (HYPOTHESIS_PROFILE=fuzz: see tests/conftest.py)."""
    return examples(count)


PROPERTY = settings(max_examples=at_least(150), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def languages() -> tuple[str, ...]:
    """The guide's languages: the subfolders of docs/ that have an index.md."""
    return tuple(sorted(path.parent.name for path in (ROOT / "docs").glob("*/index.md")))


@functools.cache
def checklists() -> dict[str, dict[str, Any]]:
    """Checklist data of every language: from the guide when its reader is available (and
    the guide has items), else the test fixtures."""
    if importlib.util.find_spec("markdown_it") is not None:
        try:
            from checklist.authoring.guide import load_checklist
        except ImportError:
            pass
        else:
            data = {lang: load_checklist(ROOT / "docs", lang) for lang in languages()}
            if all(d["items"] for d in data.values()):
                return data
    return {"fr": fixture_checklist("fr"), "en": fixture_checklist("en")}


def clip(day: date) -> date:
    return min(max(day, LOW), HIGH)


def shifted(base: date, low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: clip(base + timedelta(days=n)).isoformat())


names = st.text(st.characters(min_codepoint=0x20, blacklist_categories=("Cs", "Cc")),
                max_size=40)
money = st.decimals(min_value="0.01", max_value="1000000", places=2).map(float)
addresses = st.lists(names, max_size=3).map("\n".join)


@st.composite
def valid_answers(draw: st.DrawFn) -> dict[str, Any]:
    today = draw(st.dates(date(1992, 1, 1), date(2098, 12, 31)))
    kind = draw(st.sampled_from(CONTRACT_TYPES))
    start = draw(st.none() | st.dates(LOW, today))
    floor = start or LOW
    if kind in ("fixed_term", "deliverable") or draw(st.booleans()):
        end = draw(st.dates(floor, clip(today + timedelta(days=900)))).isoformat()
    else:
        end = None
    invoices = draw(st.lists(st.fixed_dictionaries(
        {"amount": money, "due": shifted(today, -2500, 200)},
        optional={"paid": st.booleans(), "ref": names}), max_size=5))
    tri = st.sampled_from(TRI_STATE)
    answers: dict[str, Any] = {
        "version": 3,
        "today": today.isoformat(),
        "initiator": draw(st.sampled_from(INITIATORS)),
        "reasons": draw(st.lists(st.sampled_from(REASONS), unique=True)),
        "contract": {
            "type": kind,
            "start": start.isoformat() if start else None,
            "end": end,
            "notice": draw(st.none() | st.integers(0, 120) | st.integers(0, 3650)),
            "notice_unit": draw(st.sampled_from(NOTICE_UNITS)),
            "notice_from": draw(st.sampled_from(NOTICE_FROM)),
            "early_exit_clause": draw(tri),
            "auto_renewal": draw(tri),
            "intermediary": draw(st.sampled_from(INTERMEDIARIES)),
            "employment": draw(st.sampled_from(EMPLOYMENT)),
            "reference": draw(names),
        },
        "sending": draw(st.sampled_from(SENDING)),
        "desired_last_day": draw(st.none() | shifted(today, 0, 800)),
        "next_milestone": draw(st.none() | shifted(today, 0, 200)),
        "new_mission_start": draw(st.none() | shifted(today, -60, 500)),
        "new_mission_with_client": draw(st.booleans()),
        "daily_rate": draw(st.none() | st.decimals("1", "5000", places=2).map(float)),
        "invoices": invoices,
        "penalty_rate": draw(st.none() | st.decimals("0", "100", places=2).map(float)),
        "insolvency_published": draw(st.none() | shifted(today, -300, 0)),
        "holds_client_assets": draw(st.booleans()),
        "ip_assigned": draw(tri),
        "personal_data": draw(tri),
        "non_solicitation": draw(st.booleans()),
        "freelancer": {"name": draw(names), "legal_form": draw(st.sampled_from(LEGAL_FORMS)),
                       "company": draw(names), "city": draw(names),
                       "address": draw(addresses)},
        "client": {"name": draw(names), "contact": draw(names), "address": draw(addresses)},
        "intermediary": {"name": draw(names), "contact": draw(names)},
    }
    if answers["contract"]["notice_unit"] == "months" and answers["contract"]["notice"]:
        answers["contract"]["notice"] = min(answers["contract"]["notice"], 36)
    if answers["initiator"] == "client":
        received = draw(st.dates(clip(today - timedelta(days=60)), today))
        answers["client_notice_received"] = received.isoformat()
        answers["client_last_day"] = clip(received + timedelta(
            days=draw(st.integers(0, 400)))).isoformat()
    # Optional fields may be missing.
    for key in draw(st.lists(st.sampled_from(("reasons", "invoices", "penalty_rate",
                                               "client", "ip_assigned", "initiator",
                                               "daily_rate", "sending", "freelancer")),
                             unique=True)):
        if not (key == "initiator" and answers["initiator"] == "client"):
            del answers[key]
    if draw(st.booleans()):  # saved by an older version: migrated by the engine
        answers = _as_version_2(answers)
    return answers


def _as_version_2(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers as version 2 wrote them (fields v3 added are left out)."""
    old = {key: value for key, value in answers.items()
           if key not in ("freelancer", "client", "intermediary", "sending",
                          "new_mission_with_client")}
    contract = {key: value for key, value in answers["contract"].items()
                if key not in ("notice", "notice_unit", "reference")}
    if answers["contract"].get("notice_unit") != "months":
        contract["notice_days"] = answers["contract"]["notice"]
    old |= {"version": 2, "contract": contract,
            "client_name": answers.get("client", {}).get("name", ""),
            "freelancer_name": answers.get("freelancer", {}).get("name", ""),
            "intermediary_name": answers["intermediary"]["name"],
            "contact_name": answers["intermediary"]["contact"]}
    return old


@PROPERTY
@given(valid_answers())
def test_plans_are_sound(answers: dict[str, Any]) -> None:
    assert validate(answers) == []
    checklist = checklists()["fr"]
    plan = make_plan(answers, checklist)
    dates = plan["dates"]
    risks = {risk["code"] for risk in plan["risks"]}

    assert dates["announce"] >= dates["today"]
    # Dates a person can act on (issue 20): a deadline is stated only while it is open.
    for name in ("send_by", "renewal_send_by"):
        if name in dates:
            assert dates["today"] <= dates[name], name
    assert dates.get("last_working_day", dates["last_day"]) <= dates["last_day"]
    if dates["last_day"] < dates["announce"]:  # the contract's own end falls before any
        assert plan["route"] in ("fixed_term_at_term", "deliverable_complete") or (
            plan["initiator"] == "client")  # working day on which to act
    if dates.get("earliest_last_day", "") > dates["last_day"]:
        assert risks & {"notice_shortfall", "fixed_term_early_exit", "deliverable_unfinished",
                        "renewal_deadline"}
    assert dates["today"] <= dates["handover_start"]
    # The handover never starts after the last day worked, unless that day has passed
    # (25#15: what is left is then done now).
    last_worked = dates.get("last_working_day", dates["last_day"])
    assert dates["handover_start"] <= last_worked or last_worked < dates["announce"]

    # Business days, letters that agree with each other, the right recipient.
    check_plan_invariants(plan)
    letters = {m["id"] for m in plan["messages"]}
    if plan["route"] in ("fixed_term_early_agreement", "deliverable_early_agreement"):
        assert "tpl-notice-letter" not in letters
    if plan["counterparty"] == "umbrella":
        assert not risks & {"established_relationship", "overdue_invoices"}

    rules = get_rules("fr")
    for risk in plan["risks"]:
        assert risk["basis"], risk["code"]
        assert all(source in rules.sources for source in risk["basis"])
        assert risk["severity"] in ("high", "medium", "low")
    for entry in plan["reasoning"]:  # every citation comes from the selected rules set
        assert all(source in plan["sources"] for source in entry["rule"]), entry["subject"]
    subjects = {entry["subject"] for entry in plan["reasoning"]}
    assert {"dates.announce", "dates.last_day"} <= subjects
    assert {f"risks.{code}" for code in risks} <= subjects

    for step in plan["steps"]:
        assert step["due"] >= dates["today"]
        for lang, data in checklists().items():
            assert step["id"] in {item["id"] for item in data["items"]}, (lang, step["id"])

    money = plan["money"]
    assert round(sum(i["late_penalty"] for i in money["invoices"]), 2) == money["late_penalties"]
    assert "-0.0" not in to_json(plan)
    assert json.loads(to_json(plan)) == plan


@PROPERTY
@given(valid_answers())
def test_views_have_every_string_and_ics_parses(answers: dict[str, Any]) -> None:
    for lang, checklist in checklists().items():
        plan = make_plan(answers, checklist)
        strings = load_locale(lang)
        view = build_view(plan, checklist, strings)
        text = json.dumps(view, ensure_ascii=False)
        assert "⟦" not in text, lang
        check_view_invariants(view)
        calendar = icalendar.Calendar.from_ical(to_ics(view, strings))
        assert calendar.errors == []
        for prop in ("VERSION", "PRODID"):
            assert prop in calendar
        uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids)), "two events share a UID"
        for event in calendar.walk("VEVENT"):
            assert event.errors == []
            for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
                assert prop in event, prop
            assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(days=1)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=15), children, max_size=5),
    max_leaves=30,
)
ANSWER_KEYS = tuple(dict.fromkeys(f.path.partition(".")[0] for f in FIELDS))
hostile_text = st.text(max_size=20)  # includes lone surrogates (category Cs)


@settings(max_examples=at_least(300), deadline=None)
@given(json_like)
def test_validate_never_raises_on_arbitrary_input(value: Any) -> None:
    errors = validate(value)
    assert all(set(error) == {"field", "key"} for error in errors)
    response = json.loads(run(json.dumps({"answers": value}, allow_nan=True)))
    assert set(response) == {"ok", "errors", "plan", "view", "exports", "migrated"}


@settings(max_examples=at_least(300), deadline=None)
@given(valid_answers(),
       st.sampled_from((*ANSWER_KEYS, "contract.type", "contract.end", "contract.notice",
                        "contract.notice_from", "invoices[0]")),
       json_like | hostile_text)
def test_a_broken_field_is_an_error_never_a_crash(answers: dict[str, Any], field: str,
                                                  value: Any) -> None:
    if field.startswith("contract."):
        answers["contract"][field.split(".")[1]] = value
    elif field == "invoices[0]":
        answers["invoices"] = [value]
    else:
        answers[field] = value
    errors = validate(answers)
    if not errors:  # the value happened to be valid: the plan must work
        make_plan(answers, checklists()["fr"])
    response = json.loads(run(json.dumps({"answers": answers,
                                          "checklist": checklists()["fr"],
                                          "exports": ["md", "ics", "json"]})))
    assert response["ok"] is (not errors)
    if not errors:  # every export writes out as UTF-8
        for text in response["exports"].values():
            text.encode("utf-8")


# -- sizes and depths at the edges (issue 25): the fuzz profile runs these 10,000 times --

def _nested(kinds: list[bool], leaf: Any) -> Any:
    """`leaf` inside len(kinds) levels: a list where the kind is True, else an object."""
    value = leaf
    for is_list in kinds:
        value = [value] if is_list else {"a": value}
    return value


@settings(max_examples=at_least(100), deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=150), hostile_text | json_like,
       st.sampled_from(("client.name", "contract.reference", "reasons", "invoices")))
def test_nesting_past_the_limit_is_refused_before_parsing_and_never_crashes(
        kinds: list[bool], leaf: Any, field: str) -> None:
    parent, _, child = field.partition(".")
    value = _nested(kinds, leaf)
    answers: dict[str, Any] = {"version": 3, parent: {child: value} if child else value}
    text = json.dumps({"answers": answers}, allow_nan=True)
    expected = len(kinds) + (3 if child else 2) + _depth(leaf)
    assert api.too_deep(text) is (expected > api.MAX_JSON_DEPTH)
    response = json.loads(run(text))
    keys = [error["key"] for error in response["errors"]]
    if expected > api.MAX_JSON_DEPTH:
        assert keys == ["error.too_deep"]
    else:
        assert "error.too_deep" not in keys
        # Read, then refused where it stands: a list or object is no answer to these fields.
        fields = [error["field"] for error in response["errors"]]
        assert any(name == field or name.startswith((f"{field}[", f"{field}."))
                   for name in fields), fields


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


@settings(max_examples=at_least(60), deadline=None)
@given(st.integers(0, MAX_INVOICES + 50), st.integers(0, MAX_TEXT + 50))
def test_list_lengths_and_text_sizes_at_the_limits(count: int, size: int) -> None:
    answers = {"version": 3, "today": "2026-12-07",
               "contract": {"type": "open_ended", "intermediary": "none"},
               "freelancer": {"name": "x" * size},
               "invoices": [{"amount": 100, "due": "2026-11-01"}] * count}
    errors = validate(answers)
    fields = {error["field"] for error in errors}
    assert ("invoices" in fields) is (count > MAX_INVOICES)
    assert ("freelancer.name" in fields) is (size > MAX_TEXT)
    response = json.loads(run(json.dumps({"answers": answers, "checklist": checklists()["fr"]})))
    assert response["ok"] is (not errors)
