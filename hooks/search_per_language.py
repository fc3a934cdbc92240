"""One search index per language, and accent-insensitive search.

mkdocs-static-i18n stacks every language's pages into the single index Material writes at
`search/search_index.json`, so a reader of /en/ gets French results first and a French
reader English ones. Material's page script fetches the index at
`<config.base>/search/search_index.json`, `base` being the `"base"` of the page's
`<script id="__config">` (the site root) and search results being addresses relative to it.

After the whole site is built, this hook splits that index by language: the default
language keeps `search/search_index.json`, every other language gets
`<lang>/search/search_index.json` holding only its own pages (addresses relative to its
root), and the pages of that language name their root as `base`. Nothing else on the site
reads `base` (no instant navigation, versions or `<link rel="alternate">`: see
language_alternates.py).

Accents: lunr.js (Material's search engine) compares words as written, so "penalites" does
not find "pénalités". Each entry gets two extra fields, `title_folded` and `text_folded`,
holding the words of its title and text that carry accents, written without them; Material
indexes every field named in the index's `config.fields` (with its boost) but shows only the
title and text. A query with or without its accents then finds the page. The separator
also splits on apostrophes, so that "employeur" finds "l'employeur".
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from checklist.authoring.site import language_prefix

log = logging.getLogger("mkdocs.hooks.search_per_language")
INDEX = "search/search_index.json"
# Material's default ([\s\-]+) plus the straight and typographic apostrophes.
SEPARATOR = r"[\s\-'’]+"
FOLDED_FIELDS = {"title": "title_folded", "text": "text_folded"}

_CONFIG_BASE = re.compile(
    r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")'
)
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """`text` without its accents: "Pénalités" -> "Penalites", "cœur" -> "coeur"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_words(markup: str) -> str:
    """The words of an index field (HTML) that change when folded, folded, once each."""
    words: dict[str, None] = {}
    for word in _WORD.findall(html.unescape(_TAG.sub(" ", markup)).lower()):
        plain = fold(word)
        if plain != word:
            words.setdefault(plain)
    return " ".join(words)


def with_language_base(output: str, prefix: str) -> str:
    """Point the page's `__config` base at its language's root (`prefix`, e.g. 'en/')."""
    if not prefix:
        return output
    return _CONFIG_BASE.sub(
        lambda m: m.group(1) + f"{m.group(2).rstrip('/') or '.'}/{prefix}" + m.group(3),
        output,
        count=1,
    )


def split_index(
    index: dict[str, Any], prefixes: dict[str, str], lunr_languages: set[str]
) -> dict[str, dict[str, Any]]:
    """One index per language (`prefixes`: language -> '' or 'en/'), accent-folded.
    `lunr_languages`: the languages lunr.js has stop words for (English always)."""
    others = tuple(prefix for prefix in prefixes.values() if prefix)
    config = index.get("config", {})
    fields = dict(config.get("fields", {}))
    for field, folded in FOLDED_FIELDS.items():
        if field in fields:
            fields[folded] = fields[field]
    result: dict[str, dict[str, Any]] = {}
    for lang, prefix in prefixes.items():
        docs = []
        for doc in index.get("docs", []):
            location = str(doc.get("location", ""))
            mine = location.startswith(prefix) if prefix else not location.startswith(others)
            if not mine:
                continue
            entry = {**doc, "location": location[len(prefix):]}
            for field, folded in FOLDED_FIELDS.items():
                words = folded_words(str(doc.get(field, "")))
                if words:
                    entry[folded] = words
            docs.append(entry)
        result[lang] = {
            **index,
            "config": {
                **config,
                # This language's stop words only (English where lunr.js has none).
                "lang": [lang] if lang in lunr_languages else ["en"],
                "separator": SEPARATOR,
                "fields": fields,
            },
            "docs": docs,
        }
    return result


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return with_language_base(output, language_prefix(config))


@event_priority(-150)  # after mkdocs-static-i18n (-100) wrote the index, before _headers (-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return  # one language of several: the outer build splits the full index at the end
    site_dir = Path(config.site_dir)
    source = site_dir / INDEX
    if not source.is_file():
        return
    index = json.loads(source.read_text(encoding="utf-8"))
    prefixes = _prefixes(config)
    lunr = site_dir / "assets" / "javascripts" / "lunr" / "min"
    supported = {"en"} | {path.name.split(".")[1] for path in lunr.glob("lunr.*.min.js")}
    for lang in sorted(set(prefixes) - supported):
        log.info(f"lunr.js does not know '{lang}': its search index uses English stop words")
    for lang, split in split_index(index, prefixes, supported).items():
        target = site_dir / prefixes[lang] / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(split, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )


def _prefixes(config: MkDocsConfig) -> dict[str, str]:
    """Each built language and where its pages live: '' for the default, '<lang>/' else."""
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    prefixes = {
        str(language.locale): "" if language.default else f"{language.locale}/"
        for language in languages
        if language.build
    }
    return prefixes or {str(config.theme.get("language") or "en"): ""}
