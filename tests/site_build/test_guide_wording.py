"""Wording the guide has decided against, in every page and both languages.

Each phrase below was once in the guide and was wrong or harmful (issue 22): a freelancer has
no "manager" (it is an indicator of subordination, see the disguised-employment section); a
time-barred invoice is "probably time-barred", never "cannot be claimed" (the debtor must
plead limitation, Code civil art. 2247); an undeclared insolvency claim is unenforceable, no
longer "extinguished" (Code de commerce art. L622-26); "one month per year" is a rule of
thumb, not "the usage"; "clause abusive" is consumer law. Quoting a word to reject it ("jamais
de votre « responsable »") stays possible.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"

BANNED: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        (r"\bvotre responsable\b", "« votre interlocuteur » : un freelance n'a pas de responsable"),
        (r"\bne peu(?:t|vent) plus être réclamée?s?\b", "« probablement prescrite » (art. 2247)"),
        (r"\b(?:est|sont|sera|seront|serait|seraient) éteinte?s?\b",
         "une créance non déclarée est inopposable, pas éteinte (L622-26)"),
        (r"\bl'usage (?:retient |veut |est d')un mois\b",
         "« un repère souvent cité », pas l'usage"),
        (r"\bclause abusive\b", "« clause créant un déséquilibre significatif (1171) »"),
    ),
    "en": (
        (r"\byour manager\b", "'your contact': a freelancer has no manager"),
        (r"\bcan(?:not| no longer|'t) be claimed\b", "'probably time-barred' (art. 2247)"),
        (r"\b(?:is|are|will be|would be) extinguished\b",
         "an undeclared claim is unenforceable, not extinguished (L622-26)"),
        (r"\bthe usage (?:is|of) one month\b", "'a rule of thumb often quoted', not usage"),
        (r"\bunfair (?:contract )?term\b", "'a clause creating a significant imbalance (1171)'"),
    ),
}


def test_the_patterns_catch_what_they_are_meant_to_catch() -> None:
    samples = {
        "fr": ["Prévenez votre responsable.", "Elle ne peut plus être réclamée.",
               "La créance est éteinte.", "L'usage retient un mois par année.",
               "Une clause abusive."],
        "en": ["Tell your manager.", "It cannot be claimed.", "The claim is extinguished.",
               "The usage is one month per year.", "An unfair contract term."],
    }
    for lang, texts in samples.items():
        for text, (pattern, _) in zip(texts, BANNED[lang], strict=True):
            assert re.search(pattern, text, re.IGNORECASE), (lang, pattern)
    assert not re.search(BANNED["fr"][0][0], "jamais de votre « responsable »", re.IGNORECASE)
    assert not re.search(BANNED["en"][2][0], 'it is not "extinguished"', re.IGNORECASE)


@pytest.mark.parametrize("lang", sorted(BANNED))
def test_no_page_uses_wording_the_guide_decided_against(lang: str) -> None:
    problems = []
    for path in sorted((DOCS / lang).glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern, instead in BANNED[lang]:
                if re.search(pattern, line, re.IGNORECASE):
                    problems.append(f"docs/{lang}/{path.name}:{number}: {line.strip()[:80]!r}: "
                                    f"write {instead}")
    assert not problems, "\n".join(problems)
