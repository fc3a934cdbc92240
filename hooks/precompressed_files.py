"""Write `name.br` and `name.gz` beside every text, WebAssembly and zip file of the built site,
for hosts that serve precompressed files (README, Publishing) and for `make preview`.

checklist/authoring/precompress.py keeps the bodies by content, so an unchanged file costs
nothing; files whose address changes with their content (the cache rule of http_headers.py
says which) get the slowest, smallest brotli. `mkdocs serve` sends files as they are: no
precompressed files there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from http_headers import IMMUTABLE, cache_control
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from checklist.authoring.precompress import (
    PrecompressError,
    cache_dir,
    compressible,
    precompress,
)
from checklist.authoring.site import project_root

_command = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(-300)  # last: after sw.js (-180) and _headers (-200), which it compresses too
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False) or _command == "serve":
        return
    node = shutil.which("node")
    if node is None:
        raise PluginError("node is needed to precompress the site (Node.js 20)")
    site = Path(config.site_dir)
    files = {
        path: cache_control(path.relative_to(site).as_posix()) == IMMUTABLE
        for path in sorted(site.rglob("*"))
        if compressible(path)
    }
    try:
        precompress(files, cache=cache_dir(project_root(config)), node=node)
    except PrecompressError as error:
        raise PluginError(f"precompressed files: {error}") from None
