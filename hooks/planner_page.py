"""Give the planner page what it renders: questionnaire, strings, static checklist data.

The page itself (`template: planner.html` in its front matter) is rendered by Jinja from
these globals, so the form and the static checklist work before (and without) Python.
A string the template asks for and the language lacks fails the build.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from checklist import ANSWERS_VERSION
from checklist.authoring.site import build_language, language_prefix, project_root
from checklist.authoring.strings import StringsError, load_locale_table
from checklist.questionnaire import QUESTIONNAIRE
from checklist.rules import DEFAULT_JURISDICTION, UnknownRules, available, check_rules, get_rules
from checklist.schema import FIELDS
from checklist.vocabulary import PHASES


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail the build on a rules set that does not exist or whose data is inconsistent."""
    name = _jurisdiction(config)
    try:
        rules = get_rules(name)
    except UnknownRules:
        raise PluginError(
            f"mkdocs.yml: extra.jurisdiction '{name}' names no rules set "
            f"(checklist/rules/<name>.py defining RULES; available: {', '.join(available())})"
        ) from None
    problems = check_rules(rules)
    if problems:
        raise PluginError(f"checklist/rules/{name}.py: " + "; ".join(problems))
    return config


def _jurisdiction(config: MkDocsConfig) -> str:
    return str(config.extra.get("jurisdiction", DEFAULT_JURISDICTION))


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    language = build_language(config)
    try:
        strings = load_locale_table(project_root(config) / "locales", language)
    except StringsError as error:
        raise PluginError(f"Planner strings: {error}") from None

    def text(key: str) -> str:
        value = strings.get(key)
        if not isinstance(value, str):
            raise PluginError(f"locales/{language}: missing string '{key}'")
        return value

    env.globals["t"] = text
    env.globals["site_languages"] = _site_languages(config)
    env.globals["planner_prefix"] = language_prefix(config)
    env.globals["planner"] = {
        "lang": language,
        "strings": strings,
        "questionnaire": QUESTIONNAIRE,
        "phases": PHASES,
        "jurisdiction": _jurisdiction(config),
        "answers_version": ANSWERS_VERSION,
        # The defaults of coded answers: an unanswered `initiator` is the freelancer's, so the
        # page shows (and sends) the questions that follow from it, as the engine reads them.
        "defaults": {f.path: f.default for f in FIELDS if isinstance(f.default, str) and f.default},
    }
    return env


def _site_languages(config: MkDocsConfig) -> list[dict[str, object]]:
    """Every language of the site, the default first: its code, where its pages are, its
    site name and its page strings. One page-not-found page serves every missing address
    (overrides/404.html), so it carries each language's words and shows the address's."""
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    built = [language for language in languages if language.build and language.locale != "null"]
    # The i18n plugin keeps the site name from before a language's overrides.
    original = getattr(i18n, "original_configs", {}).get("site_name") or config.site_name
    if not built:
        built_language = build_language(config)
        return [{"lang": built_language, "prefix": "", "site_name": config.site_name,
                 "strings": load_locale_table(project_root(config) / "locales", built_language)}]
    return [
        {"lang": language.locale, "prefix": "" if language.default else f"{language.locale}/",
         "site_name": language.site_name or original,
         "strings": load_locale_table(project_root(config) / "locales", language.locale)}
        for language in sorted(built, key=lambda language: not language.default)
    ]
