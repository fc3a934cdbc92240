"""Serve the Pyodide runtime and the engine wheel from the site itself.

Only the planner page loads them (from its worker); they are published once, under
`assets/pyodide/<version>/`, so that two runtime versions never mix.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from checklist.authoring.runtime import Runtime, RuntimeUnavailable, prepare
from checklist.authoring.site import is_default_language_build, project_root

_runtime: Runtime | None = None


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _runtime
    # The default language is built first and publishes the runtime; the other language
    # builds only need its address.
    if _runtime is not None and not is_default_language_build(config):
        return
    try:
        _runtime = prepare(project_root(config))
    except RuntimeUnavailable as error:
        raise PluginError(f"Pyodide runtime: {error}") from None


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # mkdocs-static-i18n builds each language into the same site: publish the runtime once.
    if _runtime is None or not is_default_language_build(config):
        return files
    for name, path in _runtime.files().items():
        files.append(File.generated(config, f"{_index(_runtime)}{name}", abs_src_path=str(path)))
    return files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    if _runtime is not None:
        env.globals["pyodide_index"] = _index(_runtime)
    return env


def _index(runtime: Runtime) -> str:
    return f"assets/pyodide/{runtime.version}/"
