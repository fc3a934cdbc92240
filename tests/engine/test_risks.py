"""Each risk: when it is raised (worked example), when it is not, and its basis."""

from __future__ import annotations

from typing import Any

from checklist.api import make_plan

from .conftest import answers_with

EMPTY = {"items": [], "templates": []}
QUIET = {"invoices": [], "ip_assigned": "yes", "personal_data": "no",
         "contract": {"start": "2026-06-01"}}


def risks_for(**changes: Any) -> dict[str, dict[str, Any]]:
    answers = answers_with(**QUIET)
    for key, value in changes.items():
        if key == "contract":
            answers["contract"].update(value)
        else:
            answers[key] = value
    plan = make_plan(answers, EMPTY)
    return {risk["code"]: risk for risk in plan["risks"]}


def test_quiet_answers_raise_no_risk() -> None:
    assert risks_for() == {}


def test_every_risk_has_basis_triggers_and_severity() -> None:
    risks = risks_for(
        contract={"type": "fixed_term", "end": "2027-06-30", "start": "2020-01-01",
                  "intermediary": "umbrella"},
        desired_last_day="2027-01-01", new_mission_start="2026-12-01", non_solicitation=True,
        holds_client_assets=True, ip_assigned="no", personal_data="yes",
        invoices=[{"amount": 100, "due": "2026-10-01"}])
    # A portage consultant is not party to the commercial contract: no established-
    # relationship or late-payment risk in their name; 1 January is a holiday.
    assert set(risks) == {
        "fixed_term_early_exit", "new_mission_overlap", "non_solicitation",
        "umbrella_employment", "client_assets", "ip_unassigned", "personal_data",
        "non_working_day"}
    for risk in risks.values():
        assert risk["severity"] in ("high", "medium", "low")
        assert risk["basis"] and risk["triggers"]
    order = [r["severity"] for r in risks.values()]
    assert order == sorted(order, key=["high", "medium", "low"].index)


def test_established_relationship_worked_example() -> None:
    # Since 2024-03-01, announced 2026-11-26: 32 months → about 80 days of notice by
    # practice (one month per year); 30 days given: less than half → high.
    risk = risks_for(contract={"start": "2024-03-01"})["established_relationship"]
    assert risk["params"] == {"start": "2024-03-01", "months": 32, "years": 2,
                              "recommended_notice_days": 80, "given_notice_days": 30}
    assert risk["severity"] == "high"
    assert risk["basis"] == ["com-L442-1-II", "practice-notice-per-year"]


def test_established_relationship_with_enough_notice_is_not_a_risk() -> None:
    # With a wished last day, the plan announces after three working days of preparation
    # (Tue 1 December: 33 months, about 83 days); the notice runs from receipt, Friday
    # 4 December: 83 days → Thursday 25 February.
    assert "established_relationship" not in risks_for(
        contract={"start": "2024-03-01"}, desired_last_day="2027-02-25")
    risk = risks_for(contract={"start": "2024-03-01"}, desired_last_day="2027-02-24")
    assert risk["established_relationship"]["severity"] == "medium"  # 82 ≥ 83 / 2


def test_the_rule_of_thumb_applies_only_where_it_matters() -> None:
    # 20 months: about 50 days by the rule of thumb, 30 given: under two years and less
    # than a month apart, so no risk; with 15 days of notice the gap is 35 days: a risk.
    assert "established_relationship" not in risks_for(contract={"start": "2025-03-20"})
    short = risks_for(contract={"start": "2025-03-20", "notice": 15})
    assert short["established_relationship"]["severity"] == "high"  # 15 < 50 / 2
    reason = next(r for r in make_plan(answers_with(contract={
        "start": "2025-03-20", "notice": 15}), EMPTY)["reasoning"]
        if r["subject"] == "risks.established_relationship")
    assert reason["uncertain"] == "uncertain.established_heuristic_leaving"


def test_no_established_relationship_risk_against_a_portage_consultant() -> None:
    assert "established_relationship" not in risks_for(
        contract={"start": "2020-03-01", "intermediary": "umbrella"})


def test_short_relationship_is_not_established() -> None:
    plan = make_plan(answers_with(**QUIET), EMPTY)
    assert "established_relationship" not in plan["situations"]
    assert plan["contract"]["relationship_months"] == 5


def test_unknown_start_is_explained() -> None:
    plan = make_plan(answers_with(contract={"start": None}), EMPTY)
    assert "established_relationship" not in plan["situations"]
    subjects = [r["subject"] for r in plan["reasoning"]]
    assert "situations.established_relationship" in subjects


def test_notice_shortfall() -> None:
    risk = risks_for(desired_last_day="2026-12-20")["notice_shortfall"]
    assert risk["severity"] == "high"
    assert risk["params"]["earliest_last_day"] == "2026-12-31"
    assert risk["params"]["shortfall_days"] == 11
    assert "civ-1211" in risk["basis"]


def test_new_mission_overlap_counts_the_last_day() -> None:
    risk = risks_for(new_mission_start="2026-12-31")["new_mission_overlap"]
    assert risk["params"]["overlap_days"] == 1
    assert "new_mission_overlap" not in risks_for(new_mission_start="2027-01-01")


def test_a_next_mission_before_the_term_is_an_overlap_until_the_agreement_is_signed() -> None:
    risks = risks_for(contract={"type": "fixed_term", "end": "2027-06-30"},
                      desired_last_day="2027-01-29", new_mission_start="2027-02-01")
    risk = risks["new_mission_overlap"]
    assert risk["params"]["binding_end"] == "2027-06-30"
    plan = make_plan(answers_with(contract={"type": "fixed_term", "end": "2027-06-30"},
                                  desired_last_day="2027-01-29",
                                  new_mission_start="2027-02-01"), EMPTY)
    reason = next(r for r in plan["reasoning"] if r["subject"] == "risks.new_mission_overlap")
    assert reason["key"] == "reasoning.risk.new_mission_overlap.until_agreed"


def test_deliverable_before_delivery() -> None:
    risk = risks_for(contract={"type": "deliverable", "end": "2027-03-31"},
                     desired_last_day="2026-12-23")
    assert risk["deliverable_unfinished"]["params"]["days_early"] == 98
    assert "civ-1229" in risk["deliverable_unfinished"]["basis"]  # refund, not part-payment
    assert "deliverable_unfinished" not in risks_for(
        contract={"type": "deliverable", "end": "2027-03-31"})  # deliver, then end


def test_ip_risk_in_portage_states_the_employee_rule() -> None:
    plan = make_plan(answers_with(ip_assigned="unknown", contract={"intermediary": "umbrella"}),
                     EMPTY)
    keys = {r["subject"]: r["key"] for r in plan["reasoning"]}
    assert keys["risks.ip_unassigned"] == "reasoning.risk.ip_unassigned.umbrella"


def test_overdue_invoices_params() -> None:
    risk = risks_for(invoices=[{"amount": 4200.0, "due": "2026-09-30"},
                               {"amount": 10, "due": "2026-12-30"}])["overdue_invoices"]
    assert risk["triggers"] == ["invoices[0]"]
    assert risk["params"]["count"] == 1
    assert risk["params"]["limitation_date"] == "2031-09-30"
    assert risk["params"]["indemnity_per_invoice"] == 40.0


def test_tri_state_answers_set_severity() -> None:
    assert risks_for(ip_assigned="no")["ip_unassigned"]["severity"] == "medium"
    assert risks_for(ip_assigned="unknown")["ip_unassigned"]["severity"] == "low"
    assert "ip_unassigned" not in risks_for(ip_assigned="yes")
    assert risks_for(personal_data="yes")["personal_data"]["severity"] == "medium"
    assert risks_for(personal_data="unknown")["personal_data"]["severity"] == "low"


def test_risk_reasoning_keys() -> None:
    plan = make_plan(answers_with(non_solicitation=True, new_mission_start="2027-02-01"), EMPTY)
    keys = {r["subject"]: r["key"] for r in plan["reasoning"]}
    assert keys["risks.non_solicitation"] == "reasoning.risk.non_solicitation.with_new_mission"
    assert keys["risks.ip_unassigned"] == "reasoning.risk.ip_unassigned.unknown"
    for risk in plan["risks"]:
        entry = next(r for r in plan["reasoning"] if r["subject"] == f"risks.{risk['code']}")
        assert entry["rule"] == risk["basis"]


def test_the_insolvency_risk_states_the_claim_the_declaration_declares() -> None:
    # Published 20 Nov 2026 (today 26 Nov: the two months are open). Of 11 400 € unpaid,
    # the 2 000 € due in June 2021 is probably time-barred: the declaration leaves it out,
    # and so does the amount the risk states.
    answers = answers_with(insolvency_published="2026-11-20", invoices=[
        {"amount": 3000, "due": "2022-01-15"}, {"amount": 6400, "due": "2026-10-31"},
        {"amount": 2000, "due": "2021-06-30"}])
    from checklist.authoring.guide import load_checklist

    from .conftest import ROOT
    plan = make_plan(answers, load_checklist(ROOT / "docs", "fr"))
    risk = next(r for r in plan["risks"] if r["code"] == "insolvency_claim_deadline")
    assert risk["params"]["claim_total"] == 9400
    letter = next(m for m in plan["messages"] if m["id"] == "tpl-claim-declaration")
    assert letter["values"]["declared_total"] == 9400
