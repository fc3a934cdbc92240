"""Each piece of vocabulary and each helper is defined once in checklist/ (issue 15, point 11):
a copy would drift from its original without any test noticing."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from checklist import text, validate
from checklist.authoring import strings as authoring_strings
from checklist.cli import parser
from checklist.rules import DEFAULT_JURISDICTION

PACKAGE = Path(__file__).resolve().parents[2] / "checklist"
MODULES = {path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
           for path in sorted(PACKAGE.rglob("*.py"))}


def definitions() -> Counter[str]:
    """Module-level and class-level names defined anywhere in the package (functions,
    classes, assignments), counted once per module."""
    found: Counter[str] = Counter()
    for tree in MODULES.values():
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets if isinstance(t, ast.Name))
        found.update(names)
    return found


def regex_literals() -> Counter[str]:
    found: Counter[str] = Counter()
    for tree in MODULES.values():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "compile" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found[str(node.args[0].value)] += 1
    return found


def test_vocabulary_and_helpers_are_defined_once() -> None:
    counts = definitions()
    for name in ("TRI_STATE", "SOURCE_KINDS", "DEFAULT_JURISDICTION", "PLACEHOLDER",
                 "STRING_PLACEHOLDER", "is_int", "to_decimal", "Strings"):
        assert counts[name] == 1, (name, counts[name])
    for gone in ("UNCERTAIN_KEYS", "_is_int", "_PLACEHOLDER"):
        assert counts[gone] == 0, gone


def test_each_placeholder_pattern_is_compiled_once() -> None:
    repeated = {pattern: n for pattern, n in regex_literals().items() if n > 1}
    assert repeated == {}


def test_one_json_number_to_decimal() -> None:
    assert str(validate.to_decimal(0.1)) == "0.1"
    assert text.Strings().number(-0.0) == text.Strings().number(0) == "0.00"


def test_the_authoring_table_loader_says_what_it_loads() -> None:
    assert hasattr(authoring_strings, "load_locale_table")
    assert not hasattr(authoring_strings, "load_strings")  # text.load_strings is the engine's


def test_the_cli_defaults_to_the_default_jurisdiction() -> None:
    args = parser().parse_args(["plan", "answers.json"])
    assert args.jurisdiction == DEFAULT_JURISDICTION
