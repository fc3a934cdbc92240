"""Precompressed copies of the site's files: `name.br` and `name.gz` beside each text,
WebAssembly and zip file, for hosts that serve such files in place of the original (nginx
with gzip_static and brotli_static, Caddy's `precompressed`, Apache with a rewrite rule),
and for `make preview` and the bench (tools/preview.py serves them).

The levels worth publishing are slow (brotli 11 takes 30 to 70 seconds for the runtime's
9.6 MB wasm on this project's machines), so bodies are kept by content, in
node_modules/.cache/fin-de-mission/compressed/: a file is compressed once, whichever build,
worktree or copy of the project (they all link node_modules) meets it first. Files whose
address changes with their content (the runtime, the stdlib zip, Material's hashed assets)
get brotli 11, and so do the planner's page and scripts (its first visit counts every KB);
guide pages, which all change when a title does, brotli 5 (a tenth of the time, about 10 %
larger). gzip is level 9 for all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# What hosts compress, and what compresses: text, WebAssembly, the stored stdlib zip.
COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt",
                          ".wasm", ".zip"})
MIN_SIZE = 1024
CODINGS = ("br", "gz")
_COMPRESSOR = Path(__file__).with_name("compress.mjs")
# A body not used for this long is forgotten (a build touches what it uses).
_FORGET_AFTER_S = 30 * 24 * 3600


class PrecompressError(Exception):
    """Compression failed; the message says why."""


def quality(coding: str, *, slowest: bool) -> int:
    if coding == "gz":
        return 9
    return 11 if slowest else 5


def compressible(path: Path) -> bool:
    return (path.suffix in COMPRESSIBLE and path.is_file()
            and path.stat().st_size >= MIN_SIZE)


def cache_dir(root: Path) -> Path:
    return root / "node_modules" / ".cache" / "fin-de-mission" / "compressed"


def precompress(files: dict[Path, bool], *, cache: Path, node: str, write: bool = True) -> None:
    """Write `name.br` and `name.gz` beside each file (file → slowest brotli?), from the cache or
    compressed now; a body not smaller than its file is not written (and one left from an
    earlier build is removed). With `write=False`, only fill the cache."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted: list[tuple[Path, str, Path]] = []
    jobs: list[tuple[int, list[object]]] = []
    for path, slowest in files.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for coding in CODINGS:
            level = quality(coding, slowest=slowest)
            body = cache / f"{digest}.{coding}{level}"
            wanted.append((path, coding, body))
            if body.is_file():
                os.utime(body)
            else:
                jobs.append((path.stat().st_size, [str(path), str(body), coding, level]))
    if jobs:
        _compress([job for _, job in sorted(jobs, key=lambda pair: -pair[0])], node)
    if write:
        for path, coding, body in wanted:
            target = path.with_name(f"{path.name}.{coding}")
            if body.stat().st_size < path.stat().st_size:
                shutil.copyfile(body, target)
            else:
                target.unlink(missing_ok=True)
    _forget_old(cache)


def _compress(jobs: list[list[object]], node: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as listing:
        json.dump(jobs, listing)
        listing.flush()
        done = subprocess.run([node, str(_COMPRESSOR), listing.name],
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PrecompressError(f"{_COMPRESSOR.name} failed ({done.returncode}): "
                               f"{(done.stdout + done.stderr).strip()[-2000:]}")


def _forget_old(cache: Path) -> None:
    limit = time.time() - _FORGET_AFTER_S
    for body in cache.iterdir():
        if body.stat().st_mtime < limit:
            body.unlink(missing_ok=True)
