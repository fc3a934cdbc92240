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
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    return _HEAD_ALTERNATE.sub("", output[:head_end]) + output[head_end:]
