"""Give every page a strict Content-Security-Policy that names its inline scripts by hash.

The site must make no request to any other origin: the policy enforces it in the browser
(`default-src 'self'`). Material adds a few small inline scripts, so their sha256 hashes are
computed from the final HTML. The policy itself lives in http_headers.py, which also sends it
as an HTTP header where the host allows (the only form that also governs the planner's worker
and refuses framing).

Since every inline script of a final page is trusted, a page's content may hold only what
Markdown makes: the guide reader (checklist.authoring.guide) refuses raw HTML, attribute
lists and link targets outside its allow-list with their line; this hook checks the rendered
content against an allow-list of the elements and attributes that Markdown and the configured
extensions produce, for anything the two Markdown parsers read differently.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

from http_headers import content_security_policy, inline_script_hashes
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from checklist.authoring.guide import link_scheme_refused

# What Python-Markdown and the extensions of mkdocs.yml write (tables, footnotes, toc,
# admonitions, details, tabs, task lists, highlighted code, abbreviations, definition lists).
_ELEMENTS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "input", "label", "li", "ol", "p", "pre",
    "span", "strong", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
_ATTRIBUTES = frozenset({
    "alt", "checked", "class", "colspan", "disabled", "for", "href", "id", "name", "open",
    "rowspan", "src", "start", "tabindex", "title", "type", "value",
})
_ATTRIBUTE_PREFIXES = ("aria-", "data-")
_TEXT_ALIGN = re.compile(r"text-align: (left|right|center);?")  # table columns
_TAG_IN_TEXT = re.compile(r"<[!?/]?[A-Za-z]")

# Problems of the language being built, raised together once every page is rendered.
_problems: list[str] = []


class _Content(html.parser.HTMLParser):
    """Collects what in rendered content is outside the allow-lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ELEMENTS:
            self.refused.append(f"<{tag}>")
        for name, value in attrs:
            allowed = (name in _ATTRIBUTES or name.startswith(_ATTRIBUTE_PREFIXES)
                       or (name == "style" and _TEXT_ALIGN.fullmatch(value or "")))
            if not allowed:
                self.refused.append(f"<{tag} {name}>")
            elif name in ("href", "src") and link_scheme_refused(value or ""):
                self.refused.append(f"<{tag} {name}=\"{value}\">")

    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        self.refused.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.refused.append(f"<?{data}>")


def refused_content(content: str) -> list[str]:
    """Elements, attributes and link targets of rendered content outside the allow-lists."""
    parser = _Content()
    parser.feed(content)
    parser.close()
    return list(dict.fromkeys(parser.refused))


def on_pre_build(*, config: MkDocsConfig) -> None:
    _problems.clear()


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    refused = refused_content(html)
    if refused:
        _problems.append(
            f"{where}{_line_of(page.file.content_string, refused[0])}: the rendered page holds "
            f"{', '.join(refused)}, which Markdown does not make; write Markdown (see "
            "AUTHORING.md, Raw HTML)"
        )
    # The theme writes titles into the navigation as they are.
    texts = [str(page.title or ""), *(str(v) for v in (page.meta or {}).values())]
    if any(_TAG_IN_TEXT.search(text) for text in texts):
        _problems.append(f"{where}: the page's title or front matter holds HTML; write plain "
                         "text")
    return html


def _line_of(source: str, refused: str) -> str:
    """':N', the first source line that names what was refused (`<iframe>` → '<iframe'), or
    '' when none does."""
    words = refused.strip("<>").split(" ", 1)
    needle = (words[1].split("=", 1)[1].strip('"') if "=" in refused else words[-1]
              if len(words) > 1 else "<" + words[0]).lower()
    for number, line in enumerate(source.splitlines(), start=1):
        if needle in line.lower():
            return f":{number}"
    return ""


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every page is rendered, none is written yet (the guide reader's problems, with their
    # lines, come first: hooks/checklist_items.py runs before this hook).
    if _problems:
        count = len(_problems)
        raise PluginError(f"{count} problem{'s' if count > 1 else ''} in page content:\n"
                          + "\n".join(f"  {problem}" for problem in _problems))
    return env


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
