"""Prepare the Pyodide runtime that the site serves: the npm package plus our engine wheel.

`pyodide build` needs a cross-build environment from the internet, so the engine (pure
Python) is built with `pip wheel` and listed, alone, in a one-package lock file (the
npm package's lists 358 packages the site does not ship); the worker passes that lock inline
(`lockFileContents`) and loads the wheel with `loadPackage("checklist")`.

The standard library is trimmed and compiled: trim_stdlib.mjs boots the real runtime in node
as the worker does, imports every engine module, runs the scenarios, and writes the stdlib
modules then imported as `.pyc` compiled by the runtime's own Python 3.14 (the host Python
cannot: its bytecode differs; for the same reason the engine wheel stays `.py`), deflated
(hosts do not compress zip files), named by content hash (`python_stdlib-<hash>.zip`, passed
as `stdLibURL`). Docstrings, asserts and line tables
are left out of that bytecode (a stdlib traceback shows no line numbers; the engine's own
code keeps them).

Results are cached under `.cache/pyodide/<hash of the engine sources>/`, and the trimmed
stdlib under `.cache/pyodide/stdlib-<hash of the engine's imports>/`.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The runtime files the browser needs (the npm package also ships typings and consoles).
RUNTIME_FILES: tuple[str, ...] = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)


class RuntimeUnavailable(Exception):
    """The runtime cannot be prepared; the message says what to run."""


@dataclass(frozen=True)
class Runtime:
    version: str
    package_dir: Path
    lock_file: Path
    wheel: Path
    stdlib: Path

    def files(self) -> dict[str, Path]:
        """Site-relative file name → file on disk, for one runtime version."""
        files = {name: self.package_dir / name for name in RUNTIME_FILES}
        files["pyodide-lock.json"] = self.lock_file
        files[self.wheel.name] = self.wheel
        files[self.stdlib.name] = self.stdlib
        return files

    def lock_contents(self) -> str:
        """The one-package lock, as the worker passes it to loadPyodide (no request)."""
        return self.lock_file.read_text(encoding="utf-8")


def find_package(root: Path) -> tuple[str, Path]:
    package_dir = root / "node_modules" / "pyodide"
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise RuntimeUnavailable(
            "the Pyodide runtime is missing (node_modules/pyodide): run `make serve` or "
            "`make test`, which install it with `npm ci`"
        )
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    missing = [name for name in RUNTIME_FILES if not (package_dir / name).is_file()]
    if missing:
        raise RuntimeUnavailable(
            f"node_modules/pyodide is incomplete (missing {', '.join(missing)})"
        )
    return str(version), package_dir


def _engine_sources(root: Path) -> list[Path]:
    sources = sorted(
        path
        for path in (root / "checklist").rglob("*")
        if path.is_file()
        and "authoring" not in path.relative_to(root / "checklist").parts
        and "__pycache__" not in path.parts
    )
    return [*sources, root / "pyproject.toml"]


def _fingerprint(root: Path, version: str) -> str:
    digest = hashlib.sha256(version.encode())
    digest.update(Path(__file__).read_bytes())  # how the wheel and lock are made
    for path in _engine_sources(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeUnavailable(
            f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )


def prepare(root: Path) -> Runtime:
    """Build (or reuse) the engine wheel and the lock file that lists it."""
    version, package_dir = find_package(root)
    out = root / ".cache" / "pyodide" / _fingerprint(root, version)
    lock_file = out / "pyodide-lock.json"
    wheels = sorted(out.glob("checklist-*.whl"))
    if not (lock_file.is_file() and len(wheels) == 1):
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob("*"):
            stale.unlink()
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(out),
                str(root),
            ],
            cwd=root,
        )
        wheels = sorted(out.glob("checklist-*.whl"))
        _write_lock(package_dir / "pyodide-lock.json", wheels[0], lock_file)
    # The trimmed stdlib changes only with what the engine imports: an edit of the engine
    # that imports nothing new reuses it (the node trace takes seconds).
    stdlib_dir = root / ".cache" / "pyodide" / f"stdlib-{_imports_key(root, version)}"
    stdlibs = sorted(stdlib_dir.glob("python_stdlib-*.zip"))
    if len(stdlibs) != 1:
        stdlib_dir.mkdir(parents=True, exist_ok=True)
        for stale in stdlibs:
            stale.unlink()
        stdlibs = [_trim_stdlib(root, package_dir, lock_file, out, stdlib_dir)]
    return Runtime(version, package_dir, lock_file, wheels[0], stdlibs[0])


def _imports_key(root: Path, version: str) -> str:
    """What the trimmed stdlib depends on: the runtime, the tools that make it, and every
    module name the engine's sources import (anywhere in a file)."""
    digest = hashlib.sha256(version.encode())
    for tool in (Path(__file__), Path(__file__).with_name("trim_stdlib.mjs")):
        digest.update(tool.read_bytes())
    names: set[str] = set()
    for path in _engine_sources(root):
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    digest.update("\n".join(sorted(names)).encode())
    return digest.hexdigest()[:16]


def _write_lock(npm_lock: Path, wheel: Path, lock_file: Path) -> None:
    """A lock file that lists the engine wheel only (what `pyodide lockfile add-wheels`
    writes for it, without the runtime's 358 other packages)."""
    info = json.loads(npm_lock.read_text(encoding="utf-8"))["info"]
    name, version = wheel.name.split("-")[:2]
    entry = {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": [name],
        "depends": [],
        "unvendored_tests": False,
        "tool": {},
    }
    lock = {"info": info, "packages": {name: entry}}
    lock_file.write_text(json.dumps(lock, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _trim_stdlib(root: Path, package_dir: Path, lock_file: Path, out: Path,
                 stdlib_dir: Path) -> Path:
    node = shutil.which("node")
    if node is None:
        raise RuntimeUnavailable("node is needed to trim the standard library (Node.js 20)")
    draft = stdlib_dir / "python_stdlib.draft"
    _run([node, str(Path(__file__).with_name("trim_stdlib.mjs")), str(package_dir),
          str(lock_file), str(out), str(root), str(draft)], cwd=root)
    digest = hashlib.sha256(draft.read_bytes()).hexdigest()[:12]
    return draft.rename(stdlib_dir / f"python_stdlib-{digest}.zip")
