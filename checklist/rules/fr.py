"""French rules: the reference rules set (data only, one `RULES` record).

Every figure here is dated or sourced. Check each article on Légifrance before relying on
it; the plan presents the result as information, not legal advice. Points that are
debated are flagged as uncertain by the engine (see `uncertain.*` in the strings).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from checklist.calendar import easter_sunday
from checklist.rules import ReferenceRate, RuleSet, Source

_CIV = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070721/"
_COM = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000005634379/"
_TRAV = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050/"
_CPI = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006069414/"
_GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
_ECB = ("https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/"
        "html/index.en.html")
_NONE = ""  # practice sources have no external link; the strings say what they are


def _sources(*items: tuple[str, str, str, str]) -> dict[str, Source]:
    return {item[0]: Source(*item) for item in items}


SOURCES: dict[str, Source] = _sources(
    ("civ-1104", "Code civil, art. 1104", _CIV, "law"),
    ("civ-1193", "Code civil, art. 1193", _CIV, "law"),
    ("civ-1211", "Code civil, art. 1211", _CIV, "law"),
    ("civ-1212", "Code civil, art. 1212", _CIV, "law"),
    ("civ-1213", "Code civil, art. 1213", _CIV, "law"),
    ("civ-1215", "Code civil, art. 1215", _CIV, "law"),
    ("civ-1219", "Code civil, art. 1219 et 1220", _CIV, "law"),
    ("civ-1224", "Code civil, art. 1224 à 1226", _CIV, "law"),
    ("civ-1229", "Code civil, art. 1229", _CIV, "law"),
    ("civ-1230", "Code civil, art. 1230", _CIV, "law"),
    ("civ-1231", "Code civil, art. 1231", _CIV, "law"),
    ("civ-1231-1", "Code civil, art. 1231-1 à 1231-3", _CIV, "law"),
    ("civ-1231-5", "Code civil, art. 1231-5", _CIV, "law"),
    ("civ-1344", "Code civil, art. 1344", _CIV, "law"),
    ("civ-1794", "Code civil, art. 1794", _CIV, "law"),
    ("com-L110-4", "Code de commerce, art. L110-4", _COM, "law"),
    ("com-L441-10", "Code de commerce, art. L441-10", _COM, "law"),
    ("com-D441-5", "Code de commerce, art. D441-5", _COM, "law"),
    ("com-L442-1-II", "Code de commerce, art. L442-1, II", _COM, "law"),
    ("com-R622-24", "Code de commerce, art. L622-24 et R622-24", _COM, "law"),
    ("loi-75-1334", "Loi n° 75-1334 du 31 décembre 1975, art. 3, 12 et 13", _NONE, "law"),
    ("trav-L1254-1", "Code du travail, art. L1254-1 et suivants", _TRAV, "law"),
    ("trav-L1254-13", "Code du travail, art. L1254-13", _TRAV, "law"),
    ("trav-L3133-1", "Code du travail, art. L3133-1", _TRAV, "law"),
    ("ccn-portage-17-1",
     "Convention collective de branche des salariés en portage salarial du 22 mars 2017, "
     "art. 17.1", _NONE, "agreement"),
    ("cpi-L111-1", "Code de la propriété intellectuelle, art. L111-1", _CPI, "law"),
    ("cpi-L113-9", "Code de la propriété intellectuelle, art. L113-9", _CPI, "law"),
    ("cpi-L131-2", "Code de la propriété intellectuelle, art. L131-2 et L131-3", _CPI, "law"),
    ("cpi-L131-1", "Code de la propriété intellectuelle, art. L131-1", _CPI, "law"),
    ("rgpd-28-3-g", "Règlement (UE) 2016/679 (RGPD), art. 28, 3, g", _GDPR, "law"),
    ("practice-notice-per-year", "", _NONE, "practice"),
    ("practice-reasonable-notice", "", _NONE, "practice"),
    ("practice-offboarding", "", _NONE, "practice"),
    ("practice-double-booking", "", _NONE, "practice"),
    ("practice-registered-letter", "", _NONE, "practice"),
    ("practice-platform-terms", "", _NONE, "practice"),
    ("data-ecb-mro", "BCE, taux des opérations principales de refinancement", _ECB, "data"),
)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The 11 national public holidays (Code du travail, art. L3133-1). Alsace-Moselle adds
    Good Friday and 26 December: the plan names them as uncertain instead of guessing where
    the reader works."""
    easter = easter_sunday(year)
    return frozenset({
        date(year, 1, 1), easter + timedelta(days=1), date(year, 5, 1), date(year, 5, 8),
        easter + timedelta(days=39), easter + timedelta(days=50), date(year, 7, 14),
        date(year, 8, 15), date(year, 11, 1), date(year, 11, 11), date(year, 12, 25),
    })


# The ECB main refinancing rate in force on 1 January / 1 July fixes the legal default
# late-payment rate for that half-year (L441-10: that rate + 10 points). Read from the ECB's
# table of key rates; the 2026 second half is ASSUMED unchanged (2.15 % since 11 June 2025)
# until confirmed. Add each new half-year here; beyond the last one the plan asks the reader
# for the rate.
REFERENCE_RATES: tuple[ReferenceRate, ...] = (
    ReferenceRate(date(2021, 1, 1), Decimal("0.00")),
    ReferenceRate(date(2021, 7, 1), Decimal("0.00")),
    ReferenceRate(date(2022, 1, 1), Decimal("0.00")),
    ReferenceRate(date(2022, 7, 1), Decimal("0.00")),
    ReferenceRate(date(2023, 1, 1), Decimal("2.50")),
    ReferenceRate(date(2023, 7, 1), Decimal("4.00")),
    ReferenceRate(date(2024, 1, 1), Decimal("4.50")),
    ReferenceRate(date(2024, 7, 1), Decimal("4.25")),
    ReferenceRate(date(2025, 1, 1), Decimal("3.15")),
    ReferenceRate(date(2025, 7, 1), Decimal("2.15")),
    ReferenceRate(date(2026, 1, 1), Decimal("2.15")),
    ReferenceRate(date(2026, 7, 1), Decimal("2.15"), assumed=True),
)


RULES = RuleSet(
    name="fr",
    currency="EUR",
    sources=SOURCES,
    risk_basis={
        "fixed_term_early_exit": ("civ-1212", "civ-1193", "civ-1231-1"),
        "notice_shortfall": ("civ-1211", "civ-1104", "civ-1231-1"),
        "deliverable_unfinished": ("civ-1229", "civ-1193", "civ-1231-1"),
        "tacit_renewal": ("civ-1215", "civ-1211"),
        "renewal_deadline": ("civ-1212", "civ-1215"),
        "new_mission_overlap": ("civ-1104", "civ-1231-1", "practice-double-booking"),
        "established_relationship": ("com-L442-1-II", "practice-notice-per-year"),
        "overdue_invoices": ("com-L441-10", "com-D441-5", "civ-1344", "com-L110-4",
                             "civ-1219"),
        "time_barred": ("com-L110-4",),
        "insolvency_claim_deadline": ("com-R622-24", "com-L441-10"),
        "non_solicitation": ("civ-1230", "civ-1231-5"),
        "umbrella_employment": ("trav-L1254-1", "trav-L1254-13", "ccn-portage-17-1"),
        "platform_contracting_party": ("practice-platform-terms",),
        "client_assets": ("civ-1104", "practice-offboarding"),
        "ip_unassigned": ("cpi-L111-1", "cpi-L113-9", "cpi-L131-2", "cpi-L131-1"),
        "personal_data": ("rgpd-28-3-g",),
        "non_working_day": ("trav-L3133-1",),
        "notice_shortfall_in_your_favour": ("civ-1211", "com-L442-1-II",
                                            "practice-notice-per-year"),
        "fixed_term_broken_by_client": ("civ-1212", "civ-1231-1"),
        "deliverable_ended_by_client": ("civ-1794",),
        "pay_when_paid": ("com-L441-10", "civ-1104"),
    },
    situational_basis={
        ("overdue_invoices", "agency"): ("loi-75-1334",),
    },
    reason_basis={
        "notice": ("civ-1211",),
        "default_notice": ("civ-1211", "practice-reasonable-notice"),
        "notice_receipt": ("practice-registered-letter",),
        "fixed_term": ("civ-1212",),
        "early_clause": ("civ-1212", "civ-1104"),
        "early_agreement": ("civ-1193", "civ-1212"),
        "non_renewal": ("civ-1212", "civ-1215"),
        "deliverable": ("civ-1229", "civ-1193"),
        "extension": ("civ-1212", "civ-1213"),
        "tacit_renewal": ("civ-1215", "civ-1211"),
        "handover": ("practice-offboarding",),
        "working_days": ("trav-L3133-1",),
        "rate_override": ("com-L441-10",),
        "rate_table": ("com-L441-10", "data-ecb-mro"),
        "relationship": ("com-L442-1-II",),
        "client_notice": ("civ-1211", "com-L442-1-II"),
        "umbrella": ("trav-L1254-1", "ccn-portage-17-1"),
    },
    public_holidays=public_holidays,
    regional_holidays_note="uncertain.regional_holidays",
    # Art. 1211 asks only for a "reasonable" notice; one month is the most common notice in
    # IT freelancing (practice).
    default_notice_days=30,
    # A registered letter usually arrives within two working days (practice); counting from
    # receipt is the safer reading when the contract does not say.
    letter_receipt_working_days=2,
    # Heuristic, not law: from one year of regular work with the same client, treat the
    # relationship as possibly "established" (courts weigh stability, regularity, volume).
    established_min_months=12,
    notice_days_per_year=30,  # practice: about one month per year of relationship
    # L442-1 II: no liability for insufficient notice once 18 months were given (whether a
    # cap or a safe harbour is debated). 18 months ≈ 548 days.
    notice_cap_days=548,
    handover_lead_days=14,  # practice: offboarding starts 2 to 4 weeks before the end
    follow_up_days=7,  # "after" steps one week after the last day
    penalty_margin=Decimal("10"),
    reference_rates=REFERENCE_RATES,
    rate_basis=("com-L441-10", "data-ecb-mro"),
    recovery_indemnity=Decimal("40.00"),  # D441-5, per late invoice
    payment_default_term_days=30,  # L441-10: 30 days after the service
    periodic_invoice_max_days=45,  # L441-10 I; CGI 289 I-3: 45 days from the invoice date
    reminder_to_demand_days=8,  # practice: a week for the reminder to be answered
    formal_demand_days=8,  # practice: "sous huitaine"
    limitation_years=5,  # L110-4
    insolvency_claim_months=2,  # R622-24: two months from the BODACC notice
)
