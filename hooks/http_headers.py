"""The site's HTTP policy, in one place, and the `_headers` file the build writes from it.

One policy: the Content-Security-Policy (also given to each page as a `<meta>` by
content_security_policy.py, minus what a `<meta>` cannot carry), the other security headers,
the cache rule of every published file and the content types browsers are strict about.

The build writes it to `_headers` at the site root, in the syntax Netlify and Cloudflare Pages
share, and the preview server (tools/preview.py) reads that same file. Only a header policy
governs the planner's Web Worker: a worker takes its CSP from its own response, never from the
page's `<meta>`.

The two hosts combine a header set by several matching rules differently (Cloudflare joins
the values, Netlify keeps one), so the file is written so that no two matching rules ever set
the same header: `/*` carries the security headers only, and every published file is covered
by exactly one rule giving its cache rule (and content type where it matters).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from checklist.authoring.runtime import RUNTIME_FILES

log = logging.getLogger("mkdocs.hooks.http_headers")

# --- Content-Security-Policy -------------------------------------------------------------

# Pyodide compiles WebAssembly, hence 'wasm-unsafe-eval' (plain eval stays forbidden).
# No 'unsafe-inline' for styles: the pages carry no style attribute or <style> element, and
# Material and the planner only set styles through the CSSOM, which CSP does not restrict.
CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("worker-src", "'self'"),
    ("connect-src", "'self'"),
    ("img-src", "'self' data:"),
    ("style-src", "'self'"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
    ("frame-ancestors", "'none'"),
)
# Browsers ignore these in a <meta> (and say so in the console).
HEADER_ONLY_DIRECTIVES = frozenset({"frame-ancestors"})

# What `style-src 'self'` refuses in a page.
_INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=[\"']")

# Inline scripts that execute (JSON data blocks are not scripts and need no hash).
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL
)


def inline_script_hashes(html: str) -> set[str]:
    """CSP sources (`'sha256-…'`) of the inline scripts of one page."""
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    }


def content_security_policy(hashes: set[str], *, meta: bool = False) -> str:
    parts = []
    for name, value in CSP_DIRECTIVES:
        if meta and name in HEADER_ONLY_DIRECTIVES:
            continue
        if name == "script-src" and hashes:
            value = value + " " + " ".join(sorted(hashes))
        parts.append(f"{name} {value}")
    return "; ".join(parts)


# --- Other headers sent with every response ------------------------------------------------

# Features the site never uses. Clipboard access stays allowed: the copy buttons need it.
_DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
SECURITY_HEADERS: dict[str, str] = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in _DENIED_FEATURES),
    "Cross-Origin-Opener-Policy": "same-origin",
    # For browsers that predate CSP frame-ancestors.
    "X-Frame-Options": "DENY",
}

# --- Caching and content types --------------------------------------------------------------

IMMUTABLE = "public, max-age=31536000, immutable"
# Stored, but checked with the server (ETag / Last-Modified) before every use.
REVALIDATE = "no-cache"

# Material's own assets carry a content hash in their name (bundle.a5f9d56c.min.js).
_HASHED_THEME_ASSET = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")
# The trimmed standard library the worker loads is named by its content hash too
# (checklist/authoring/runtime.py).
_HASHED_STDLIB = re.compile(r"python_stdlib-[0-9a-f]{12}\.zip")

# Browsers refuse WebAssembly streaming and module scripts (with nosniff) served as anything
# else; hosts' guesses for .mjs and .zip vary.
CONTENT_TYPES: dict[str, str] = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript; charset=utf-8",
    ".zip": "application/zip",
}

# Cloudflare Pages limits (Netlify's are wider).
MAX_RULES = 100
MAX_LINE = 2000


def cache_control(path: str) -> str:
    """The cache rule of one published file (a path relative to the site root).

    Immutable only when a changed file gets a new address: the Pyodide runtime lives under
    its version number, the stdlib zip that holds the engine and Material's assets carry a
    content hash. The pages, the planner's scripts and the checklist data are revalidated.
    """
    parts = PurePosixPath(path).parts
    if len(parts) == 4 and parts[:2] == ("assets", "pyodide") and (
        parts[3] in RUNTIME_FILES or _HASHED_STDLIB.fullmatch(parts[3])
    ):
        return IMMUTABLE
    if parts[:1] == ("assets",) and _HASHED_THEME_ASSET.search(path):
        return IMMUTABLE
    return REVALIDATE


def file_headers(path: str) -> tuple[tuple[str, str], ...]:
    headers = [("Cache-Control", cache_control(path))]
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix)
    if content_type:
        headers.append(("Content-Type", content_type))
    return tuple(headers)


def _cover(
    directory: str, files: dict[str, tuple[tuple[str, str], ...]]
) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The fewest rules that give each file under `directory` its headers, none overlapping:
    one `/dir/*` rule where every file below shares the same headers, exact paths otherwise."""
    prefix = f"{directory}/" if directory else ""
    inside = {path: h for path, h in files.items() if path.startswith(prefix)}
    if directory and len(set(inside.values())) == 1:
        return [(f"/{prefix}*", next(iter(inside.values())))]
    rules = []
    subdirectories = sorted(
        {prefix + path[len(prefix):].split("/", 1)[0]
         for path in inside if "/" in path[len(prefix):]}
    )
    for path in sorted(inside):
        if "/" in path[len(prefix):]:
            continue
        if PurePosixPath(path).name == "index.html":
            rules.append((f"/{prefix}", inside[path]))
        rules.append((f"/{path}", inside[path]))
    for subdirectory in subdirectories:
        rules += _cover(subdirectory, files)
    return rules


def render_headers(site_dir: Path) -> str:
    """The `_headers` file for a built site."""
    published = sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and path.name != "_headers"
    )
    hashes: set[str] = set()
    for path in published:
        if path.endswith(".html"):
            hashes |= inline_script_hashes((site_dir / path).read_text(encoding="utf-8"))
    lines = [
        "# Generated by hooks/http_headers.py at build time: edit the policy there.",
        "# Syntax shared by Netlify and Cloudflare Pages; tools/preview.py applies it too.",
        "/*",
        f"  Content-Security-Policy: {content_security_policy(hashes)}",
        *(f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()),
    ]
    for pattern, headers in _cover("", {path: file_headers(path) for path in published}):
        lines += ["", pattern, *(f"  {name}: {value}" for name, value in headers)]
    return "\n".join(lines) + "\n"


# --- MkDocs hook ---------------------------------------------------------------------------


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return  # one language of several: the outer build writes the file once at the end
    site_dir = Path(config.site_dir)
    text = render_headers(site_dir)
    rules = sum(1 for line in text.splitlines() if line.startswith("/"))
    if rules > MAX_RULES:
        log.warning(f"_headers has {rules} rules; Cloudflare Pages reads at most {MAX_RULES}")
    if max(map(len, text.splitlines())) > MAX_LINE:
        log.warning(f"_headers has a line over {MAX_LINE} characters (Cloudflare Pages limit)")
    (site_dir / "_headers").write_text(text, encoding="utf-8")
    styled = sorted(
        page.relative_to(site_dir).as_posix()
        for page in site_dir.rglob("*.html")
        if _INLINE_STYLE.search(page.read_text(encoding="utf-8"))
    )
    if styled:
        log.warning(
            "inline styles, which the Content-Security-Policy refuses (aligned table columns "
            f"write some; see FORMATS.md): {', '.join(styled)}"
        )
