"""Prepare the Pyodide runtime that the site serves: the npm package plus our engine wheel.

`pyodide build` needs a cross-build environment from the internet, so the engine (pure
Python) is built with `pip wheel` and registered in a copy of the runtime's lock file with
`pyodide lockfile add-wheels`; the worker then loads it with `loadPackage("checklist")`.
Results are cached under `.cache/pyodide/<hash of the engine sources>/`.
"""

from __future__ import annotations

import hashlib
import json
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

    def files(self) -> dict[str, Path]:
        """Site-relative file name → file on disk, for one runtime version."""
        files = {name: self.package_dir / name for name in RUNTIME_FILES}
        files["pyodide-lock.json"] = self.lock_file
        files[self.wheel.name] = self.wheel
        return files


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
        pyodide_cli = Path(sys.executable).with_name("pyodide")
        _run(
            [
                str(pyodide_cli),
                "lockfile",
                "add-wheels",
                "--input",
                str(package_dir / "pyodide-lock.json"),
                "--output",
                str(lock_file),
                "--base-path",
                str(out),
                *map(str, wheels),
            ],
            cwd=root,
        )
    return Runtime(version, package_dir, lock_file, wheels[0])
