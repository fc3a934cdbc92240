"""Shared fixtures for the engine tests: the fixture checklist, the strings, answers."""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checklist.text import Strings

# A property's example count under the loaded Hypothesis profile, for the property tests.
from tests.conftest import examples as examples

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOCALES = ROOT / "locales"

BASE_ANSWERS: dict[str, Any] = {
    "version": 3,
    "today": "2026-11-26",
    "reasons": ["late_payment"],
    "contract": {"type": "open_ended", "start": "2024-03-01", "end": None, "notice": 30,
                 "intermediary": "none"},
    "desired_last_day": None,
    "next_milestone": None,
    "new_mission_start": None,
    "invoices": [{"amount": 4200.0, "due": "2026-09-30", "paid": False, "ref": ""}],
    "penalty_rate": None,
    "holds_client_assets": False,
    "ip_assigned": "unknown",
    "personal_data": "unknown",
    "non_solicitation": False,
    "freelancer": {"name": ""},
    "client": {"name": "", "contact": ""},
}


def fixture_checklist(lang: str = "fr") -> dict[str, Any]:
    name = "checklist.json" if lang == "fr" else f"checklist.{lang}.json"
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def locale_table(lang: str) -> dict[str, Any]:
    return tomllib.loads((LOCALES / lang / "plan.toml").read_text(encoding="utf-8"))


def load_locale(lang: str) -> Strings:
    return Strings(locale_table(lang))


def answers_with(**changes: Any) -> dict[str, Any]:
    """BASE_ANSWERS with changes; `contract={...}` (and the other groups: `freelancer`,
    `client`, `intermediary`) updates that group's fields (any other value replaces it)."""
    answers = copy.deepcopy(BASE_ANSWERS)
    for key, value in changes.items():
        if key in ("contract", "freelancer", "client", "intermediary") and isinstance(
                value, dict):
            answers.setdefault(key, {}).update(value)
        else:
            answers[key] = value
    return answers


@pytest.fixture
def checklist() -> dict[str, Any]:
    return fixture_checklist("fr")


@pytest.fixture
def checklist_en() -> dict[str, Any]:
    return fixture_checklist("en")


@pytest.fixture(params=["fr", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def strings_fr() -> Strings:
    return load_locale("fr")


@pytest.fixture
def strings_en() -> Strings:
    return load_locale("en")


@pytest.fixture
def make() -> Callable[..., dict[str, Any]]:
    return answers_with
