"""The home page of every language is titled with the site name alone.

Material titles a page "<page title> - <site name>" except on the site's home page. Only the
default language's home sits at the site root, so the English home read "End of mission -
End of mission". The home page of each other language (its root, e.g. `en/`) gets the bare
site name too, as the default language's does.
"""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from checklist.authoring.site import language_prefix

_TITLE = re.compile(r"<title>[^<]*</title>")


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    root = language_prefix(config)
    if page.url not in (root, f"{root}index.html") or (page.meta or {}).get("title"):
        return output
    title = f"<title>{html.escape(config.site_name, quote=False)}</title>"
    return _TITLE.sub(lambda _: title, output, count=1)
