"""Per-language strings: every `locales/<lang>/*.toml` file, flattened to dotted keys with the
engine's own `checklist.text.flatten`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from checklist.placeholders import flatten


class StringsError(Exception):
    """A strings file cannot be read; the message names the file."""


def load_string_files(locales_dir: Path, lang: str) -> dict[str, dict[str, object]]:
    """Each strings file of one language, by file name, flattened; a key may live in one
    file only."""
    folder = locales_dir / lang
    if not folder.is_dir():
        raise StringsError(f"no strings for language '{lang}' ({folder} is missing)")
    files: dict[str, dict[str, object]] = {}
    seen: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        try:
            flat = flatten(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as error:
            raise StringsError(f"{path}: {error}") from None
        clash = seen & set(flat)
        if clash:
            raise StringsError(f"{path}: keys defined twice: {', '.join(sorted(clash))}")
        seen.update(flat)
        files[path.name] = flat
    return files


def load_locale_table(locales_dir: Path, lang: str) -> dict[str, object]:
    """All strings of one language, from every file of `locales/<lang>/`, as one flat
    table (what the planner page embeds; the engine's `checklist.text.load_strings` turns
    such a table into a `Strings` that formats sentences)."""
    return {
        key: value
        for table in load_string_files(locales_dir, lang).values()
        for key, value in table.items()
    }
