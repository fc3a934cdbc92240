"""The placeholder grammar of letters and strings, and the flat key space of strings.

Ground floor: the engine's renderer (view.py, text.py) and the authoring tools (the guide
reader, the i18n checks) read the same definitions without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""A letter's placeholder, `{name}` (the guide's templates; the view fills them)."""

STRING_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+)(?::([^{}]*))?)?\}")
"""A string's placeholder, `{name}`, `{name:kind}` or `{name:kind:option}` (text.py)."""


def flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Nested string tables (TOML) as dotted keys: {"a": {"b": …}} → {"a.b": …}."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat
