"""Read the guide's Markdown into checklist data.

This is authoring tooling for CPython (the build hook, the CLI, the i18n commands): it needs
markdown-it-py and is left out of the wheel that runs in the browser.

MkDocs renders pages with Python-Markdown, while we read them with markdown-it-py. The two
disagree on Material's block syntax (admonitions, content tabs): markdown-it-py sees their
indented bodies as code. `_unwrap_blocks` therefore blanks the block markers (and the tags of
`<div markdown>` blocks) and dedents their bodies before parsing, keeping every line where it
was so that `file:line` stays true.

Python-Markdown passes raw HTML, attribute lists (`{: onclick=...}`) and link targets to the
reader as written, and the theme writes front-matter titles into every page's navigation as
they are: the reader refuses all of them except an allow-list (comments, `<div markdown>`
blocks, `{#id}` and `{.class}`, relative, http(s) and mailto links, a few front-matter keys
with plain values), and the constructs the two parsers read differently (a list right after a
paragraph, a brace block split over two lines), each with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mkdocs.utils import meta as mkdocs_meta

from checklist.placeholders import PLACEHOLDER
from checklist.vocabulary import (
    CHECKLIST_SCHEMA_VERSION,
    DUE_ANCHORS,
    PHASES,
    SITUATIONS,
    TEMPLATE_FIELDS,
    TEMPLATE_IDS,
)

_ITEM_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
_TRAILING_BRACES = re.compile(r"\s*\{([^{}]*)\}\s*$")
_HEADING_ID = re.compile(r"\s*\{\s*#([\w-]+)[^{}]*\}\s*$")
_DUE = re.compile(r"(?P<anchor>[a-z_]+)(?:(?P<sign>[+-])(?P<days>\d{1,3}))?")
_BLOCK_MARKER = re.compile(r"^(?P<indent> *)(?:!!!|\?\?\?\+?|===)(?:\s|$)")
_TEMPLATE_INFO = re.compile(r"\{[^{}]*#(tpl-[a-z0-9-]+)[^{}]*\}")
_ITEM_KEY = re.compile(r"(?:phase|when|unless|due)=")
_LOOKS_LIKE_ITEM = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s.*\{\s*#")

# Raw HTML a page may hold: comments (the translation markers) and Material's blocks of
# Markdown in HTML, `<div markdown>` (with a class, if any) and `</div>`, each alone on its
# line. Anything else would reach the reader as it is (a <meta> refresh, an event handler).
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DIV_OPEN = re.compile(r'<div((?:\s+[a-z]+(?:="[^"<>]*")?)*)\s*>')
_DIV_CLOSE = re.compile(r"</div\s*>")
_DIV_ATTRIBUTE = re.compile(r'\s+([a-z]+)(?:="([^"<>]*)")?')
_CLASS_NAMES = re.compile(r"[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*")
_MARKUP = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)|<([!?])")
_HTML_ALLOWED = ("a page holds Markdown, <!-- comments --> and <div markdown> blocks "
                 "(each tag alone on its line), nothing else")
# Where links may go: pages of the site (no scheme), and these schemes.
_LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
# Attribute lists (Python-Markdown's attr_list): what a page may set.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*([^}\n ][^\n]*?)\}")
_ALLOWED_ATTRIBUTES = (".", "id")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# Front matter: the keys a page may set and what they hold. Titles and descriptions are
# written into pages as they are, so they hold plain text only.
_FRONT_MATTER_TEXT = ("title", "description")
_FRONT_MATTER_KEYS = (*_FRONT_MATTER_TEXT, "template", "hide", "search")
_HIDE = ("navigation", "toc", "footer", "path", "feedback")
_TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_-]+\.html")


class GuideError(Exception):
    """One or more problems in guide pages, each as `file:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Heading:
    title: str
    anchor: str
    level: int
    line: int


@dataclass
class Item:
    id: str
    text: str
    phase: str
    # Alternatives (any of), each a group of codes that must all hold.
    when: list[list[str]]
    # Codes any of which leaves the item out.
    unless: list[str]
    due: dict[str, object] | None
    page: str
    section: str
    anchor: str
    line: int
    # The exact brace block as written, so that the hook can remove it from the page.
    raw_block: str = field(repr=False, default="")


@dataclass
class Template:
    id: str
    title: str
    body: str
    fields: list[str]
    page: str
    anchor: str
    line: int


@dataclass
class ParsedPage:
    page: str
    headings: list[Heading]
    items: list[Item]
    templates: list[Template]


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"tasklists": True}).enable("table")
    # Keep every link target as written (markdown-it would drop `javascript:` links, which
    # Python-Markdown renders): the reader checks them itself.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return parser


@dataclass
class _Source:
    """A page as markdown-it-py reads it, line for line with the file."""

    lines: list[str]
    # Titles of Material blocks (`!!! note "Title"`, `=== "Tab"`), by line number.
    titles: list[tuple[int, str]]
    # Line numbers of `<div markdown>` tags never closed.
    unclosed: list[int]


def _markdown_div(line: str) -> str | None:
    """'open' or 'close' when the line is an allowed tag of a `<div markdown>` block."""
    text = line.strip()
    if _DIV_CLOSE.fullmatch(text):
        return "close"
    found = _DIV_OPEN.fullmatch(text)
    if not found:
        return None
    attributes = [(m.group(1), m.group(2)) for m in _DIV_ATTRIBUTE.finditer(found.group(1))]
    named = dict(attributes)
    if (
        len(named) != len(attributes)
        or set(named) - {"markdown", "class"}
        or "markdown" not in named
        or named["markdown"] not in (None, "1", "block")
        or ("class" in named and not _CLASS_NAMES.fullmatch(named["class"] or ""))
    ):
        return None
    return "open"


def _unwrap_blocks(lines: list[str]) -> _Source:
    """Blank Material block markers and the tags of `<div markdown>` blocks, and dedent the
    blocks' bodies, line for line."""
    out: list[str] = []
    body_indents: list[int] = []
    titles: list[tuple[int, str]] = []
    divs: list[int] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped:
            while body_indents and indent < body_indents[-1]:
                body_indents.pop()
        dedent = 4 * len(body_indents)
        current = line[dedent:] if line[:dedent].strip() == "" else line.lstrip(" ")
        if current.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _BLOCK_MARKER.match(current)
        div = None if in_fence else _markdown_div(current)
        if match:
            body_indents.append(indent + 4)
            titles.append((number, current[match.end():]))
            out.append("")
        elif div == "open" or (div == "close" and divs):
            # Python-Markdown reads the body as Markdown, blank lines around it or not.
            if div == "open":
                divs.append(number)
            else:
                divs.pop()
            out.append("")
        else:
            out.append(current)
    return _Source(out, titles, divs)


def _front_matter(text: str, where_file: str) -> tuple[int, list[str]]:
    """How many lines the page's YAML front matter takes, and its problems: MkDocs shows
    front matter it cannot read as text, hides a first line that reads as `key: value`,
    and the theme writes titles into every page as they are."""
    found = mkdocs_meta.YAML_RE.match(text)
    if not found:
        _, metadata = mkdocs_meta.get_data(text)
        if metadata:
            return 0, [
                f"{where_file}:1: this line reads as page metadata ('{next(iter(metadata))}: "
                "…') and MkDocs hides it; start the page with its # title (metadata goes "
                "between --- lines)"
            ]
        return 0, []
    size = found.group(0).count("\n")
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark
        line = 2 + (mark.line if mark else 0)
        why = ", ".join(part for part in (error.problem, error.context) if part)
        return size, [f"{where_file}:{line}: the front matter is not valid YAML ({why}); "
                      "MkDocs would show it as text"]
    if not isinstance(data, dict):
        return size, [f"{where_file}:1: the front matter is not a set of 'key: value' lines; "
                      "MkDocs would show it as text"]
    problems: list[str] = []
    front = found.group(1).split("\n")
    for key, value in data.items():
        line = 2 + next((n for n, row in enumerate(front) if row.startswith(f"{key}:")), -1)
        where = f"{where_file}:{line}"
        if key not in _FRONT_MATTER_KEYS:
            problems.append(f"{where}: unknown front matter key '{key}' (a page may set: "
                            f"{', '.join(_FRONT_MATTER_KEYS)})")
        elif key in _FRONT_MATTER_TEXT and not isinstance(value, str):
            problems.append(f"{where}: front matter '{key}' must be text")
        elif key in _FRONT_MATTER_TEXT and any(c in value for c in '<>"'):
            problems.append(f"{where}: front matter '{key}' holds <, > or \"; the theme writes "
                            "it into pages as it is: write plain text")
        elif key == "template" and not (
            isinstance(value, str) and _TEMPLATE_NAME.fullmatch(value)
        ):
            problems.append(f"{where}: front matter 'template' must name a template of "
                            "overrides/ (such as planner.html)")
        elif key == "hide" and not (
            isinstance(value, list) and all(entry in _HIDE for entry in value)
        ):
            problems.append(f"{where}: front matter 'hide' takes a list of: {', '.join(_HIDE)}")
        elif key == "search" and not (
            isinstance(value, dict) and set(value) <= {"exclude", "boost"}
            and all(isinstance(v, bool | int | float) for v in value.values())
        ):
            problems.append(f"{where}: front matter 'search' takes exclude: true or "
                            "boost: a number")
    return size, problems


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def inline_html(text: str) -> str:
    """An item's text (inline Markdown) as HTML for the planner page: emphasis and code as on
    the guide, raw HTML escaped, links reduced to their text (their targets are relative to
    the guide page, not to the planner)."""
    renderer = MarkdownIt("commonmark", {"html": False}).disable("image")
    tokens = [
        child
        for token in renderer.parseInline(text)
        for child in token.children or []
        if child.type not in ("link_open", "link_close")
    ]
    return str(renderer.renderer.render(tokens, renderer.options, {}))


def _markup(html: str) -> list[str]:
    """The tags (and other markup) in raw HTML, comments left out: `<b>`, `</b>`, `<!…>`."""
    return [
        f"<{m.group(1)}{m.group(2).lower()}>" if m.group(2) else f"<{m.group(3)}…>"
        for m in _MARKUP.finditer(_COMMENT.sub("", html))
    ]


def _raw_html(tokens: list[Token], where_file: str, skip: set[int]) -> list[str]:
    """Raw HTML outside the allow-list, by line (inline tokens in `skip` are reported
    elsewhere)."""
    found: dict[int, list[str]] = {}
    for index, token in enumerate(tokens):
        if token.type == "html_block" and token.map:
            for offset, line in enumerate(token.content.split("\n")):
                found.setdefault(token.map[0] + 1 + offset, []).extend(_markup(line))
        elif token.type == "inline" and token.map and index not in skip:
            breaks = 0
            for child in token.children or []:
                breaks += child.type in ("softbreak", "hardbreak")
                if child.type == "html_inline":
                    found.setdefault(token.map[0] + 1 + breaks, []).extend(
                        _markup(child.content))
    return [
        f"{where_file}:{line}: raw HTML in the page ({', '.join(dict.fromkeys(tags))}); "
        + _HTML_ALLOWED
        for line, tags in sorted(found.items())
        if tags
    ]


def link_scheme_refused(url: str) -> bool:
    """Whether a link target names a scheme other than http(s) and mailto (`javascript:`,
    `data:`…), as a browser reads it (it ignores controls and spaces inside the scheme)."""
    scheme = _SCHEME.match(re.sub(r"[\x00-\x20]", "", url).lower())
    return scheme is not None and scheme.group(1) not in _LINK_SCHEMES


def _links(children: list[Token], first_line: int, where_file: str) -> list[str]:
    problems: list[str] = []
    breaks = 0
    for child in children:
        breaks += child.type in ("softbreak", "hardbreak")
        kind, url = (("link to", child.attrGet("href")) if child.type == "link_open"
                     else ("image from", child.attrGet("src")) if child.type == "image"
                     else ("", None))
        if isinstance(url, str) and link_scheme_refused(url):
            problems.append(
                f"{where_file}:{first_line + breaks}: {kind} '{url}': a page links to pages of "
                "the site, http(s) and mailto addresses only"
            )
    return problems


def _attribute_lists(text: str, first_line: int, where_file: str) -> list[str]:
    """Brace blocks that Python-Markdown would turn into HTML attributes other than an id
    and classes (`{: onclick=...}`, an item block in a table cell). `text` is inline
    Markdown as written; escaped braces and code spans are not blocks."""
    text = _ESCAPE.sub("\0\0", text)
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", "\0", m.group(0)), text)
    problems: list[str] = []
    for offset, line in enumerate(text.split("\n")):
        for start in (m.start() for m in re.finditer(r"\{", line)):
            # To the next brace, and (as Python-Markdown's greedy pattern) to the line's last.
            ends = dict.fromkeys((line.find("}", start), line.rfind("}")))
            readings = [_ATTRIBUTE_LIST.fullmatch(line[start:end + 1]) for end in ends
                        if end > start]
            refused, block, inner = [], "", None
            for inner in filter(None, readings):
                attributes, _ = get_attrs_and_remainder(inner.group(1))
                refused = [key for key, _ in attributes if key not in _ALLOWED_ATTRIBUTES]
                block = inner.group(0)
                if refused:
                    break
            if refused and inner:
                hint = ("; a task item is a list item: '- [ ] Text. {#id phase=…}'"
                        if _looks_like_item_block(inner.group(1)) else "")
                problems.append(
                    f"{where_file}:{first_line + offset}: '{block}' would set the HTML "
                    f"attribute{'s' if len(refused) > 1 else ''} {', '.join(refused)}; a page "
                    "sets only {#id} and {.class} (write \\{ for a brace)" + hint
                )
    return problems


def _titles(source: _Source, where_file: str) -> list[str]:
    """Titles of Material blocks are inline Markdown that Python-Markdown renders."""
    problems: list[str] = []
    for line, title in source.titles:
        for token in _parser().parseInline(title):
            tags = [tag for child in token.children or [] if child.type == "html_inline"
                    for tag in _markup(child.content)]
            if tags:
                problems.append(f"{where_file}:{line}: raw HTML in a block title "
                                f"({', '.join(dict.fromkeys(tags))}); a title is plain text")
            problems += _links(token.children or [], line, where_file)
    return problems


def _list_after_text(tokens: list[Token], index: int) -> bool:
    """Whether the list opening at `index` follows a paragraph, quote, table or code without
    a blank line: Python-Markdown then reads it as more of that text (a list may follow a
    heading or a rule, or the first paragraph of a list item, as a nested list)."""
    before = tokens[index - 1] if index else None
    if before is None or before.type not in (
        "paragraph_close", "blockquote_close", "table_close", "fence", "code_block",
        "html_block",
    ):
        return False
    if before.type == "paragraph_close":
        opening = next(n for n in range(index - 2, -1, -1)
                       if tokens[n].type == "paragraph_open" and tokens[n].level == before.level)
        if opening and tokens[opening - 1].type == "list_item_open":
            return False
    return True


def _parse_block(block: str, where: str, problems: list[str]) -> dict[str, object]:
    meta: dict[str, object] = {}
    for word in block.split():
        if word.startswith("#"):
            if "id" in meta:
                problems.append(f"{where}: two ids in one item ('{meta['id']}' and '{word[1:]}')")
            meta["id"] = word[1:]
            continue
        key, sep, value = word.partition("=")
        if not sep or not value:
            problems.append(f"{where}: cannot read '{word}' (expected #id or key=value)")
        elif key in meta:
            problems.append(f"{where}: '{key}' is given twice")
        elif key not in ("phase", "when", "unless", "due"):
            problems.append(
                f"{where}: unknown key '{key}' (expected phase, when, unless or due)"
            )
        else:
            meta[key] = value
    return meta


def _codes(value: str, key: str, where: str, problems: list[str]) -> list[str]:
    codes = value.split("+") if key == "when" else [value]
    for code in codes:
        if code not in SITUATIONS:
            problems.append(f"{where}: unknown situation '{code}' in {key}= (see AUTHORING.md)")
    return codes


def _item_from_block(
    meta: dict[str, object], where: str, problems: list[str]
) -> tuple[str, str, list[list[str]], list[str], dict[str, object] | None] | None:
    before = len(problems)
    item_id = str(meta.get("id", ""))
    if not item_id:
        problems.append(f"{where}: the item has no id (add #some-id to its brace block)")
    elif not _ITEM_ID.fullmatch(item_id):
        problems.append(
            f"{where}: invalid id '{item_id}' (lowercase letters, digits and hyphens, "
            "with a chapter prefix such as 'handover-')"
        )
    phase = str(meta.get("phase", ""))
    if not phase:
        problems.append(f"{where}: the item has no phase (phase={'|'.join(PHASES)})")
    elif phase not in PHASES:
        problems.append(f"{where}: unknown phase '{phase}' (expected one of: {', '.join(PHASES)})")
    when = [
        _codes(group, "when", where, problems)
        for group in str(meta.get("when", "")).split(",")
        if group
    ]
    unless = [
        code
        for group in str(meta.get("unless", "")).split(",")
        if group
        for code in _codes(group, "unless", where, problems)
    ]
    due = None
    if "due" in meta:
        match = _DUE.fullmatch(str(meta["due"]))
        if not match or match["anchor"] not in DUE_ANCHORS:
            problems.append(
                f"{where}: cannot read due={meta['due']} (expected one of "
                f"{', '.join(DUE_ANCHORS)}, optionally followed by +N or -N days)"
            )
        else:
            offset = int(match["days"] or 0) * (-1 if match["sign"] == "-" else 1)
            due = {"anchor": match["anchor"], "offset": offset}
    if len(problems) > before:
        return None
    return item_id, phase, when, unless, due


def _looks_like_item_block(block: str) -> bool:
    """A brace block meant for a task item: it has one of an item's keys (`{#id}` alone
    is an attribute list, which Python-Markdown applies to the list item)."""
    return any(_ITEM_KEY.match(word) for word in block.split())


def parse_page(text: str, *, page: str, path: str | None = None) -> ParsedPage:
    """Parse one guide page. `page` is its path under the language folder (`handover.md`),
    `path` how errors name the file (defaults to `page`). Raises GuideError."""
    where_file = path or page
    front_lines, problems = _front_matter(text, where_file)
    lines = text.splitlines()
    source = _unwrap_blocks([""] * front_lines + lines[front_lines:])
    tokens = _parser().parse("\n".join(source.lines))
    problems += [f"{where_file}:{line}: <div markdown> is never closed; end the block with "
                 "</div> alone on its line" for line in source.unclosed]
    problems += _titles(source, where_file)
    # Inline tokens that end with an item's brace block: where that block starts.
    item_blocks: dict[int, int] = {}
    headings: list[Heading] = []
    items: list[Item] = []
    templates: list[Template] = []
    # Explicit heading ids first, as Python-Markdown's toc does: generated ones avoid them.
    explicit_ids: dict[str, int] = {}
    for index, token in enumerate(tokens):
        found = (_HEADING_ID.search(tokens[index + 1].content)
                 if token.type == "heading_open" and token.map else None)
        if found and token.map:
            line_no = token.map[0] + 1
            if found.group(1) in explicit_ids:
                problems.append(
                    f"{where_file}:{line_no}: heading id '#{found.group(1)}' is already used "
                    f"on this page (line {explicit_ids[found.group(1)]}); give each its own"
                )
            else:
                explicit_ids[found.group(1)] = line_no
    used_anchors: set[str] = set(explicit_ids)

    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            raw = tokens[index + 1].content
            explicit = _HEADING_ID.search(raw)
            title = _inline_text(tokens[index + 1])
            if explicit:
                title = _HEADING_ID.sub("", title).strip()
                anchor = explicit.group(1)
            else:
                anchor = unique(slugify(title, "-"), used_anchors)
            headings.append(Heading(title, anchor, int(token.tag[1:]), token.map[0] + 1))
        elif token.type == "list_item_open" and "checked" not in token.meta and token.map:
            inline = tokens[index + 2] if tokens[index + 1].type == "paragraph_open" else None
            block = _TRAILING_BRACES.search(inline.content) if inline else None
            if block and _looks_like_item_block(block.group(1)):
                item_blocks[index + 2] = block.start()
                problems.append(
                    f"{where_file}:{token.map[0] + 1}: list item with an item block but no "
                    "task box; start it with '- [ ] ' (a space inside the brackets and after)"
                )
        elif token.type == "list_item_open" and "checked" in token.meta and token.map:
            inline = tokens[index + 2] if tokens[index + 1].type == "paragraph_open" else None
            line_no = token.map[0] + 1
            where = f"{where_file}:{line_no}"
            content = inline.content if inline else ""
            block = _TRAILING_BRACES.search(content)
            if block:
                item_blocks[index + 2] = block.start()
            if token.meta["checked"]:
                problems.append(f"{where}: task item already ticked ('[x]'); guide items "
                                "start unticked: write '- [ ] '")
                continue
            if not block:
                problems.append(f"{where}: task item without a {{#id phase=...}} block at its end")
                continue
            if "\n" in block.group(1):
                problems.append(
                    f"{where_file}:{line_no + content.count(chr(10), 0, block.start() + 1)}: "
                    "the item's brace block is split over two lines; write {#id phase=…} on "
                    "one line"
                )
                continue
            parsed = _item_from_block(
                _parse_block(block.group(1), where, problems), where, problems
            )
            if parsed is None:
                continue
            item_id, phase, when, unless, due = parsed
            section = headings[-1] if headings else Heading("", "", 1, 1)
            text_only = " ".join(content[: block.start()].split())
            if not text_only:
                problems.append(f"{where}: item '{item_id}' has no text before its brace block")
                continue
            if inline and any(child.type == "html_inline" for child in inline.children or []):
                problems.append(
                    f"{where}: item '{item_id}' has raw HTML in its text; item text is inline "
                    "Markdown (**bold**, *italic*, `code`), shown the same on the planner"
                )
                continue
            items.append(
                Item(
                    item_id,
                    text_only,
                    phase,
                    when,
                    unless,
                    due,
                    page,
                    section.title,
                    section.anchor,
                    line_no,
                    raw_block=block.group(0).strip(),
                )
            )
        elif token.type == "fence" and token.map:
            match = _TEMPLATE_INFO.search(token.info)
            if not match:
                continue
            line_no = token.map[0] + 1
            if match.group(1) not in TEMPLATE_IDS:
                problems.append(
                    f"{where_file}:{line_no}: unknown template id '{match.group(1)}' "
                    f"(expected one of: {', '.join(TEMPLATE_IDS)})"
                )
            fields: list[str] = []
            for offset, body_line in enumerate(token.content.splitlines(), start=1):
                for name in PLACEHOLDER.findall(body_line):
                    if name not in TEMPLATE_FIELDS:
                        problems.append(
                            f"{where_file}:{line_no + offset}: unknown placeholder "
                            f"{{{name}}} in {match.group(1)} (see AUTHORING.md)"
                        )
                    elif name not in fields:
                        fields.append(name)
            section = headings[-1] if headings else Heading("", "", 1, 1)
            templates.append(
                Template(
                    match.group(1),
                    section.title,
                    token.content,
                    fields,
                    page,
                    match.group(1),
                    line_no,
                )
            )
        elif (token.type in ("bullet_list_open", "ordered_list_open") and token.map
              and token.map[0] and source.lines[token.map[0] - 1].strip()
              and _list_after_text(tokens, index)):
            problems.append(
                f"{where_file}:{token.map[0] + 1}: this list follows the line above without a "
                "blank line, so the guide shows it as plain text; put a blank line before it"
            )
        elif token.type == "code_block" and token.map:
            for offset, code_line in enumerate(token.content.splitlines()):
                if _LOOKS_LIKE_ITEM.match(code_line):
                    problems.append(
                        f"{where_file}:{token.map[0] + offset + 1}: this task item is read as "
                        "an indented code block; check its indentation"
                    )
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.map:
            cut = item_blocks.get(index, len(token.content))
            problems += _attribute_lists(token.content[:cut], token.map[0] + 1, where_file)
            problems += _links(token.children or [], token.map[0] + 1, where_file)
    problems += _raw_html(tokens, where_file, skip=set(item_blocks))
    if problems:
        raise GuideError(_by_line(problems, where_file))
    return ParsedPage(page, headings, items, templates)


def _by_line(problems: list[str], where_file: str) -> list[str]:
    """Problems in the order of their lines (each kind of check adds its own)."""
    line = re.compile(re.escape(where_file) + r":(\d+):")

    def key(problem: str) -> int:
        found = line.match(problem)
        return int(found.group(1)) if found else 0

    return sorted(dict.fromkeys(problems), key=key)


def strip_item_blocks(text: str, items: Iterable[Item]) -> str:
    """Return the page with each item's brace block removed, for Python-Markdown."""
    lines = text.split("\n")
    for item in items:
        # The block ends the item's paragraph, which may continue past its first line.
        for number in range(item.line - 1, len(lines)):
            if lines[number].rstrip().endswith(item.raw_block):
                head = lines[number].rstrip()[: -len(item.raw_block)]
                # A block on a line of its own goes with its line (a blank line would split
                # the list).
                lines[number] = head.rstrip() if head.strip() else "\0"
                break
    return "\n".join(line for line in lines if line != "\0")


def check_duplicates(pages: Iterable[ParsedPage], *, folder: str = "") -> None:
    """Raise GuideError when an item or template id is used twice in one language."""
    seen: dict[str, str] = {}
    problems: list[str] = []
    for parsed in pages:
        things: list[Item | Template] = [*parsed.items, *parsed.templates]
        for thing in things:
            where = f"{folder}{parsed.page}:{thing.line}"
            if thing.id in seen:
                problems.append(
                    f"{where}: duplicate id '{thing.id}' (first used at {seen[thing.id]})"
                )
            else:
                seen[thing.id] = where
    if problems:
        raise GuideError(problems)


def page_url(page: str, anchor: str = "") -> str:
    """The directory-style URL of a page relative to its language root."""
    stem = page[: -len(".md")] if page.endswith(".md") else page
    url = (
        ""
        if stem == "index"
        else (stem[: -len("/index")] + "/" if stem.endswith("/index") else stem + "/")
    )
    return f"{url}#{anchor}" if anchor else url


def checklist_data(pages: Iterable[ParsedPage], *, lang: str) -> dict[str, object]:
    """Checklist data (schema 1) for one language, in page order then source order."""
    items: list[dict[str, object]] = []
    templates: list[dict[str, object]] = []
    for parsed in pages:
        for item in parsed.items:
            record = asdict(item)
            del record["raw_block"]
            record["url"] = page_url(item.page, item.anchor)
            items.append(record)
        for template in parsed.templates:
            record = asdict(template)
            record["url"] = page_url(template.page, template.anchor)
            templates.append(record)
    return {
        "schema": CHECKLIST_SCHEMA_VERSION,
        "lang": lang,
        "items": items,
        "templates": templates,
    }


def guide_pages(docs_dir: Path, lang: str) -> list[Path]:
    """The Markdown pages of one language, in a stable order."""
    return sorted((docs_dir / lang).rglob("*.md"))


def read_pages(docs_dir: Path, lang: str) -> tuple[list[ParsedPage], dict[str, list[str]]]:
    """Parse every page of one language: the pages that parse, and the problems of the
    others by page (duplicate ids across pages are not checked here)."""
    folder = docs_dir / lang
    parsed: list[ParsedPage] = []
    problems: dict[str, list[str]] = {}
    for path in guide_pages(docs_dir, lang):
        page = path.relative_to(folder).as_posix()
        try:
            parsed.append(parse_page(path.read_text(encoding="utf-8"), page=page,
                                     path=f"{docs_dir.name}/{lang}/{page}"))
        except GuideError as error:
            problems[page] = error.problems
    return parsed, problems


def load_checklist(docs_dir: Path, lang: str) -> dict[str, object]:
    """Checklist data of one language, outside MkDocs (CLI, tests); raises GuideError."""
    parsed, problems = read_pages(docs_dir, lang)
    if problems:
        raise GuideError([line for lines in problems.values() for line in lines])
    check_duplicates(parsed, folder=f"{docs_dir.name}/{lang}/")
    return checklist_data(parsed, lang=lang)
