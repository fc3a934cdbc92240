"""Every Markdown table of the guide is well formed, and the same in both languages.

Python-Markdown pads a row that has too few cells and drops the extra ones, so a missing
cell goes unnoticed in the build: the row's last cells slide one column to the left and the
table says something else (the English contract-types table once told readers of an
open-ended contract that they could leave "only under a clause"). Two checks, on the
Markdown sources:

* every row of a table has as many cells as its header;
* each page has the same tables, in the same order and of the same shape (columns, rows),
  in every language: a translation cannot drop or add a row or a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
LANGS = ("fr", "en")

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Table:
    line: int  # 1-based line of the header row
    cells: tuple[int, ...]  # number of cells of each row, header and delimiter included

    @property
    def shape(self) -> tuple[int, int]:
        """(columns, body rows)."""
        return self.cells[0], len(self.cells) - 2


def count_cells(row: str) -> int:
    """Cells of a table row: pipes separate cells, except an escaped pipe or one inside a
    code span; the outer pipes are optional."""
    row = row.strip()
    separators = 0
    in_code = False
    escaped = False
    for char in row:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "`":
            in_code = not in_code
        elif char == "|" and not in_code:
            separators += 1
    cells = separators + 1
    if row.startswith("|"):
        cells -= 1
    if row.endswith("|") and not row.endswith("\\|") and len(row) > 1:
        cells -= 1
    return cells


def tables(text: str) -> list[Table]:
    """The pipe tables of a page, outside code blocks; tables indented in admonitions or
    content tabs count too."""
    found: list[Table] = []
    lines = text.splitlines()
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            index += 1
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if fence is None and line.strip().startswith("|") and DELIMITER.match(following):
            start = index
            rows = [line, lines[index + 1]]
            index += 2
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(lines[index])
                index += 1
            found.append(Table(start + 1, tuple(count_cells(row) for row in rows)))
            continue
        index += 1
    return found


def pages(lang: str) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8")
            for path in sorted((DOCS / lang).glob("*.md"))}


# --- the parser itself -------------------------------------------------------------------


def test_cells_are_counted_with_code_spans_escapes_and_optional_outer_pipes() -> None:
    assert count_cells("| a | b | c |") == 3
    assert count_cells("a | b") == 2
    assert count_cells("| `x | y` | b |") == 2
    assert count_cells(r"| a \| b | c |") == 2
    assert count_cells("|---|---|") == 2


def test_a_row_with_a_missing_cell_is_found() -> None:
    page = (
        "Text\n\n| | A | B |\n|---|---|---|\n| one | 1 | 2 |\n| two | 3 |\n\n"
        "```text\n| not | a | table |\n|---|---|---|\n| x |\n```\n\n"
        "!!! note\n    | a | b |\n    |---|---|\n    | c | d |\n"
    )
    found = tables(page)
    assert [table.line for table in found] == [3, 15]
    assert found[0].cells == (3, 3, 3, 2)
    assert found[1].shape == (2, 1)


# --- the guide ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_has_as_many_cells_as_its_header(lang: str) -> None:
    problems = []
    for name, text in pages(lang).items():
        for table in tables(text):
            header = table.cells[0]
            for offset, cells in enumerate(table.cells[1:], start=1):
                if cells != header:
                    problems.append(
                        f"docs/{lang}/{name}:{table.line + offset}: {cells} cells in a table "
                        f"whose header has {header}"
                    )
    assert not problems, "\n".join(problems)


def test_each_page_has_the_same_tables_in_both_languages() -> None:
    reference, *others = LANGS
    problems = []
    for name, text in pages(reference).items():
        shapes = [table.shape for table in tables(text)]
        for lang in others:
            path = DOCS / lang / name
            if not path.is_file():
                continue  # a missing page is reported by `checklist i18n status`
            translated = [table.shape for table in tables(path.read_text(encoding="utf-8"))]
            if translated != shapes:
                problems.append(
                    f"{name}: (columns, rows) of each table: {reference} {shapes}, "
                    f"{lang} {translated}"
                )
    assert not problems, "\n".join(problems)
