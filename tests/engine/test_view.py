"""The view model: localised text for the page, from plan + checklist + strings."""

from __future__ import annotations

import json
from typing import Any

from checklist.api import build_view, make_plan
from checklist.text import Strings

from .conftest import answers_with


def view_of(checklist: dict[str, Any], strings: Strings, **changes: Any) -> dict[str, Any]:
    plan = make_plan(answers_with(**changes), checklist)
    return build_view(plan, checklist, strings)


def test_view_in_french(checklist: dict[str, Any], strings_fr: Strings) -> None:
    view = view_of(checklist, strings_fr, today="2026-11-30",
                   client={"name": "ACME", "contact": "Claire"})
    assert view["lang"] == "fr"
    # Received Thu 3 Dec + 30 days = Saturday 2 January 2027: the contract ends then; the
    # last day worked is Thursday 31 December (1 January is a holiday).
    assert view["summary"] == ("Annoncez le 30 novembre 2026 ; dernier jour le 2 janvier 2027,"
                               " au terme de votre préavis. Le contrat prend fin un jour non "
                               "ouvré : votre dernier jour travaillé est le 31 décembre 2026.")
    assert view["route"] == "open_ended_notice"
    assert view["counterparty_text"].startswith("Interlocuteur : le client")
    kinds = [entry["kind"] for entry in view["timeline"]]
    assert kinds == ["invoice_due", "today", "announce", "demand_deadline", "handover_start",
                     "last_working_day", "last_day", "follow_up"]
    labels = {entry["kind"]: entry["label"] for entry in view["timeline"]}
    assert labels["last_working_day"] == "Dernier jour travaillé"
    assert labels["last_day"] == "Fin du contrat"
    assert view["timeline"][0]["label"] == (
        "Échéance de la facture de la ligne 1 (4\u202f200,00\u00a0€)")
    money = {line["key"]: line["text"] for line in view["money"]["lines"]}
    assert money["late_penalties"] == "85,28\u00a0€"
    assert money["recovery_indemnities"] == "40,00\u00a0€"
    assert view["money"]["rate"]["text"] == "Taux des pénalités : 12,15\u00a0% par an"
    risk = next(r for r in view["risks"] if r["code"] == "overdue_invoices")
    assert risk["title"] == "Factures impayées en retard"
    assert "85,28\u00a0€" in risk["explanation"]
    assert risk["basis"][0] == {
        "id": "com-L441-10", "text": "Code de commerce, art. L441-10", "kind": "law",
        # The article's own page on Légifrance (23: not the whole code).
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414392/"}
    assert [phase["phase"] for phase in view["phases"]] == ["prepare", "announce", "handover",
                                                             "after"]
    assert view["phases"][0]["title"] == "Préparer"


def test_view_in_english(checklist_en: dict[str, Any], strings_en: Strings) -> None:
    view = view_of(checklist_en, strings_en, today="2026-11-30")
    assert view["summary"].startswith("Announce on 30 November 2026")
    assert "2 January 2027" in view["summary"]
    assert "your last working day is 31 December 2026" in view["summary"]
    money = {line["key"]: line["text"] for line in view["money"]["lines"]}
    assert money["total_claimed"] == "€4,325.28"
    step = view["phases"][0]["steps"][0]
    assert set(step) == {"id", "text", "url", "page", "section", "due", "due_text"}
    assert step["due_text"] == "30 November 2026"


def test_messages_fill_fields_and_leave_unknown_ones_visible(
        checklist: dict[str, Any], strings_fr: Strings) -> None:
    checklist["templates"][0]["body"] += "Signé {freelancer} {unknown_field}\n"
    view = view_of(checklist, strings_fr, client={"name": "ACME", "contact": ""})
    email = next(m for m in view["messages"] if m["id"] == "tpl-announce-email")
    # A missing name shows a placeholder in the letter's language, not a field name.
    assert "Bonjour [nom de votre interlocuteur]," in email["body"]
    assert "chez ACME" in email["body"]
    assert "le 31 décembre 2026" in email["body"]
    assert "[votre nom]" in email["body"] and "[unknown_field]" in email["body"]
    assert email["unfilled"] == ["contact", "freelancer", "unknown_field"]
    assert email["send_on_text"] == "26 novembre 2026"
    assert email["to_text"] == "Destinataire : le client"
    # Who receives it, by role and by name, and the day to send it.
    assert email["meta_text"] == ("Destinataire : le client — ACME — à envoyer le "
                                  "26 novembre 2026")
    demand = next(m for m in view["messages"] if m["id"] == "tpl-formal-demand")
    # Sent Fri 4 December, after the reminder: 65 days late on that day.
    assert "Le 4 décembre 2026" in demand["body"]
    assert "- facture de la ligne 1 : 4\u202f200,00\u00a0€, échue le 30 septembre 2026 " \
           "(65 jours de retard)" in demand["body"]
    assert "12,15\u00a0%" in demand["body"]
    assert "4\u202f330,88\u00a0€" in demand["body"]  # 4200 + 90.88 + 40
    assert "avant le 14 décembre 2026" in demand["body"]


def test_steps_carry_guide_text_and_links(checklist: dict[str, Any], strings_fr: Strings) -> None:
    view = view_of(checklist, strings_fr, holds_client_assets=True)
    handover = next(p for p in view["phases"] if p["phase"] == "handover")
    revoke = next(s for s in handover["steps"] if s["id"] == "handover-revoke-access")
    assert revoke["text"].startswith("Faites révoquer vos accès")
    assert revoke["url"] == "handover/#access"
    assert revoke["due_text"] == "31 décembre 2026"


def test_view_without_invoices_has_no_money(checklist: dict[str, Any],
                                            strings_fr: Strings) -> None:
    view = view_of(checklist, strings_fr, invoices=[])
    assert view["money"] is None
    assert [m["id"] for m in view["messages"]] == [
        "tpl-announce-email", "tpl-notice-letter", "tpl-handover-plan", "tpl-replacement"]


def test_view_with_missing_strings_shows_markers(checklist: dict[str, Any]) -> None:
    view = view_of(checklist, Strings({}))
    assert view["risks"][0]["title"].startswith("⟦risk.")
    json.dumps(view)  # still JSON


def test_view_with_a_plan_from_another_checklist(checklist: dict[str, Any],
                                                 strings_fr: Strings) -> None:
    plan = make_plan(answers_with(), checklist)
    view = build_view(plan, {"items": [], "templates": []}, strings_fr)
    texts = [step["text"] for phase in view["phases"] for step in phase["steps"]]
    assert texts and all(text.startswith("⟦") for text in texts)
    assert view["messages"] == []


def test_timeline_bands_span_the_notice_and_the_handover(
        checklist: dict[str, Any], strings_fr: Strings, strings_en: Strings) -> None:
    view = view_of(checklist, strings_fr, today="2026-11-30")
    dates = {entry["kind"]: entry["date"] for entry in view["timeline"]}
    bands = {band["kind"]: band for band in view["timeline_bands"]}
    assert list(bands) == ["notice", "handover", "non_working"]
    # Notice received Thu 3 December, runs to the contract's end (Sat 2 January 2027).
    assert (bands["notice"]["start"], bands["notice"]["end"]) == ("2026-12-03", "2027-01-02")
    assert bands["notice"]["label"] == "Préavis : 30 jours"
    assert bands["notice"]["start_text"] == "3 décembre 2026"
    # The handover ends on the last day worked, Thu 31 December.
    assert (bands["handover"]["start"], bands["handover"]["end"]) == (
        dates["handover_start"], "2026-12-31")
    assert bands["handover"]["label"] == "Passation"
    english = view_of(checklist, strings_en, today="2026-11-30")["timeline_bands"]
    assert [band["label"] for band in english][:2] == ["Notice: 30 days", "Handover"]
    # Between the last day worked and the contract's end: 1 January (holiday), Saturday.
    assert (bands["non_working"]["start"], bands["non_working"]["end"]) == (
        "2027-01-01", "2027-01-02")
    assert bands["non_working"]["label"] == "Jours non travaillés avant la fin du contrat"
    assert dates.get("earliest_last_day", dates["last_day"]) == "2027-01-02"
    # A notice band says what it measures: a chosen last day after the notice's end.
    later = view_of(checklist, strings_fr, today="2026-11-30", desired_last_day="2027-01-15")
    [notice] = [b for b in later["timeline_bands"] if b["kind"] == "notice"]
    assert notice["label"].startswith("Du début du préavis (30 jours) à la fin du contrat")


def test_the_route_note_of_a_fixed_term_the_client_breaks_names_both_dates(
        checklist: dict[str, Any], strings_fr: Strings, checklist_en: dict[str, Any],
        strings_en: Strings) -> None:
    # "Le client met fin au contrat avant son terme, le 30 juin 2027" read as if the client
    # ended it on the term: the note says when it ends and what the term was.
    answers = answers_with(initiator="client", client_notice_received="2026-11-20",
                           client_last_day="2026-12-18",
                           contract={"type": "fixed_term", "end": "2027-06-30"})
    for data, strings, when in ((checklist, strings_fr, "le 18 décembre 2026, avant son "
                                 "terme du 30 juin 2027"),
                                (checklist_en, strings_en, "on 18 December 2026, before its "
                                 "term of 30 June 2027")):
        view = build_view(make_plan(answers, data), data, strings)
        note = next(n for n in view["notes"] if n["subject"] == "route")
        assert when in note["text"], note["text"]


def test_what_the_client_ending_owes_is_owed_by_the_contracting_party(
        checklist: dict[str, Any], strings_fr: Strings, checklist_en: dict[str, Any],
        strings_en: Strings) -> None:
    # In an ESN chain the end client stops the mission but the notice, the damages up to
    # the term and the price of the work are owed by the ESN, to which the claim letters
    # go: the risks never say "Le client vous devait…" (scenario 14).
    common = {"initiator": "client", "client_notice_received": "2026-11-20",
              "client_last_day": "2026-12-04", "daily_rate": 500}
    cases = {"notice_shortfall_in_your_favour": {"type": "open_ended", "notice": 30},
             "fixed_term_broken_by_client": {"type": "fixed_term", "end": "2027-06-30",
                                             "early_exit_clause": "no"},
             "deliverable_ended_by_client": {"type": "deliverable", "end": "2027-03-31"}}
    for code, contract in cases.items():
        answers = answers_with(**common, contract={**contract, "intermediary": "agency"})
        for data, strings, party, wrong in (
                (checklist, strings_fr, "votre cocontractant", "le client"),
                (checklist_en, strings_en, "your contracting party", "the client")):
            view = build_view(make_plan(answers, data), data, strings)
            risk = next(r for r in view["risks"] if r["code"] == code)
            text = risk["explanation"].casefold()
            assert party in text, (code, text)
            assert wrong not in text, (code, text)
            if code == "deliverable_ended_by_client":  # the summary says who owes what
                assert party in view["summary"].casefold(), view["summary"]


def test_after_the_renewal_deadline_the_term_is_a_proposal(
        checklist: dict[str, Any], strings_fr: Strings) -> None:
    # Today Mon 7 Dec, term Thu 31 Dec, 30 days to refuse: the refusal had to be received
    # by 1 Dec. Without agreement the contract may renew: the plan said 'Fin du préavis au
    # plus tôt (sans accord) : 31 décembre' ("un contrat à durée déterminée s'exécute
    # jusqu'à son terme") and called the term the last day, no agreement needed.
    plan = make_plan(answers_with(today="2026-12-07", contract={
        "type": "fixed_term", "end": "2026-12-31", "auto_renewal": "yes", "notice": 30}),
        checklist)
    assert "renewal_deadline" in {r["code"] for r in plan["risks"]}
    assert plan["dates"]["last_day"] == "2026-12-31"
    # Sent Mon 7 Dec, received Thu 10 Dec, + 30 days = Sat 9 Jan 2027.
    assert plan["dates"]["earliest_last_day"] == "2027-01-09"
    view = build_view(plan, checklist, strings_fr)
    dates = {entry["subject"]: entry for entry in view["dates"]}
    assert "peut être reconduit" in dates["dates.earliest_last_day"]["text"]
    assert dates["dates.last_day"]["label"] == "Dernier jour proposé (sous réserve d'accord)"
    assert "accord écrit" in dates["dates.last_day"]["text"]


def test_in_portage_the_summary_sends_the_reader_to_the_portage_company(
        checklist: dict[str, Any], strings_fr: Strings, checklist_en: dict[str, Any],
        strings_en: Strings) -> None:
    # The notice or the term the client breaks is owed to the portage company, which holds
    # the contract with the client: the summary said "vérifiez le préavis qui vous est dû"
    # and "répondez par écrit en réservant vos droits" (scenario 26).
    for contract in ({"type": "open_ended", "notice": 30},
                     {"type": "fixed_term", "end": "2027-06-30", "early_exit_clause": "no"}):
        answers = answers_with(initiator="client", client_notice_received="2026-11-20",
                               client_last_day="2026-12-04",
                               contract={**contract, "intermediary": "umbrella",
                                         "employment": "open_ended"})
        for data, strings, said, wrong in (
                (checklist, strings_fr, "société de portage", ("vous est dû", "vos droits")),
                (checklist_en, strings_en, "portage company", ("owed to you", "your rights"))):
            summary = str(build_view(make_plan(answers, data), data, strings)["summary"])
            assert said in summary, summary
            assert not any(text in summary for text in wrong), summary


def test_time_barred_invoices_agree_in_number_and_say_what_they_are_left_out_of(
        checklist: dict[str, Any], strings_fr: Strings, checklist_en: dict[str, Any],
        strings_en: Strings) -> None:
    # Two invoices of 2020: "2 factures ont plus de 5 ans d'échéance : la créance est
    # probablement prescrite… Le plan la laisse hors de la mise en demeure", and the same
    # "hors de la mise en demeure" when the debtor is insolvent and no demand is sent.
    old = [{"amount": 800, "due": "2020-10-31"}, {"amount": 900, "due": "2021-03-31"}]
    for insolvent, where_fr, where_en in ((None, "mise en demeure", "formal demand"),
                                          ("2026-11-02", "déclaration de créance",
                                           "claim filed in the insolvency")):
        answers = answers_with(invoices=old, insolvency_published=insolvent)
        for data, strings, plural, where, wrong in (
                (checklist, strings_fr, "ces créances sont probablement prescrites",
                 where_fr, "la créance est"),
                (checklist_en, strings_en, "the claims are probably time-barred", where_en,
                 "the claim is")):
            view = build_view(make_plan(answers, data), data, strings)
            risk = next(r for r in view["risks"] if r["code"] == "time_barred")
            assert plural in risk["explanation"] and wrong not in risk["explanation"]
            assert where in risk["reasoning"], risk["reasoning"]
