"""French rules: the reference rule set (data plus small functions).

Every figure here is dated or sourced. Check each article on Légifrance before relying on
it; the plan presents the result as information, not legal advice. Points that are
debated are flagged as uncertain by the engine (see `uncertain.*` in the strings).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from checklist.rules import PenaltyRate, RelationshipAdvice, Source

NAME = "fr"
CURRENCY = "EUR"

_CIV = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070721/"
_COM = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000005634379/"
_TRAV = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050/"
_CPI = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006069414/"
_GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
_ECB = ("https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/"
        "html/index.en.html")
_GUIDE = ""  # practice sources have no external link; the strings say what they are


def _sources(*items: tuple[str, str, str, str]) -> dict[str, Source]:
    return {item[0]: Source(*item) for item in items}


SOURCES: dict[str, Source] = _sources(
    ("civ-1104", "Code civil, art. 1104", _CIV, "law"),
    ("civ-1211", "Code civil, art. 1211", _CIV, "law"),
    ("civ-1212", "Code civil, art. 1212", _CIV, "law"),
    ("civ-1213", "Code civil, art. 1213", _CIV, "law"),
    ("civ-1215", "Code civil, art. 1215", _CIV, "law"),
    ("civ-1219", "Code civil, art. 1219 et 1220", _CIV, "law"),
    ("civ-1226", "Code civil, art. 1226", _CIV, "law"),
    ("civ-1229", "Code civil, art. 1229", _CIV, "law"),
    ("civ-1230", "Code civil, art. 1230", _CIV, "law"),
    ("civ-1231", "Code civil, art. 1231", _CIV, "law"),
    ("civ-1231-1", "Code civil, art. 1231-1 et 1231-2", _CIV, "law"),
    ("civ-1231-5", "Code civil, art. 1231-5", _CIV, "law"),
    ("com-L110-4", "Code de commerce, art. L110-4", _COM, "law"),
    ("com-L441-10", "Code de commerce, art. L441-10", _COM, "law"),
    ("com-D441-5", "Code de commerce, art. D441-5", _COM, "law"),
    ("com-L442-1-II", "Code de commerce, art. L442-1, II", _COM, "law"),
    ("loi-75-1334", "Loi n° 75-1334 du 31 décembre 1975, art. 3, 12 et 13", "", "law"),
    ("trav-L1254-1", "Code du travail, art. L1254-1 et suivants", _TRAV, "law"),
    ("ccn-portage-17-1",
     "Convention collective de branche des salariés en portage salarial du 22 mars 2017, "
     "art. 17.1", "", "agreement"),
    ("cpi-L111-1", "Code de la propriété intellectuelle, art. L111-1", _CPI, "law"),
    ("cpi-L113-9", "Code de la propriété intellectuelle, art. L113-9", _CPI, "law"),
    ("cpi-L131-1", "Code de la propriété intellectuelle, art. L131-1", _CPI, "law"),
    ("cpi-L131-3", "Code de la propriété intellectuelle, art. L131-3", _CPI, "law"),
    ("rgpd-28-3-g", "Règlement (UE) 2016/679 (RGPD), art. 28, 3, g", _GDPR, "law"),
    ("practice-notice-per-year", "", _GUIDE, "practice"),
    ("practice-fixed-term-damages", "", _GUIDE, "practice"),
    ("practice-reasonable-notice", "", _GUIDE, "practice"),
    ("practice-offboarding", "", _GUIDE, "practice"),
    ("practice-double-booking", "", _GUIDE, "practice"),
    ("data-ecb-mro", "BCE, taux des opérations principales de refinancement", _ECB, "data"),
)

# ---------------------------------------------------------------------------------------
# Notice
# ---------------------------------------------------------------------------------------

DEFAULT_NOTICE_DAYS = 30
"""Notice assumed when the contract states none. Code civil art. 1211 only asks for a
"reasonable" notice; one month is the most common notice in IT freelancing (practice)."""


def default_notice_days(contract_type: str) -> int:
    return DEFAULT_NOTICE_DAYS


# ---------------------------------------------------------------------------------------
# Established commercial relationship (Code de commerce L442-1, II)
# ---------------------------------------------------------------------------------------

ESTABLISHED_MIN_MONTHS = 12
"""Heuristic, not law: from one year of continuous work with the same client, treat the
relationship as possibly "established". Courts look at stability, regularity and volume,
not only at length; so the plan flags it as a risk to weigh, never as a rule."""

NOTICE_DAYS_PER_YEAR = 30
"""Practice, not law: about one month of notice per year of relationship."""

NOTICE_CAP_DAYS = 540
"""L442-1 II: no liability for insufficient notice once 18 months of notice were given
(whether a cap or a safe harbour is debated)."""


def relationship(months: int) -> RelationshipAdvice:
    months = max(months, 0)
    recommended = -(-months * NOTICE_DAYS_PER_YEAR // 12)  # ceiling: 2.5 days per month
    return RelationshipAdvice(
        months=months,
        established=months >= ESTABLISHED_MIN_MONTHS,
        recommended_notice_days=min(recommended, NOTICE_CAP_DAYS),
    )


# ---------------------------------------------------------------------------------------
# Payment (Code de commerce L441-10, D441-5, L110-4)
# ---------------------------------------------------------------------------------------

ECB_MAIN_REFINANCING_RATE = Decimal("2.15")
"""ASSUMPTION, dated: the ECB main refinancing operations rate has been 2.15 % since
11 June 2025 (Governing Council decision of 5 June 2025). We assume it was still 2.15 % on
1 July 2026, the date that fixes the legal default for the second half of 2026. Check it on
the ECB or Banque de France site; the reader can always override it (`penalty_rate`)."""

ECB_RATE_AS_OF = date(2026, 7, 1)
PENALTY_MARGIN_POINTS = Decimal("10")
RATE_VALID_FROM = date(2026, 7, 1)
RATE_VALID_UNTIL = date(2026, 12, 31)

RECOVERY_INDEMNITY = Decimal("40.00")
"""D441-5: fixed indemnity per late invoice, due from the first day late."""

PAYMENT_DEFAULT_TERM_DAYS = 30
"""L441-10: 30 days after the service when the contract sets no term."""

FORMAL_DEMAND_DAYS = 8
"""Practice: a formal demand commonly gives eight days ("sous huitaine")."""

LIMITATION_YEARS = 5
"""L110-4: commercial claims expire after five years."""


def default_penalty_rate() -> PenaltyRate:
    return PenaltyRate(
        value=ECB_MAIN_REFINANCING_RATE + PENALTY_MARGIN_POINTS,
        reference_rate=ECB_MAIN_REFINANCING_RATE,
        margin=PENALTY_MARGIN_POINTS,
        as_of=ECB_RATE_AS_OF,
        valid_from=RATE_VALID_FROM,
        valid_until=RATE_VALID_UNTIL,
        basis=("com-L441-10", "data-ecb-mro"),
    )


def recovery_indemnity() -> Decimal:
    return RECOVERY_INDEMNITY


def payment_default_term_days() -> int:
    return PAYMENT_DEFAULT_TERM_DAYS


def formal_demand_days() -> int:
    return FORMAL_DEMAND_DAYS


def limitation_years() -> int:
    return LIMITATION_YEARS


# ---------------------------------------------------------------------------------------
# Sources of each risk
# ---------------------------------------------------------------------------------------

RISK_BASIS: dict[str, tuple[str, ...]] = {
    "fixed_term_early_exit": ("civ-1212", "civ-1231-1", "practice-fixed-term-damages"),
    "notice_shortfall": ("civ-1211", "civ-1104", "civ-1231-1"),
    "deliverable_unfinished": ("civ-1104", "civ-1231-1", "civ-1229"),
    "tacit_renewal": ("civ-1215", "civ-1211"),
    "new_mission_overlap": ("civ-1104", "civ-1231-1", "practice-double-booking"),
    "established_relationship": ("com-L442-1-II", "practice-notice-per-year"),
    "overdue_invoices": ("com-L441-10", "com-D441-5", "civ-1231", "com-L110-4", "civ-1219"),
    "non_solicitation": ("civ-1230", "civ-1231-5"),
    "umbrella_employment": ("trav-L1254-1", "ccn-portage-17-1"),
    "client_assets": ("civ-1104", "practice-offboarding"),
    "ip_unassigned": ("cpi-L111-1", "cpi-L113-9", "cpi-L131-1", "cpi-L131-3"),
    "personal_data": ("rgpd-28-3-g",),
}


# Sources of the reasoning behind dates and the rate (topics: rules.REASON_TOPICS).
REASON_BASIS: dict[str, tuple[str, ...]] = {
    "notice": ("civ-1211",),
    "default_notice": ("civ-1211", "practice-reasonable-notice"),
    "fixed_term": ("civ-1212",),
    "extension": ("civ-1212", "civ-1213"),
    "tacit_renewal": ("civ-1215", "civ-1211"),
    "handover": ("practice-offboarding",),
    "rate_override": ("com-L441-10",),
    "relationship": ("com-L442-1-II",),
}


def basis(risk_code: str, situations: frozenset[str]) -> tuple[str, ...]:
    sources = RISK_BASIS.get(risk_code, ())
    if risk_code == "overdue_invoices" and "agency" in situations:
        # Subcontracting: a possible direct claim against the end client (uncertain for
        # time-and-materials work; the plan says so).
        sources = (*sources, "loi-75-1334")
    return sources
