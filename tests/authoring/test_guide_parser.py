"""Fixture tests for the guide reader: Markdown in, expected items (or errors) out.

Each `fixtures/NAME.md` has either `NAME.json` (the headings, items and templates it yields)
or `NAME.err` (the exact `file:line: message` problems it raises); `NAME.stripped.md`, when
present, is what Python-Markdown receives once the brace blocks are removed.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from checklist.authoring.guide import (
    GuideError,
    check_duplicates,
    checklist_data,
    parse_page,
    strip_item_blocks,
)

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path.stem for path in FIXTURES.glob("*.md") if ".stripped" not in path.name)


def _parse(name: str):
    parsed = parse_page((FIXTURES / f"{name}.md").read_text(encoding="utf-8"), page="page.md")
    check_duplicates([parsed])
    return parsed


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str) -> None:
    expected_json = FIXTURES / f"{name}.json"
    expected_err = FIXTURES / f"{name}.err"
    assert expected_json.exists() != expected_err.exists(), f"{name}: give one .json or .err"
    if expected_err.exists():
        with pytest.raises(GuideError) as raised:
            _parse(name)
        assert raised.value.problems == expected_err.read_text(encoding="utf-8").splitlines()
        return
    parsed = _parse(name)
    got = {
        "headings": [asdict(heading) for heading in parsed.headings],
        "items": [
            {k: v for k, v in asdict(item).items() if k != "raw_block"} for item in parsed.items
        ],
        "templates": [asdict(template) for template in parsed.templates],
    }
    assert got == json.loads(expected_json.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name", sorted(p.name.removesuffix(".stripped.md") for p in FIXTURES.glob("*.stripped.md"))
)
def test_brace_blocks_are_stripped(name: str) -> None:
    source = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    parsed = parse_page(source, page="page.md")
    assert strip_item_blocks(source, parsed.items) == (FIXTURES / f"{name}.stripped.md").read_text(
        encoding="utf-8"
    )


def test_checklist_data_links_items_to_their_section() -> None:
    data = checklist_data([_parse("items_basic")], lang="en")
    assert data["schema"] == 2 and data["lang"] == "en"
    assert [item["url"] for item in data["items"]] == [
        "page/#before",
        "page/#before",
        "page/#derniere-etape-rendre-lacces",
    ]


def test_duplicates_across_pages_name_both_places() -> None:
    first = parse_page("## A\n\n- [ ] One. {#law-one phase=prepare}\n", page="a.md")
    second = parse_page("## B\n\ntext\n\n- [ ] Two. {#law-one phase=after}\n", page="b.md")
    with pytest.raises(GuideError) as raised:
        check_duplicates([first, second], folder="docs/fr/")
    assert raised.value.problems == [
        "docs/fr/b.md:5: duplicate id 'law-one' (first used at docs/fr/a.md:3)"
    ]
