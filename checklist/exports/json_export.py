"""The plan as JSON: sorted keys, two-space indent, UTF-8 text, final newline. Stable."""

from __future__ import annotations

import json
from collections.abc import Mapping


def to_json(plan: Mapping[str, object]) -> str:
    return json.dumps(plan, ensure_ascii=False, sort_keys=True, indent=2,
                      allow_nan=False) + "\n"
