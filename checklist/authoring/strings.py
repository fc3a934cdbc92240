"""Per-language strings: every `locales/<lang>/*.toml` file, flattened to dotted keys."""

from __future__ import annotations

import tomllib
from pathlib import Path


class StringsError(Exception):
    """A strings file cannot be read; the message names the file."""


def _flatten(table: dict[str, object], prefix: str, out: dict[str, str], source: str) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{name}.", out, source)
        elif isinstance(value, list):
            out[name] = value  # type: ignore[assignment]  # e.g. month names
        else:
            out[name] = str(value)


def load_strings(locales_dir: Path, lang: str) -> dict[str, str]:
    folder = locales_dir / lang
    if not folder.is_dir():
        raise StringsError(f"no strings for language '{lang}' ({folder} is missing)")
    strings: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise StringsError(f"{path}: {error}") from None
        before = set(strings)
        flat: dict[str, str] = {}
        _flatten(table, "", flat, path.name)
        clash = before & set(flat)
        if clash:
            raise StringsError(f"{path}: keys defined twice: {', '.join(sorted(clash))}")
        strings.update(flat)
    return strings
