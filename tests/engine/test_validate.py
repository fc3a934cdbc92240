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


VERSION_2 = {"version": 2, "today": "2026-11-26",
             "contract": {"type": "open_ended", "notice_days": 30, "intermediary": "agency"},
             "freelancer_name": "Dominique Leroy", "client_name": "Imprimerie Dubois",
             "intermediary_name": "Conseil Plus", "contact_name": "Alex Martin"}


def test_version_2_is_migrated_to_3() -> None:
    from checklist.schema import migrate

    assert migrate(VERSION_2) == {
        "version": 3, "today": "2026-11-26",
        "contract": {"type": "open_ended", "notice": 30, "intermediary": "agency"},
        "freelancer": {"name": "Dominique Leroy"}, "client": {"name": "Imprimerie Dubois"},
        # With an intermediary, the one contact was the person at the ESN the reader wrote to.
        "intermediary": {"name": "Conseil Plus", "contact": "Alex Martin"}}
    direct = {**VERSION_2, "contract": {**VERSION_2["contract"], "intermediary": "none"}}
    del direct["intermediary_name"]
    assert migrate(direct)["client"] == {"name": "Imprimerie Dubois", "contact": "Alex Martin"}
    assert "intermediary" not in migrate(direct)
    assert validate(VERSION_2) == validate(migrate(VERSION_2)) == []


def test_version_1_is_migrated_to_3() -> None:
    from checklist.schema import migrate

    version_1 = {"version": 1, "today": "2026-11-26", "contract": {"type": "fixed_term",
                 "end": "2027-03-31", "notice_days": 15}, "contact_name": "Claire"}
    assert migrate(version_1) == {
        "version": 3, "today": "2026-11-26",
        "contract": {"type": "fixed_term", "end": "2027-03-31", "notice": 15,
                     "intermediary": "none"},
        "client": {"contact": "Claire"}}


def test_migration_changes_name_what_moved_and_what_is_gone() -> None:
    from checklist.schema import migration_changes

    changes = {c["field"]: c["value"] for c in migration_changes(VERSION_2)}
    assert changes == {"version": 3, "contract.notice": 30, "contract.notice_days": None,
                       "freelancer.name": "Dominique Leroy", "client.name": "Imprimerie Dubois",
                       "intermediary.name": "Conseil Plus",
                       "intermediary.contact": "Alex Martin", "freelancer_name": None,
                       "client_name": None, "intermediary_name": None, "contact_name": None}
    assert migration_changes(answers_with()) == []


def test_version_3_groups_may_be_left_out() -> None:
    # The letters' parties are optional: absent groups take their defaults.
    from checklist.validate import parse

    parsed = parse({"today": "2026-11-26",
                    "contract": {"type": "open_ended", "intermediary": "none"}})
    assert parsed.answers is not None
    assert parsed.answers.freelancer.legal_form == "unknown"
    assert parsed.answers.client.name == "" and parsed.answers.intermediary.address == ""
    assert parsed.answers.contract.notice_unit == "days"


def test_an_address_may_have_several_lines_and_a_siren_spaces() -> None:
    assert validate(answers_with(freelancer={"address": "12 rue des Lilas\n69003 Lyon",
                                             "siren": "123 456 789"},
                                 client={"address": "Tour B\n92400 Courbevoie"})) == []


def test_error_shape() -> None:
    assert validate(answers_with(contract={"notice": -1})) == [
        {"field": "contract.notice", "key": "error.negative"}]


@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"today": None}, "today", "error.required"),
    ({"today": 20261126}, "today", "error.type"),
    ({"today": "26/11/2026"}, "today", "error.date_format"),
    ({"today": "20261126"}, "today", "error.date_format"),
    ({"today": "2026-W48-4"}, "today", "error.date_format"),
    ({"today": "2026-02-30"}, "today", "error.date_invalid"),
    ({"today": "1989-12-31"}, "today", "error.date_range"),
    ({"today": "2101-01-01"}, "today", "error.date_range"),
    ({"version": 4}, "version", "error.unsupported_version"),
    ({"version": 0}, "version", "error.unsupported_version"),
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
    ({"contract": {"notice": -1}}, "contract.notice", "error.negative"),
    ({"contract": {"notice": 3651}}, "contract.notice", "error.too_large"),
    ({"contract": {"notice": 30.0}}, "contract.notice", "error.type"),
    ({"contract": {"notice": True}}, "contract.notice", "error.type"),
    ({"contract": {"notice": "30"}}, "contract.notice", "error.type"),
    ({"contract": {"intermediary": "broker"}}, "contract.intermediary", "error.unknown_code"),
    ({"contract": {"notice_days": 30}}, "contract.notice_days", "error.unknown_field"),
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
    ({"client": {"name": "x" * 201}}, "client.name", "error.too_long"),
    ({"client": {"contact": 7}}, "client.contact", "error.type"),
    ({"freelancer": {"name": "Sam\nMartin"}}, "freelancer.name", "error.control_chars"),
    ({"freelancer": {"address": "1 rue A\n69001 Lyon\t"}}, "freelancer.address",
     "error.control_chars"),
    ({"freelancer": {"siren": "12345678"}}, "freelancer.siren", "error.siren_format"),
    ({"freelancer": {"siren": "12345678A"}}, "freelancer.siren", "error.siren_format"),
    ({"freelancer": {"legal_form": "sarl"}}, "freelancer.legal_form", "error.unknown_code"),
    ({"freelancer": {"capital": -1}}, "freelancer.capital", "error.negative"),
    ({"freelancer": "Sam"}, "freelancer", "error.not_object"),
    ({"intermediary": {"nom": "X"}}, "intermediary.nom", "error.unknown_field"),
    ({"contract": {"notice_unit": "weeks"}}, "contract.notice_unit", "error.unknown_code"),
    ({"new_mission_with_client": "yes"}, "new_mission_with_client", "error.type"),
    ({"surprise": 1}, "surprise", "error.unknown_field"),
    ({"client": {"name": "A\ud800B"}}, "client.name", "error.invalid_chars"),
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
    answers = answers_with(today="x", contract={"notice": -1, "type": "nope"},
                           invoices=[{"amount": -1, "due": "y"}])
    assert validate(answers) == [
        {"field": "today", "key": "error.date_format"},
        {"field": "contract.type", "key": "error.unknown_code"},
        {"field": "contract.notice", "key": "error.negative"},
        {"field": "invoices[0].amount", "key": "error.negative"},
        {"field": "invoices[0].due", "key": "error.date_format"},
    ]
    assert validate(answers) == validate(answers)


def test_nulls_mean_defaults() -> None:
    answers = {"today": "2026-11-26", "contract": {"type": "open_ended", "intermediary": "none",
                                                   "notice_from": None},
               "reasons": None, "invoices": None, "ip_assigned": None, "client": {"name": None},
               "holds_client_assets": None, "version": None}
    assert validate(answers) == []


def test_limits_accepted() -> None:
    answers = answers_with(
        contract={"notice": 3650}, client={"name": "x" * 200}, penalty_rate=100,
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
