"""Serve the Pyodide runtime, and the zip that holds its trimmed stdlib and the engine, from
the site itself (checklist/authoring/runtime.py makes them).

Only the planner page loads them (from its worker); they are published once, under
`assets/pyodide/<version>/`, so that two runtime versions never mix. A zip not made before
(a new engine version) is made by node while MkDocs builds the pages: its name is known from
the start (a hash of what makes it), and the build waits for it only at the end.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from checklist.authoring.runtime import (
    RUNTIME_FILES,
    Runtime,
    RuntimeUnavailable,
    prepare,
)
from checklist.authoring.site import is_default_language_build, project_root

_runtime: Runtime | None = None
_command = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _runtime
    # The default language is built first and publishes the runtime; the other language
    # builds only need its address.
    if _runtime is not None and not is_default_language_build(config):
        return
    try:
        _runtime = prepare(project_root(config), background=True)
    except RuntimeUnavailable as error:
        raise PluginError(f"Pyodide runtime: {error}") from None


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # mkdocs-static-i18n builds each language into the same site: publish the runtime once.
    # The zip joins the site at the end of the build (on_post_build), once node has made it.
    if _runtime is None or not is_default_language_build(config):
        return files
    for name in RUNTIME_FILES:
        path = _runtime.package_dir / name
        files.append(File.generated(config, f"{_index(_runtime)}{name}", abs_src_path=str(path)))
    return files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    if _runtime is not None:
        env.globals["pyodide_index"] = _index(_runtime)
        # The worker's stdlib zip (engine included) and its lock (passed inline, no package).
        env.globals["pyodide_stdlib"] = _runtime.stdlib.name
        env.globals["pyodide_lock"] = _runtime.lock_contents()
    return env


def _index(runtime: Runtime) -> str:
    return f"assets/pyodide/{runtime.version}/"


# The service worker (hooks/service_worker.js) at the site root, so that its scope is the
# whole site; its version is a hash of every other published file, so any change to the
# site is a new worker with its own cache (a browser compares sw.js byte for byte).
SERVICE_WORKER = "sw.js"
# What a planner page loads from its HTML (scripts, styles, icons); the rest is under
# assets/planner/ (its modules and worker) and the runtime's folder.
_LOADED = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"([^\"#?]+)[^\"]*\"")
_PRECOMPRESSED = (".br", ".gz")


def offline_files(site: Path, runtime: Runtime, *, precompressed: bool) -> list[str]:
    """Site-relative addresses of every file the planner pages of this build need offline.
    With precompressed files (not under `mkdocs serve`), the stdlib zip's gzip copy instead of
    the zip: the one the worker reads when the host sends the zip as it is (worker.mjs)."""
    found: set[str] = set()
    for page in sorted(site.glob("**/planner/index.html")):
        folder = page.parent.relative_to(site).as_posix() + "/"
        found.add(folder)
        for link in _LOADED.findall(page.read_text(encoding="utf-8")):
            if "//" in link or link.startswith(("data:", "/")):
                continue
            target = posixpath.normpath(posixpath.join(folder, link))
            if (site / target).is_file():
                found.add(target)
    for folder in ("assets/planner", _index(runtime).rstrip("/")):
        for path in (site / folder).iterdir():
            if path.is_file() and path.suffix not in _PRECOMPRESSED:
                found.add(path.relative_to(site).as_posix())
    if precompressed:
        stdlib = f"{_index(runtime)}{runtime.stdlib.name}"
        found.remove(stdlib)
        found.add(f"{stdlib}.gz")
    return sorted(found)


@event_priority(-180)  # after every language (i18n, -100) and the search indexes (-150),
def on_post_build(*, config: MkDocsConfig) -> None:  # before _headers (-200) lists them
    """Publish the zip (made in the background), then write the service worker."""
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return
    site = Path(config.site_dir)
    if _runtime is None:
        return
    try:
        stdlib = _runtime.ready()
    except RuntimeUnavailable as error:
        raise PluginError(f"Pyodide runtime: {error}") from None
    shutil.copyfile(stdlib, site / _index(_runtime) / stdlib.name)
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.name not in {SERVICE_WORKER, "_headers"}:
            digest.update(path.relative_to(site).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    template = Path(__file__).with_name("service_worker.js").read_text(encoding="utf-8")
    files = offline_files(site, _runtime, precompressed=_command != "serve")
    worker = template.replace("__VERSION__", digest.hexdigest()[:16]).replace(
        "__FILES__", json.dumps(files))
    (site / SERVICE_WORKER).write_text(worker, encoding="utf-8")
