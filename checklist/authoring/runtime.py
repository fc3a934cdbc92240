"""Prepare the Pyodide runtime that the site serves: the npm package plus one zip that holds
the trimmed standard library and the engine.

The worker boots Pyodide with `stdLibURL` pointing at `python_stdlib-<hash>.zip`: Python
finds the standard library *and* the `checklist` package there, so no wheel is fetched,
unpacked or registered (no `loadPackage`, whose tar/zip/metadata machinery alone pulled in
a dozen more stdlib modules), and the lock file passed inline (`lockFileContents`) lists no
package at all (the npm package's lists 358 the site does not ship).

The standard library part is trimmed and compiled: trim_stdlib.mjs boots the real runtime
in node, puts the engine on `sys.path`, imports every engine module, runs the scenarios,
and writes the stdlib modules then imported as `.pyc` compiled by the runtime's own Python
3.14 (the host Python cannot: its bytecode differs), deflated (hosts do not compress zip
files). Docstrings, asserts and line tables are left out of that bytecode (a stdlib
traceback shows no line numbers). The trace is cached under
`.cache/pyodide/stdlib-<hash of the engine's imports>/`: an edit of the engine that imports
nothing new reuses it. The engine is compiled the same way by compile_engine.mjs, keeping
its line tables, docstrings and asserts (importing bytecode takes a third of the time of
importing source), once per engine version.

The published zip is named by its content hash, so every file under the runtime's address
is immutable.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

# The runtime files the browser needs from the npm package (it also ships typings, consoles,
# the full standard library and a 358-package lock file, none of which the site uses).
RUNTIME_FILES: tuple[str, ...] = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
)
# What stays out of the browser: CPython-only authoring tools and the command line.
_NOT_SHIPPED = {"authoring", "__pycache__", "cli.py", "__main__.py"}
# Fixed time stamps: the same sources give the same zip, hence the same address.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# The node tools that make the zip, beside this file (node_runtime.mjs boots the runtime for
# the other two).
_HERE = Path(__file__).parent
_TRACER, _COMPILER, _BOOT = (_HERE / name for name in (
    "trim_stdlib.mjs", "compile_engine.mjs", "node_runtime.mjs"))


class RuntimeUnavailable(Exception):
    """The runtime cannot be prepared; the message says what to run."""


@dataclass(frozen=True)
class Runtime:
    version: str
    package_dir: Path
    stdlib: Path

    def files(self) -> dict[str, Path]:
        """Site-relative file name → file on disk, for one runtime version."""
        files = {name: self.package_dir / name for name in RUNTIME_FILES}
        files[self.stdlib.name] = self.stdlib
        return files

    def lock_contents(self) -> str:
        """The lock file the worker passes to loadPyodide inline: the runtime's own `info`
        and no package (Python and the engine are all in the stdlib zip)."""
        return empty_lock(self.package_dir)


def find_package(root: Path) -> tuple[str, Path]:
    package_dir = root / "node_modules" / "pyodide"
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise RuntimeUnavailable(
            "the Pyodide runtime is missing (node_modules/pyodide): run `make serve` or "
            "`make test`, which install it with `npm ci`"
        )
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    needed = [*RUNTIME_FILES, "python_stdlib.zip", "pyodide-lock.json"]
    missing = [name for name in needed if not (package_dir / name).is_file()]
    if missing:
        raise RuntimeUnavailable(
            f"node_modules/pyodide is incomplete (missing {', '.join(missing)})"
        )
    return str(version), package_dir


def empty_lock(package_dir: Path) -> str:
    info = json.loads((package_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    return json.dumps({"info": info, "packages": {}}, sort_keys=True, separators=(",", ":"))


def engine_files(root: Path) -> dict[str, bytes]:
    """The engine as the browser gets it: zip entry name → bytes, in a stable order."""
    package = root / "checklist"
    files: dict[str, bytes] = {}
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not _NOT_SHIPPED.intersection(relative.parts):
            files[relative.as_posix()] = path.read_bytes()
    return files


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # node prints the line of minified runtime code an error passed through: leave out
        # such lines, keep the message and the Python traceback.
        output = "\n".join(line for line in (done.stdout + done.stderr).splitlines()
                           if len(line) < 500)
        raise RuntimeUnavailable(f"`{' '.join(command)}` failed ({done.returncode}):\n{output}")


def prepare(root: Path) -> Runtime:
    """The published runtime: the npm package's files and the stdlib-and-engine zip."""
    version, package_dir = find_package(root)
    engine = engine_files(root)
    cache = root / ".cache" / "pyodide"
    # The trimmed stdlib changes only with what the engine imports (the node trace takes
    # seconds): an edit of the engine that imports nothing new reuses it.
    trimmed = cache / f"stdlib-{_imports_key(engine, version)}" / "python_stdlib.zip"
    if not trimmed.is_file():
        for stale in cache.glob("stdlib-*"):
            shutil.rmtree(stale)
        trimmed.parent.mkdir(parents=True, exist_ok=True)
        _trim_stdlib(root, package_dir, engine, trimmed)
    # The engine, compiled by the runtime's Python (node, a second), joins the trimmed stdlib
    # once per engine version (and version of the tools that do it).
    key = hashlib.sha256(trimmed.read_bytes())
    for tool in (Path(__file__), _COMPILER, _BOOT):
        key.update(tool.read_bytes())
    for name, data in engine.items():
        key.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    made = cache / "site" / key.hexdigest()[:16]
    found = sorted(made.glob("python_stdlib-*.zip"))
    if len(found) == 1:
        return Runtime(version, package_dir, found[0])
    compiled = _compile_engine(root, package_dir, trimmed, engine, made.with_name("engine"))
    with zipfile.ZipFile(trimmed) as stdlib:
        entries = {info.filename: stdlib.read(info) for info in stdlib.infolist()}
    clash = sorted(entries.keys() & compiled.keys())
    if clash:
        raise RuntimeUnavailable(f"the engine and the stdlib both have {', '.join(clash)}")
    published = _zip({**entries, **compiled})
    out = made / f"python_stdlib-{hashlib.sha256(published).hexdigest()[:12]}.zip"
    shutil.rmtree(made.parent, ignore_errors=True)  # earlier engine versions
    made.mkdir(parents=True)
    out.write_bytes(published)
    return Runtime(version, package_dir, out)


def _imports_key(engine: dict[str, bytes], version: str) -> str:
    """What the trimmed stdlib depends on: the runtime, the tools that make it, and every
    module name the engine's sources import (anywhere in a file)."""
    digest = hashlib.sha256(version.encode())
    for tool in (Path(__file__), _TRACER, _BOOT):
        digest.update(tool.read_bytes())
    names: set[str] = set()
    for name, source in engine.items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    digest.update("\n".join(sorted(names)).encode())
    return digest.hexdigest()[:16]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeUnavailable("node is needed to prepare the Python runtime (Node.js 20)")
    return node


def _compile_engine(root: Path, package_dir: Path, stdlib: Path, engine: dict[str, bytes],
                    work: Path) -> dict[str, bytes]:
    """The engine's files with each module as the runtime's bytecode (.pyc)."""
    shutil.rmtree(work, ignore_errors=True)
    for name, data in engine.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_bytes(data)
    _run([_node(), str(_COMPILER), str(package_dir), str(stdlib), str(work)], cwd=root)
    published = [name.removesuffix(".py") + ".pyc" if name.endswith(".py") else name
                 for name in engine]
    files = {name: (work / name).read_bytes() for name in published}
    shutil.rmtree(work)
    return files


def _trim_stdlib(root: Path, package_dir: Path, engine: dict[str, bytes], out: Path) -> None:
    engine_zip = out.with_name("engine.zip")
    engine_zip.write_bytes(_zip(engine))
    draft = out.with_suffix(".draft")
    _run([_node(), str(_TRACER), str(package_dir), str(engine_zip), str(root), str(draft)],
         cwd=root)
    engine_zip.unlink()
    draft.rename(out)


if __name__ == "__main__":
    # `make setup` prepares the runtime once (the trace takes seconds), so that a site build
    # only copies it.
    try:
        runtime = prepare(Path.cwd())
    except RuntimeUnavailable as error:
        raise SystemExit(f"Pyodide runtime: {error}") from None
    print(f"Pyodide {runtime.version}: {runtime.stdlib.relative_to(Path.cwd())}")
