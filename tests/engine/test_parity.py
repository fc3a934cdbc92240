"""CPython and Pyodide (the browser's Python) give byte-identical responses.

tests/parity/run_pyodide.mjs loads the runtime from node_modules/pyodide with node, copies
the engine into Pyodide's file system and runs `api.run` on every parity request
(tests/parity/parity_requests.py: each scenario in each language, plus bad input).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "parity"))
import parity_requests

NODE = shutil.which("node")
PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def pyodide_output() -> list[list[str]]:
    if NODE is None:
        pytest.fail("node is not installed (the README's test command needs it)")
    if not (PYODIDE / "pyodide.mjs").is_file() or not (PYODIDE / "pyodide.asm.wasm").is_file():
        pytest.fail("node_modules/pyodide is missing (run the README's test command, which "
                    "runs `npm ci`)")
    done = subprocess.run([NODE, str(ROOT / "tests" / "parity" / "run_pyodide.mjs"), str(ROOT)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Python 3.14" in done.stderr  # really the Pyodide runtime
    return json.loads(done.stdout)


def test_pyodide_matches_cpython_byte_for_byte(pyodide_output: list[list[str]]) -> None:
    cpython = json.loads(parity_requests.run_all(ROOT))
    assert [name for name, _ in pyodide_output] == [name for name, _ in cpython]
    assert len(cpython) >= 2 * 6
    for (name, in_pyodide), (_, in_cpython) in zip(pyodide_output, cpython, strict=True):
        assert in_pyodide == in_cpython, name


def test_parity_covers_successes_and_failures(pyodide_output: list[list[str]]) -> None:
    responses = [json.loads(response) for _, response in pyodide_output]
    oks = [response["ok"] for response in responses]
    assert oks.count(True) >= 12 and oks.count(False) >= 2
    # Exports (Markdown, iCalendar with its hashes, JSON, a letter's .odt) are compared too.
    assert all(set(r["exports"]) in ({"md", "ics", "json"}, {"odt"})
               for r in responses if r["ok"])
    assert [r for r in responses if r["ok"] and r["exports"].get("odt")]


def test_scenarios_dir_is_the_parity_source() -> None:
    names = {Path(p).stem for p in (ROOT / "tests" / "scenarios").glob("*.json")}
    requested = {name.rsplit(".", 1)[0] for name, _ in parity_requests.all_requests(ROOT)}
    assert names <= requested


@pytest.mark.slow
def test_engine_runs_on_the_published_trimmed_stdlib() -> None:
    """The stdlib the worker loads (only the modules boot and the engine import, compiled by
    the runtime's Python) with the engine in the same zip give CPython's responses, byte for
    byte."""
    from checklist.authoring.runtime import prepare

    runtime = prepare(ROOT)
    done = subprocess.run([NODE or "node", str(ROOT / "tests" / "parity" / "run_pyodide.mjs"),
                           str(ROOT), str(runtime.stdlib)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    # The engine that answered is the one in the published zip, not a copy of the sources.
    engine = re.search(r"engine /lib/python3\d+\.zip/checklist/__init__\.pyc", done.stderr)
    assert engine, done.stderr
    # An error through the stdlib's bytecode (no line numbers) keeps its own last line.
    assert "traceback: json.decoder.JSONDecodeError: Expecting" in done.stderr, done.stderr
    in_pyodide = json.loads(done.stdout)
    cpython = json.loads(parity_requests.run_all(ROOT))
    assert [name for name, _ in in_pyodide] == [name for name, _ in cpython]
    for (name, response), (_, expected) in zip(in_pyodide, cpython, strict=True):
        assert response == expected, name


def test_a_snapshot_taken_before_any_request_holds_no_answer() -> None:
    """The planner's worker keeps a memory snapshot of Python taken before its first request
    (docs/assets/planner/worker.mjs): none of the reader's text can be in it. Taken after a
    request, the same snapshot would hold it — the check can see an answer."""
    from checklist.authoring.runtime import prepare

    probe = "Zqxjvw Snapshotprobe"
    runtime = prepare(ROOT)
    done = subprocess.run([NODE or "node", str(ROOT / "tests" / "parity" / "snapshot_probe.mjs"),
                           str(ROOT), str(runtime.stdlib), probe],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["before"] == 0
    assert found["after"] >= 1
    assert found["size"] > 10_000_000
