"""Helpers for the translation tests: run the i18n command in a project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_i18n(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m checklist i18n ARGS` in `project`, with that project's own engine."""
    env = {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "checklist", "i18n", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def problem_lines(output: str, lang: str) -> list[str]:
    """The problem lines of one language (`LANG KIND ID: ...`), without the summary."""
    return [line for line in output.splitlines() if line.startswith(f"{lang} ")]
