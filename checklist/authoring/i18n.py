"""Translation tooling: start a language from the French reference and check translations.

    python -m checklist i18n new LANG [--name NAME]   copy the reference, mark it, register it
    python -m checklist i18n status [--lang LANG] [--json]
    python -m checklist i18n mark LANG [PATH ...]     record that LANG is up to date

Markers: `new` puts `<!-- i18n: translate from fr -->` under the title of each copied page,
`# i18n: translate` above each copied string and after each value to translate in the new
`mkdocs.yml` entry. The translator deletes a marker once that part is translated.

Outdated: `locales/<lang>/translation-status.lock` (TOML, written by `new` and `mark`)
records a fingerprint of each French page and each French string as it was when the
translation was last brought up to date. A page fingerprint ignores line wrapping and brace
blocks (those are compared item by item instead), so only a change of wording makes the
translation outdated. The file is not named `*.toml` on purpose: every `locales/<lang>/*.toml`
is loaded as interface strings.

CPython authoring tooling (PyYAML, markdown-it-py); it is not part of the browser wheel.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import shutil
import sys
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from checklist.authoring.guide import (
    GuideError,
    Item,
    Template,
    check_duplicates,
    guide_pages,
    read_pages,
)
from checklist.authoring.strings import StringsError, load_string_files
from checklist.placeholders import STRING_PLACEHOLDER

MANIFEST = "translation-status.lock"
STRING_MARKER = "# i18n: translate"
# Language codes mkdocs-static-i18n accepts (its own pattern).
LANG_CODE = re.compile(r"^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$|^[a-z]{2}_[A-Z]{2}$")

_PAGE_MARKER = re.compile(r"^\s*<!--\s*i18n:\s*translate\b.*-->\s*$")
_BRACES = re.compile(r"\s*\{[^{}]*#[^{}]*\}\s*$", re.MULTILINE)
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*')"""
_KEY_LINE = re.compile(rf"^(?P<indent>\s*)(?P<key>{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_TABLE_LINE = re.compile(rf"^\s*\[\s*(?P<key>{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\s*(#.*)?$")


@dataclass(frozen=True)
class Problem:
    lang: str
    kind: str  # page, item, template, string, config
    id: str
    issue: str  # missing, extra, untranslated, outdated, untracked, mismatch, invalid
    detail: str

    def line(self) -> str:
        return f"{self.lang} {self.kind} {self.id}: {self.issue}: {self.detail}"


@dataclass
class Project:
    root: Path
    docs_dir: Path
    locales_dir: Path
    reference: str
    registered: dict[str, bool]  # language -> built by the site
    config_text: str | None

    def languages(self) -> list[str]:
        folders = {p.name for p in self.docs_dir.iterdir() if p.is_dir()} \
            if self.docs_dir.is_dir() else set()
        found = {lang for lang in folders | set(self.registered) if LANG_CODE.match(lang)}
        return sorted(found - {self.reference})

    def built(self, lang: str) -> bool:
        """Does the site build this language? (Without mkdocs.yml, every language counts.)"""
        return self.registered.get(lang, self.config_text is None)

    def manifest_path(self, lang: str) -> Path:
        return self.locales_dir / lang / MANIFEST


@dataclass
class Guide:
    items: dict[str, Item] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # pages that did not parse
    errors: list[tuple[str, str]] = field(default_factory=list)  # (page, file:line: message)


@dataclass
class StringFiles:
    """Every string of one language as the i18n checks read it: values by key, the file
    each key lives in, or the error that kept them from being read (the engine's own
    `checklist.text.Strings` formats sentences; this only compares languages)."""

    values: dict[str, object] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # key -> file name
    error: str | None = None


# ---------------------------------------------------------------------------------------
# Reading the project
# ---------------------------------------------------------------------------------------


def load_project(root: Path) -> Project:
    config_file = root / "mkdocs.yml"
    config: dict[str, object] = {}
    text = None
    if config_file.is_file():
        text = config_file.read_text(encoding="utf-8")
        loaded = yaml.safe_load(text)
        config = loaded if isinstance(loaded, dict) else {}
    registered: dict[str, bool] = {}
    reference = "fr"
    plugins = config.get("plugins")
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            for entry in plugin["i18n"].get("languages") or []:
                registered[str(entry["locale"])] = bool(entry.get("build", True))
                if entry.get("default"):
                    reference = str(entry["locale"])
    docs_dir = root / str(config.get("docs_dir", "docs"))
    return Project(root, docs_dir, root / "locales", reference, registered, text)


def read_guide(docs_dir: Path, lang: str) -> Guide:
    """Items and templates of one language, by id; pages that fail to parse are listed."""
    guide = Guide()
    parsed, problems = read_pages(docs_dir, lang)
    for page, lines in problems.items():
        guide.broken.add(page)
        guide.errors.extend((page, line) for line in lines)
    try:
        check_duplicates(parsed, folder=f"{docs_dir.name}/{lang}/")
    except GuideError as error:
        guide.errors.extend(("", problem) for problem in error.problems)
    for parsed_page in parsed:
        guide.items.update((item.id, item) for item in parsed_page.items)
        guide.templates.update((t.id, t) for t in parsed_page.templates)
    return guide


def read_strings(locales_dir: Path, lang: str) -> StringFiles:
    try:
        tables = load_string_files(locales_dir, lang)
    except StringsError as error:
        return StringFiles(error=str(error))
    values = {key: value for table in tables.values() for key, value in table.items()}
    files = {key: name for name, table in tables.items() for key in table}
    return StringFiles(values, files)


def _key_parts(text: str) -> list[str]:
    return [part.strip("\"'") for part in re.findall(_KEY_PART, text)]


def toml_keys(text: str) -> list[tuple[int, str, bool]]:
    """(line number, dotted key, preceded by the translate marker) for each `key = value`
    line of a TOML file (enough for strings files: tables, dotted keys, multi-line
    strings)."""
    found: list[tuple[int, str, bool]] = []
    table: list[str] = []
    marked = False
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2:
                in_multiline = None
            continue
        stripped = line.strip()
        if stripped.startswith(STRING_MARKER):
            marked = True
        elif match := _TABLE_LINE.match(line):
            table = _key_parts(match["key"])
        elif match := _KEY_LINE.match(line):
            found.append((number, ".".join([*table, *_key_parts(match["key"])]), marked))
            marked = False
            for quotes in ('"""', "'''"):
                if line[match.end():].count(quotes) % 2:
                    in_multiline = quotes
    return found


def page_markers(text: str) -> list[int]:
    """Line numbers of the translate markers of a page (outside fenced code)."""
    lines: list[int] = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and _PAGE_MARKER.match(line):
            lines.append(number)
    return lines


# ---------------------------------------------------------------------------------------
# Fingerprints and the manifest
# ---------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def page_fingerprint(text: str) -> str:
    """What a translator translates: the words, not the wrapping nor the brace blocks."""
    return _digest(_BRACES.sub("", text))


def string_fingerprint(value: object) -> str:
    return _digest(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


@dataclass
class Manifest:
    pages: dict[str, str] = field(default_factory=dict)
    strings: dict[str, str] = field(default_factory=dict)


def read_manifest(path: Path) -> Manifest:
    if not path.is_file():
        return Manifest()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Manifest(dict(data.get("pages", {})), dict(data.get("strings", {})))


def write_manifest(path: Path, lang: str, reference: str, manifest: Manifest) -> None:
    lines = [
        f"# Translation status of '{lang}' against the reference language '{reference}'.",
        f"# Written by `python -m checklist i18n mark {lang}`: each value fingerprints a",
        "# reference page or string as it was when this translation was last brought up to",
        "# date with it. `status` reports the translation outdated when the reference changes.",
        f"reference = {json.dumps(reference)}",
        "",
        "[pages]",
        *(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(manifest.pages.items())),
        "",
        "[strings]",
        *(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(manifest.strings.items())),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def reference_fingerprints(project: Project) -> Manifest:
    ref = project.reference
    pages = {path.relative_to(project.docs_dir / ref).as_posix():
             page_fingerprint(path.read_text(encoding="utf-8"))
             for path in guide_pages(project.docs_dir, ref)}
    strings = read_strings(project.locales_dir, ref)
    return Manifest(pages, {key: string_fingerprint(value)
                            for key, value in strings.values.items()})


# ---------------------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------------------


def _placeholders(value: object) -> set[str]:
    return ({match.group(1) for match in STRING_PLACEHOLDER.finditer(value)}
            if isinstance(value, str) else set())


def _where(item: Item | Template, docs: str, lang: str) -> str:
    return f"{docs}/{lang}/{item.page}:{item.line}"


def _check_guide(project: Project, lang: str, ref_guide: Guide, manifest: Manifest,
                 current: Manifest) -> list[Problem]:
    problems: list[Problem] = []
    ref, docs = project.reference, project.docs_dir.name
    ref_pages = {p.relative_to(project.docs_dir / ref).as_posix()
                 for p in guide_pages(project.docs_dir, ref)}
    pages = {p.relative_to(project.docs_dir / lang).as_posix(): p
             for p in guide_pages(project.docs_dir, lang)}

    def add(kind: str, id_: str, issue: str, detail: str) -> None:
        problems.append(Problem(lang, kind, id_, issue, detail))

    for page in sorted(ref_pages - set(pages)):
        add("page", page, "missing", f"{docs}/{ref}/{page} has no {docs}/{lang}/{page}")
    for page in sorted(set(pages) - ref_pages):
        add("page", page, "extra", f"{docs}/{lang}/{page} has no {docs}/{ref}/{page}")
    for page in sorted(set(pages) & ref_pages):
        markers = page_markers(pages[page].read_text(encoding="utf-8"))
        if markers:
            add("page", page, "untranslated",
                f"translate it, then delete the marker at {docs}/{lang}/{page}:{markers[0]}")
        elif page not in manifest.pages:
            add("page", page, "untracked", f"no record of the {ref} version it translates; "
                f"once it matches, run `mark {lang} {docs}/{lang}/{page}`")
        elif manifest.pages[page] != current.pages[page]:
            add("page", page, "outdated", f"{docs}/{ref}/{page} changed since the last mark; "
                f"update the translation, then run `mark {lang} {docs}/{lang}/{page}`")

    guide = read_guide(project.docs_dir, lang)
    for page, error in guide.errors:
        add("page", page or "(guide)", "invalid", error)
    skip = guide.broken | ref_guide.broken | (ref_pages - set(pages))
    for kind, mine, theirs in (("item", guide.items, ref_guide.items),
                               ("template", guide.templates, ref_guide.templates)):
        for id_ in sorted(set(theirs) - set(mine)):
            if theirs[id_].page not in skip:
                add(kind, id_, "missing", f"in {_where(theirs[id_], docs, ref)}, "
                    f"not in {docs}/{lang}/{theirs[id_].page}")
        for id_ in sorted(set(mine) - set(theirs)):
            if mine[id_].page not in skip:
                add(kind, id_, "extra", f"{_where(mine[id_], docs, lang)} is not in the "
                    f"{ref} reference")
        for id_ in sorted(set(mine) & set(theirs)):
            a, b = mine[id_], theirs[id_]
            if a.page != b.page:
                add(kind, id_, "mismatch", f"on {docs}/{lang}/{a.page}, the {ref} reference "
                    f"has it on {docs}/{ref}/{b.page}")
            elif isinstance(a, Item) and isinstance(b, Item) and (
                    (a.phase, sorted(a.when), sorted(a.unless), a.due)
                    != (b.phase, sorted(b.when), sorted(b.unless), b.due)):
                add(kind, id_, "mismatch", f"{_where(a, docs, lang)}: brace block differs "
                    f"from {_where(b, docs, ref)}; copy it verbatim: {b.raw_block}")
            elif isinstance(a, Template) and isinstance(b, Template) and (
                    set(a.fields) != set(b.fields)):
                add(kind, id_, "mismatch", f"{_where(a, docs, lang)}: placeholders "
                    f"{sorted(a.fields)} differ from the reference's {sorted(b.fields)}")
    return problems


def _check_strings(project: Project, lang: str, ref_strings: StringFiles,
                   manifest: Manifest, current: Manifest) -> list[Problem]:
    problems: list[Problem] = []
    strings = read_strings(project.locales_dir, lang)
    folder = f"{project.locales_dir.name}/{lang}"
    ref_folder = f"{project.locales_dir.name}/{project.reference}"

    def add(id_: str, issue: str, detail: str) -> None:
        problems.append(Problem(lang, "string", id_, issue, detail))

    if strings.error:
        add(folder, "invalid", strings.error)
        return problems
    untranslated: dict[str, str] = {}
    for path in sorted((project.locales_dir / lang).glob("*.toml")):
        for number, key, marked in toml_keys(path.read_text(encoding="utf-8")):
            if marked:
                untranslated[key] = f"{folder}/{path.name}:{number}"
    mine, theirs = strings.values, ref_strings.values
    for key in sorted(set(theirs) - set(mine)):
        add(key, "missing", f"in {ref_folder}/{ref_strings.files.get(key, '?')}, "
            f"not in {folder}/")
    for key in sorted(set(mine) - set(theirs)):
        add(key, "extra", f"{folder}/{strings.files.get(key, '?')} has it, "
            "the reference does not")
    for key in sorted(set(mine) & set(theirs)):
        if type(mine[key]) is not type(theirs[key]):
            add(key, "mismatch", f"a {type(mine[key]).__name__}, the reference has a "
                f"{type(theirs[key]).__name__}")
        elif (not key.startswith("format.")  # a language's own conventions (greetings…)
              and _placeholders(mine[key]) != _placeholders(theirs[key])):
            add(key, "mismatch", f"placeholders {sorted(_placeholders(mine[key]))} differ "
                f"from the reference's {sorted(_placeholders(theirs[key]))}")
        if key in untranslated:
            add(key, "untranslated", f"translate it, then delete the marker above "
                f"{untranslated[key]}")
        elif key not in manifest.strings:
            add(key, "untracked", f"no record of the reference version it translates; once "
                f"it matches, run `mark {lang} {key}`")
        elif manifest.strings[key] != current.strings[key]:
            add(key, "outdated", f"the reference string changed since the last mark; update "
                f"{folder}/{strings.files.get(key, '?')}, then run `mark {lang} {key}`")
    return problems


def _check_config(project: Project, lang: str) -> list[Problem]:
    if lang not in project.registered:
        return [Problem(lang, "config", "mkdocs.yml", "missing", "the language is not in "
                        "the i18n plugin's languages: list, so the site does not build it")]
    lines = (project.config_text or "").splitlines()
    block = _language_entry(lines, lang) or range(0)
    return [Problem(lang, "config", f"mkdocs.yml:{n + 1}", "untranslated",
                    f"translate '{lines[n].split(STRING_MARKER)[0].strip()}', then delete "
                    "the marker")
            for n in block if STRING_MARKER in lines[n]]


def check(project: Project, langs: list[str]) -> dict[str, list[Problem]]:
    ref = project.reference
    ref_guide = read_guide(project.docs_dir, ref)
    ref_strings = read_strings(project.locales_dir, ref)
    current = reference_fingerprints(project)
    results: dict[str, list[Problem]] = {}
    ref_problems = [Problem(ref, "page", page or "(guide)", "invalid", error)
                    for page, error in ref_guide.errors]
    if ref_strings.error:
        ref_problems.append(Problem(ref, "string", f"locales/{ref}", "invalid",
                                    ref_strings.error))
    if ref_problems:
        results[ref] = ref_problems
    for lang in langs:
        path = project.manifest_path(lang)
        try:
            manifest = read_manifest(path)
        except tomllib.TOMLDecodeError as error:
            results[lang] = [Problem(lang, "config", MANIFEST, "invalid", f"{path}: {error}")]
            manifest = Manifest()
        if not path.is_file():
            # One line rather than one per page and string: nothing was ever recorded.
            results[lang] = [Problem(lang, "config", MANIFEST, "missing", "no record of "
                                     f"which {ref} version this translates; once it is up "
                                     f"to date, run `mark {lang}`")]
            manifest = current
        results.setdefault(lang, []).extend(
            _check_guide(project, lang, ref_guide, manifest, current)
            + _check_strings(project, lang, ref_strings, manifest, current)
            + (_check_config(project, lang) if project.config_text is not None else []))
    return results


def cmd_status(project: Project, lang: str | None, as_json: bool) -> int:
    langs = project.languages()
    if lang is not None:
        if lang not in langs:
            print(f"i18n: unknown language '{lang}' (known: {', '.join(langs) or 'none'})",
                  file=sys.stderr)
            return 2
        langs = [lang]
    results = check(project, langs)
    failing = [name for name, problems in results.items() if problems and (
        name == project.reference or lang is not None or project.built(name))]
    if as_json:
        report = {"reference": project.reference, "complete": not failing, "languages": [
            {"lang": name, "built": project.built(name),
             "complete": not results.get(name),
             "problems": [{**asdict(p), "message": p.line()} for p in results.get(name, [])]}
            for name in [project.reference, *langs] if name in results]}
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 1 if failing else 0
    for problems in results.values():
        for problem in problems:
            print(problem.line())
    for name in langs:
        count = len(results.get(name, []))
        state = "complete" if not count else f"{count} problem{'s' * (count > 1)}"
        note = "" if project.built(name) else " (not built by the site)"
        print(f"{name}: {state}{note}")
    return 1 if failing else 0


# ---------------------------------------------------------------------------------------
# mark
# ---------------------------------------------------------------------------------------


def cmd_mark(project: Project, lang: str, paths: list[str]) -> int:
    if lang == project.reference or lang not in project.languages():
        print(f"i18n: '{lang}' is not a translated language of this project", file=sys.stderr)
        return 2
    current = reference_fingerprints(project)
    path = project.manifest_path(lang)
    manifest = Manifest(dict(current.pages), dict(current.strings)) if not paths \
        else read_manifest(path)
    ref_files = read_strings(project.locales_dir, project.reference).files
    for given in paths:
        name = Path(given).name
        if given.endswith(".md"):
            page = _page_name(project, given, lang)
            if page not in current.pages:
                print(f"i18n: {given}: no such page in the reference", file=sys.stderr)
                return 2
            manifest.pages[page] = current.pages[page]
        elif given.endswith(".toml"):
            keys = [key for key, file in ref_files.items() if file == name]
            if not keys:
                print(f"i18n: {given}: no such strings file in the reference", file=sys.stderr)
                return 2
            manifest.strings.update((key, current.strings[key]) for key in keys)
        elif given in current.strings:
            manifest.strings[given] = current.strings[given]
        else:
            print(f"i18n: {given}: neither a page, a strings file nor a string key",
                  file=sys.stderr)
            return 2
    manifest.pages = {k: v for k, v in manifest.pages.items() if k in current.pages}
    manifest.strings = {k: v for k, v in manifest.strings.items() if k in current.strings}
    write_manifest(path, lang, project.reference, manifest)
    print(f"{lang}: recorded {len(manifest.pages)} pages and {len(manifest.strings)} strings "
          f"as up to date with '{project.reference}' in {path.relative_to(project.root)}")
    return 0


def _page_name(project: Project, given: str, lang: str) -> str:
    path = Path(given)
    if not path.is_absolute():
        path = project.root / path
    for folder in (project.docs_dir / lang, project.docs_dir / project.reference):
        if path.resolve().is_relative_to(folder.resolve()):
            return path.resolve().relative_to(folder.resolve()).as_posix()
    return Path(given).as_posix()


# ---------------------------------------------------------------------------------------
# new
# ---------------------------------------------------------------------------------------


def _languages_list(lines: list[str]) -> tuple[int, int, int] | None:
    """(first line, end, item indent) of the i18n plugin's `languages:` list."""
    plugin = next((n for n, line in enumerate(lines) if re.match(r"^\s*-\s*i18n:\s*$", line)),
                  None)
    if plugin is None:
        return None
    header = next((n for n in range(plugin + 1, len(lines))
                   if re.match(r"^\s*languages:\s*$", lines[n])), None)
    if header is None:
        return None
    indent = len(lines[header]) - len(lines[header].lstrip())
    end, item_indent = len(lines), indent + 2
    for n in range(header + 1, len(lines)):
        text = lines[n]
        current = len(text) - len(text.lstrip())
        if text.strip() and (current < indent or (current == indent and
                                                  not text.lstrip().startswith("- "))):
            end = n
            break
        if n == header + 1 and text.lstrip().startswith("- "):
            item_indent = current
    while end > header + 1 and not lines[end - 1].strip():
        end -= 1
    return header + 1, end, item_indent


def _language_entry(lines: list[str], lang: str) -> range | None:
    """The lines of one language's entry in the `languages:` list."""
    found = _languages_list(lines)
    if found is None:
        return None
    first, end, indent = found
    starts = [n for n in range(first, end)
              if lines[n].startswith(" " * indent + "- ")]
    entry = re.compile(rf"^\s*-\s*locale:\s*['\"]?{re.escape(lang)}['\"]?\s*(#.*)?$")
    for index, n in enumerate(starts):
        if entry.match(lines[n]):
            return range(n, starts[index + 1] if index + 1 < len(starts) else end)
    return None


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _entry(lang: str, name: str, config: dict[str, object], indent: int) -> list[str]:
    mark = f"  {STRING_MARKER}"
    lines = [f"- locale: {lang}", f"  name: {_quote(name)}", "  build: true"]
    for key in ("site_name", "site_description"):
        if isinstance(config.get(key), str):
            lines.append(f"  {key}: {_quote(str(config[key]))}{mark}")
    sections = _nav_sections(config.get("nav"))
    if sections:
        lines.append("  nav_translations:")
        lines += [f"    {_quote(title)}: {_quote(title)}{mark}" for title in sections]
    theme = config.get("theme")
    palette = theme.get("palette") if isinstance(theme, dict) else None
    if isinstance(palette, list):
        dumped = yaml.safe_dump(palette, allow_unicode=True, sort_keys=False)
        lines += ["  theme:", "    palette:"]
        lines += [f"      {line}{mark if line.strip().startswith('name:') else ''}"
                  for line in dumped.splitlines()]
    return [" " * indent + line for line in lines]


def _nav_sections(nav: object) -> list[str]:
    titles: list[str] = []
    for entry in nav if isinstance(nav, list) else []:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, list):
                    titles += [str(title), *_nav_sections(value)]
    return titles


def _mark_page(text: str, ref: str) -> str:
    """The page with the translate marker under its title (a leading HTML comment would
    hide the title from MkDocs), after the front matter if any."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((n + 1 for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")),
                     0)
    first = next((n for n in range(start, len(lines)) if lines[n].strip()), start)
    marker = f"<!-- i18n: translate from {ref} -->"
    if first < len(lines) and lines[first].startswith("# "):
        at, block = first + 1, ["", marker]
    else:
        at, block = start, [marker]
    if at >= len(lines) or lines[at].strip():
        block.append("")
    return "\n".join(lines[:at] + block + lines[at:])


def _mark_strings(text: str, lang: str) -> str:
    lines = text.split("\n")
    keys = {number: key for number, key, _ in toml_keys(text)}
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        key = keys.get(number)
        if key == "meta.lang":
            line = re.sub(r"=\s*(['\"]).*?\1", f'= "{lang}"', line, count=1)
        elif key is not None:
            match = _KEY_LINE.match(line)
            out.append(f"{match['indent'] if match else ''}{STRING_MARKER}")
        out.append(line)
    return "\n".join(out)


def _default_name(lang: str) -> str:
    try:
        from babel import Locale

        name = Locale.parse(lang.replace("-", "_")).get_display_name() or lang
    except Exception:  # babel missing or an unknown code: the code will do
        return lang
    return name[:1].upper() + name[1:]


def _material_knows(lang: str) -> bool:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return True
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates/partials/languages"
    return not folder.is_dir() or (folder / f"{lang.replace('_', '-')}.html").is_file()


def cmd_new(project: Project, lang: str, name: str | None) -> int:
    ref = project.reference
    if not LANG_CODE.match(lang) or lang == "null":
        print(f"i18n: '{lang}' is not a language code (use an ISO 639-1 code such as 'de', "
              "optionally with a region: 'pt-BR', 'de_CH')", file=sys.stderr)
        return 2
    taken = [str(p.relative_to(project.root)) for p in
             (project.docs_dir / lang, project.locales_dir / lang) if p.exists()]
    if lang == ref or lang in project.registered or taken:
        where = ", ".join(taken) or "mkdocs.yml"
        print(f"i18n: language '{lang}' already exists ({where})", file=sys.stderr)
        return 2
    if project.config_text is None:
        print("i18n: no mkdocs.yml here (run from the project root or give --root)",
              file=sys.stderr)
        return 2
    lines = project.config_text.split("\n")
    place = _languages_list(lines)
    if place is None:
        print("i18n: cannot find the i18n plugin's languages: list in mkdocs.yml",
              file=sys.stderr)
        return 2
    config = yaml.safe_load(project.config_text) or {}
    entry = _entry(lang, name or _default_name(lang), config, place[2])
    new_config = "\n".join(lines[: place[1]] + entry + lines[place[1]:])
    if lang not in {e.get("locale") for p in yaml.safe_load(new_config)["plugins"]
                    if isinstance(p, dict) and "i18n" in p for e in p["i18n"]["languages"]}:
        print("i18n: could not register the language in mkdocs.yml", file=sys.stderr)
        return 2

    source = project.docs_dir / ref
    for path in sorted(source.rglob("*")):
        target = project.docs_dir / lang / path.relative_to(source)
        if path.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            target.write_text(_mark_page(path.read_text(encoding="utf-8"), ref), encoding="utf-8")
        else:
            shutil.copy2(path, target)
    (project.locales_dir / lang).mkdir(parents=True)
    for path in sorted((project.locales_dir / ref).glob("*.toml")):
        (project.locales_dir / lang / path.name).write_text(
            _mark_strings(path.read_text(encoding="utf-8"), lang), encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(new_config, encoding="utf-8")
    # The copies translate today's reference: record it, so that later reference changes
    # show up as outdated once the markers are gone.
    write_manifest(project.manifest_path(lang), lang, ref, reference_fingerprints(project))

    docs, locales = project.docs_dir.name, project.locales_dir.name
    print(f"Started '{lang}' from '{ref}': {docs}/{lang}/, {locales}/{lang}/ and an entry in "
          "mkdocs.yml.\nTranslate what carries an 'i18n: translate' marker and delete the "
          "marker; keep item ids, brace blocks and {placeholders} as they are.\n"
          f"Check progress with: python -m checklist i18n status --lang {lang}")
    if not _material_knows(lang):
        print(f"warning: Material for MkDocs has no interface language '{lang}'; give the "
              "entry a theme: language: override or the build fails", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path.cwd(),
                        help="project root (where mkdocs.yml is); default: current folder")
    parser = argparse.ArgumentParser(prog="python -m checklist i18n",
                                     description="Translate the guide and the planner.")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", parents=[common], help="start a language from the "
                              "reference (copy, mark for translation, register in mkdocs.yml)")
    new.add_argument("lang")
    new.add_argument("--name", help="the language's own name, shown in the switcher")
    status = commands.add_parser("status", parents=[common],
                                 help="what is missing, extra, outdated or untranslated")
    status.add_argument("--lang", help="check this language only (its problems set the exit "
                        "status even when the site does not build it)")
    status.add_argument("--json", action="store_true", help="a JSON report on stdout")
    mark = commands.add_parser("mark", parents=[common],
                               help="record that a translation is up to date with the reference")
    mark.add_argument("lang")
    mark.add_argument("paths", nargs="*", metavar="PATH",
                      help="pages, strings files or string keys (default: everything)")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    project = load_project(args.root.resolve())
    if args.command == "new":
        return cmd_new(project, args.lang, args.name)
    if args.command == "mark":
        return cmd_mark(project, args.lang, args.paths)
    return cmd_status(project, args.lang, args.json)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
