"""Give every page a strict Content-Security-Policy that names its inline scripts by hash.

The site must make no request to any other origin: the policy enforces it in the browser
(`default-src 'self'`). Material adds a few small inline scripts, so their sha256 hashes are
computed from the final HTML. The policy itself lives in http_headers.py, which also sends it
as an HTTP header where the host allows (the only form that also governs the planner's worker
and refuses framing).
"""

from __future__ import annotations

import re
from pathlib import Path

from http_headers import content_security_policy, inline_script_hashes
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_SCRIPT_TAG = re.compile(r"<script\b", re.IGNORECASE)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Only the theme and the project's templates may bring scripts, since every inline script
    # of the final page gets hashed into its policy. The guide reader reports a <script> in a
    # page with its line (checklist.authoring.guide); this catches any other way in, the
    # front matter included (the theme writes titles into the navigation as they are).
    meta = [str(value) for value in (page.meta or {}).values()]
    if any(_SCRIPT_TAG.search(text) for text in [html, str(page.title or ""), *meta]):
        raise PluginError(
            f"{Path(config.docs_dir).name}/{page.file.src_uri}: the page's content or front "
            "matter holds a <script>; scripts come only from the theme and docs/assets/"
        )
    return html


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    # Theme pages that are not guide pages (404.html); sitemap.xml is left alone.
    return _with_policy(output_content) if template_name.endswith(".html") else output_content


def _with_policy(output: str) -> str:
    head = output.find("<head>")
    if head < 0:
        return output
    policy = content_security_policy(inline_script_hashes(output), meta=True)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    position = head + len("<head>")
    return output[:position] + "\n    " + meta + output[position:]
