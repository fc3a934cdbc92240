"""Drop the per-page `<link rel="alternate" hreflang>` tags from each page's head.

mkdocs-static-i18n points them at the page's own translation, while Material's script expects
language roots and fetches `sitemap.xml` next to each of them: one 404 per language on every
page. The language selector's links already lead to the translated page, and the sitemap
lists the alternates for search engines, so the head tags add nothing but those requests.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _without_alternates(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page; it inherits the last page's alternates.
    if not template_name.endswith(".html"):
        return output_content
    return _without_alternates(output_content)


def _without_alternates(output: str) -> str:
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    return _HEAD_ALTERNATE.sub("", output[:head_end]) + output[head_end:]
