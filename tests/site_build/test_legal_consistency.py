"""Legal citations in the guide stay in one place and are all listed in the legal notice.

Two checks, run on the Markdown sources (no build, no network):

* One place per rule: each legal rule is explained on its canonical page and other pages link
  to it. An article cited in the prose of more than MAX_PAGES pages of one language is listed
  and fails the test, so duplication stays visible. The reference pages (the legal notice,
  which lists every source, and the glossary, which names the text behind each term) are not
  counted; neither are code blocks (letters), "Sources" sections nor abbreviation lines.
* Complete sources: every article or text cited anywhere in docs/<lang> appears in the sources
  section of docs/<lang>/legal-notice.md.

What counts as a citation (see ARTICLES and TEXT_IDS): a number that follows "art.",
"article(s)" (with lists such as "art. 1224 à 1226" or "art. 3, 12 et 13"), an article of a
code written with its letter ("L442-1", "D441-5", "R622-24"), and the number of a law,
ordinance or EU regulation ("n° 75-1334", "2016/679").
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
LANGS = ("fr", "en")
MAX_PAGES = 2
NOTICE = "legal-notice.md"
# Reference pages: they repeat sources by design and are not counted for duplication.
REFERENCE_PAGES = {NOTICE, "glossary.md"}

# An optional letter after the number ("293 B", "L102 B"), but not a roman numeral ("L442-1 II").
_NUMBER = r"(?:[LRD]\.?\s?)?\d+(?:-\d+)*(?:\.\d+)?(?:\s(?:bis|ter|[A-HJ-UWYZ])\b)?"
_JOIN = r"\s*(?:,|/|\bet\b|\band\b|\bà\b|\bto\b|\bou\b|\bor\b)\s*"
# "art. 1211", "article L442-1", "articles 1224 à 1226", "art. 3, 12 et 13", "art. 28(3)(g)".
ARTICLES = re.compile(
    rf"\b(?:art\.|articles?)\s+({_NUMBER}(?:{_JOIN}{_NUMBER})*)", re.IGNORECASE
)
# An article of a code written with its letter, even without "art." before it.
LETTERED = re.compile(r"(?<![\w/-])([LRD])\.?\s?(\d{2,4}(?:-\d+)+)\b")
# Laws, ordinances, decrees and judgments by number; EU regulations.
TEXT_IDS = re.compile(
    r"(?:\bn[°o]\.?\s?(\d{2,4}-\d+(?:\.\d+)?)|\b((?:19|20)\d{2}/\d{2,4})\b)", re.IGNORECASE
)
SINGLE = re.compile(_NUMBER)

FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
BRACES = re.compile(r"\{#[^}]*\}")
ABBR = re.compile(r"^\*\[[^\]]+\]:.*$", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*\})?\s*$")


def _normalise(token: str) -> str:
    token = re.sub(r"\s+", " ", token.strip())
    token = re.sub(r"^([LRD])\.?\s?(?=\d)", r"\1", token)  # "L. 442-1" -> "L442-1"
    return token.removesuffix(".")


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading text, body) for each section; the part before the first heading has title ''."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            sections.append((match.group(2), [line]))
        else:
            sections[-1][1].append(line)
    return [(title, "\n".join(lines)) for title, lines in sections]


def prose(text: str) -> str:
    """The page's prose: without code blocks, brace blocks, abbreviations, link targets and
    its "Sources" section (a page's own list of sources is not a second explanation)."""
    text = FENCE.sub("", text)
    text = ABBR.sub("", text)
    text = BRACES.sub("", text)
    text = LINK_TARGET.sub("]", text)
    kept = []
    skipping_level = 0
    for title, body in _sections(text):
        level = len(body) - len(body.lstrip("#")) if body.startswith("#") else 0
        if skipping_level and level > skipping_level:
            continue
        skipping_level = 0
        if title.strip().lower() == "sources":
            skipping_level = level
            continue
        kept.append(body)
    return "\n".join(kept)


def article_citations(text: str) -> set[str]:
    """Articles cited in a text, normalised ("1211", "L442-1", "28", "17.1", "293 B")."""
    found: set[str] = set()
    for match in ARTICLES.finditer(text):
        for number in SINGLE.findall(match.group(1)):
            found.add(_normalise(number))
    for letter, number in LETTERED.findall(text):
        found.add(letter + number)
    return found


def text_ids(text: str) -> set[str]:
    """Numbers of laws, ordinances, decisions and EU regulations cited in a text."""
    return {a or b for a, b in TEXT_IDS.findall(text)}


def sources_section(notice: str) -> str:
    """The "Sources" section of the legal notice, with all its subsections."""
    match = re.search(r"^## Sources\b.*?(?=^## |\Z)", notice, re.MULTILINE | re.DOTALL)
    assert match, "the legal notice has no '## Sources' section"
    return match.group(0)


def listed_tokens(section: str) -> set[str]:
    """Every article number or text number written in the sources section, however written
    (the tables give bare article numbers in their first column)."""
    tokens = {_normalise(t) for t in re.findall(_NUMBER, section)}
    tokens |= {letter + number for letter, number in LETTERED.findall(section)}
    return tokens | text_ids(section)


def pages(lang: str) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((DOCS / lang).glob("*.md"))
    }


# --- the extraction itself -------------------------------------------------------------


def test_extraction_reads_lists_ranges_and_lettered_articles() -> None:
    text = (
        "Voir art. 1224 à 1226, l'article L442-1 II, les art. 3, 12 et 13 de la loi "
        "n° 75-1334, le RGPD (UE) 2016/679, art. 28(3)(g), C. com., art. L441-10, I ; "
        "D441-5 ; CGI, art. 293 B ; art. 17.1."
    )
    assert article_citations(text) == {
        "1224", "1226", "L442-1", "3", "12", "13", "28", "L441-10", "D441-5", "293 B", "17.1",
    }
    assert text_ids(text) == {"75-1334", "2016/679"}


def test_prose_leaves_out_letters_sources_and_brace_blocks() -> None:
    page = (
        "# Page\n\nVoir art. 1211.\n\n```text {#tpl-x}\nart. 1212\n```\n\n"
        "- [ ] Faites-le. {#x phase=prepare when=a+b}\n\n## Sources {#sources}\n\n"
        "- Code civil : art. 1213.\n\n*[ESN]: art. 1214\n"
    )
    assert article_citations(prose(page)) == {"1211"}


# --- the guide -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_article_is_explained_on_more_than_two_pages(lang: str) -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for name, text in pages(lang).items():
        if name in REFERENCE_PAGES:
            continue
        for article in article_citations(prose(text)):
            where[article].add(name)
    repeated = {
        article: sorted(names) for article, names in sorted(where.items())
        if len(names) > MAX_PAGES
    }
    report = "\n".join(f"  art. {article}: {', '.join(names)}"
                       for article, names in repeated.items())
    assert not repeated, (
        f"docs/{lang}: articles cited in the prose of more than {MAX_PAGES} pages; explain each "
        f"rule on its canonical page and link to it from the others:\n{report}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_cited_source_is_listed_in_the_legal_notice(lang: str) -> None:
    all_pages = pages(lang)
    listed = listed_tokens(sources_section(all_pages[NOTICE]))
    missing: dict[str, set[str]] = defaultdict(set)
    for name, text in all_pages.items():
        text = BRACES.sub("", text)
        for token in article_citations(text) | text_ids(text):
            if token not in listed and token.split(".")[0] not in listed:
                missing[token].add(name)
    report = "\n".join(
        f"  {token}: {', '.join(sorted(names))}" for token, names in sorted(missing.items())
    )
    assert not missing, (
        f"docs/{lang}: sources cited in the guide but missing from the sources of "
        f"{NOTICE}:\n{report}"
    )
