"""Routes, counterparty and key dates: announce, earliest last day, last day, last working
day, the latest day to send, handover start, follow-up. Today in these tests is Thursday 26
November 2026; computed dates fall on French working days; notice counts from receipt
(a registered letter: three working days after sending) unless the contract says from
sending; a contract that ends on a day off ends that day, and the last WORKED day is the
working day before."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checklist.api import make_plan
from checklist.rules.fr import RULES

from .conftest import answers_with

EMPTY = {"items": [], "templates": []}


def plan_for(**changes: Any) -> dict[str, Any]:
    return make_plan(answers_with(**changes), EMPTY)


def reason(plan: dict[str, Any], subject: str) -> dict[str, Any]:
    return next(r for r in plan["reasoning"] if r["subject"] == subject)


def test_example_answers_open_ended_notice_from_receipt() -> None:
    plan = plan_for()
    assert plan["route"] == "open_ended_notice" and plan["counterparty"] == "client"
    # Sent Thu 26 Nov, received Tue 1 Dec (3 working days), + 30 days = Thu 31 Dec.
    assert plan["dates"] == {
        "today": "2026-11-26", "announce": "2026-11-26", "earliest_last_day": "2026-12-31",
        "last_day": "2026-12-31", "handover_start": "2026-12-17", "follow_up": "2027-01-07",
    }
    assert plan["notice"] == {"days": 30, "amount": 30, "unit": "days", "from_contract": True,
                              "from_receipt": True, "starts": "2026-12-01",
                              "uncertain": False, "given_days": 30,
                              "receipt_working_days": 3}
    assert reason(plan, "notice.receipt")["uncertain"] == "uncertain.notice_from_unknown"
    assert reason(plan, "dates.earliest_last_day")["key"] == "reasoning.earliest.contract_notice"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.asap"


def test_a_notice_ending_on_a_weekend_is_not_moved_the_last_worked_day_is_before() -> None:
    plan = plan_for(contract={"notice_from": "sending"})
    # 26 Nov + 30 days = Saturday 26 Dec: the contract ends that day (no rule moves a
    # contractual notice); the last worked day is Thursday 24 Dec (25 Dec is a holiday).
    assert plan["dates"]["earliest_last_day"] == "2026-12-26"
    assert plan["dates"]["last_day"] == "2026-12-26"
    assert plan["dates"]["last_working_day"] == "2026-12-24"
    assert plan["notice"]["starts"] == "2026-11-26"
    assert not any(r["subject"] == "notice.receipt" for r in plan["reasoning"])
    assert reason(plan, "dates.last_working_day")["rule"] == ["cpc-640"]
    assert "non_working_day" in [r["code"] for r in plan["risks"]]


def test_announce_on_the_working_day_after_the_milestone() -> None:
    plan = plan_for(next_milestone="2026-12-04", desired_last_day="2027-01-15")
    # Milestone Fri 4 Dec → announce Mon 7 Dec; received Thu 10 Dec; + 30 = Sat 9 Jan.
    assert plan["dates"]["announce"] == "2026-12-07"
    assert plan["dates"]["earliest_last_day"] == "2027-01-09"
    assert plan["dates"]["last_day"] == "2027-01-15"
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.after_milestone"


def test_milestone_too_late_announces_today() -> None:
    plan = plan_for(next_milestone="2026-12-04", desired_last_day="2027-01-07")
    assert plan["dates"]["announce"] == "2026-11-26"
    assert plan["dates"]["last_day"] == "2027-01-07"
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.milestone_too_late"


def test_today_on_a_holiday_starts_on_the_next_working_day() -> None:
    plan = plan_for(today="2026-12-25", contract={"start": "2024-03-01"}, invoices=[])
    assert plan["dates"]["announce"] == "2026-12-28"
    assert reason(plan, "dates.today")["key"] == "reasoning.today_not_working"


def test_desired_day_before_notice_end_keeps_the_earliest_and_flags_it() -> None:
    plan = plan_for(desired_last_day="2026-12-10")
    assert plan["dates"]["last_day"] == "2026-12-31"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.desired_too_early"
    risk = next(r for r in plan["risks"] if r["code"] == "notice_shortfall")
    assert risk["params"]["shortfall_days"] == 21
    # Too late even today: the plan says so instead of giving a send-by date.
    assert "send_by" not in plan["dates"]
    assert reason(plan, "dates.send_by")["key"] == "reasoning.send_by.too_late"


def test_a_chosen_last_day_on_a_holiday_is_kept_and_flagged() -> None:
    plan = plan_for(desired_last_day="2027-05-01", contract={"start": "2026-06-01"})
    assert plan["dates"]["last_day"] == "2027-05-01"
    assert plan["dates"]["last_working_day"] == "2027-04-30"
    risk = next(r for r in plan["risks"] if r["code"] == "non_working_day")
    assert risk["params"]["holiday"] is True
    assert reason(plan, "risks.non_working_day")["uncertain"] == "uncertain.regional_holidays"


def test_no_notice_clause_uses_the_default_and_is_uncertain() -> None:
    plan = plan_for(contract={"notice": None})
    assert plan["dates"]["earliest_last_day"] == "2026-12-31"
    assert plan["notice"]["from_contract"] is False and plan["notice"]["uncertain"] is True
    earliest = reason(plan, "dates.earliest_last_day")
    assert earliest["key"] == "reasoning.earliest.default_notice"
    assert earliest["uncertain"] == "uncertain.no_notice_clause"
    assert "no_notice_clause" in plan["situations"]


def test_zero_notice_from_sending_allows_leaving_today() -> None:
    plan = plan_for(contract={"notice": 0, "notice_from": "sending"})
    assert plan["dates"]["last_day"] == "2026-11-26"
    assert plan["dates"]["handover_start"] == "2026-11-26"


@pytest.mark.parametrize(("intermediary", "counterparty", "uncertain"), [
    ("agency", "agency", "uncertain.agency_back_to_back"),
    ("umbrella", "umbrella", "uncertain.umbrella_notice"),
    ("platform", "platform", None),
    ("none", "client", None),
])
def test_counterparty_and_notice_uncertainty(intermediary: str, counterparty: str,
                                             uncertain: str | None) -> None:
    plan = plan_for(contract={"intermediary": intermediary})
    assert plan["counterparty"] == counterparty
    assert reason(plan, "dates.earliest_last_day")["uncertain"] == uncertain


def test_fixed_term_ends_at_its_term() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31", "auto_renewal": "no"})
    assert plan["route"] == "fixed_term_at_term"
    assert plan["dates"]["earliest_last_day"] == "2027-03-31"
    assert plan["dates"]["last_day"] == "2027-03-31"
    assert "renewal_deadline" not in plan["dates"]
    assert "early_exit" not in plan["situations"]
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.term"


def test_tacit_renewal_sets_a_deadline_to_refuse_it() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31", "notice": 30})
    # unknown → assumed: refusal received by 1 Mar (31 Mar − 30 days), sent by Wed 24 Feb
    # (three working days before).
    assert plan["dates"]["renewal_deadline"] == "2027-03-01"
    assert plan["dates"]["renewal_send_by"] == "2027-02-24"
    assert "auto_renewal" in plan["situations"]
    risk = next(r for r in plan["risks"] if r["code"] == "renewal_deadline")
    assert risk["params"]["send_by"] == "2027-02-24" and risk["severity"] == "medium"
    assert reason(plan, "dates.renewal_deadline")["uncertain"] == "uncertain.auto_renewal_unknown"


def test_a_missed_renewal_deadline_is_a_high_risk() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2026-12-15", "notice": 30,
                              "auto_renewal": "yes"})
    risk = next(r for r in plan["risks"] if r["code"] == "renewal_deadline")
    assert risk["severity"] == "high"
    assert reason(plan, "risks.renewal_deadline")["key"].endswith(".passed")
    # The refusal can no longer arrive in time: no plain non-renewal, a late one instead.
    assert "renewal_deadline_passed" in plan["situations"]
    assert reason(plan, "dates.renewal_deadline")["key"] == "reasoning.renewal.passed"


def test_fixed_term_milestone_respected_when_the_term_allows() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31", "auto_renewal": "no"},
                    next_milestone="2027-01-15")
    assert plan["dates"]["announce"] == "2027-01-18"  # Fri 15 → Mon 18
    assert plan["dates"]["last_day"] == "2027-03-31"


def test_fixed_term_desired_after_term_keeps_the_term() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-31"},
                    desired_last_day="2027-05-01")
    assert plan["dates"]["last_day"] == "2027-03-31"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.beyond_term"
    assert reason(plan, "dates.last_day")["rule"] == ["civ-1212", "civ-1213"]


def test_fixed_term_early_with_a_clause_gives_notice_per_the_clause() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-06-30", "notice": 15,
                              "early_exit_clause": "yes"}, desired_last_day="2027-01-29")
    assert plan["route"] == "fixed_term_early_clause"
    assert plan["dates"]["last_day"] == "2027-01-29"
    assert plan["dates"]["earliest_last_day"] == "2026-12-19"  # announced Tue 1 Dec,
    # after three working days of preparation; received Fri 4 Dec + 15 days
    assert "notice_letter" in plan["situations"] and "early_exit" in plan["situations"]
    risk = next(r for r in plan["risks"] if r["code"] == "fixed_term_early_exit")
    assert risk["severity"] == "medium"


@pytest.mark.parametrize("clause", ["no", "unknown"])
def test_fixed_term_early_without_a_clause_is_an_agreement_not_a_notice(clause: str) -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-06-30", "notice": 30,
                              "early_exit_clause": clause, "intermediary": "agency"},
                    desired_last_day="2027-01-29")
    assert plan["route"] == "fixed_term_early_agreement"
    assert plan["counterparty"] == "agency"
    assert plan["dates"]["last_day"] == "2027-01-29"  # a proposal
    assert plan["dates"]["earliest_last_day"] == "2027-06-30"  # without agreement
    assert "notice_letter" not in plan["situations"]
    last = reason(plan, "dates.last_day")
    assert last["key"] == "reasoning.last_day.early_agreement"
    assert last["uncertain"] == ("uncertain.fixed_term_no_exit_clause" if clause == "unknown"
                                 else None)
    risk = next(r for r in plan["risks"] if r["code"] == "fixed_term_early_exit")
    assert risk["severity"] == "high"


def test_clause_notice_reaching_the_term_is_simply_the_term() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2026-12-15", "notice": 30,
                              "early_exit_clause": "yes", "auto_renewal": "no"},
                    desired_last_day="2026-12-01")
    assert plan["route"] == "fixed_term_at_term"
    assert plan["dates"]["last_day"] == "2026-12-15"
    assert reason(plan, "notes.clause")["key"] == "reasoning.route.clause_reaches_term"


def test_fixed_term_past_its_term_becomes_open_ended() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2026-06-30"})
    assert plan["route"] == "open_ended_notice"
    assert plan["contract"]["type"] == "open_ended"
    assert plan["contract"]["tacit_renewal"] is True
    assert "open_ended" in plan["situations"] and "fixed_term" not in plan["situations"]
    assert plan["dates"]["last_day"] == "2026-12-31"
    assert reason(plan, "dates.earliest_last_day")["key"] == "reasoning.earliest.tacit_renewal"
    assert "tacit_renewal" in [r["code"] for r in plan["risks"]]


def test_deliverable_routes() -> None:
    on_time = plan_for(contract={"type": "deliverable", "end": "2027-02-26"})
    assert on_time["route"] == "deliverable_complete"
    assert on_time["dates"]["last_day"] == "2027-02-26"
    early = plan_for(contract={"type": "deliverable", "end": "2027-02-26"},
                     desired_last_day="2027-01-15")
    assert early["route"] == "deliverable_early_agreement"
    risk = next(r for r in early["risks"] if r["code"] == "deliverable_unfinished")
    assert risk["params"]["days_early"] == 42
    assert "civ-1229" in risk["basis"]


def test_handover_and_follow_up_are_working_days() -> None:
    plan = plan_for(desired_last_day="2027-03-01")
    assert plan["dates"]["handover_start"] == "2027-02-15"  # Monday, 14 days before
    plan = plan_for(contract={"notice": 7})
    # 14 days before the last day is before the announcement: the handover starts once its
    # plan has gone out, two days after announcing (Sat 28 → Mon 30 Nov).
    assert plan["dates"]["handover_start"] == "2026-11-30"
    assert plan["dates"]["follow_up"] == "2026-12-15"  # 8 Dec + 7 = Tue 15 Dec


def test_client_ends_an_open_ended_contract_with_short_notice() -> None:
    plan = plan_for(initiator="client", client_notice_received="2026-11-20",
                    client_last_day="2026-12-04", daily_rate=600, contract={
                        "start": "2023-11-01", "notice": 15})
    assert plan["route"] == "client_ends_open_ended"
    notice = plan["client_notice"]
    # 3 years: practice suggests about 90 days (> 15 in the contract): owed until 18 Feb.
    assert notice["owed_days"] == 90 and notice["owed_last_day"] == "2027-02-18"
    assert notice["shortfall_days"] == 76
    # Working days 5 Dec 2026 → 18 Feb 2027: 18 in Dec (25th off), 20 in Jan (1st off), 14 in Feb.
    assert notice["lost_working_days"] == 52 and notice["estimate"] == 31200.0
    assert "client_notice_short" in plan["situations"]
    assert "notice_shortfall_in_your_favour" in [r["code"] for r in plan["risks"]]


def test_working_day_count_matches_the_calendar() -> None:
    days = RULES.working_days
    assert days.count_between(date(2026, 12, 5), date(2027, 2, 18)) == 52


def test_a_chosen_day_between_the_notice_end_and_the_next_working_day_is_the_earliest() -> None:
    # Found by the fuzz profile: notice (1 day from sending) ends Saturday 24 Oct 2020; the
    # reader chose that Saturday. It is legal: the plan must not show Monday as "earliest".
    plan = make_plan(answers_with(today="2020-10-23", invoices=[], contract={
        "start": None, "notice": 1, "notice_from": "sending"},
        desired_last_day="2020-10-24"), EMPTY)
    assert plan["dates"]["last_day"] == "2020-10-24"
    assert plan["dates"]["earliest_last_day"] == "2020-10-24"
    assert "notice_shortfall" not in [r["code"] for r in plan["risks"]]
    assert "non_working_day" in [r["code"] for r in plan["risks"]]


def test_an_early_exit_proposal_never_ends_before_it_is_made() -> None:
    # Found by the property test in a fresh clone: today is a holiday (Saturday 1 January
    # 2000) and the reader wants to leave today; the proposal can only be made on Monday.
    plan = make_plan(answers_with(today="2000-01-01", invoices=[], contract={
        "type": "fixed_term", "start": None, "end": "2000-01-02", "early_exit_clause": "no"},
        desired_last_day="2000-01-01"), EMPTY)
    # The term (Sunday 2 January) comes before Monday: there is nothing to propose.
    assert plan["route"] == "fixed_term_at_term"
    assert plan["dates"]["last_day"] == "2000-01-02"
    later = make_plan(answers_with(today="2000-01-01", invoices=[], contract={
        "type": "fixed_term", "start": None, "end": "2000-03-31", "early_exit_clause": "no"},
        desired_last_day="2000-01-01"), EMPTY)
    assert later["route"] == "fixed_term_early_agreement"
    assert later["dates"]["last_day"] == later["dates"]["announce"] == "2000-01-03"


# -- issue 20: dates a person can act on ---------------------------------------------------


def test_the_latest_day_to_send_keeps_three_working_days_for_the_post() -> None:
    plan = plan_for(desired_last_day="2027-02-26")
    # Notice from receipt: received by Wed 27 Jan (26 Feb − 30 days), posted three working
    # days earlier, Fri 22 Jan.
    assert plan["dates"]["send_by"] == "2027-01-22"
    # There is slack: three working days to prepare before announcing.
    assert plan["dates"]["announce"] == "2026-12-01"
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.prepared"
    sent = reason(plan, "dates.send_by")
    assert sent["key"] == "reasoning.send_by.registered"
    assert sent["uncertain"] == "uncertain.registered_receipt"


def test_hand_delivery_is_received_the_same_day() -> None:
    plan = plan_for(desired_last_day="2027-02-26", sending="hand")
    assert plan["dates"]["send_by"] == "2027-01-27"
    assert plan["notice"]["receipt_working_days"] == 0
    assert reason(plan, "notice.receipt")["key"] == "reasoning.notice_from.hand"


def test_a_notice_in_months_runs_date_to_date() -> None:
    plan = plan_for(contract={"notice": 1, "notice_unit": "months"})
    # Received Tue 1 Dec + one month = Fri 1 Jan 2027 (a holiday: the contract ends then,
    # the last day worked is Thu 31 Dec).
    assert plan["dates"]["last_day"] == "2027-01-01"
    assert plan["dates"]["last_working_day"] == "2026-12-31"
    assert plan["notice"]["amount"] == 1 and plan["notice"]["unit"] == "months"
    assert plan["notice"]["days"] == 31
    by_month = plan_for(contract={"notice": 1, "notice_unit": "months"},
                        desired_last_day="2027-03-31")
    # To end on 31 March, the month must start on 28 February at the latest (31 → 28).
    assert by_month["dates"]["send_by"] == "2027-02-23"


def test_a_short_notice_compresses_the_handover() -> None:
    plan = plan_for(initiator="client", client_notice_received="2026-11-25",
                    client_last_day="2026-12-01")
    assert "dates.compressed" in {r["subject"] for r in plan["reasoning"]}
    assert plan["dates"]["handover_start"] == plan["dates"]["announce"] == "2026-11-26"


def test_a_last_day_already_past_leaves_what_is_left_to_do_now() -> None:
    plan = plan_for(initiator="client", client_notice_received="2026-11-02",
                    client_last_day="2026-11-20")
    assert reason(plan, "dates.ended")["key"] == "reasoning.ended"
    assert plan["dates"]["handover_start"] == "2026-11-26"


def test_a_late_delivery_is_left_by_agreement_not_notice() -> None:
    plan = plan_for(contract={"type": "deliverable", "end": "2026-10-30"})
    assert plan["route"] == "deliverable_early_agreement"
    assert "notice_letter" not in plan["situations"]
    assert "early_agreement" in plan["situations"]
    risk = next(r for r in plan["risks"] if r["code"] == "delivery_late")
    assert risk["severity"] == "high" and risk["params"]["delivery"] == "2026-10-30"
    assert reason(plan, "dates.last_day")["key"] == "reasoning.last_day.delivery_overdue"


def test_a_clause_reaching_the_term_keeps_the_tacit_renewal_check() -> None:
    plan = plan_for(contract={"type": "fixed_term", "end": "2027-03-15", "notice": 60,
                              "early_exit_clause": "yes", "auto_renewal": "yes"},
                    desired_last_day="2027-01-20")
    # Received 1 Dec + 60 days = 30 Jan: the clause's notice runs past the wished day and
    # the route is the term, but the renewal still has to be refused (by 14 Jan).
    assert plan["route"] == "fixed_term_early_clause"
    at_term = plan_for(contract={"type": "fixed_term", "end": "2027-01-25", "notice": 60,
                                 "early_exit_clause": "yes", "auto_renewal": "yes"},
                       desired_last_day="2027-01-05")
    assert at_term["route"] == "fixed_term_at_term"
    assert "auto_renewal" in at_term["situations"]
    assert "renewal_deadline" in at_term["dates"]


def test_portage_counts_the_time_the_portage_company_takes_to_notify() -> None:
    plan = plan_for(contract={"intermediary": "umbrella"})
    # Asked Thu 26 Nov; the company writes two working days later (Mon 30 Nov); received
    # three working days after that (Thu 3 Dec); + 30 days = Sat 2 Jan 2027.
    assert plan["notice"]["starts"] == "2026-12-03"
    assert plan["dates"]["last_day"] == "2027-01-02"
    assert reason(plan, "notice.receipt")["key"] == "reasoning.notice_from.umbrella"


def test_the_handover_starts_once_its_plan_has_gone_out() -> None:
    # Announce Thu 26 Nov with 15 days' notice from sending: the last day is Fri 11 Dec,
    # 14 days before it is Fri 27 Nov, but the handover plan goes out two days after the
    # announcement (Sat 28 → Mon 30 Nov): the sessions it proposes start then, not before.
    plan = plan_for(contract={"notice": 15, "notice_from": "sending"})
    assert plan["dates"]["announce"] == "2026-11-26"
    assert plan["dates"]["last_day"] == "2026-12-11"
    assert plan["dates"]["handover_start"] == "2026-11-30"
    assert reason(plan, "dates.handover_start")["key"] == "reasoning.handover.lead"


def test_the_handover_plan_offset_is_the_guides() -> None:
    from checklist.authoring.guide import load_checklist

    from .conftest import ROOT
    for lang in ("fr", "en"):
        items = {i["id"]: i for i in load_checklist(ROOT / "docs", lang)["items"]}
        assert items["handover-draft-plan"]["due"] == {
            "anchor": "announce", "offset": RULES.handover_plan_days}, lang


def test_the_follow_up_counts_from_the_last_day_worked() -> None:
    # 30 days from receipt (Tue 1 Dec) end on Thu 31 Dec; a 33-day notice ends on Sun 3
    # Jan, so the last day worked is Thu 31 Dec (1 Jan is a holiday). The follow-up is one
    # week after that day, Thu 7 Jan, as are the guide's after-mission items
    # (due=last_day+7), not one week after the contract's Sunday end (Mon 11 Jan).
    from checklist.authoring.guide import load_checklist

    from .conftest import ROOT
    plan = make_plan(answers_with(contract={"notice": 33}),
                     load_checklist(ROOT / "docs", "fr"))
    assert plan["dates"]["last_day"] == "2027-01-03"
    assert plan["dates"]["last_working_day"] == "2026-12-31"
    assert plan["dates"]["follow_up"] == "2027-01-07"
    due = {s["id"]: s["due"] for s in plan["steps"]}
    assert due["after-post-mortem"] == plan["dates"]["follow_up"]


def test_the_announcement_names_a_sending_deadline_only_when_there_is_one() -> None:
    # An early-exit agreement has no day to send by: the reason said "Après le 29 janvier
    # 2027, vous ne pourriez plus partir le 29 janvier 2027" (scenario 25).
    plan = plan_for(desired_last_day="2027-01-29",
                    contract={"type": "fixed_term", "end": "2027-06-30",
                              "early_exit_clause": "no"})
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.prepared_plain"
    plan = plan_for(desired_last_day="2027-02-26")  # a notice letter: a day to send by
    assert reason(plan, "dates.announce")["key"] == "reasoning.announce.prepared"
    assert reason(plan, "dates.announce")["params"]["send_by"] < "2027-02-26"
