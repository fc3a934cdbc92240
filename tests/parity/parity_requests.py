"""Requests for the parity test: each scenario in each language, as `run()` receives them.

Imported by the pytest side (CPython) and, inside Pyodide, by run_pyodide.mjs: both build
exactly the same request strings from the same files, so the responses must match byte
for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

LANGS = ("fr", "en")


def checklist_path(root: Path, lang: str) -> Path:
    name = "checklist.json" if lang == "fr" else f"checklist.{lang}.json"
    return root / "tests" / "engine" / "fixtures" / name


def all_requests(root: Path) -> list[tuple[str, str]]:
    requests = []
    for scenario_path in sorted((root / "tests" / "scenarios").glob("*.json")):
        scenario = json.loads(scenario_path.read_text(encoding="utf-8"))
        for lang in LANGS:
            request = {
                "answers": scenario["answers"],
                "checklist": json.loads(checklist_path(root, lang).read_text(encoding="utf-8")),
                # The strings as TOML text: the engine parses them (tomllib) on both sides.
                "strings": (root / "locales" / lang / "plan.toml").read_text(encoding="utf-8"),
                "jurisdiction": "fr",
                "exports": ["md", "ics", "json"],
                "base_url": "https://example.org/",
            }
            requests.append((f"{scenario_path.stem}.{lang}",
                             json.dumps(request, ensure_ascii=False, sort_keys=True)))
    # A letter as an editable document (.odt, base64): the same bytes from zipfile on both.
    first = json.loads(requests[0][1])
    requests.append(("01-open-ended-direct.odt", json.dumps(
        {**first, "exports": ["odt"], "letter": "tpl-notice-letter"},
        ensure_ascii=False, sort_keys=True)))
    # Bad input must give the same errors too.
    requests.append(("bad-input.fr", json.dumps({
        "answers": {"today": "2026-02-30", "contract": {"type": "fixed_term", "notice_days": -3},
                    "invoices": [{"amount": -1, "due": "x"}], "reasons": ["bored"]},
        "strings": (root / "locales" / "fr" / "plan.toml").read_text(encoding="utf-8"),
    }, ensure_ascii=False)))
    requests.append(("not-json", "{nope"))
    return requests


def run_all(root: Path) -> str:
    from checklist.api import run

    return json.dumps([[name, run(request)] for name, request in all_requests(root)],
                      ensure_ascii=False)
