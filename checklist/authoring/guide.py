"""Read the guide's Markdown into checklist data.

This is authoring tooling for CPython (the build hook, the CLI, the i18n commands): it needs
markdown-it-py and is left out of the wheel that runs in the browser.

MkDocs renders pages with Python-Markdown, while we read them with markdown-it-py. The two
disagree on Material's block syntax (admonitions, content tabs): markdown-it-py sees their
indented bodies as code. `_unwrap_blocks` therefore blanks the block markers and dedents
their bodies before parsing, keeping every line where it was so that `file:line` stays true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt
from markdown_it.token import Token

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
_SCRIPT_TAG = re.compile(r"<script\b", re.IGNORECASE)


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
    return MarkdownIt("commonmark", {"tasklists": True}).enable("table")


def _unwrap_blocks(lines: list[str]) -> list[str]:
    """Blank Material block markers and dedent their bodies, line for line."""
    out: list[str] = []
    body_indents: list[int] = []
    in_fence = False
    for line in lines:
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
        if match:
            body_indents.append(indent + 4)
            out.append("")
        else:
            out.append(current)
    return out


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


def _raw_scripts(tokens: list[Token], where_file: str) -> list[str]:
    """A `<script>` written in a page would run with the trust the site's
    Content-Security-Policy gives the theme's own scripts: refuse it, with its line."""
    lines: list[int] = []
    for token in tokens:
        if token.type == "html_block" and token.map:
            lines += [token.map[0] + 1 + token.content.count("\n", 0, m.start())
                      for m in _SCRIPT_TAG.finditer(token.content)]
        elif token.type == "inline" and token.map:
            breaks = 0
            for child in token.children or []:
                breaks += child.type in ("softbreak", "hardbreak")
                if child.type == "html_inline" and _SCRIPT_TAG.search(child.content):
                    lines.append(token.map[0] + 1 + breaks)
    return [
        f"{where_file}:{line}: raw <script> in the page; scripts come only from the theme "
        "and docs/assets/ (listed in mkdocs.yml), never from the content"
        for line in lines
    ]


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
    lines = text.splitlines()
    tokens = _parser().parse("\n".join(_unwrap_blocks(lines)))
    problems: list[str] = []
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
                problems.append(
                    f"{where_file}:{token.map[0] + 1}: list item with an item block but no "
                    "task box; start it with '- [ ] ' (a space inside the brackets and after)"
                )
        elif token.type == "list_item_open" and "checked" in token.meta and token.map:
            inline = tokens[index + 2] if tokens[index + 1].type == "paragraph_open" else None
            line_no = token.map[0] + 1
            where = f"{where_file}:{line_no}"
            if token.meta["checked"]:
                problems.append(f"{where}: task item already ticked ('[x]'); guide items "
                                "start unticked: write '- [ ] '")
                continue
            content = inline.content if inline else ""
            block = _TRAILING_BRACES.search(content)
            if not block:
                problems.append(f"{where}: task item without a {{#id phase=...}} block at its end")
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
        elif token.type == "code_block" and token.map:
            for offset, code_line in enumerate(token.content.splitlines()):
                if _LOOKS_LIKE_ITEM.match(code_line):
                    problems.append(
                        f"{where_file}:{token.map[0] + offset + 1}: this task item is read as "
                        "an indented code block; check its indentation"
                    )
    problems += _raw_scripts(tokens, where_file)
    if problems:
        raise GuideError(problems)
    return ParsedPage(page, headings, items, templates)


def strip_item_blocks(text: str, items: Iterable[Item]) -> str:
    """Return the page with each item's brace block removed, for Python-Markdown."""
    lines = text.split("\n")
    for item in items:
        # The block ends the item's paragraph, which may continue past its first line.
        for number in range(item.line - 1, len(lines)):
            if lines[number].rstrip().endswith(item.raw_block):
                head = lines[number].rstrip()[: -len(item.raw_block)]
                lines[number] = head.rstrip()
                break
    return "\n".join(lines)


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
