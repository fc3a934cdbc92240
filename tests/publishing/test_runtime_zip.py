"""The published stdlib-and-engine zip (checklist/authoring/runtime.py) depends on the project's
own sources only, and a build makes it without tracing: the module list traced by
build_zip.mjs with its own corpus is kept as data (stdlib_modules.json) under the key of what
the trace depends on, and this file checks it is current. A copy of the project (no tests/,
no .cache) that traces and compiles everything again publishes the same bytes under the same
name."""

from __future__ import annotations

import ast
import json
import zipfile
from pathlib import Path

import pytest

from checklist.authoring.runtime import (
    CORPUS,
    MODULE_LIST,
    engine_files,
    find_package,
    imported_names,
    kept_modules,
    modules_key,
    prepare,
    trace_requests,
)
from tests.conftest import ROOT, copy_project


def test_the_kept_module_list_is_current() -> None:
    version, _ = find_package(ROOT)
    key = modules_key(ROOT, engine_files(ROOT), version)
    kept = json.loads((ROOT / MODULE_LIST).read_text(encoding="utf-8"))
    assert kept["key"] == key, (
        "the engine's imports, the runtime or the tracer changed: run `make setup`, which "
        f"traces again and rewrites {MODULE_LIST}, and commit it")
    assert kept_modules(ROOT, key) == kept["modules"]
    assert {"json/__init__.py", "tomllib/__init__.py", "decimal.py", "hashlib.py"} <= set(
        kept["modules"])


def test_the_tracer_runs_its_own_corpus_in_every_language() -> None:
    # Every answer set in each language the site has, with the guide's checklist; the copy
    # test below proves nothing else (no tests/) is read.
    corpus = json.loads((ROOT / CORPUS).read_text(encoding="utf-8"))
    requests = trace_requests(ROOT)
    languages = len(list((ROOT / "locales").glob("*/plan.toml")))
    assert languages == 2
    assert len(requests) == languages * (len(corpus["plans"]) + len(corpus["refused"])) + 1
    routes = {json.loads(request)["answers"].get("contract", {}).get("type")
              for request, ok in requests[:-1] if ok}
    assert {"open_ended", "fixed_term", "deliverable"} <= routes


def test_the_key_reads_every_import_the_parser_sees() -> None:
    """The key reads import statements as text (fast, on every build): the same names as
    Python's parser, on every engine file and on the forms that are easy to miss."""
    sample = (b"import os, sys as system\nfrom a.b import (c,\n d)\nfrom . import e\n"
              b"def f():\n    import json.decoder\n    from .g import h\nif f:\n\timport tomllib\n")
    for source in [sample, *engine_files(ROOT).values()]:
        expected = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                expected.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                expected.add(node.module)
        assert imported_names(source) == expected
    assert imported_names(sample) == {"os", "sys", "a.b", "json.decoder", "tomllib"}


@pytest.mark.slow
def test_a_copy_of_the_project_traces_and_publishes_the_same_zip(tmp_path: Path) -> None:
    published = prepare(ROOT).ready()
    project = copy_project(tmp_path / "copy")
    assert not (project / "tests").exists() and not (project / ".cache").exists()
    # From scratch: trace with the tracer's corpus, compile the stdlib and the engine.
    copied = prepare(project, retrace=True)
    assert copied.traced
    assert copied.stdlib.name == published.name
    assert copied.ready().read_bytes() == published.read_bytes()
    assert (json.loads((project / MODULE_LIST).read_text(encoding="utf-8"))
            == json.loads((ROOT / MODULE_LIST).read_text(encoding="utf-8")))
    with zipfile.ZipFile(published) as archive:
        infos = archive.infolist()
    # Stored entries: the host compresses the whole file (or sends the build's .br / .gz).
    assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}
    names = {info.filename for info in infos}
    assert {"checklist/api.pyc", "json/__init__.pyc"} <= names
    assert not any(name.endswith(".py") or "authoring" in name for name in names)
