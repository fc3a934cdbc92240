"""The renderer: formats, placeholders, markers; and the strings files themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checklist import api, validate
from checklist.risks import RISK_CODES, RISK_VARIANTS, SEVERITIES
from checklist.routes import NOTICE_BASIS_VARIANTS
from checklist.rules import fr
from checklist.text import STRING_PLACEHOLDER, Strings, flatten, load_strings, missing
from checklist.view import MONEY_LINES, TIMELINE_KINDS
from checklist.vocabulary import COUNTERPARTIES, PHASES, ROUTES

from .conftest import ROOT, load_locale, locale_table

KEY_PREFIXES = ("error", "reasoning", "uncertain", "risk", "severity", "phase", "timeline",
                "money", "message", "export", "format", "view", "source", "meta", "route",
                "counterparty", "letter", "placeholder")
_ALTERNATIVES = "|".join(KEY_PREFIXES)
_LITERAL = re.compile(rf"""["']((?:{_ALTERNATIVES})\.[A-Za-z0-9_.\-]+)["']""")


def engine_sources() -> list[Path]:
    return [path for path in sorted((ROOT / "checklist").rglob("*.py"))
            if "authoring" not in path.parts]


def keys_used_by_the_engine() -> set[str]:
    """Every key the engine can ask for: literals in its code, plus the generated ones."""
    keys: set[str] = set()
    for path in engine_sources():
        keys.update(_LITERAL.findall(path.read_text(encoding="utf-8")))
    keys = {key for key in keys if not key.endswith(".")}
    keys.update(validate.ERROR_KEYS)
    for code in RISK_CODES:
        keys.update({f"risk.{code}.title", f"risk.{code}.explanation"})
        variants = RISK_VARIANTS.get(code)
        keys.update({f"reasoning.risk.{code}.{v}" for v in variants} if variants
                    else {f"reasoning.risk.{code}"})
    keys.update(f"severity.{severity}" for severity in SEVERITIES)
    keys.update(f"phase.{phase}" for phase in PHASES)
    keys.update(f"timeline.{kind}" for kind in TIMELINE_KINDS)
    keys.update(f"money.{line}" for line in MONEY_LINES)
    keys.update(f"money.status.{status}" for status in ("overdue", "paid", "not_due",
                                                         "time_barred", "not_claimed"))
    keys.update(f"source.{source_id}" for source_id in fr.RULES.sources)
    for route in ROUTES:
        keys.update({f"route.{route}", f"view.summary.{route}", f"reasoning.route.{route}"})
    for counterparty in COUNTERPARTIES.values():
        keys.update({f"counterparty.{counterparty}", f"reasoning.counterparty.{counterparty}",
                     f"letter.to.{counterparty}"})
    keys.update({"letter.to.contact", "letter.to.umbrella", "reasoning.route.clause_reaches_term"})
    keys.update(f"letter.notice_basis.{variant}" for variant in NOTICE_BASIS_VARIANTS)
    keys.update(f"view.owed.{basis}.{variant}" for basis in ("notice", "term", "delivery")
                for variant in ("estimate", "days", "none"))
    keys.update(f"export.md.{name}" for name in
                ("invoice", "amount", "due_date", "status", "penalty", "indemnity"))
    # Keys that are data, not sentences, and may be absent (defaults apply).
    keys -= {"format.currency.default"}
    return keys


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_key_used_by_the_engine_exists(lang: str) -> None:
    table = flatten(locale_table(lang))
    absent = sorted(key for key in keys_used_by_the_engine() if key not in table)
    assert absent == []


def names(text: str) -> set[str]:
    return {match.group(1) for match in STRING_PLACEHOLDER.finditer(text)}


def test_fr_and_en_have_the_same_keys_and_placeholders() -> None:
    fr_table, en_table = flatten(locale_table("fr")), flatten(locale_table("en"))
    assert sorted(fr_table) == sorted(en_table)
    for key, value in fr_table.items():
        if isinstance(value, str) and not key.startswith("format."):
            assert names(value) == names(str(en_table[key])), key


def test_reasoning_keys_in_the_scan() -> None:
    keys = keys_used_by_the_engine()
    for key in ("reasoning.announce.after_milestone", "reasoning.last_day.early_agreement",
                "uncertain.no_notice_clause", "reasoning.rate.table", "error.invalid_json",
                "reasoning.route.fixed_term_early_agreement", "letter.notice_basis.reasonable"):
        assert key in keys


def test_no_key_clashes_with_other_locale_files() -> None:
    ours = set(flatten(locale_table("fr")))
    import tomllib

    for path in sorted((ROOT / "locales" / "fr").glob("*.toml")):
        if path.name != "plan.toml":
            theirs = set(flatten(tomllib.loads(path.read_text(encoding="utf-8"))))
            assert not ours & theirs, path.name


@pytest.mark.parametrize(("lang", "value", "expected"), [
    ("fr", 4200, "4\u202f200,00\u00a0€"),
    ("en", 4200, "€4,200.00"),
    ("fr", 85.28, "85,28\u00a0€"),
    ("en", 1234567.5, "€1,234,567.50"),
    ("fr", 0.005, "0,01\u00a0€"),
    ("fr", -12.5, "-12,50\u00a0€"),
])
def test_money(lang: str, value: float, expected: str) -> None:
    assert load_locale(lang).money(value) == expected


def test_money_reads_like_the_spec() -> None:
    # "4 200,00 €" / "€4,200.00", with the non-breaking spaces French typography uses.
    assert load_locale("fr").money(4200).replace("\u202f", " ").replace("\u00a0", " ") == (
        "4 200,00 €")


@pytest.mark.parametrize(("lang", "iso", "expected"), [
    ("fr", "2026-11-26", "26 novembre 2026"),
    ("en", "2026-11-26", "26 November 2026"),
    ("fr", "2026-11-01", "1er novembre 2026"),
    ("en", "2027-01-01", "1 January 2027"),
    ("fr", "2026-08-15", "15 août 2026"),
])
def test_dates(lang: str, iso: str, expected: str) -> None:
    assert load_locale(lang).date(iso) == expected


def test_percent_decimal_and_plural(strings_fr: Strings, strings_en: Strings) -> None:
    assert strings_fr.percent(12.15) == "12,15\u00a0%"
    assert strings_en.percent(12.15) == "12.15%"
    assert strings_fr.percent(10) == "10\u00a0%"
    assert strings_fr.decimal(10.0) == "10"
    assert [strings_fr.plural(n, "jour|jours") for n in (0, 1, 2)] == ["jour", "jour", "jours"]
    assert [strings_en.plural(n, "day|days") for n in (0, 1, 2)] == ["days", "day", "days"]
    assert strings_en.fill("{n} {n:plural:day|days}", {"n": 1}) == "1 day"
    assert strings_fr.fill("{n:int}", {"n": 12345}) == "12\u202f345"


def test_missing_key_and_parameter_are_visible_never_raise(strings_fr: Strings) -> None:
    assert strings_fr.format("no.such.key") == "⟦no.such.key⟧" == missing("no.such.key")
    assert strings_fr.fill("le {day:date}", {}) == "le ⟦day⟧"
    assert strings_fr.fill("le {day:date}", {"day": "not a date"}) == "le ⟦day⟧"
    assert strings_fr.fill("{x:money}", {"x": "NaN"}) == "⟦x⟧"
    assert strings_fr.fill("{x:money}", {"x": True}) == "⟦x⟧"
    assert strings_fr.fill("{x:unknown}", {"x": 3}) == "3"
    assert Strings().format("error.required") == "⟦error.required⟧"


def test_load_strings_accepts_nested_flat_and_toml() -> None:
    nested = load_strings({"error": {"required": "R"}})
    flat = load_strings({"error.required": "R"})
    toml = load_strings('[error]\nrequired = "R"\n')
    assert nested.format("error.required") == flat.format("error.required") == "R"
    assert toml.format("error.required") == "R"
    assert load_strings(None).format("error.required") == "⟦error.required⟧"


def test_error_messages_render_with_limits(strings_fr: Strings) -> None:
    rendered = api.render_errors([{"field": "client_name", "key": "error.too_long"}], strings_fr)
    assert rendered == [{"field": "client_name", "key": "error.too_long",
                         "message": "Texte trop long (200 caractères au plus)."}]
    for key in validate.ERROR_KEYS:
        assert "⟦" not in strings_fr.format(key, validate.LIMITS)


def test_english_never_uses_a_duration_as_an_adjective_before_notice() -> None:
    # "the 30 days notice runs from that day" is not English: "the notice of 30 days"
    # (a duration of any length, a month included, reads right that way).
    from .conftest import ROOT
    for path in sorted((ROOT / "locales" / "en").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"\{notice:duration\} notice|\{notice\} notice", text)
        assert not found, (path.name, found)
    for path in sorted((ROOT / "docs" / "en").glob("*.md")):
        assert "{notice} notice" not in path.read_text(encoding="utf-8"), path.name
