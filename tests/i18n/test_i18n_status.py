"""`status`, `mark` and `new` on small project trees (docs/fr, docs/xx, locales/...)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from checklist.authoring.i18n import MANIFEST, main, toml_keys

FR_PAGE = """\
# Partir

Une phrase d'introduction.

## Avant {#before}

- [ ] Relire le contrat. {#law-read phase=prepare}
- [ ] Lister les factures impayées. {#pay-list phase=prepare when=unpaid_invoices}

```text {#tpl-announce-email}
Bonjour {contact},
```
"""

XX_PAGE = """\
# Leaving

An introduction.

## Before {#before}

- [ ] Read the contract. {#law-read phase=prepare}
- [ ] List the unpaid invoices. {#pay-list phase=prepare when=unpaid_invoices}

```text {#tpl-announce-email}
Hello {contact},
```
"""

FR_STRINGS = """\
[ui]
hello = "Bonjour {name}"
bye = "Au revoir"
"""

XX_STRINGS = """\
[ui]
hello = "Hello {name}"
bye = "Goodbye"
"""

MKDOCS = """\
site_name: Test
# A comment that must survive.
nav:
  - page.md
  - Outils:
      - page.md
theme:
  name: material
  palette:
    - scheme: default
      toggle:
        icon: material/weather-night
        name: Passer en mode sombre
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - locale: fr
          name: Français
          default: true
        - locale: xx
          name: Xx
          build: true
hooks: []  # after the list
"""


def _tree(root: Path, *, with_config: bool = False) -> Path:
    for lang, page, strings in (("fr", FR_PAGE, FR_STRINGS), ("xx", XX_PAGE, XX_STRINGS)):
        (root / "docs" / lang).mkdir(parents=True)
        (root / "docs" / lang / "page.md").write_text(page, encoding="utf-8")
        (root / "locales" / lang).mkdir(parents=True)
        (root / "locales" / lang / "ui.toml").write_text(strings, encoding="utf-8")
    if with_config:
        (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    return root


def _run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, list[str]]:
    code = main([*args, "--root", str(root)])
    out = capsys.readouterr()
    return code, (out.out + out.err).splitlines()


def _problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("xx ")]


@pytest.fixture
def marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = _tree(tmp_path)
    assert _run(capsys, root, "mark", "xx")[0] == 0
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_complete_translation(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (marked / "locales" / "xx" / MANIFEST).is_file()
    code, lines = _run(capsys, marked, "status")
    assert (code, lines) == (0, ["xx: complete"])


def test_without_manifest_one_line_says_to_mark(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _run(capsys, _tree(tmp_path), "status")
    assert code == 1
    assert _problems(lines) == [
        f"xx config {MANIFEST}: missing: no record of which fr version this translates; "
        "once it is up to date, run `mark xx`"]


def test_missing_item(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "- [ ] Read the contract. {#law-read phase=prepare}\n", "")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx item law-read: missing: in docs/fr/page.md:7, not in docs/xx/page.md"]


def test_extra_item(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "\n```text",
          "- [ ] Say thanks. {#law-thanks phase=after}\n\n```text")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx item law-thanks: extra: docs/xx/page.md:9 is not in the fr reference"]


def test_brace_block_must_be_copied_verbatim(marked: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "when=unpaid_invoices", "when=overdue_invoices")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    [line] = _problems(lines)
    assert line.startswith("xx item pay-list: mismatch: docs/xx/page.md:8: brace block differs")
    assert line.endswith("{#pay-list phase=prepare when=unpaid_invoices}")


def test_missing_template_and_placeholder_change(marked: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "Hello {contact},", "Hello {client},")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx template tpl-announce-email: mismatch: docs/xx/page.md:10: placeholders "
        "['client'] differ from the reference's ['contact']"]
    _edit(marked / "docs/xx/page.md", "```text {#tpl-announce-email}", "```text")
    assert _problems(_run(capsys, marked, "status")[1]) == [
        "xx template tpl-announce-email: missing: in docs/fr/page.md:10, not in "
        "docs/xx/page.md"]


def test_missing_and_extra_string(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "locales/xx/ui.toml", 'bye = "Goodbye"', 'ciao = "Ciao"')
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx string ui.bye: missing: in locales/fr/ui.toml, not in locales/xx/",
        "xx string ui.ciao: extra: locales/xx/ui.toml has it, the reference does not"]


def test_string_placeholders_must_match(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "locales/xx/ui.toml", "Hello {name}", "Hello {nom}")
    assert _problems(_run(capsys, marked, "status")[1]) == [
        "xx string ui.hello: mismatch: placeholders ['nom'] differ from the reference's "
        "['name']"]


def test_untranslated_markers(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "# Leaving\n",
          "# Leaving\n\n<!-- i18n: translate from fr -->\n")
    _edit(marked / "locales/xx/ui.toml", 'bye = "Goodbye"', '# i18n: translate\nbye = "Au revoir"')
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx page page.md: untranslated: translate it, then delete the marker at "
        "docs/xx/page.md:3",
        "xx string ui.bye: untranslated: translate it, then delete the marker above "
        "locales/xx/ui.toml:4"]


def test_marker_inside_a_code_block_is_an_example(marked: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "An introduction.\n",
          "An introduction.\n\n```html\n<!-- i18n: translate from fr -->\n```\n")
    assert _run(capsys, marked, "status")[0] == 0


def test_outdated_after_the_french_page_changes(marked: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/fr/page.md", "Une phrase d'introduction.", "Une autre introduction.")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx page page.md: outdated: docs/fr/page.md changed since the last mark; update the "
        "translation, then run `mark xx docs/xx/page.md`"]
    assert _run(capsys, marked, "mark", "xx", "docs/xx/page.md")[0] == 0
    assert _run(capsys, marked, "status")[0] == 0


def test_rewrapping_or_brace_changes_do_not_make_a_page_outdated(
        marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/fr/page.md", "Une phrase d'introduction.", "Une phrase\nd'introduction.")
    assert _run(capsys, marked, "status")[0] == 0
    # A brace block change is reported item by item, not as an outdated page.
    _edit(marked / "docs/fr/page.md", "{#law-read phase=prepare}", "{#law-read phase=announce}")
    [line] = _problems(_run(capsys, marked, "status")[1])
    assert line.startswith("xx item law-read: mismatch:")


def test_outdated_string_is_named_and_marked_by_key(marked: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "locales/fr/ui.toml", '"Au revoir"', '"Adieu"')
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx string ui.bye: outdated: the reference string changed since the last mark; "
        "update locales/xx/ui.toml, then run `mark xx ui.bye`"]
    assert _run(capsys, marked, "mark", "xx", "ui.bye")[0] == 0
    assert _run(capsys, marked, "status")[0] == 0


def test_new_reference_string_is_untracked_until_marked(
        marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for lang, text in (("fr", 'new = "Nouveau"\n'), ("xx", 'new = "New"\n')):
        with (marked / "locales" / lang / "ui.toml").open("a", encoding="utf-8") as file:
            file.write(text)
    [line] = _problems(_run(capsys, marked, "status")[1])
    assert line.startswith("xx string ui.new: untracked:")
    assert _run(capsys, marked, "mark", "xx", "locales/xx/ui.toml")[0] == 0
    assert _run(capsys, marked, "status")[0] == 0


def test_a_page_that_does_not_parse_is_reported_with_file_and_line(
        marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "docs/xx/page.md", "{#law-read phase=prepare}", "{#law-read phase=later}")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx page page.md: invalid: docs/xx/page.md:7: unknown phase 'later' (expected one "
        "of: prepare, announce, handover, after)"]
    assert not any("Traceback" in line for line in lines)


def test_missing_and_extra_page(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (marked / "docs/xx/page.md").rename(marked / "docs/xx/other.md")
    code, lines = _run(capsys, marked, "status")
    assert code == 1
    assert _problems(lines) == [
        "xx page page.md: missing: docs/fr/page.md has no docs/xx/page.md",
        "xx page other.md: extra: docs/xx/other.md has no docs/fr/other.md",
        # Its items and templates were found, on the wrong page.
        *(f"xx {kind} {id_}: mismatch: on docs/xx/other.md, the fr reference has it on "
          "docs/fr/page.md" for kind, id_ in (("item", "law-read"), ("item", "pay-list"),
                                               ("template", "tpl-announce-email")))]


def test_json_report(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(marked / "locales/xx/ui.toml", 'bye = "Goodbye"\n', "")
    assert main(["status", "--json", "--root", str(marked)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["reference"] == "fr" and report["complete"] is False
    [language] = report["languages"]
    assert language["lang"] == "xx" and language["complete"] is False
    assert [(p["kind"], p["id"], p["issue"]) for p in language["problems"]] == [
        ("string", "ui.bye", "missing")]


def test_unbuilt_languages_do_not_fail_the_status(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path, with_config=True)
    assert _run(capsys, root, "mark", "xx")[0] == 0
    _edit(root / "docs/xx/page.md", "- [ ] Read the contract. {#law-read phase=prepare}\n", "")
    assert _run(capsys, root, "status")[0] == 1
    _edit(root / "mkdocs.yml", "          build: true", "          build: false")
    code, lines = _run(capsys, root, "status")
    assert code == 0 and lines[-1] == "xx: 1 problem (not built by the site)"
    # Asking for the language explicitly makes its problems count.
    assert _run(capsys, root, "status", "--lang", "xx")[0] == 1


def test_new_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path, with_config=True)
    (root / "docs/fr/planner.md").write_text("---\ntemplate: planner.html\n---\n\n# Plan\nTexte.\n",
                                             encoding="utf-8")
    (root / "docs/fr/bare.md").write_text("Sans titre.\n", encoding="utf-8")
    code, _ = _run(capsys, root, "new", "de", "--name", "Deutsch")
    assert code == 0
    # The marker goes under the title (MkDocs takes the title from a leading heading only),
    # after any front matter, or first when the page has no title.
    assert (root / "docs/de/planner.md").read_text(encoding="utf-8") == (
        "---\ntemplate: planner.html\n---\n\n# Plan\n\n<!-- i18n: translate from fr -->\n\n"
        "Texte.\n")
    assert (root / "docs/de/bare.md").read_text(encoding="utf-8") == (
        "<!-- i18n: translate from fr -->\n\nSans titre.\n")
    page = (root / "docs/de/page.md").read_text(encoding="utf-8")
    assert page.startswith("# Partir\n\n<!-- i18n: translate from fr -->\n\n")
    # Ids and brace blocks are copied verbatim.
    assert page.replace("<!-- i18n: translate from fr -->\n\n", "") == FR_PAGE
    strings = (root / "locales/de/ui.toml").read_text(encoding="utf-8")
    assert [key for _, key, marked in toml_keys(strings) if marked] == ["ui.hello", "ui.bye"]

    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "# A comment that must survive." in config_text
    assert config_text.endswith("hooks: []  # after the list\n")
    config = yaml.safe_load(config_text)
    [entry] = [lang for lang in config["plugins"][1]["i18n"]["languages"]
               if lang["locale"] == "de"]
    assert entry["name"] == "Deutsch" and entry["build"] is True
    assert entry["nav_translations"] == {"Outils": "Outils"}
    assert entry["theme"]["palette"][0]["toggle"]["name"] == "Passer en mode sombre"

    code, lines = _run(capsys, root, "status", "--lang", "de")
    assert code == 1
    de = [line for line in lines if line.startswith("de ")]
    assert [line.split(":")[0] for line in de] == [
        "de page bare.md", "de page page.md", "de page planner.md", "de string ui.bye",
        "de string ui.hello", "de config mkdocs.yml", "de config mkdocs.yml",
        "de config mkdocs.yml"]
    assert all(": untranslated: " in line for line in de)


@pytest.mark.parametrize("code", ["fr", "xx", "deutsch", "DE", "de-de", "null", "../de"])
def test_new_refuses_existing_or_invalid_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               code: str) -> None:
    root = _tree(tmp_path, with_config=True)
    before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    status, lines = _run(capsys, root, "new", code)
    assert status == 2
    assert lines and lines[0].startswith("i18n: ")
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["fr", "xx"]


def test_toml_keys_follow_tables_dotted_keys_and_multiline_strings() -> None:
    text = '''\
top = "a"
[format.currency]
EUR = "{amount} €"
# i18n: translate
"quoted.key" = """two
lines = not a key
"""
sub.leaf = 'x'
[[ignored]]
'''
    assert toml_keys(text) == [(1, "top", False), (3, "format.currency.EUR", False),
                               (5, "format.currency.quoted.key", True),
                               (8, "format.currency.sub.leaf", False)]
