"""Legal citations in the guide: one place per rule, every source listed, one meaning per
article, and the same citations in both languages.

Checks, on the Markdown sources (no build, no network):

* Which article: a citation names an article of a given text. Articles written with their
  letter ("L442-1", "R622-24", "D441-5") are read as they are: no two texts the guide cites
  share one. A bare number belongs to a text: the one named right before it ("CPC, art. 48",
  "règlement (UE) 2019/1150, art. 4") or right after it ("l'article 1794 du Code civil");
  failing that, a number between 1100 and 2300 is an article of the Code civil (the guide's
  convention: "art. 1212" alone is the Civil Code); failing that, the text last named earlier
  in the same section. So "art. 3" of the 1975 subcontracting law and "art. 3" of Rome I are
  two articles, and "3" in a date is none.
* One place per rule: each legal rule is explained on its canonical page and other pages link
  to it. An article cited in the prose of more than MAX_PAGES pages of one language is listed
  and fails the test, so duplication stays visible. The reference pages (the legal notice,
  which lists every source, and the glossary, which names the text behind each term) are not
  counted; neither are code blocks (letters), "Sources" sections nor abbreviation lines.
* Complete sources: every article cited anywhere in docs/<lang> is listed, as an article of
  the same text, in the sources tables of docs/<lang>/legal-notice.md; every law, decree or
  EU regulation number is written there too.
* One description per article: the sources tables give each article one row, so an article
  cannot be described two ways there.
* The same citations in both languages: section by section (sections are matched by their
  heading anchor), the French and English pages cite the same articles.
* Known subjects: the articles whose subject has been mixed up before (ARTICLE_SUBJECTS) are
  cited, on every page and in the sources table, in a paragraph that names their subject: an
  "EI" mention cited with the wrong article, or the 18-month portage cap cited for the
  postponement of the term, fails with the page and the line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

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

# The texts a bare article number can belong to, as the guide names them in either language.
TEXT_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    # A space in a name may be any whitespace (pages wrap their lines); " ?" stays optional.
    (key, re.compile(re.sub(r" (?!\?)", r"\\s+", pattern))) for key, pattern in (
        ("civ", r"\bC\. ?civ\b|Code civil|Civil Code"),
        ("com", r"\bC\. ?com\b|Code de commerce|Commercial Code"),
        ("trav", r"\bC\. ?trav\b|Code du travail|Labour Code"),
        ("cpc", r"\bCPC\b|Code de procédure civile|Code of Civil Procedure|Civil Procedure Code"),
        ("cpce", r"\bCPCE\b|Code des procédures civiles d'exécution"
                 r"|Code of Civil Enforcement Procedures|Enforcement Code"),
        ("postes", r"Code des postes|Postal and Electronic Communications Code"),
        ("cgi", r"\bCGI\b|Code général des impôts|General Tax Code"),
        ("lpf", r"Livre des procédures fiscales|Tax Procedures Code"),
        ("cpi", r"\bCPI\b|Code de la propriété intellectuelle|Intellectual Property Code"
                r"|IP Code"),
        ("css", r"Code de la sécurité sociale|Social Security Code"),
        ("assurances", r"Code des assurances|Insurance Code"),
        ("penal", r"\bC\. ?pén\b|Code pénal|Criminal Code"),
        ("gdpr", r"\bRGPD\b|\bGDPR\b|2016/679"),
        ("p2b", r"2019/1150|\bP2B\b"),
        ("rome1", r"593/2008|\bRome I\b"),
        ("brussels1a", r"1215/2012|Bruxelles I bis|Brussels I bis"),
        ("loi1975", r"75-1334|loi de 1975|1975 Act|subcontracting act"),
        ("loi2023", r"2023-1059"),
        ("lf2024", r"2023-1322"),
        ("lcen", r"\bLCEN\b|2004-575"),
        ("ccn", r"[Cc]onvention collective|[Cc]ollective agreement"),
    )
)
CIVIL_CODE_RANGE = range(1100, 2301)
NEAR = 60  # characters between a text's name and "art." for the name to qualify it
SECTION_REACH = 1500  # how far back a section's last named text still qualifies a number

FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
BRACES = re.compile(r"\{#[^}]*\}")
ITEM_BRACES = re.compile(r"\{#[^}\s]*\s[^}]*\}")  # a task item's block, not a heading anchor
ABBR = re.compile(r"^\*\[[^\]]+\]:.*$", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*\})?\s*$")
ANCHOR = re.compile(r"^#{1,6}\s.*\{#([\w-]+)[^}]*\}\s*$")
# What may stand between a text's name and "art." for the name to qualify the article: "C.
# civ., art.", "Code général des impôts, annexe II, art.", "(RGPD), art.", "(CPC) : art.".
_SAME_REFERENCE = re.compile(r"^\.?[\s)»]*(?:[,:][^.;(\n]*)?$")
# What, between an article and a text named after it, shows the name belongs elsewhere: a
# parenthesis, a semicolon, the end of a sentence, a new paragraph, list item or table row.
_OTHER_REFERENCE = re.compile(r"[;()]|(?<!\bno)\.\s|\n\s*\n|\n\s*(?:[-*|]|\d+\.)\s")


def _normalise(token: str) -> str:
    token = re.sub(r"\s+", " ", token.strip())
    token = re.sub(r"^([LRD])\.?\s?(?=\d)", r"\1", token)  # "L. 442-1" -> "L442-1"
    return token.removesuffix(".")


def _lettered(token: str) -> bool:
    return len(token) > 1 and token[0] in "LRD" and token[1].isdigit()


def _named_texts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of every text named in a text, in order."""
    found = [(m.start(), m.end(), key) for key, pattern in TEXT_NAMES
             for m in pattern.finditer(text)]
    return sorted(found)


def _section_start(text: str, position: int) -> int:
    """Where the section holding `position` starts (its heading line), or 0."""
    starts = [m.start() for m in re.finditer(r"^#{1,6}\s", text[:position], re.MULTILINE)]
    return starts[-1] if starts else 0


@dataclass(frozen=True)
class Citation:
    key: str  # "civ:1211", "cpc:642", "L442-1", "?:6" when no text could be found
    position: int  # where the citation starts in the text it was read from


def _qualify(number: str, start: int, end: int, text: str,
             names: list[tuple[int, int, str]], default: str | None = None) -> str:
    if _lettered(number):
        return number
    before = [(s, e, key) for s, e, key in names if e <= start and start - e <= NEAR
              and _SAME_REFERENCE.match(text[e:start])]
    if before:
        return f"{before[-1][2]}:{number}"
    after = [(s, e, key) for s, e, key in names if s >= end and s - end <= 40
             and not _OTHER_REFERENCE.search(text[end:s])]
    if after:
        return f"{after[0][2]}:{number}"
    if default is not None:
        return f"{default}:{number}"
    base = re.match(r"\d+", number)
    if base and int(base.group(0)) in CIVIL_CODE_RANGE:
        return f"civ:{number}"
    section = _section_start(text, start)
    earlier = [key for s, e, key in names if section <= s and e <= start
               and start - e <= SECTION_REACH]
    return f"{earlier[-1]}:{number}" if earlier else f"?:{number}"


def cited(text: str, default: str | None = None) -> list[Citation]:
    """Every article cited in a text, each with the text it belongs to (see the module
    docstring); `default` is the text that bare numbers belong to when none is named next to
    them (a sources table under its code's heading)."""
    names = _named_texts(text)
    found: list[Citation] = []
    spans = []
    for match in ARTICLES.finditer(text):
        spans.append(range(match.start(), match.end()))
        for number in SINGLE.finditer(match.group(1)):
            token = _normalise(number.group(0))
            found.append(Citation(
                _qualify(token, match.start(), match.end(), text, names, default),
                match.start(1) + number.start()))
    for match in LETTERED.finditer(text):
        if not any(match.start() in span for span in spans):  # not read twice
            found.append(Citation(match.group(1) + match.group(2), match.start()))
    return found


def article_citations(text: str) -> set[str]:
    """The articles cited in a text, qualified by their text ("civ:1211", "L442-1")."""
    return {citation.key for citation in cited(text)}


def text_ids(text: str) -> set[str]:
    """Numbers of laws, ordinances, decisions and EU regulations cited in a text."""
    return {a or b for a, b in TEXT_IDS.findall(text)}


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
    text = ITEM_BRACES.sub("", text)
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


def sources_section(notice: str) -> str:
    """The "Sources" section of the legal notice, with all its subsections."""
    match = re.search(r"^## Sources\b.*?(?=^## |\Z)", notice, re.MULTILINE | re.DOTALL)
    assert match, "the legal notice has no '## Sources' section"
    return match.group(0)


@dataclass(frozen=True)
class SourceRow:
    line: str
    articles: frozenset[str]  # every article the row cites, qualified by the row's text
    described: frozenset[str]  # the articles its first cell names: the ones it describes


def source_rows(section: str) -> list[SourceRow]:
    """The rows of the sources tables. A row's text is the one its first cell names, else
    the one its table's heading names ("### Code civil": bare numbers are its articles)."""
    rows = []
    heading_text: str | None = None
    for line in section.splitlines():
        if line.startswith("#"):
            named = _named_texts(line)
            heading_text = named[0][2] if named else None
            continue
        if not line.startswith("|") or re.match(r"^\|\s*[-:]", line):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        first = cells[0]
        if first in {"Article", "Texte", "Text"}:
            continue
        named = _named_texts(first)
        row_text = named[0][2] if named else heading_text
        articles = {citation.key for citation in cited(line, default=row_text)}
        described = {citation.key for citation in cited(first, default=row_text)}
        if re.match(rf"^{_NUMBER}", first):  # a bare article number, as in the code tables
            for number in SINGLE.findall(re.sub(r"\(.*?\)", "", first)):
                token = _normalise(number)
                described.add(token if _lettered(token) else f"{row_text}:{token}")
        rows.append(SourceRow(line, frozenset(articles | described), frozenset(described)))
    return rows


def pages(lang: str) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((DOCS / lang).glob("*.md"))
    }


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


# --- the extraction itself -------------------------------------------------------------


def test_extraction_reads_lists_ranges_and_lettered_articles() -> None:
    text = (
        "Voir art. 1224 à 1226, l'article L442-1 II, les art. 3, 12 et 13 de la loi "
        "n° 75-1334, le RGPD (UE) 2016/679, art. 28(3)(g), C. com., art. L441-10, I ; "
        "D441-5 ; CGI, art. 293 B ; convention collective du 22 mars 2017, art. 17.1."
    )
    assert article_citations(text) == {
        "civ:1224", "civ:1226", "L442-1", "loi1975:3", "loi1975:12", "loi1975:13",
        "gdpr:28", "L441-10", "D441-5", "cgi:293 B", "ccn:17.1",
    }
    assert text_ids(text) == {"75-1334", "2016/679"}


def test_a_bare_number_belongs_to_the_text_named_next_to_it() -> None:
    text = (
        "## Une section\n\n"
        "Le délai de procédure (CPC, art. 642) n'est pas un préavis (art. 1211). "
        "La loi (règlement (CE) n° 593/2008, dit « Rome I », art. 3) et la loi n° 75-1334 "
        "(art. 3). Voir l'article 1794 du Code civil et l'article 4 du règlement P2B. "
        "Code de commerce : une phrase. Puis (art. 1231-5)."
    )
    assert article_citations(text) == {
        "cpc:642", "civ:1211", "rome1:3", "loi1975:3", "civ:1794", "p2b:4", "civ:1231-5",
    }


def test_prose_leaves_out_letters_sources_and_brace_blocks() -> None:
    page = (
        "# Page\n\nVoir art. 1211.\n\n```text {#tpl-x}\nart. 1212\n```\n\n"
        "- [ ] Faites-le. {#x phase=prepare when=a+b}\n\n## Sources {#sources}\n\n"
        "- Code civil : art. 1213.\n\n*[ESN]: art. 1214\n"
    )
    assert article_citations(prose(page)) == {"civ:1211"}


def test_source_rows_list_articles_of_their_own_text() -> None:
    section = (
        "## Sources\n\n### Code civil\n\n| Article | Objet |\n|---|---|\n"
        "| 1211 | Préavis. |\n| 1229 | Restitutions (al. 3). |\n\n"
        "### Autres\n\n| Texte | Objet |\n|---|---|\n"
        "| Code de procédure civile, art. 640 à 642 | Délais de procédure (art. 642). |\n"
        "| Loi n° 75-1334 du 31 décembre 1975 | Acceptation (art. 3), action (art. 12). |\n"
    )
    rows = source_rows(section)
    assert [sorted(row.described) for row in rows] == [
        ["civ:1211"], ["civ:1229"], ["cpc:640", "cpc:642"], [],
    ]
    assert rows[3].articles == {"loi1975:3", "loi1975:12"}


def test_a_known_article_cited_for_another_subject_is_flagged() -> None:
    page = (
        "# Page\n\nLa mention « EI » figure sur chaque facture (C. com., art. R526-26).\n\n"
        "- Un CDD sans terme précis prend fin avec la prestation (C. trav., art. L1254-12).\n"
        "- Un CDD de portage dure dix-huit mois au plus (art. L1254-12).\n"
    )
    flagged = [article for article, _ in _subject_problems("fr", "page.md", page)]
    assert flagged == ["R526-26", "L1254-12"]


# --- the guide -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_bare_article_number_has_a_text(lang: str) -> None:
    unknown = [
        f"docs/{lang}/{name}:{_line_of(text, citation.position)}: {citation.key}"
        for name, text in pages(lang).items()
        for citation in cited(BRACES.sub("", text)) if citation.key.startswith("?:")
    ]
    assert not unknown, (
        "articles cited without the text they belong to; name the code or law next to "
        "them ('CPC, art. 48'):\n" + "\n".join(unknown)
    )


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
    section = sources_section(all_pages[NOTICE])
    listed = set().union(*(row.articles for row in source_rows(section)))
    listed_ids = text_ids(section)
    missing: dict[str, set[str]] = defaultdict(set)
    for name, text in all_pages.items():
        text = BRACES.sub("", text)
        if name == NOTICE:  # its sources tables are the list itself
            text = text.replace(sources_section(text), "")
        for token in article_citations(text):
            if token not in listed and token.split(".")[0] not in listed:
                missing[f"art. {token}"].add(name)
        for token in text_ids(text) - listed_ids:
            missing[f"n° {token}"].add(name)
    report = "\n".join(
        f"  {token}: {', '.join(sorted(names))}" for token, names in sorted(missing.items())
    )
    assert not missing, (
        f"docs/{lang}: sources cited in the guide but missing from the sources tables of "
        f"{NOTICE} (an article counts as listed only as an article of the same text):\n{report}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_each_article_is_described_once_in_the_legal_notice(lang: str) -> None:
    rows_of: dict[str, list[str]] = defaultdict(list)
    for row in source_rows(sources_section(pages(lang)[NOTICE])):
        for article in row.described:
            rows_of[article].append(row.line)
    twice = {article: rows for article, rows in rows_of.items() if len(rows) > 1}
    report = "\n".join(f"  {article}:\n" + "\n".join(f"    {row}" for row in rows)
                       for article, rows in sorted(twice.items()))
    assert not twice, f"docs/{lang}/{NOTICE}: articles described in two rows:\n{report}"


def test_both_languages_cite_the_same_articles_section_by_section() -> None:
    reference, *others = LANGS
    problems = []
    for name, text in pages(reference).items():
        sections = _section_citations(text)
        for lang in others:
            path = DOCS / lang / name
            if not path.is_file():
                continue  # a missing page is reported by `checklist i18n status`
            translated = _section_citations(path.read_text(encoding="utf-8"))
            for anchor in sorted(set(sections) | set(translated)):
                only_ref = sections.get(anchor, set()) - translated.get(anchor, set())
                only_lang = translated.get(anchor, set()) - sections.get(anchor, set())
                if only_ref or only_lang:
                    problems.append(
                        f"{name}#{anchor or '(top)'}: only in {reference}: "
                        f"{sorted(only_ref)}; only in {lang}: {sorted(only_lang)}"
                    )
    assert not problems, "\n".join(problems)


def _section_citations(text: str) -> dict[str, set[str]]:
    """Articles and text numbers cited in the prose of each section, by heading anchor,
    read section by section so that a text named earlier in the page qualifies the same
    numbers in both languages."""
    out: dict[str, set[str]] = defaultdict(set)
    body = prose(text)
    anchor = ""
    start = 0
    for match in re.finditer(r"^#{1,6}\s.*$", body + "\n#", re.MULTILINE):
        chunk = body[start:match.start()]
        out[anchor] |= article_citations(chunk) | text_ids(chunk)
        found = ANCHOR.match(match.group(0))
        anchor = found.group(1) if found else anchor
        start = match.start()
    return {anchor: citations for anchor, citations in out.items() if citations}


# The articles whose subject has been mixed up before, with the words (French, English) of
# which at least one must appear in the paragraph, list item or table row that cites them;
# several groups must all be matched.
ARTICLE_SUBJECTS: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "R526-26": {"fr": (("patrimoine",),), "en": (("assets",),)},  # not the EI mention
    "R526-27": {"fr": (("entrepreneur individuel", "« EI »", "EI"),),
                "en": (("entrepreneur individuel", '"EI"', "EI"),)},
    "L1254-11": {"fr": (("terme précis", "date précise"),),
                 "en": (("precise end date",),)},
    "L1254-12": {"fr": (("dix-huit mois", "18 mois"),),
                 "en": (("eighteen months", "18 months"),)},
    "L1254-13": {"fr": (("trois mois",), ("accord", "convenir", "convenez")),
                 "en": (("three months",), ("agree",))},
    "L622-26": {"fr": (("inopposable", "forclusion"),),
                "en": (("unenforceable", "relief"),)},
    "L622-28": {"fr": (("pénalités", "intérêts"),), "en": (("penalt", "interest"),)},
    "civ:1110": {"fr": (("non négociables",),), "en": (("non-negotiable",),)},
    "civ:1171": {"fr": (("déséquilibre significatif",),), "en": (("significant imbalance",),)},
    "civ:1186": {"fr": (("caduc",),), "en": (("laps",),)},
    "civ:1231-5": {"fr": (("pénal", "pénalité"),), "en": (("penalt",),)},
    "civ:2238": {"fr": (("médiation", "conciliation"),), "en": (("mediation", "conciliation"),)},
    "civ:2240": {"fr": (("reconnaissance", "reconnaît"),), "en": (("acknowledg",),)},
    "civ:2241": {"fr": (("justice", "injonction"),), "en": (("court", "payment order"),)},
    "civ:2247": {"fr": (("invoquer", "soulever", "soulève", "opposer", "relève"),),
                 "en": (("plead", "raise"),)},
    "cpc:640": {"fr": (("procédure",),), "en": (("procedur",),)},
    "cpc:642": {"fr": (("procédure",),), "en": (("procedur",),)},
    "postes:L100": {"fr": (("électronique",),), "en": (("electronic",),)},
    "L100": {"fr": (("électronique",),), "en": (("electronic",),)},
    "L110-4": {"fr": (("cinq ans", "5 ans", "prescri"),),
               "en": (("five years", "5 years", "five-year", "time-barred", "limitation"),)},
    "L210-1": {"fr": (("forme",),), "en": (("form",),)},
    "L622-13": {"fr": (("contrat", "contrats"),), "en": (("contract",),)},
    "L8231-1": {"fr": (("marchandage",),), "en": (("marchandage",),)},
    "L8241-1": {"fr": (("prêt de main-d'œuvre",),), "en": (("lending labour",),)},
    "L911-8": {"fr": (("maintien", "maintenu", "portabilité"),),
               "en": (("keep", "kept", "portab"),)},
    "L511-1": {"fr": (("conservatoire",),), "en": (("conservatory",),)},
    "p2b:4": {"fr": (("trente jours",),), "en": (("thirty days",),)},
    "brussels1a:25": {"fr": (("tribunal", "tribunaux", "juridiction"),),
                      "en": (("court", "jurisdiction"),)},
}


def _without_own_sources(text: str) -> str:
    """The page with its "Sources" section blanked (line numbers kept): a page's list of
    sources names articles without explaining them."""
    match = re.search(r"^## Sources\b.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if not match:
        return text
    blank = "\n" * match.group(0).count("\n")
    return text[:match.start()] + blank + text[match.end():]


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph, list item and table row of a text."""
    start = 0
    for match in re.finditer(r"\n\s*\n|\n(?=\s{0,8}(?:[-*] |\d+\. |\|))", text + "\n\n"):
        yield start, match.start()
        start = match.end()


def _subject_problems(lang: str, name: str, page: str) -> list[tuple[str, str]]:
    """(article, message) for each citation of a known article without its subject."""
    problems = []
    text = BRACES.sub("", FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), page))
    if name != NOTICE:  # the legal notice's sources tables are checked row by row
        text = _without_own_sources(text)
    blocks = list(_blocks(text))
    for citation in cited(text):
        subject = ARTICLE_SUBJECTS.get(citation.key)
        if subject is None:
            continue
        start, end = next((s, e) for s, e in blocks if s <= citation.position < e)
        block = text[start:end].lower()
        for group in subject[lang]:
            if not any(word.lower() in block for word in group):
                problems.append((citation.key,
                                 f"docs/{lang}/{name}:{_line_of(text, citation.position)}: "
                                 f"{citation.key} cited without any of {list(group)}"))
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_articles_whose_subject_was_mixed_up_are_cited_with_their_subject(lang: str) -> None:
    problems = [
        message for name, page in pages(lang).items()
        for _article, message in _subject_problems(lang, name, page)
    ]
    assert not problems, "\n".join(problems)
