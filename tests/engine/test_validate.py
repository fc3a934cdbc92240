"""Bad answers give field-level errors (keys, not sentences), never an exception."""

from __future__ import annotations

from typing import Any

import pytest

from checklist.api import validate

from .conftest import BASE_ANSWERS, answers_with


def errors_of(answers: Any) -> dict[str, str]:
    return {error["field"]: error["key"] for error in validate(answers)}


def test_example_answers_are_valid() -> None:
    assert validate(BASE_ANSWERS) == []


def test_minimal_answers_are_valid() -> None:
    assert validate({"today": "2026-11-26", "contract": {"type": "open_ended",
                                                         "intermediary": "none"}}) == []


def test_the_intermediary_is_required_since_version_2() -> None:
    answers = {"today": "2026-11-26", "contract": {"type": "open_ended"}}
    assert validate(answers) == [{"field": "contract.intermediary", "key": "error.required"}]
    # Version 1 answers meant "direct" when it was absent: they are migrated, not refused.
    assert validate({**answers, "version": 1}) == []


def test_error_shape() -> None:
    assert validate(answers_with(contract={"notice_days": -1})) == [
        {"field": "contract.notice_days", "key": "error.negative"}]


@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"today": None}, "today", "error.required"),
    ({"today": 20261126}, "today", "error.type"),
    ({"today": "26/11/2026"}, "today", "error.date_format"),
    ({"today": "20261126"}, "today", "error.date_format"),
    ({"today": "2026-W48-4"}, "today", "error.date_format"),
    ({"today": "2026-02-30"}, "today", "error.date_invalid"),
    ({"today": "1989-12-31"}, "today", "error.date_range"),
    ({"today": "2101-01-01"}, "today", "error.date_range"),
    ({"version": 3}, "version", "error.unsupported_version"),
    ({"version": True}, "version", "error.unsupported_version"),
    ({"reasons": "workload"}, "reasons", "error.type"),
    ({"reasons": ["bored"]}, "reasons[0]", "error.unknown_code"),
    ({"reasons": ["workload", "workload"]}, "reasons[1]", "error.duplicate"),
    ({"reasons": ["workload"] * 21}, "reasons", "error.too_many"),
    ({"contract": None}, "contract", "error.required"),
    ({"contract": []}, "contract", "error.not_object"),
    ({"contract": {"type": "permanent"}}, "contract.type", "error.unknown_code"),
    ({"contract": {"type": None}}, "contract.type", "error.required"),
    ({"contract": {"type": "fixed_term"}}, "contract.end", "error.required"),
    ({"contract": {"end": "2020-01-01"}}, "contract.end", "error.before_start"),
    ({"contract": {"start": "2026-12-01"}}, "contract.start", "error.after_today"),
    ({"contract": {"notice_days": -1}}, "contract.notice_days", "error.negative"),
    ({"contract": {"notice_days": 3651}}, "contract.notice_days", "error.too_large"),
    ({"contract": {"notice_days": 30.0}}, "contract.notice_days", "error.type"),
    ({"contract": {"notice_days": True}}, "contract.notice_days", "error.type"),
    ({"contract": {"notice_days": "30"}}, "contract.notice_days", "error.type"),
    ({"contract": {"intermediary": "broker"}}, "contract.intermediary", "error.unknown_code"),
    ({"contract": {"notice": 30}}, "contract.notice", "error.unknown_field"),
    ({"desired_last_day": "2026-11-25"}, "desired_last_day", "error.before_today"),
    ({"next_milestone": "2026-01-01"}, "next_milestone", "error.before_today"),
    ({"new_mission_start": "2026-13-01"}, "new_mission_start", "error.date_invalid"),
    ({"invoices": {}}, "invoices", "error.type"),
    ({"invoices": [{"due": "2026-01-01", "amount": 1}] * 201}, "invoices", "error.too_many"),
    ({"invoices": ["x"]}, "invoices[0]", "error.not_object"),
    ({"invoices": [{"due": "2026-01-01"}]}, "invoices[0].amount", "error.required"),
    ({"invoices": [{"amount": -5, "due": "2026-01-01"}]}, "invoices[0].amount", "error.negative"),
    ({"invoices": [{"amount": 0, "due": "2026-01-01"}]}, "invoices[0].amount", "error.zero"),
    ({"invoices": [{"amount": 1e10, "due": "2026-01-01"}]}, "invoices[0].amount",
     "error.too_large"),
    ({"invoices": [{"amount": 10**400, "due": "2026-01-01"}]}, "invoices[0].amount",
     "error.too_large"),
    ({"invoices": [{"amount": 1.005, "due": "2026-01-01"}]}, "invoices[0].amount",
     "error.precision"),
    ({"invoices": [{"amount": float("nan"), "due": "2026-01-01"}]}, "invoices[0].amount",
     "error.not_finite"),
    ({"invoices": [{"amount": float("inf"), "due": "2026-01-01"}]}, "invoices[0].amount",
     "error.not_finite"),
    ({"invoices": [{"amount": True, "due": "2026-01-01"}]}, "invoices[0].amount", "error.type"),
    ({"invoices": [{"amount": "12", "due": "2026-01-01"}]}, "invoices[0].amount", "error.type"),
    ({"invoices": [{"amount": 1}]}, "invoices[0].due", "error.required"),
    ({"invoices": [{"amount": 1, "due": "2026-01-01", "paid": "no"}]}, "invoices[0].paid",
     "error.type"),
    ({"invoices": [{"amount": 1, "due": "2026-01-01", "ref": "x" * 201}]}, "invoices[0].ref",
     "error.too_long"),
    ({"invoices": [{"amount": 1, "due": "2026-01-01", "vat": 20}]}, "invoices[0].vat",
     "error.unknown_field"),
    ({"penalty_rate": -1}, "penalty_rate", "error.negative"),
    ({"penalty_rate": 101}, "penalty_rate", "error.too_large"),
    ({"penalty_rate": "12"}, "penalty_rate", "error.type"),
    ({"penalty_rate": 12.12345}, "penalty_rate", "error.precision"),
    ({"holds_client_assets": 1}, "holds_client_assets", "error.type"),
    ({"non_solicitation": "yes"}, "non_solicitation", "error.type"),
    ({"ip_assigned": True}, "ip_assigned", "error.type"),
    ({"personal_data": "maybe"}, "personal_data", "error.unknown_code"),
    ({"client_name": "x" * 201}, "client_name", "error.too_long"),
    ({"contact_name": 7}, "contact_name", "error.type"),
    ({"freelancer_name": "Sam\nMartin"}, "freelancer_name", "error.control_chars"),
    ({"surprise": 1}, "surprise", "error.unknown_field"),
    ({"client_name": "A\ud800B"}, "client_name", "error.invalid_chars"),
    ({"invoices": [{"amount": 1, "due": "2026-01-01", "ref": "\udfff"}]}, "invoices[0].ref",
     "error.invalid_chars"),
    ({"contract": {"notice_from": "post"}}, "contract.notice_from", "error.unknown_code"),
    ({"contract": {"early_exit_clause": True}}, "contract.early_exit_clause", "error.type"),
    ({"contract": {"employment": "cdi"}}, "contract.employment", "error.unknown_code"),
    ({"initiator": "esn"}, "initiator", "error.unknown_code"),
    ({"initiator": "client"}, "client_notice_received", "error.required"),
    ({"initiator": "client", "client_notice_received": "2026-11-20",
      "client_last_day": "2026-11-19"}, "client_last_day", "error.before_notice"),
    ({"client_notice_received": "2026-11-27"}, "client_notice_received", "error.after_today"),
    ({"daily_rate": 0}, "daily_rate", "error.zero"),
    ({"daily_rate": 100001}, "daily_rate", "error.too_large"),
    ({"insolvency_published": "2026-02-30"}, "insolvency_published", "error.date_invalid"),
])
def test_field_errors(changes: dict[str, Any], field: str, key: str) -> None:
    assert errors_of(answers_with(**changes)).get(field) == key


@pytest.mark.parametrize("answers", [None, [], "answers", 42, True, 1.5])
def test_not_an_object(answers: object) -> None:
    assert validate(answers) == [{"field": "", "key": "error.not_object"}]


def test_several_errors_one_per_field_in_a_stable_order() -> None:
    answers = answers_with(today="x", contract={"notice_days": -1, "type": "nope"},
                           invoices=[{"amount": -1, "due": "y"}])
    assert validate(answers) == [
        {"field": "today", "key": "error.date_format"},
        {"field": "contract.type", "key": "error.unknown_code"},
        {"field": "contract.notice_days", "key": "error.negative"},
        {"field": "invoices[0].amount", "key": "error.negative"},
        {"field": "invoices[0].due", "key": "error.date_format"},
    ]
    assert validate(answers) == validate(answers)


def test_nulls_mean_defaults() -> None:
    answers = {"today": "2026-11-26", "contract": {"type": "open_ended", "intermediary": "none",
                                                   "notice_from": None},
               "reasons": None, "invoices": None, "ip_assigned": None, "client_name": None,
               "holds_client_assets": None, "version": None}
    assert validate(answers) == []


def test_limits_accepted() -> None:
    answers = answers_with(
        contract={"notice_days": 3650}, client_name="x" * 200, penalty_rate=100,
        invoices=[{"amount": 1_000_000_000, "due": "1990-01-01"}] * 200,
        today="2100-12-31")
    answers["contract"]["start"] = "1990-01-01"
    assert validate(answers) == []


def test_many_unknown_fields_give_one_error() -> None:
    answers = answers_with(**{f"x{n}": n for n in range(10_000)})
    assert errors_of(answers) == {"": "error.too_many"}
    answers = answers_with(contract={f"x{n}": n for n in range(11)})
    assert errors_of(answers) == {"contract": "error.too_many"}


def test_formats_md_answers_table_is_generated_from_the_schema() -> None:
    from checklist.schema import answers_table

    from .conftest import ROOT
    text = (ROOT / "FORMATS.md").read_text(encoding="utf-8")
    start = text.index("<!-- answers-table:start -->\n") + len("<!-- answers-table:start -->\n")
    end = text.index("\n<!-- answers-table:end -->")
    assert text[start:end] == answers_table(), "regenerate with schema.answers_table()"


def test_the_questionnaire_asks_every_answer_with_the_schemas_kind() -> None:
    from checklist.questionnaire import NOT_ASKED, QUESTIONNAIRE
    from checklist.schema import BY_PATH, FIELDS

    asked = {q["name"]: q for group in QUESTIONNAIRE for q in group["questions"]}
    assert sorted(asked) == sorted(f.path for f in FIELDS if f.path not in NOT_ASKED)
    for name, question in asked.items():
        field = BY_PATH[name]
        assert question.get("options", ()) == field.options, name
        assert question.get("required", False) == bool(field.required or field.required_when)
        assert question.get("personal", False) == field.personal
