"""No sentence of the source article may appear in the project's text.

The checker and the article live in the shared folder next to the project (material for
facts, not part of the product); the test runs wherever that folder is present, as on CI.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

CHECKER = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


@pytest.mark.skipif(
    not CHECKER.is_file(), reason="the shared source article is not beside the project"
)
def test_no_seven_word_run_is_shared_with_the_source_article() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
