"""Give every page a strict Content-Security-Policy that names its inline scripts by hash.

The site must make no request to any other origin: the policy enforces it in the browser
(`default-src 'self'`). Material adds a few small inline scripts, so their sha256 hashes are
computed from the final HTML. Pyodide compiles WebAssembly, hence 'wasm-unsafe-eval'.
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# Inline scripts that execute (JSON data blocks are not scripts and need no hash).
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL
)
_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "worker-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'none'"
)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    # Theme pages that are not guide pages (404.html); sitemap.xml is left alone.
    return _with_policy(output_content) if template_name.endswith(".html") else output_content


def _with_policy(output: str) -> str:
    head = output.find("<head>")
    if head < 0:
        return output
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for body in _INLINE_SCRIPT.findall(output)
        }
    )
    meta = (
        '<meta http-equiv="Content-Security-Policy" content="'
        + _POLICY.format(hashes=" ".join(hashes))
        + '">'
    )
    position = head + len("<head>")
    return output[:position] + "\n    " + meta + output[position:]
