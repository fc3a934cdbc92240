"""Letters you can post unedited (issue 21): the parties, their identities, the layout.

Every plan here is built from the real guide (its templates), in French and English."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
import zipfile
from functools import cache
from io import BytesIO
from typing import Any

import pytest

from checklist.api import build_view, make_plan, run
from checklist.authoring.guide import load_checklist
from checklist.exports.markdown import letter_text
from checklist.exports.odt import to_odt
from checklist.letter_view import mailto, starts_with_vowel_sound
from checklist.letters import BY_ID, LETTERS, POSTAL_KINDS

from .conftest import ROOT, answers_with, load_locale

ADDRESS = "12 rue des Lilas\n69003 Lyon"
FULL = {
    "freelancer": {"name": "Dominique Leroy", "legal_form": "ei", "siren": "912345678",
                   "registry": "RNE", "address": ADDRESS, "city": "Lyon"},
    "client": {"name": "Banque Durand", "contact": "Alex Martin",
               "address": "25 boulevard Haussmann\n75009 Paris"},
    "contract": {"reference": "contrat n° 4521"},
}


@cache
def guide(lang: str) -> dict[str, Any]:
    return load_checklist(ROOT / "docs", lang)


def merged(**changes: Any) -> dict[str, Any]:
    """Answers with every party given, then `changes` (groups updated field by field)."""
    answers = answers_with(**{key: dict(value) for key, value in FULL.items()})
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(answers.get(key), dict):
            answers[key] = {**answers[key], **value}
        else:
            answers[key] = value
    return answers


def view_for(lang: str = "fr", **changes: Any) -> dict[str, Any]:
    plan = make_plan(merged(**changes), guide(lang))
    return build_view(plan, guide(lang), load_locale(lang))


def letter(view: dict[str, Any], letter_id: str) -> dict[str, Any]:
    found = [m for m in view["messages"] if m["id"] == letter_id]
    assert found, [m["id"] for m in view["messages"]]
    return found[0]


def block(message: dict[str, Any], role: str) -> str:
    return "\n".join(b["text"] for b in message["blocks"] if b["role"] == role)


NOTICE = "tpl-notice-letter"
AGENCY = {"contract": {"intermediary": "agency"},
          "intermediary": {"name": "Conseil Plus", "contact": "Alex Martin",
                           "address": "8 avenue Foch\n75116 Paris"},
          "client": {"name": "Imprimerie Dubois", "contact": "Claire",
                     "address": "1 rue de la Paix\n75002 Paris"}}


# -- the sender block, per legal form ---------------------------------------------------

@pytest.mark.parametrize(("lang", "freelancer", "lines"), [
    # A sole trader (micro-entrepreneurs too): the EI denomination, C. com. R526-27.
    ("fr", {}, ["Dominique Leroy EI", "12 rue des Lilas", "69003 Lyon",
                "SIREN 912\u00a0345\u00a0678 – RNE"]),
    ("fr", {"registry": "RCS Lyon", "siren": "912 345 678"},
     ["Dominique Leroy EI", "12 rue des Lilas", "69003 Lyon",
      "SIREN 912\u00a0345\u00a0678 – RCS Lyon"]),
    # A company: its name, form and share capital, office, SIREN and RCS (R123-237/238).
    ("fr", {"legal_form": "eurl", "company": "Leroy Études", "capital": 5000,
            "registry": "RCS Lyon"},
     ["Leroy Études", "EURL au capital de 5\u202f000\u00a0€", "12 rue des Lilas",
      "69003 Lyon", "SIREN 912\u00a0345\u00a0678 – RCS Lyon"]),
    ("fr", {"legal_form": "sasu", "company": "Leroy Conseil", "capital": 1500.5,
            "registry": "RCS Lyon"},
     ["Leroy Conseil", "SASU au capital de 1\u202f500,50\u00a0€", "12 rue des Lilas",
      "69003 Lyon", "SIREN 912\u00a0345\u00a0678 – RCS Lyon"]),
    ("en", {"legal_form": "sasu", "company": "Leroy Conseil", "capital": 1000,
            "registry": "RCS Lyon"},
     ["Leroy Conseil", "SASU with a share capital of €1,000", "12 rue des Lilas",
      "69003 Lyon", "SIREN 912\u00a0345\u00a0678 – RCS Lyon"]),
    ("en", {}, ["Dominique Leroy EI", "12 rue des Lilas", "69003 Lyon",
                "SIREN 912\u00a0345\u00a0678 – RNE"]),
    # Another company: the form as the reader typed it (SARL, SAS…).
    ("fr", {"legal_form": "other_company", "company": "Leroy & Associés", "company_form": "SARL",
            "capital": 8000, "registry": "RCS Lyon"},
     ["Leroy & Associés", "SARL au capital de 8\u202f000\u00a0€", "12 rue des Lilas",
      "69003 Lyon", "SIREN 912\u00a0345\u00a0678 – RCS Lyon"]),
    ("en", {"legal_form": "other_company", "company": "Leroy & Associés", "company_form": "SAS",
            "capital": 8000, "registry": "RCS Lyon"},
     ["Leroy & Associés", "SAS with a share capital of €8,000", "12 rue des Lilas",
      "69003 Lyon", "SIREN 912\u00a0345\u00a0678 – RCS Lyon"]),
])
def test_sender_block_per_legal_form(lang: str, freelancer: dict[str, Any],
                                     lines: list[str]) -> None:
    notice = letter(view_for(lang, freelancer=freelancer), NOTICE)
    assert block(notice, "sender").split("\n") == lines
    assert notice["complete"], notice["unfilled"]


def test_a_company_signs_for_the_company_and_a_sole_trader_as_themselves() -> None:
    company = letter(view_for("fr", freelancer={"legal_form": "sasu", "company": "Leroy Conseil",
                                                "capital": 1000}), NOTICE)
    assert block(company, "signature") == "Dominique Leroy, pour Leroy Conseil"
    assert block(letter(view_for("en"), NOTICE), "signature") == "Dominique Leroy"


def test_a_portage_consultant_writes_as_an_employee() -> None:
    view = view_for("fr", freelancer={"legal_form": "portage", "siren": "", "registry": ""},
                    contract={"intermediary": "umbrella", "employment": "fixed_term"},
                    intermediary={"name": "Portage Sud", "contact": "Sam Roux",
                                  "address": "3 quai Jules Courmont\n69002 Lyon"})
    request = letter(view, "tpl-umbrella-request")
    assert block(request, "sender").split("\n") == ["Dominique Leroy", "12 rue des Lilas",
                                                    "69003 Lyon"]
    assert "SIREN" not in request["body"] and " EI" not in request["body"]
    assert request["complete"], request["unfilled"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_what_the_sender_block_lacks_stays_visible_and_is_listed(lang: str) -> None:
    view = view_for(lang, freelancer={"legal_form": "other_company", "company": "Leroy SARL",
                                      "address": "", "capital": None, "siren": "",
                                      "city": ""})
    notice = letter(view, NOTICE)
    sender = block(notice, "sender")
    placeholder = {"fr": "[votre adresse postale]", "en": "[your postal address]"}[lang]
    assert placeholder in sender
    assert {"company_form", "capital", "freelancer_address", "siren", "city"} <= set(
        notice["unfilled"])
    assert not notice["complete"]
    prefix = {"fr": "À compléter avant l'envoi : ", "en": "To complete before sending: "}[lang]
    assert notice["to_complete_text"].startswith(prefix)
    assert placeholder.strip("[]") in notice["to_complete_text"]
    # An unknown legal form: the whole legal identity is asked for, never silently left out.
    unknown = letter(view_for(lang, freelancer={"legal_form": "unknown"}), NOTICE)
    assert unknown["unfilled"] == ["legal_identity"]


# -- recipients, per counterparty -------------------------------------------------------

def test_direct_contract_letters_go_to_the_client() -> None:
    view = view_for("fr")
    notice = letter(view, NOTICE)
    assert block(notice, "recipient_address").split("\n") == [
        "Banque Durand", "À l'attention d'Alex Martin", "25 boulevard Haussmann",
        "75009 Paris"]
    assert notice["meta_text"].startswith("Destinataire : le client — Banque Durand, "
                                          "Alex Martin — à envoyer le ")
    # No "I work at <the addressee itself>" in a direct contract (issue 27).
    assert "j'interviens auprès" not in notice["body"]
    assert letter(view, "tpl-handover-plan")["copy_text"] == ""


def test_an_esn_chain_sends_notice_to_the_esn_and_the_handover_to_the_end_client() -> None:
    view = view_for("fr", **AGENCY)
    notice = letter(view, NOTICE)
    assert block(notice, "recipient_address").startswith(
        "Conseil Plus\nÀ l'attention d'Alex Martin\n8 avenue Foch")
    assert "au titre duquel j'interviens auprès d'Imprimerie Dubois" in notice["body"]
    for letter_id in ("tpl-handover-plan", "tpl-replacement"):
        email = letter(view, letter_id)
        assert email["to_text"] == ("Destinataire : votre interlocuteur opérationnel chez "
                                    "le client")
        assert " — Imprimerie Dubois, Claire — " in email["meta_text"]
        assert email["body"].split("\n\n")[1] == "Bonjour Claire,"
        assert email["copy_text"] == ("Copie à votre contact chez l'ESN (Conseil Plus, "
                                      "Alex Martin)")


def test_a_platform_client_gets_the_notice_and_the_platform_the_waiver_request() -> None:
    view = view_for("en", contract={"intermediary": "platform"}, non_solicitation=True,
                    new_mission_with_client=True,
                    intermediary={"name": "Malt", "contact": "", "address": "Paris"})
    notice = letter(view, NOTICE)
    assert block(notice, "recipient_address").startswith("Banque Durand\n")
    waiver = letter(view, "tpl-non-solicitation-waiver")
    assert waiver["complete"], waiver["unfilled"]
    assert waiver["to_text"] == "To: the platform"
    assert block(waiver, "recipient_address") == "Malt\nParis"
    assert block(waiver, "greeting") == "Dear Sir or Madam,"


def test_under_portage_every_letter_goes_to_the_portage_company_or_the_contact() -> None:
    view = view_for("fr", contract={"intermediary": "umbrella", "employment": "open_ended"},
                    intermediary={"name": "Portage Sud", "contact": "",
                                  "address": "3 quai Jules Courmont\n69002 Lyon"})
    assert {m["to"] for m in view["messages"]} == {"umbrella", "contact"}
    request = letter(view, "tpl-umbrella-request")
    assert block(request, "recipient_address") == ("Portage Sud\n3 quai Jules Courmont\n"
                                                   "69002 Lyon")
    assert block(request, "greeting") == "Madame, Monsieur,"
    assert letter(view, "tpl-handover-plan")["copy_text"].startswith(
        "Copie à votre contact chez la société de portage (Portage Sud)")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_insolvency_sends_a_claim_declaration_to_the_mandataire(lang: str) -> None:
    view = view_for(lang, insolvency_published="2026-11-02",
                    invoices=[{"amount": 4200, "due": "2026-09-30", "ref": "F-12"},
                              {"amount": 1000, "due": "2026-12-31", "ref": "F-13"}], **AGENCY)
    ids = [m["id"] for m in view["messages"]]
    assert "tpl-formal-demand" not in ids and "tpl-payment-reminder" not in ids
    declaration = letter(view, "tpl-claim-declaration")
    # The mandataire's name and address come from the official notice: visible, listed.
    assert declaration["unfilled"] == ["mandataire_name", "mandataire_address"]
    recipient = block(declaration, "recipient_address")
    assert "BODACC" in recipient and "Conseil Plus" in recipient
    body = declaration["body"]
    assert "F-12" in body and "F-13" in body  # due and not yet due: both declared
    assert ("5\u202f200,00\u00a0€" if lang == "fr" else "€5,200.00") in body
    assert "40" not in block(declaration, "text")  # no fixed indemnity for these debts
    if lang == "fr":
        assert "je déclare" in body and "réclam" not in body.lower()
        assert block(declaration, "greeting") == "Maître,"


# -- French elision and contraction -----------------------------------------------------

@pytest.mark.parametrize(("name", "elided"), [
    ("Imprimerie Dubois", True), ("Alex Martin", True), ("Éditions Alpha", True),
    ("IBM", True), ("Yves Rocher", True), ("Oscar", True), ("«Atelier»", True),
    ("Hachette Livre", False), ("Hôtel Dupont", False), ("Yasmine Conseil", False),
    ("Banque Durand", False), ("3M", False), ("[nom du client]", False), ("", False),
])
def test_which_names_take_an_elision(name: str, elided: bool) -> None:
    assert starts_with_vowel_sound(name) is elided


@pytest.mark.parametrize(("client", "expected"), [
    ("Imprimerie Dubois", "auprès d'Imprimerie Dubois"),
    ("Éditions Alpha", "auprès d'Éditions Alpha"),
    ("Hachette Livre", "auprès de Hachette Livre"),  # h: never elided (see letter_view)
    ("Yasmine Conseil", "auprès de Yasmine Conseil"),
    ("Le Monde", "auprès du Monde"),
    ("Les Échos", "auprès des Échos"),
])
def test_french_letters_elide_before_any_name(client: str, expected: str) -> None:
    notice = letter(view_for("fr", **{**AGENCY, "client": {**AGENCY["client"],
                                                           "name": client}}), NOTICE)
    assert expected in notice["body"]
    english = letter(view_for("en", **{**AGENCY, "client": {**AGENCY["client"],
                                                            "name": client}}), NOTICE)
    assert f"under which I work at {client}" in english["body"]


def test_the_attention_line_elides_too() -> None:
    for contact, line in (("Alex Martin", "À l'attention d'Alex Martin"),
                          ("Hélène Roy", "À l'attention de Hélène Roy"),
                          ("Claire", "À l'attention de Claire")):
        notice = letter(view_for("fr", client={"contact": contact}), NOTICE)
        assert line in block(notice, "recipient_address").split("\n")


def test_a_name_with_braces_is_shown_as_typed() -> None:
    notice = letter(view_for("fr", client={"name": "{client} {last_day:date}"}), NOTICE)
    assert notice["body"].count("{client} {last_day:date}") == 1


# -- greetings ----------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "contact", "email", "postal", "closing"), [
    ("fr", "Claire", "Bonjour Claire,", "",
     "Je vous prie d'agréer l'expression de mes salutations distinguées."),
    ("fr", "Alex Martin", "Bonjour,", "",
     "Je vous prie d'agréer l'expression de mes salutations distinguées."),
    ("fr", "", "Bonjour,", "Madame, Monsieur,",
     "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations "
     "distinguées."),
    ("en", "Claire", "Hello Claire,", "Dear Claire,", "Yours sincerely,"),
    ("en", "Alex Martin", "Dear Alex Martin,", "Dear Alex Martin,", "Yours sincerely,"),
    ("en", "", "Hello,", "Dear Sir or Madam,", "Yours faithfully,"),
])
def test_greetings_are_natural_and_gender_neutral(lang: str, contact: str, email: str,
                                                  postal: str, closing: str) -> None:
    view = view_for(lang, client={"contact": contact})
    announce, notice = letter(view, "tpl-announce-email"), letter(view, NOTICE)
    assert announce["body"].split("\n\n")[1] == email
    assert block(notice, "greeting") == postal
    assert block(notice, "closing") == closing
    if contact:  # no civility for a named person whose title nobody knows
        assert "Madame" not in notice["body"] and "Sir or Madam" not in notice["body"]
    assert f"Bonjour {contact}," not in notice["body"] or " " not in contact


# -- the notice letter's wording (issue 20 §1) ---------------------------------------------

def test_the_notice_runs_from_receipt_and_the_letter_never_asserts_it_is_respected() -> None:
    notice = letter(view_for("fr"), NOTICE)
    assert ("et en tout état de cause pas avant l'expiration d'un délai de 30 jours à "
            "compter de la réception de la présente") in notice["body"]
    assert "respecte" not in notice["body"]
    sending = letter(view_for("fr", contract={"notice_from": "sending"}), NOTICE)
    assert "qui court à compter de l'envoi de la présente" in sending["body"]


def test_a_contract_ending_on_a_sunday_says_when_the_last_day_worked_is() -> None:
    # A chosen end on Sunday 7 February 2027 (30 days' notice from receipt allows it).
    fr = letter(view_for("fr", desired_last_day="2027-02-07"), NOTICE)
    assert "ce contrat prendra fin le 7 février 2027" in fr["body"]
    assert ("Le dimanche 7 février 2027 n'étant pas un jour ouvré, mon dernier jour de "
            "prestation sera le vendredi 5 février 2027.") in fr["body"]
    en = letter(view_for("en", desired_last_day="2027-02-07"), NOTICE)
    assert ("As Sunday 7 February 2027 is not a working day, my last working day will be "
            "Friday 5 February 2027.") in en["body"]
    same = letter(view_for("fr", desired_last_day="2027-02-05"), NOTICE)
    assert "jour ouvré" not in same["body"]


def test_a_hand_delivered_letter_ends_with_a_receipt_box() -> None:
    notice = letter(view_for("fr", sending="hand"), NOTICE)
    assert block(notice, "sending_mode") == "Remise en main propre contre décharge"
    assert notice["blocks"][-1]["role"] == "receipt"
    electronic = letter(view_for("en", sending="electronic"), NOTICE)
    assert block(electronic, "sending_mode") == "Sent by electronic registered letter"
    assert all(b["role"] != "receipt" for b in electronic["blocks"])


# -- the letters of issues 20, 22 and 27 -------------------------------------------------

def test_a_refusal_that_can_no_longer_arrive_in_time_gets_the_late_letter() -> None:
    # Term 20 December: the refusal had to be received by 20 November, before today.
    changes = {"contract": {"type": "fixed_term", "end": "2026-12-20", "notice": 30,
                            "auto_renewal": "yes"}}
    view = view_for("fr", **changes)
    ids = [m["id"] for m in view["messages"]]
    assert "tpl-late-non-renewal" in ids and "tpl-non-renewal" not in ids
    late = letter(view, "tpl-late-non-renewal")
    assert late["complete"], late["unfilled"]
    body = late["body"]
    assert "je vous propose de convenir par écrit que notre contrat prendra fin" in body
    assert "la présente vaut résiliation" in body
    assert "préavis de 30 jours à compter de la réception de la présente" in body


def test_a_next_mission_at_the_same_client_asks_for_a_waiver_not_a_successor() -> None:
    view = view_for("fr", non_solicitation=True, new_mission_with_client=True, **AGENCY)
    ids = [m["id"] for m in view["messages"]]
    assert "tpl-non-solicitation-waiver" in ids and "tpl-replacement" not in ids
    waiver = letter(view, "tpl-non-solicitation-waiver")
    assert waiver["complete"], waiver["unfilled"]
    assert "renoncez à vous prévaloir de cette clause" in waiver["body"]
    assert "ne vaut reconnaissance d'aucune obligation ni d'aucun manquement" in waiver["body"]
    announce = letter(view, "tpl-announce-email")
    assert announce["subject"] == "Fin de notre contrat de prestation de services"
    assert "Imprimerie Dubois" not in announce["body"]  # not "leaving my mission at" it
    plain = view_for("fr", **AGENCY)
    assert letter(plain, "tpl-announce-email")["subject"] == (
        "Fin de ma mission chez Imprimerie Dubois")
    assert "tpl-non-solicitation-waiver" not in [m["id"] for m in plain["messages"]]


@pytest.mark.parametrize(("employment", "present", "absent"), [
    ("fixed_term", ["durée déterminée", "L1254-13", "par accord entre nous",
                    "trois mois au plus"], ["durée indéterminée"]),
    ("open_ended", ["durée indéterminée"], ["L1254-13"]),
    ("unknown", ["L1254-13", "durée indéterminée"], []),
])
def test_the_portage_request_asks_about_the_contract_the_answers_give(
        employment: str, present: list[str], absent: list[str]) -> None:
    view = view_for("fr", contract={"intermediary": "umbrella", "employment": employment},
                    intermediary={"name": "Portage Sud", "address": "Lyon"})
    body = letter(view, "tpl-umbrella-request")["body"]
    for text in present:
        assert text in body
    for text in absent:
        assert text not in body


def test_the_portage_request_never_endorses_the_clients_short_notice() -> None:
    view = view_for("fr", initiator="client", client_notice_received="2026-11-25",
                    client_last_day="2026-12-04",
                    contract={"intermediary": "umbrella", "employment": "fixed_term"},
                    intermediary={"name": "Portage Sud", "address": "Lyon"})
    request = letter(view, "tpl-umbrella-request")
    assert request["complete"], request["unfilled"]
    body = request["body"]
    assert "qui lui est due" in body  # owed to the portage company
    assert "m'est dû" not in body and "prends acte" not in body
    assert "porterait cette fin au plus tôt au 25 décembre 2026" in body


def test_the_notice_claim_describes_the_contract_as_it_is() -> None:
    changes = {"initiator": "client", "client_notice_received": "2026-11-25",
               "client_last_day": "2026-12-04", "daily_rate": 500}
    open_ended = letter(view_for("fr", **changes), "tpl-claim-notice")["body"]
    assert "Notre contrat est conclu sans terme." in open_ended
    fixed = letter(view_for("fr", contract={"type": "fixed_term", "end": "2027-06-30",
                                            "early_exit_clause": "yes", "notice": 30},
                            **changes), "tpl-claim-notice")["body"]
    assert "sans terme" not in fixed
    assert "Notre contrat est conclu jusqu'au 30 juin 2027." in fixed
    assert "avant déduction des frais que je n'aurai pas à engager" in fixed


def test_the_claim_to_the_term_speaks_of_lost_profit_before_costs_saved() -> None:
    view = view_for("en", initiator="client", client_notice_received="2026-11-25",
                    client_last_day="2026-12-04", daily_rate=500,
                    contract={"type": "fixed_term", "end": "2027-06-30",
                              "early_exit_clause": "no"})
    body = letter(view, "tpl-claim-term")["body"]
    assert "includes in particular the profit lost" in body
    assert "before deducting the costs I will not incur" in body


def test_the_formal_demand_says_what_follows_and_lists_its_attachments() -> None:
    view = view_for("fr", invoices=[{"amount": 4200, "due": "2026-09-30", "ref": "F-12"}])
    demand = letter(view, "tpl-formal-demand")
    assert "requête en injonction de payer" in demand["body"]
    assert "sans autre avis" not in demand["body"]
    assert block(demand, "attachments") == "Pièces jointes : copie de la facture F-12"


def test_the_early_exit_proposal_protects_what_is_paid_and_settles_ip_data_clauses() -> None:
    view = view_for("fr", contract={"type": "fixed_term", "end": "2027-06-30",
                                    "early_exit_clause": "no"},
                    desired_last_day="2027-01-29")
    body = letter(view, "tpl-early-exit-agreement")["body"]
    for text in ("acompte", "factures d'étape", "droits d'auteur", "données",
                 "non-sollicitation", "paiement complet"):
        assert text in body, text


# -- order, emails, documents ------------------------------------------------------------

def test_letters_are_listed_in_the_order_they_are_sent_each_with_date_and_recipient() -> None:
    view = view_for("fr", invoices=[{"amount": 4200, "due": "2026-09-30"}])
    dates = [m["send_on"] for m in view["messages"]]
    assert dates == sorted(dates) and len(set(dates)) > 1
    for message in view["messages"]:
        assert message["send_on_text"] in message["meta_text"]
        assert message["to_text"] in message["meta_text"]


HOSTILE = "Zoë & <Bob> ?subject=x#y+z%20 \"quoted\" 'd'"


def test_mailto_is_percent_encoded_and_decodes_to_the_email() -> None:
    view = view_for("fr", freelancer={"name": HOSTILE},
                    client={"name": "A&B=C", "contact": "Zoë"})
    email = letter(view, "tpl-announce-email")
    url = email["mailto"]
    assert url.startswith("mailto:?subject=")
    assert re.fullmatch(r"mailto:\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]*", url)
    query = urllib.parse.parse_qs(url.split("?", 1)[1], keep_blank_values=True)
    assert query["subject"] == [email["subject"]] == ["Fin de ma mission"]
    body = query["body"][0]
    assert body.startswith("Bonjour Zoë,\r\n\r\nMerci pour notre échange.")
    assert body.endswith(HOSTILE) and "Objet" not in body
    assert "\n" not in body.replace("\r\n", "")
    assert mailto("a b", "c\nd") == "mailto:?subject=a%20b&body=c%0D%0Ad"
    # Postal letters have a document to download instead, emails no letterhead.
    notice = letter(view, NOTICE)
    assert notice["mailto"] is None and notice["document"]["format"] == "odt"
    assert email["document"] is None and email["blocks"] == []


def test_every_letter_is_postal_or_an_email_as_its_table_says() -> None:
    for spec in LETTERS:
        assert spec.kind in ("registered", "letter", "email"), spec.id
    kinds = {m["id"]: m["kind"] for m in view_for("fr", invoices=[
        {"amount": 4200, "due": "2026-09-30"}])["messages"]}
    assert kinds == {letter_id: BY_ID[letter_id].kind for letter_id in kinds}


def _odt(message: dict[str, Any], lang: str) -> Any:
    from odfdo import Document

    return Document(BytesIO(to_odt(message, lang=lang)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_editable_document_opens_with_a_real_parser(lang: str) -> None:
    view = view_for(lang, invoices=[{"amount": 4200, "due": "2026-09-30", "ref": "F-12"}],
                    **AGENCY)
    demand = letter(view, "tpl-formal-demand")
    document = _odt(demand, lang)
    assert document.mimetype == "application/vnd.oasis.opendocument.text"
    paragraphs = [p.text_recursive for p in document.body.get_paragraphs()]
    frames = document.body.get_frames()
    # The recipient block sits in a frame on the page, where a DL window shows it.
    assert len(frames) == 1
    frame = frames[0]
    assert (frame.get_attribute("svg:x"), frame.get_attribute("svg:y")) == ("10.5cm", "5cm")
    assert frame.get_attribute("text:anchor-type") == "page"
    assert [p.text_recursive for p in frame.get_paragraphs()] == [
        "Conseil Plus", {"fr": "À l'attention d'Alex Martin",
                         "en": "For the attention of Alex Martin"}[lang],
        "8 avenue Foch", "75116 Paris"]
    for line in ("Dominique Leroy EI", "12 rue des Lilas", "69003 Lyon"):
        assert line in paragraphs
    expected = {"fr": ["À Lyon, le 4 décembre 2026", "Réf. : contrat n° 4521",
                       "Pièces jointes : copie de la facture F-12",
                       "Lettre recommandée avec demande d'avis de réception"],
                "en": ["Lyon, 4 December 2026", "Ref.: contrat n° 4521",
                       "Enclosures: Invoice F-12 (copy)",
                       "Sent by registered post with acknowledgement of receipt"]}[lang]
    for line in expected:
        assert line in paragraphs, line
    page = document.get_part("styles.xml").get_element("//style:page-layout-properties")
    assert (page.get_attribute("fo:page-width"), page.get_attribute("fo:page-height")) == (
        "21cm", "29.7cm")


def test_the_document_is_a_valid_odf_zip_and_always_the_same_bytes() -> None:
    notice = letter(view_for("fr", client={"name": "A & <B>"}), NOTICE)
    data = to_odt(notice, lang="fr")
    assert data == to_odt(notice, lang="fr")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert archive.testzip() is None
    paragraphs = [p.text_recursive for p in _odt(notice, "fr").body.get_paragraphs()]
    assert "A & <B>" in [p.text_recursive for p in _odt(notice, "fr").body.get_frames()[0]
                         .get_paragraphs()]  # escaped, shown as typed
    # A character XML cannot hold never breaks the document (the answers refuse them).
    odd = {"title": "x", "blocks": [{"role": "text", "text": "a\x01b\ufffe"}]}
    assert "ab" in [p.text_recursive for p in _odt(odd, "fr").body.get_paragraphs()]
    assert paragraphs


def test_the_engine_hands_the_page_a_letter_document_on_request() -> None:
    request = {"answers": merged(), "checklist": guide("fr"),
               "strings": (ROOT / "locales" / "fr" / "plan.toml").read_text("utf-8"),
               "exports": ["odt"], "letter": NOTICE}
    response = json.loads(run(json.dumps(request)))
    assert response["ok"] and response["errors"] == []
    data = base64.b64decode(response["exports"]["odt"])
    assert data == to_odt(letter(response["view"], NOTICE), lang="fr")
    for bad in ("tpl-handover-plan", "nope", 3):  # an email, an unknown id, not a string
        failed = json.loads(run(json.dumps({**request, "letter": bad})))
        assert not failed["ok"] and [e["field"] for e in failed["errors"]] == ["letter"]


def test_the_markdown_export_lays_a_postal_letter_out() -> None:
    notice = letter(view_for("fr"), NOTICE)
    text = letter_text(notice)
    lines = text.split("\n")
    assert lines[0] == "Dominique Leroy EI"
    assert " " * 40 + "Banque Durand" in lines
    assert " " * 40 + "À Lyon, le 26 novembre 2026" in lines
    assert letter_text(letter(view_for("fr"), "tpl-announce-email")).startswith("Objet : ")


def test_no_letter_calls_the_contact_a_manager() -> None:
    for lang, word in (("fr", "responsable"), ("en", "manager")):
        for template in guide(lang)["templates"]:
            assert word not in template["body"].lower(), template["id"]


def test_postal_letters_are_complete_with_every_answer_given() -> None:
    view = view_for("fr", invoices=[{"amount": 4200, "due": "2026-09-30", "ref": "F-12"}])
    for message in view["messages"]:
        assert message["complete"], (message["id"], message["unfilled"])
        if message["kind"] in POSTAL_KINDS:
            assert [b["role"] for b in message["blocks"]][:4] == [
                "sender", "recipient_address", "place_date",
                "sending_mode" if message["kind"] == "registered" else "subject"]


def letter_string_keys() -> set[str]:
    """Every string the letters can ask for (their keys are built from codes)."""
    from checklist.letter_view import SENTENCE_FIELDS
    from checklist.letters import ATTACHMENTS, LETTERS, RECIPIENTS
    from checklist.routes import NOTICE_BASIS_VARIANTS
    from checklist.vocabulary import COMPANY_FORMS, EMPLOYMENT, SENDING

    variants = {
        "notice_basis": [*NOTICE_BASIS_VARIANTS, "contract_sending", "reasonable_sending",
                         "clause_sending"],
        "mission": ["own", "at_client", "contract"], "engagement": ["own", "at_client"],
        "work_end": ["same", "apart"], "contract_ending": ["open_ended", "clause"],
        "notice_owed_basis": ["contract", "reasonable", "relationship"],
        "umbrella_end": ["freelancer", "client", "client_short", "client_term"],
        "umbrella_employment": list(EMPLOYMENT),
        "handover_offer": ["planned", "now"], "successor_overlap": ["days", "short"],
        "handover_sessions": ["planned", "now"], "agreement_end": ["early", "overdue"],
        "agreement_waiver": ["early", "overdue"], "owed_work_end": ["same", "apart"],
        "invoices_intro": [f"{letter.id.removeprefix('tpl-')}.{number}"
                           for letter in LETTERS if letter.states_amounts
                           for number in ("one", "many")],
    }
    assert set(variants) == set(SENTENCE_FIELDS)
    keys = {f"letter.{field}.{variant}" for field, names in variants.items()
            for variant in names}
    keys |= {f"letter.company_form.{form}" for form in COMPANY_FORMS}
    keys |= {f"letter.sending.{mode}" for mode in SENDING}
    keys |= {f"letter.attachment.{item}" for item in (*ATTACHMENTS, "invoice")
             if item != "invoices"}
    keys |= {f"letter.to.{to}" for to in ("client", "agency", "platform", "platform_itself",
                                          "umbrella", "contact", "mandataire")}
    keys |= {"letter.copy.agency", "letter.copy.umbrella", "letter.sender.ei", "letter.meta_named",
             "letter.sender.capital", "letter.sender.registration", "letter.place_date",
             "letter.attention", "letter.receipt", "letter.to_complete", "letter.warnings",
             "letter.recipient.mandataire", "letter.signature.company", "letter.meta"}
    keys |= {f"format.greeting.{case}" for case in (
        "email_one_word", "email_full_name", "email_none", "letter_named", "letter_none",
        "letter_mandataire")}
    keys |= {f"format.closing.{case}" for case in (
        "letter_named", "letter_none", "letter_mandataire")}
    roles = {"client", "agency", "platform", "umbrella", "mandataire"}
    assert roles <= {*RECIPIENTS, "client", "agency", "platform"}
    keys |= {f"placeholder.{role}_{part}" for role in roles for part in ("name", "address")}
    keys |= {f"placeholder.{name}" for name in (
        "freelancer", "freelancer_address", "company", "company_form", "capital",
        "legal_identity", "siren", "registry", "city", "reference", "debtor",
        "insolvency_published", "declared_total", "invoice_copies", "claim_estimate")}
    return keys


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_letter_string_exists(lang: str) -> None:
    from checklist.placeholders import flatten

    from .conftest import locale_table

    table = flatten(locale_table(lang))
    assert sorted(key for key in letter_string_keys() if not isinstance(
        table.get(key), str)) == []
    for name in ("format.elision", "format.contractions", "format.weekdays"):
        assert isinstance(table.get(name), list), name


@pytest.mark.parametrize(("lang", "quoted"), [("fr", "«\u00a0"), ("en", "“")])
def test_a_letter_names_the_risks_to_read_before_sending_it(lang: str, quoted: str) -> None:
    view = view_for(lang, invoices=[{"amount": 4200, "due": "2026-09-30", "ref": "F-12"},
                                    {"amount": 900, "due": "2020-01-31", "ref": "F-01"}])
    demand = letter(view, "tpl-formal-demand")
    titles = {risk["code"]: risk["title"] for risk in view["risks"]}
    assert demand["warnings"] == [titles["time_barred"]]
    assert f"{quoted}{titles['time_barred']}" in demand["warnings_text"]
    assert letter(view, "tpl-handover-plan")["warnings_text"] == ""


@pytest.mark.parametrize(("lang", "one", "many"), [
    ("fr", ["la facture suivante n'est pas encore réglée",
            "la facture suivante, émise au titre de notre contrat de prestation de services, "
            "reste impayée alors que son échéance"],
     ["les factures suivantes ne sont pas encore réglées",
      "les factures suivantes, émises au titre de notre contrat de prestation de services, "
      "restent impayées alors que leur échéance"]),
    ("en", ["the following invoice has not yet been paid",
            "The following invoice, issued under our services contract, is still unpaid"],
     ["the following invoices have not yet been paid",
      "The following invoices, issued under our services contract, are still unpaid"]),
])
def test_invoice_letters_agree_with_the_number_of_invoices(lang: str, one: list[str],
                                                            many: list[str]) -> None:
    # One overdue invoice: "la facture suivante", never "les factures suivantes : - F-12".
    invoices = [{"amount": 4200, "due": "2026-09-30", "ref": "F-12"}]
    for given, expected, wrong in ((invoices, one, many),
                                   ([*invoices, {"amount": 800, "due": "2026-10-31",
                                                 "ref": "F-13"}], many, one)):
        view = view_for(lang, invoices=given)
        bodies = [letter(view, "tpl-payment-reminder")["body"],
                  letter(view, "tpl-formal-demand")["body"]]
        for body, sentence, other in zip(bodies, expected, wrong, strict=True):
            assert sentence in body, body
            assert other not in body, body


@pytest.mark.parametrize(("lang", "now", "later"), [
    ("fr", "je commence la passation dès aujourd'hui", "vous recevrez dans les prochains jours"),
    ("en", "I am starting the handover today", "in the next few days you will receive"),
])
def test_the_announcement_says_when_the_handover_plan_comes(lang: str, now: str,
                                                            later: str) -> None:
    # Three working days left (announce Thu 26 Nov, last day Tue 1 Dec): the handover plan
    # goes out the same day, so the announcement cannot promise it "in the next few days".
    short = letter(view_for(lang, desired_last_day="2026-12-01",
                            contract={"type": "fixed_term", "end": "2026-12-01"}),
                   "tpl-announce-email")["body"]
    assert now in short and later not in short, short
    roomy = letter(view_for(lang), "tpl-announce-email")["body"]
    assert later in roomy and now not in roomy, roomy



@pytest.mark.parametrize(("lang", "days"), [
    ("fr", "quelques jours de travail en commun"), ("en", "a few days working alongside")])
def test_replacement_help_offers_days_side_by_side_only_when_there_are_some(
        lang: str, days: str) -> None:
    # The term is today: "quelques jours de travail en commun avec la personne retenue
    # avant le 26 novembre 2026", sent on 26 November, could not be kept.
    short = letter(view_for(lang, contract={"type": "fixed_term", "end": "2026-11-26"}),
                   "tpl-replacement")["body"]
    assert days not in short, short
    assert letter(view_for(lang), "tpl-replacement")["body"].count(days) == 1


@pytest.mark.parametrize(("lang", "today", "later"), [
    ("fr", "Dès aujourd'hui : sessions de transfert", "À partir du 17 décembre 2026 : sessions"),
    ("en", "From today: handover sessions", "From 17 December 2026: handover sessions"),
])
def test_the_handover_plan_starts_its_sessions_from_today_when_sent_that_day(
        lang: str, today: str, later: str) -> None:
    # The term is today: the plan, sent today, proposed sessions "À partir du 26 novembre
    # 2026" as if that were another day; with time, they start on the handover's day.
    short = letter(view_for(lang, contract={"type": "fixed_term", "end": "2026-11-26"}),
                   "tpl-handover-plan")["body"]
    assert today in short, short
    roomy = letter(view_for(lang), "tpl-handover-plan")["body"]
    assert later in roomy and today not in roomy, roomy


@pytest.mark.parametrize(("lang", "before", "schedule"), [
    ("fr", "avant son échéance", "ni du calendrier de livraison prévu au contrat"),
    ("en", "before its end date", "or for the delivery schedule set by the contract"),
])
def test_an_agreement_after_the_delivery_date_settles_the_schedule(
        lang: str, before: str, schedule: str) -> None:
    # Delivery was due on 30 October and the work is unfinished: the agreement proposed to
    # end the contract "avant son échéance" (passed) and waived claims for the early end
    # only, leaving the delay open (scenario 22).
    overdue = letter(view_for(lang, desired_last_day="2027-01-08", contract={
        "type": "deliverable", "end": "2026-10-30"}), "tpl-early-exit-agreement")["body"]
    assert before not in overdue and schedule in overdue, overdue
    early = letter(view_for(lang, desired_last_day="2027-01-08", contract={
        "type": "deliverable", "end": "2027-03-31"}), "tpl-early-exit-agreement")["body"]
    assert before in early and schedule not in early, early


@pytest.mark.parametrize(("lang", "apart", "marker"), [
    ("fr", "(le dimanche 3 janvier 2027 n'étant pas un jour ouvré, mon dernier jour de "
           "prestation serait le jeudi 31 décembre 2026)", "mon dernier jour de prestation serait"),
    ("en", "(as Sunday 3 January 2027 is not a working day, my last working day would be "
           "Thursday 31 December 2026)", "my last working day would be"),
])
def test_a_claimed_notice_ending_on_a_day_off_names_the_last_day_worked(
        lang: str, apart: str, marker: str) -> None:
    # 30 days from 4 December end on Sunday 3 January: the claim proposed to "reporter la
    # fin de ma mission au 3 janvier 2027" with no word of the last day worked (scenario 24).
    claim = {"today": "2026-12-07", "initiator": "client", "client_last_day": "2026-12-14",
             "daily_rate": 500, "contract": {"type": "open_ended", "notice": 30,
                                             "start": "2026-06-01"}}
    body = letter(view_for(lang, client_notice_received="2026-12-04", **claim),
                  "tpl-claim-notice")["body"]
    assert apart in body, body
    # 30 days from 23 November end on Wednesday 23 December, a working day: nothing added.
    body = letter(view_for(lang, client_notice_received="2026-11-23", **claim),
                  "tpl-claim-notice")["body"]
    assert marker not in body, body
