"""The templates page shows every letter with the same layout the planner fills (issue 21).

Read from the Markdown sources (no build): each postal letter's template has the layout's
blocks in the usual order, each email has none of them and starts with its subject, every
letter has its section with who it goes to and when, and the table at the top lists them all.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from checklist.authoring.guide import load_checklist
from checklist.letters import LETTERS
from tests.conftest import ROOT

LANGS = ("fr", "en")
SUBJECT = {"fr": "Objet :", "en": "Subject:"}
REFERENCE = {"fr": "Réf. : {reference}", "en": "Ref.: {reference}"}
WHO = {"fr": "**De qui, à qui :**", "en": "**From, to:**"}
WHEN = {"fr": "**Quand :**", "en": "**When:**"}
# The layout's blocks, in the order a French business letter has them.
POSTAL_ORDER = ("{sender}", "{recipient_address}", "{place_date}", "SUBJECT", "{greeting}",
                "{closing}", "{signature}")


@cache
def templates(lang: str) -> dict[str, dict[str, Any]]:
    data = load_checklist(ROOT / "docs", lang)
    return {template["id"]: template for template in data["templates"]}


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


@pytest.mark.parametrize("lang", LANGS)
def test_every_letter_has_its_template(lang: str) -> None:
    assert set(templates(lang)) == {spec.id for spec in LETTERS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", LETTERS, ids=lambda spec: spec.id)
def test_postal_letters_show_the_layout_and_emails_do_not(lang: str, spec: Any) -> None:
    body = templates(lang)[spec.id]["body"]
    found = paragraphs(body)
    if not spec.postal:
        assert found[0].startswith(SUBJECT[lang]), spec.id
        assert not {"{sender}", "{recipient_address}", "{place_date}", "{sending_mode}",
                    "{closing}", "{signature}"} & set(found), spec.id
        return
    order = []
    for paragraph in found:
        if paragraph.startswith(SUBJECT[lang]):
            order.append("SUBJECT")
            assert paragraph.split("\n")[1] == REFERENCE[lang], spec.id
        elif paragraph in POSTAL_ORDER:
            order.append(paragraph)
    assert tuple(order) == POSTAL_ORDER, spec.id
    # The sending mode is printed on letters that must be received, and only there.
    assert ("{sending_mode}" in found) == (spec.kind == "registered"), spec.id
    if spec.attachments:
        assert found[-1].endswith("{attachments}"), spec.id


@pytest.mark.parametrize("lang", LANGS)
def test_each_letter_says_who_it_goes_to_and_when(lang: str) -> None:
    page = (ROOT / "docs" / lang / "templates.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", page, flags=re.MULTILINE)
    table = sections[1]
    for spec in LETTERS:
        section = next(s for s in sections if f"{{#{spec.id}}}" in s)
        anchor = re.search(r"\{#([a-z-]+)\}", section.split("\n", 1)[0])
        assert anchor, spec.id
        assert WHO[lang] in section and WHEN[lang] in section, spec.id
        assert f"](#{anchor.group(1)})" in table, spec.id  # listed in the table at the top
