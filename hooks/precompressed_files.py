"""Write `name.br` and `name.gz` beside every text, WebAssembly and zip file of the built site,
for hosts that serve precompressed files (README, Publishing) and for `make preview`.

checklist/authoring/precompress.py keeps the bodies by content, so an unchanged file costs
nothing; files whose address changes with their content (the cache rule of http_headers.py
says which) and the planner's page and scripts get the slowest, smallest brotli. `mkdocs
serve` sends files as they are: no precompressed files there.
"""

from __future__ import annotations

import re
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
# The planner's page and scripts: its first visit downloads 3.7 MB, and these are worth the
# slowest brotli too (9 KB less; a second or two more when they change).
_PLANNER = re.compile(r"(^|/)planner/index\.html$|^assets/planner/")


def _slowest(path: str) -> bool:
    return cache_control(path) == IMMUTABLE or _PLANNER.search(path) is not None


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
        path: _slowest(path.relative_to(site).as_posix())
        for path in sorted(site.rglob("*"))
        if compressible(path)
    }
    try:
        precompress(files, cache=cache_dir(project_root(config)), node=node)
    except PrecompressError as error:
        raise PluginError(f"precompressed files: {error}") from None
