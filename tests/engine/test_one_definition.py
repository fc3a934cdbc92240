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


# -- closed sets restated by value (issue 24): each route name, letter id, deadline kind and
# answer field is written in one place; everything else refers to it.

PAGE_SCRIPTS = sorted((PACKAGE.parent / "docs" / "assets").rglob("*.*js"))
HOOKS = sorted((PACKAGE.parent / "hooks").glob("*.py"))


def _string_literals(tree: ast.AST) -> list[str]:
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _where(value: str, *, allowed: set[str]) -> list[str]:
    """Python modules (other than `allowed`) and page scripts that spell `value` out."""
    found = [name for name, tree in MODULES.items()
             if name not in allowed and value in _string_literals(tree)]
    found += [path.name for path in HOOKS if f'"{value}"' in path.read_text("utf-8")]
    found += [path.name for path in PAGE_SCRIPTS
              if f'"{value}"' in path.read_text("utf-8")
              or f"'{value}'" in path.read_text("utf-8")]
    return found


def test_route_names_are_written_only_in_routes_py() -> None:
    from checklist.routes import ROUTE_NAMES

    for route in ROUTE_NAMES:
        assert _where(route, allowed={"routes.py"}) == [], route


def test_letter_ids_are_written_only_in_letters_py() -> None:
    from checklist.letters import LETTER_IDS

    for letter in LETTER_IDS:
        assert _where(letter, allowed={"letters.py"}) == [], letter


def test_which_timeline_marks_are_deadlines_is_said_once() -> None:
    from checklist.view import TIMELINE_KINDS

    deadlines = [kind for kind, spec in TIMELINE_KINDS.items() if spec.deadline]
    assert deadlines  # and no page script or export keeps its own list of them:
    for path in PAGE_SCRIPTS:
        source = path.read_text("utf-8")
        assert not all(f'"{kind}"' in source for kind in deadlines), path.name
    for name, tree in MODULES.items():
        if name != "view.py":
            literals = set(_string_literals(tree))
            assert not all(kind in literals for kind in deadlines), name


def test_answer_fields_are_declared_only_in_model_py() -> None:
    # Every answer is one annotated field of model.py; no other module declares one (a
    # `Field(...)` list, a dataclass of answers, or the old hand-written constructor).
    from checklist.model import Answers, answer_fields
    from checklist.schema import FIELDS

    assert answer_fields(Answers) == FIELDS
    for name, tree in MODULES.items():
        if name == "model.py":
            continue
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id in ("answer", "Field")]
        assert calls == [], name
    page = (PACKAGE.parent / "overrides" / "planner.html").read_text("utf-8")
    assert 'maxlength="120"' not in page and 'maxlength="60"' not in page
