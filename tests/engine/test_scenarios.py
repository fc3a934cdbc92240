"""The scenario files (tests/scenarios/*.json): each states what the plan must contain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checklist.api import build_view, make_plan, validate

from .conftest import ROOT, fixture_checklist, load_locale

SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.json"))


def test_there_are_enough_distinct_scenarios() -> None:
    assert len(SCENARIOS) >= 6
    situations = {frozenset(make_plan(json.loads(p.read_text())["answers"],
                                      fixture_checklist())["situations"]) for p in SCENARIOS}
    assert len(situations) == len(SCENARIOS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path: Path) -> None:
    scenario: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert scenario["description"]
    answers, expect = scenario["answers"], scenario["expect"]
    assert validate(answers) == []
    plan = make_plan(answers, fixture_checklist())
    assert set(expect.get("situations_include", [])) <= set(plan["situations"])
    if "risks" in expect:
        assert sorted(expect["risks"]) == sorted(risk["code"] for risk in plan["risks"])
    for name, value in expect.get("dates", {}).items():
        assert plan["dates"][name] == value, name
    for name, value in expect.get("money", {}).items():
        assert plan["money"][name] == value, name
    for lang in ("fr", "en"):
        view = build_view(plan, fixture_checklist(lang), load_locale(lang))
        assert "⟦" not in json.dumps(view, ensure_ascii=False)
