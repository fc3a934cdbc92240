"""Fin de mission: the plan engine behind the planner.

Pure Python, standard library only, deterministic: the same answers, checklist data and
strings give the same plan, on CPython and in Pyodide. Entry points live in
`checklist.api` (validate, make_plan, run); `python -m checklist` is the CLI.
"""

from __future__ import annotations

PLAN_VERSION = 2
"""Version of the plan format (see FORMATS.md)."""

ANSWERS_VERSION = 3
"""Version of the answers format this engine reads."""

VIEW_VERSION = 2
"""Version of the view model handed to the planner page."""
