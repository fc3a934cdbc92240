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
_CPC = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070716/"
_CPCE = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070987/"
_GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
_ECB = ("https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/"
        "html/index.en.html")
_NONE = ""  # practice sources have no external link; the strings say what they are
_ARTICLE = "https://www.legifrance.gouv.fr/codes/article_lc/"
_SECTION = "https://www.legifrance.gouv.fr/codes/section_lc/"
# Article (or section) addresses read on stored Légifrance pages or LEGI mirrors; the other
# sources link to their code until their address is checked.
_CIV_DURATION = _SECTION + "LEGITEXT000006070721/LEGISCTA000032041417/"  # art. 1210-1215
_CIV_NON_PERFORMANCE = _SECTION + "LEGITEXT000006070721/LEGISCTA000006150254/"


def _sources(*items: tuple[str, str, str, str]) -> dict[str, Source]:
    return {item[0]: Source(*item) for item in items}


SOURCES: dict[str, Source] = _sources(
    ("civ-1104", "Code civil, art. 1104", _CIV, "law"),
    ("civ-1186", "Code civil, art. 1186", _CIV, "law"),
    ("civ-1193", "Code civil, art. 1193", _CIV, "law"),
    ("civ-1211", "Code civil, art. 1211", _CIV_DURATION, "law"),
    ("civ-1212", "Code civil, art. 1212", _CIV_DURATION, "law"),
    ("civ-1213", "Code civil, art. 1213", _CIV_DURATION, "law"),
    ("civ-1215", "Code civil, art. 1215", _ARTICLE + "LEGIARTI000032041387/", "law"),
    ("civ-1219", "Code civil, art. 1219 et 1220", _CIV_NON_PERFORMANCE, "law"),
    ("civ-1224", "Code civil, art. 1224 à 1226", _CIV, "law"),
    ("civ-1229", "Code civil, art. 1229", _CIV, "law"),
    ("civ-1230", "Code civil, art. 1230", _CIV, "law"),
    ("civ-1231", "Code civil, art. 1231", _CIV, "law"),
    ("civ-1231-1", "Code civil, art. 1231-1 à 1231-3", _ARTICLE + "LEGIARTI000032010123/",
     "law"),
    ("civ-1231-5", "Code civil, art. 1231-5", _ARTICLE + "LEGIARTI000032010131/", "law"),
    ("civ-1344", "Code civil, art. 1344", _CIV, "law"),
    ("civ-1171", "Code civil, art. 1171", _CIV, "law"),
    ("civ-1240", "Code civil, art. 1240", _CIV, "law"),
    ("civ-1794", "Code civil, art. 1794", _CIV, "law"),
    ("com-L110-4", "Code de commerce, art. L110-4", _ARTICLE + "LEGIARTI000027725867/",
     "law"),
    ("civ-2240", "Code civil, art. 2240 et 2241", _CIV, "law"),
    ("civ-2238", "Code civil, art. 2238", _CIV, "law"),
    ("civ-2247", "Code civil, art. 2247", _CIV, "law"),
    ("cpc-1405", "Code de procédure civile, art. 1405 et suivants", _CPC, "law"),
    ("cpc-640", "Code de procédure civile, art. 640 à 642", _CPC, "law"),
    ("com-L622-26", "Code de commerce, art. L622-26", _COM, "law"),
    ("com-L622-28", "Code de commerce, art. L622-28", _COM, "law"),
    ("com-L622-13", "Code de commerce, art. L622-13 et L641-11-1", _COM, "law"),
    ("cpce-L100", "Code des postes et des communications électroniques, art. L100",
     _CPCE, "law"),
    ("data-legal-interest", "Taux de l'intérêt légal, arrêtés semestriels", _NONE, "data"),
    ("com-L441-10", "Code de commerce, art. L441-10", _ARTICLE + "LEGIARTI000038414392/",
     "law"),
    ("com-D441-5", "Code de commerce, art. D441-5", _COM, "law"),
    ("com-L442-1-II", "Code de commerce, art. L442-1, II", _COM, "law"),
    ("com-L442-1-I", "Code de commerce, art. L442-1, I, 2°", _COM, "law"),
    ("p2b-2019-1150", "Règlement (UE) 2019/1150 (plateformes en ligne), art. 3 et 4",
     "https://eur-lex.europa.eu/eli/reg/2019/1150/oj", "law"),
    ("com-R622-24", "Code de commerce, art. L622-24 et R622-24", _COM, "law"),
    ("loi-75-1334", "Loi n° 75-1334 du 31 décembre 1975, art. 3, 12 et 13", _NONE, "law"),
    ("trav-L1254-1", "Code du travail, art. L1254-1 et suivants", _TRAV, "law"),
    ("trav-L1254-13", "Code du travail, art. L1254-13",
     _SECTION + "LEGITEXT000006072050/LEGISCTA000030436102/", "law"),
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
    ReferenceRate(date(2027, 1, 1), Decimal("2.15"), assumed=True),
)

# The legal interest rate for creditors other than consumers ("autres cas"), fixed each
# half-year by arrêté (Code monétaire et financier, L313-2): a contractual late-payment rate
# may not be lower than three times it (L441-10). 2026 second half and 2027 first half are
# ASSUMED equal to the first half of 2026 until their arrêtés are read.
LEGAL_INTEREST_RATES: tuple[ReferenceRate, ...] = (
    ReferenceRate(date(2023, 1, 1), Decimal("2.06")),
    ReferenceRate(date(2023, 7, 1), Decimal("4.22")),
    ReferenceRate(date(2024, 1, 1), Decimal("5.07")),
    ReferenceRate(date(2024, 7, 1), Decimal("4.92")),
    ReferenceRate(date(2025, 1, 1), Decimal("3.71")),
    ReferenceRate(date(2025, 7, 1), Decimal("2.76")),
    ReferenceRate(date(2026, 1, 1), Decimal("2.62")),
    ReferenceRate(date(2026, 7, 1), Decimal("2.62"), assumed=True),
    ReferenceRate(date(2027, 1, 1), Decimal("2.62"), assumed=True),
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
        "time_barred": ("com-L110-4", "civ-2240", "civ-2238", "civ-2247"),
        "limitation_near": ("com-L110-4", "civ-2240", "cpc-1405", "civ-2238"),
        "insolvency_claim_deadline": ("com-R622-24", "com-L622-26", "com-L622-28",
                                      "com-L622-13"),
        "penalty_rate_below_floor": ("com-L441-10", "data-legal-interest"),
        "delivery_late": ("civ-1231-1", "civ-1224", "civ-1229"),
        "non_solicitation_direct_hire": ("civ-1230", "civ-1231-5", "civ-1171",
                                         "com-L442-1-I"),
        "platform_non_circumvention": ("practice-platform-terms", "p2b-2019-1150"),
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
        "notice_receipt": ("practice-registered-letter", "cpce-L100"),
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
        "contract_end": ("cpc-640",),
        "direct_hire": ("civ-1240", "civ-1186"),
    },
    public_holidays=public_holidays,
    regional_holidays_note="uncertain.regional_holidays",
    # Art. 1211 asks only for a "reasonable" notice; one month is the most common notice in
    # IT freelancing (practice).
    default_notice_days=30,
    # La Poste announces about two working days for a registered letter, without guarantee;
    # a ministerial answer states three: plan with three, never a zero margin. Counting from
    # receipt is the safer reading when the contract does not say.
    letter_receipt_working_days=3,
    umbrella_relay_working_days=2,  # practice: the portage company writes to the client
    preparation_working_days=3,  # practice: read the contract, compute, prepare the talk
    short_notice_working_days=5,  # a week or less left: compress the handover
    # Heuristic, not law: the "one month per year" figure is a rule of thumb; the plan
    # applies it from about two years of regular work with the same client, or earlier when
    # it exceeds the notice given by a month or more.
    established_min_months=24,
    relationship_material_days=30,
    notice_days_per_year=30,  # practice: about one month per year of relationship
    # L442-1 II: no liability for insufficient notice once 18 months were given (whether a
    # cap or a safe harbour is debated). 18 months ≈ 548 days.
    notice_cap_days=548,
    handover_lead_days=14,  # practice: offboarding starts 2 to 4 weeks before the end
    handover_plan_days=2,  # the handover plan two days after announcing (the guide's item)
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
    limitation_warning_days=120,
    limitation_margin_days=15,  # time to file an injonction de payer before the date
    insolvency_claim_months=2,  # R622-24: two months from the BODACC notice
    insolvency_forclusion_months=6,  # L622-26 al. 3: relevé de forclusion
    penalty_floor_multiplier=Decimal("3"),  # L441-10: not below 3 × the legal rate
    legal_interest_rates=LEGAL_INTEREST_RATES,
)
