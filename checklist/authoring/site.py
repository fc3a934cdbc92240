"""What the build hooks need to know about the MkDocs build they run in."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig


def build_language(config: MkDocsConfig) -> str:
    """The language being built: mkdocs-static-i18n builds each language in turn."""
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None) or config.theme.get("language")
    if not language:
        raise ValueError("cannot tell which language is being built (theme.language is empty)")
    return str(language)


def is_default_language_build(config: MkDocsConfig) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "is_default_language_build", True))


def language_prefix(config: MkDocsConfig) -> str:
    """Where this language's pages go under the site root: '' or 'en/'."""
    return "" if is_default_language_build(config) else f"{build_language(config)}/"


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent
