"""Prepare the Pyodide runtime that the site serves: the npm package plus one zip that holds
the trimmed standard library and the engine.

The worker boots Pyodide with `stdLibURL` pointing at `python_stdlib-<hash>.zip`: Python
finds the standard library *and* the `checklist` package there, so no wheel is fetched,
unpacked or registered (no `loadPackage`, whose tar/zip/metadata machinery alone pulled in
a dozen more stdlib modules), and the lock file passed inline (`lockFileContents`) lists no
package at all (the npm package's lists 358 the site does not ship).

One node process (build_zip.mjs) boots the real runtime and writes the zip: the standard-
library modules the worker imports, then the engine, all compiled by the runtime's own
Python 3.14 (the host Python cannot: its bytecode differs), entries stored so that the host
compresses the whole file.

Which standard-library modules: a trace in node (the engine imported, every request of
trace_corpus.json run, in every language, with the guide's checklist) finds them; the list is
kept as data in stdlib_modules.json, beside this file, under a key made of everything the
trace depends on (runtime version, the tracer, its corpus, every module name the engine
imports). A build whose key matches uses the list as it is: no trace, and nothing read from
the test tree, so a copy of the project publishes the same zip. `make setup` traces again
and rewrites the file when the key changes (commit it; tests/publishing checks it is
current).

The zip is named by a hash of everything that makes it (runtime version, module list, the
engine's files, these tools): that name is known before node runs, so a site build starts
node in the background and only waits for it at the end (`Runtime.ready`), and every file
under the runtime's address stays immutable (the same inputs give the same bytes, checked by
a test that rebuilds the zip from scratch in a copy of the project).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import threading
import zipfile
from dataclasses import dataclass, field
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
# Fixed time stamps: the same sources give the same zip.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Beside this file, in the project being built (paths are taken from its root, so that a
# copy of the project uses its own): the node tool that makes the zip, the module that boots
# the runtime for it, the corpus it traces with, and the module list it found.
_TOOLS = Path("checklist", "authoring")
BUILDER = _TOOLS / "build_zip.mjs"
_BOOT = _TOOLS / "node_runtime.mjs"
_THIS = _TOOLS / "runtime.py"
CORPUS = _TOOLS / "trace_corpus.json"
MODULE_LIST = _TOOLS / "stdlib_modules.json"
# Requests of the trace (the worker's exports and a guide address, as the page asks them).
_TRACE_EXPORTS = ("md", "ics", "json")
_TRACE_JURISDICTION = "fr"


class RuntimeUnavailable(Exception):
    """The runtime cannot be prepared; the message says what to run."""


@dataclass(frozen=True)
class Runtime:
    version: str
    package_dir: Path
    # The published zip; while `job` runs (a background build), it is being written.
    stdlib: Path
    traced: bool = False
    job: _Job | None = field(default=None, compare=False, repr=False)

    def ready(self) -> Path:
        """The zip, once written (waits for a background build; raises its error)."""
        if self.job is not None:
            self.job.wait()
        return self.stdlib

    def lock_contents(self) -> str:
        """The lock file the worker passes to loadPyodide inline: the runtime's own `info`
        and no package (Python and the engine are all in the stdlib zip)."""
        return empty_lock(self.package_dir)


class _Job:
    """A zip being built by node in a thread (the thread only waits for the process)."""

    def __init__(self, build: _Build) -> None:
        self._error: RuntimeUnavailable | None = None
        self._thread = threading.Thread(target=self._run, args=(build,), daemon=True)
        self._thread.start()

    def _run(self, build: _Build) -> None:
        try:
            build.run()
        except RuntimeUnavailable as error:
            self._error = error

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


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


# Import statements, wherever they are in a file (a line that only looks like one, in a
# docstring, merely adds a name to the key).
_NAME = rb"[\w.]+(?:[ \t]+as[ \t]+\w+)?"
_IMPORT = re.compile(rb"^[ \t]*import[ \t]+(" + _NAME + rb"(?:[ \t]*,[ \t]*" + _NAME + rb")*)",
                     re.MULTILINE)
_FROM = re.compile(rb"^[ \t]*from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b", re.MULTILINE)


def imported_names(source: bytes) -> set[str]:
    """The absolute module names a source file imports (read as text: a build does this on
    every run, and parsing the engine takes a second)."""
    names = {match.group(1).decode() for match in _FROM.finditer(source)}
    for match in _IMPORT.finditer(source):
        names.update(part.split()[0].decode() for part in match.group(1).split(b","))
    return names


def modules_key(root: Path, engine: dict[str, bytes], version: str) -> str:
    """What the traced module list depends on: the runtime, the tracer and its corpus, and
    every standard-library module name the engine's sources import (anywhere in a file; the
    engine's own modules are left out: a new one changes nothing in the stdlib it needs)."""
    digest = hashlib.sha256(version.encode())
    for tool in (BUILDER, _BOOT, CORPUS):
        digest.update(hashlib.sha256((root / tool).read_bytes()).digest())
    names: set[str] = set()
    for name, source in engine.items():
        if name.endswith(".py"):
            names |= imported_names(source)
    stdlib = sorted(name for name in names if name.split(".")[0] != "checklist")
    digest.update("\n".join(stdlib).encode())
    return digest.hexdigest()[:16]


def kept_modules(root: Path, key: str) -> list[str] | None:
    """The module list kept in stdlib_modules.json, when it was traced under `key`."""
    try:
        kept = json.loads((root / MODULE_LIST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    modules = kept.get("modules")
    if not isinstance(modules, list) or not all(isinstance(name, str) for name in modules):
        return None
    return modules


def _keep_modules(root: Path, key: str, version: str, modules: list[str]) -> None:
    record = {
        "about": "Standard-library modules the planner's worker imports, traced by "
                 "checklist/authoring/build_zip.mjs (see runtime.py). Written by `make setup` "
                 "when the key changes: commit it.",
        "key": key,
        "pyodide": version,
        "modules": modules,
    }
    (root / MODULE_LIST).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def zip_name(root: Path, version: str, modules: list[str], engine: dict[str, bytes]) -> str:
    """The published zip's name: a hash of everything that makes its bytes."""
    digest = hashlib.sha256(version.encode())
    for tool in (_THIS, BUILDER, _BOOT):
        digest.update(hashlib.sha256((root / tool).read_bytes()).digest())
    digest.update("\n".join(modules).encode() + b"\0")
    for name, data in engine.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return f"python_stdlib-{digest.hexdigest()[:12]}.zip"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, _ZIP_DATE), data)
    return buffer.getvalue()


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeUnavailable("node is needed to prepare the Python runtime (Node.js 20)")
    return node


def trace_requests(root: Path) -> list[tuple[str, bool]]:
    """The trace's requests, as the worker sends them: each answer set of the corpus in each
    language the site has, with that language's checklist (from the guide) and strings,
    asking for every export; the refused ones; and a request that is not JSON."""
    from checklist.authoring.guide import GuideError, load_checklist

    corpus = json.loads((root / CORPUS).read_text(encoding="utf-8"))
    requests: list[tuple[str, bool]] = []
    for strings_file in sorted((root / "locales").glob("*/plan.toml")):
        lang = strings_file.parent.name
        try:
            checklist = load_checklist(root / "docs", lang)
        except GuideError as error:
            raise RuntimeUnavailable(f"the guide ({lang}) does not build: {error}") from None
        strings = strings_file.read_text(encoding="utf-8")
        for answers, ok in [*((a, True) for a in corpus["plans"]),
                            *((a, False) for a in corpus["refused"])]:
            requests.append((json.dumps({
                "answers": answers, "checklist": checklist, "strings": strings,
                "jurisdiction": _TRACE_JURISDICTION, "exports": list(_TRACE_EXPORTS),
                "base_url": "https://example.org/",
            }, ensure_ascii=False), ok))
    requests.append(("{nope", False))
    return requests


@dataclass(frozen=True)
class _Build:
    """One run of build_zip.mjs: the zip at `out`; returns the module list it used."""

    root: Path
    package_dir: Path
    version: str
    engine: dict[str, bytes]
    modules: list[str] | None
    out: Path

    def run(self) -> list[str]:
        work = self.out.with_name(self.out.name + ".work")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            (work / "engine.zip").write_bytes(_zip(self.engine))
            part = (stdlib_part(self.root, self.package_dir, self.version, self.modules)
                    if self.modules is not None else None)
            if part is not None and part.is_file():
                part.touch()  # recently used: kept by _forget_old_parts
            job = {
                "engine": str(work / "engine.zip"),
                "stdlib": str(part if part is not None and part.is_file()
                              else work / "stdlib.zip"),
                "out": str(work / "out.zip"),
                "modules": self.modules,
                "corpus": trace_requests(self.root) if self.modules is None else [],
            }
            (work / "job.json").write_text(json.dumps(job), encoding="utf-8")
            done = subprocess.run(
                [_node(), str(self.root / BUILDER), str(self.package_dir),
                 str(work / "job.json")],
                cwd=self.root, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                # node prints the line of minified runtime code an error passed through:
                # leave out such lines, keep the message and the Python traceback.
                output = "\n".join(line for line in (done.stdout + done.stderr).splitlines()
                                   if len(line) < 500)
                raise RuntimeUnavailable(f"{BUILDER.name} failed ({done.returncode}):\n{output}")
            modules: list[str] = json.loads(done.stdout)["modules"]
            made = work / "stdlib.zip"
            if made.is_file():
                # Kept for the next zip of this runtime and module list (another engine
                # version, a copy of the project): booting on it is fast.
                part = stdlib_part(self.root, self.package_dir, self.version, modules)
                part.parent.mkdir(parents=True, exist_ok=True)
                made.replace(part)
                _forget_old_parts(part.parent)
            (work / "out.zip").replace(self.out)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return modules


def stdlib_part(root: Path, package_dir: Path, version: str, modules: list[str]) -> Path:
    """Where the compiled standard-library part of the zip is kept: beside the npm package
    (node_modules/.cache, as other tools keep theirs), so that every copy of the project that
    links node_modules shares it; it depends on the runtime, the tools and the module list."""
    digest = hashlib.sha256(version.encode())
    for tool in (BUILDER, _BOOT):
        digest.update(hashlib.sha256((root / tool).read_bytes()).digest())
    digest.update("\n".join(modules).encode())
    name = f"stdlib-{digest.hexdigest()[:16]}.zip"
    return package_dir.parent / ".cache" / "fin-de-mission" / name


def _forget_old_parts(folder: Path, keep: int = 6) -> None:
    """Keep the most recently used stdlib parts only (worktrees and copies of the project
    share the folder; each part is about 2 MB)."""
    parts = sorted(folder.glob("stdlib-*.zip"), key=lambda path: path.stat().st_mtime)
    for old in parts[:-keep]:
        old.unlink(missing_ok=True)


def prepare(root: Path, *, background: bool = False, retrace: bool = False) -> Runtime:
    """The published runtime: the npm package's files and the stdlib-and-engine zip, from the
    cache (.cache/pyodide) when it was made before. With `background`, a zip still to make is
    made while the caller goes on (`Runtime.ready` waits for it), unless the module list must
    be traced first (`retrace`, or a key that no longer matches stdlib_modules.json)."""
    version, package_dir = find_package(root)
    engine = engine_files(root)
    key = modules_key(root, engine, version)
    modules = None if retrace else kept_modules(root, key)
    cache = root / ".cache" / "pyodide" / "site"
    if modules is None:
        # The engine imports something new (or the runtime or the tracer changed): trace,
        # keep the list, and publish the zip made in the same node process.
        draft = cache / "traced" / "python_stdlib.zip"
        draft.parent.mkdir(parents=True, exist_ok=True)
        modules = _Build(root, package_dir, version, engine, None, draft).run()
        _keep_modules(root, key, version, modules)
        name = zip_name(root, version, modules, engine)
        made = _fresh_dir(cache, name)
        draft.replace(made / name)
        shutil.rmtree(draft.parent, ignore_errors=True)
        return Runtime(version, package_dir, made / name, traced=True)
    name = zip_name(root, version, modules, engine)
    out = cache / name.removesuffix(".zip") / name
    if out.is_file():
        return Runtime(version, package_dir, out)
    made = _fresh_dir(cache, name)
    build = _Build(root, package_dir, version, engine, modules, made / name)
    if not background:
        build.run()
        return Runtime(version, package_dir, made / name)
    return Runtime(version, package_dir, made / name, job=_Job(build))


def _fresh_dir(cache: Path, name: str) -> Path:
    """The cache folder of one zip, after removing those of earlier engine versions."""
    made = cache / name.removesuffix(".zip")
    if cache.is_dir():
        for stale in cache.iterdir():
            if stale.is_dir() and stale.name.startswith("python_stdlib-") and stale != made:
                shutil.rmtree(stale, ignore_errors=True)
    made.mkdir(parents=True, exist_ok=True)
    return made


def warm_compressed(root: Path, runtime: Runtime) -> None:
    """Compress the runtime's files for the site's precompressed copies once, here rather
    than in the first site build (brotli 11 of the 9.6 MB wasm takes tens of seconds)."""
    from checklist.authoring.precompress import cache_dir, precompress

    files = {path: True for path in (*(runtime.package_dir / name for name in RUNTIME_FILES),
                                     runtime.ready())}
    precompress(files, cache=cache_dir(root), node=_node(), write=False)


if __name__ == "__main__":
    import sys

    # `make setup` prepares the runtime once, so that a site build only copies it;
    # `--retrace` traces the module list again even when its key matches.
    from checklist.authoring.precompress import PrecompressError

    try:
        runtime = prepare(Path.cwd(), retrace="--retrace" in sys.argv[1:])
        warm_compressed(Path.cwd(), runtime)
    except (RuntimeUnavailable, PrecompressError) as error:
        raise SystemExit(f"Pyodide runtime: {error}") from None
    if runtime.traced:
        print(f"Traced the stdlib modules the worker imports: {MODULE_LIST}")
    print(f"Pyodide {runtime.version}: {runtime.stdlib.relative_to(Path.cwd())}")
