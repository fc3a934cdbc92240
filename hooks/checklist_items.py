"""Turn the task items of each guide page into checklist data.

Per language build: read each page with markdown-it-py (`checklist.authoring.guide`), hand
Python-Markdown the page without the items' brace blocks, check that every item's section
anchor exists in the rendered page and that the page shows one box per item, then publish
the language's checklist data as `checklist.json` (under `en/` for English) and as the Jinja
global `checklist`, with the filter `item_html` that renders an item's text (inline Markdown,
raw HTML escaped) for pages built from templates (the planner's static checklist).

Problems are gathered over every page of the language and fail the build together (before
any page is written), each as `file:line: what is wrong`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from checklist.authoring.guide import (
    GuideError,
    ParsedPage,
    check_duplicates,
    checklist_data,
    inline_html,
    parse_page,
    strip_item_blocks,
)
from checklist.authoring.site import build_language, language_prefix, project_root

# Parsed pages of the language being built, by source path, the navigation order and the
# problems found so far (all reset for each build).
_pages: dict[str, ParsedPage] = {}
_nav_order: list[str] = []
_problems: list[str] = []
_BOX = re.compile(r'<input type="checkbox" disabled( checked)?/>')


def on_pre_build(*, config: MkDocsConfig) -> None:
    _pages.clear()
    _nav_order.clear()
    _problems.clear()


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _nav_order.extend(page.file.src_uri for page in nav.pages)
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = build_language(config)
    src_uri = page.file.src_uri
    if not src_uri.startswith(f"{language}/"):
        return markdown
    folder = _language_folder(config, language)
    name = src_uri[len(language) + 1 :]
    # The reader sees the file as written, front matter included (it checks it too), so that
    # its line numbers are the file's own.
    head = _front_matter(page, markdown)
    try:
        parsed = parse_page(head + markdown, page=name, path=folder + name)
        check_duplicates([*_pages.values(), parsed], folder=folder)
    except GuideError as error:
        _problems.extend(error.problems)
        return markdown
    _pages[src_uri] = parsed
    return strip_item_blocks(head + markdown, parsed.items)[len(head) :]


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    parsed = _pages.get(page.file.src_uri)
    if parsed is None or not parsed.items:
        return html
    anchors = set(_anchors(page.toc))
    folder = _language_folder(config, build_language(config))
    _problems.extend(
        f"{folder}{parsed.page}:{item.line}: item '{item.id}' sits under the heading "
        f"'{item.section}', whose anchor '#{item.anchor}' is not in the rendered page; "
        "give the heading an explicit id: ## Title {#some-id}"
        for item in parsed.items
        if item.anchor and item.anchor not in anchors
    )
    boxes = len(_BOX.findall(html))
    if boxes != len(parsed.items):
        # Boxes get their ids by order: one more or one less would shift every later id.
        _problems.append(
            f"{folder}{parsed.page}:{parsed.items[0].line}: the page shows {boxes} task "
            f"boxes for {len(parsed.items)} task items ({', '.join(i.id for i in parsed.items)})"
            "; Python-Markdown reads one of them differently (check its indentation and the "
            "blank lines around its list)"
        )
    # Each box carries its item's id (boxes and items are in the same order): the guide's
    # script (assets/javascripts/site.js) makes them tickable, sharing the planner's ticks.
    # Without JavaScript they stay disabled and hidden from assistive technology.
    ids = iter(item.id for item in parsed.items)
    return _BOX.sub(
        lambda _: '<input type="checkbox" disabled aria-hidden="true" '
        f'data-item="{next(ids, "")}"/>',
        html,
    )


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page has been read and rendered, none written yet.
    if _problems:
        raise PluginError(_describe(GuideError(_problems)))
    language = build_language(config)
    data = checklist_data(_ordered_pages(), lang=language)
    env.globals["checklist"] = data
    env.filters["item_html"] = inline_html
    files.append(
        File.generated(
            config,
            f"{language_prefix(config)}checklist.json",
            content=json.dumps(data, ensure_ascii=False, indent=1),
        )
    )
    return env


def _language_folder(config: MkDocsConfig, language: str) -> str:
    """How error messages name a language's folder: relative to the project, e.g. docs/fr/."""
    docs = Path(config.docs_dir).resolve()
    root = project_root(config)
    shown = docs.relative_to(root) if docs.is_relative_to(root) else docs
    return f"{shown.as_posix()}/{language}/"


def _ordered_pages() -> list[ParsedPage]:
    """Parsed pages in navigation order, so the static checklist follows the guide."""
    order = {uri: index for index, uri in enumerate(_nav_order)}
    return [
        _pages[uri] for uri in sorted(_pages, key=lambda uri: (order.get(uri, len(order)), uri))
    ]


def _front_matter(page: Page, markdown: str) -> str:
    """What MkDocs removed (YAML front matter and the blank lines after it) before
    `markdown`, as written in the file."""
    text = page.file.content_string
    start = text.find(markdown[:200]) if markdown.strip() else -1
    return text[:start] if start > 0 else ""


def _anchors(toc: Iterable[AnchorLink]) -> list[str]:
    found: list[str] = []
    for link in toc:
        found.append(link.id)
        found.extend(_anchors(link.children))
    return found


def _describe(error: GuideError) -> str:
    count = len(error.problems)
    return f"{count} problem{'s' if count > 1 else ''} in the guide:\n" + "\n".join(
        f"  {problem}" for problem in error.problems
    )
