"""Where the site is published: `site_url` and `repo_url` from mkdocs.yml, or from the
environment (SITE_URL, REPO_URL) so that a fork or a host's build publishes under its own
address without editing the file.

`site_url` makes the canonical links and the sitemap (with its hreflang alternates). The
default in mkdocs.yml is the local preview address; publishing with it would point search
engines at 127.0.0.1, so `mkdocs gh-deploy` and builds on Netlify or Cloudflare Pages stop
with a message instead. Material's source maps are left out of the published site: they are
for debugging the theme and name development hosts.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.site_address")

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})
_command = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def _absolute_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise PluginError(f"{name} must be an absolute http(s) address, got {value!r}")
    return value if value.endswith("/") else value + "/"


def _repo_name(repo_url: str) -> str:
    # The names MkDocs gives when repo_url is in mkdocs.yml.
    host = urlsplit(repo_url).netloc.lower()
    known = {"github.com": "GitHub", "bitbucket.org": "Bitbucket", "gitlab.com": "GitLab"}
    return known.get(host, host.split(".")[0].title())


@event_priority(100)  # before any plugin reads the addresses
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site_url = os.environ.get("SITE_URL", "").strip()
    # `mkdocs serve` sets its own address for live reload: leave it alone.
    if site_url and _command != "serve":
        config.site_url = _absolute_url("SITE_URL", site_url)
    repo_url = os.environ.get("REPO_URL", "").strip()
    if repo_url:
        config.repo_url = _absolute_url("REPO_URL", repo_url).rstrip("/")
        config.repo_name = _repo_name(config.repo_url)
    host = urlsplit(config.site_url or "").hostname or ""
    publishing = _command == "gh-deploy" or os.environ.get("NETLIFY") == "true" or bool(
        os.environ.get("CF_PAGES")
    )
    if publishing and (not config.site_url or host in LOCAL_HOSTS):
        raise PluginError(
            f"site_url is {config.site_url!r}: set SITE_URL (or site_url in mkdocs.yml) to "
            "the address the site is published at, e.g. "
            "SITE_URL=https://<user>.github.io/<repository>/"
        )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for file in [f for f in files if f.src_uri.endswith(".map") and not f.is_documentation_page()]:
        files.remove(file)
    return files
