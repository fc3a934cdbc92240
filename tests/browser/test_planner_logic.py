"""The planner's pure JavaScript logic (migrations, base64url and compression, paths, numbers,
error matching), tested in node without a browser: `node --test tests/browser/js/`."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, examples


def test_planner_logic_in_node() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: run the README's set-up")
    # The node tests' random runs follow the Hypothesis profile (10,000 under fuzz).
    runs = str(examples(300))
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests/browser/js/")],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env={**os.environ, "FDM_FUZZ_RUNS": runs},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
