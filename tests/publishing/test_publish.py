"""Publishing a fork: the site's address comes from the environment (SITE_URL), nothing in
the built site points at the local preview, and `mkdocs gh-deploy` pushes it (here to a local
bare repository, never the network)."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import MKDOCS, ROOT, copy_project

SITE_URL = "https://pages.example.org/fin-de-mission/"
REPO_URL = "https://github.com/example/fin-de-mission"
# Emscripten's socket emulation inside the Pyodide runtime names the loopback address; it is
# the upstream binary, not a link of ours.
THIRD_PARTY = re.compile(r"^assets/pyodide/[^/]+/pyodide\.asm\.wasm$")
# Precompressed copies (name.br, name.gz) are checked through the file they were made from.
PRECOMPRESSED = re.compile(r"\.(br|gz)$")
LOCAL = re.compile(rb"127\.0\.0\.1|localhost", re.IGNORECASE)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "REPO_URL"}}
    return {**env, "NO_MKDOCS_2_WARNING": "1", **extra}


def _mkdocs(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MKDOCS, *args, "--config-file", str(project / "mkdocs.yml")],
        cwd=project, env=_env(**env), capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("fork") / "project")
    site = project.parent / "site"
    built = _mkdocs(project, "build", "--strict", "--site-dir", str(site),
                    SITE_URL=SITE_URL.rstrip("/"), REPO_URL=REPO_URL)
    assert built.returncode == 0, built.stdout + built.stderr
    return site


@pytest.mark.slow
def test_a_site_built_for_its_address_never_names_the_local_preview(fork_site: Path) -> None:
    offenders = [
        path.relative_to(fork_site).as_posix()
        for path in fork_site.rglob("*")
        if path.is_file()
        and not THIRD_PARTY.match(path.relative_to(fork_site).as_posix())
        and not PRECOMPRESSED.search(path.name)
        and LOCAL.search(path.read_bytes())
    ]
    assert offenders == []
    assert not list(fork_site.rglob("*.map"))


@pytest.mark.slow
def test_canonical_links_sitemap_and_alternates_use_the_address(fork_site: Path) -> None:
    for page, url in (("timing/index.html", "timing/"), ("en/timing/index.html", "en/timing/"),
                      ("index.html", "")):
        html = (fork_site / page).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{SITE_URL}{url}">' in html, page
    sitemap = (fork_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    alternates = re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>',
                            sitemap)
    assert locations and all(loc.startswith(SITE_URL) for loc in locations)
    assert f"{SITE_URL}timing/" in locations
    assert ("en", f"{SITE_URL}en/timing/") in alternates
    assert ("fr", f"{SITE_URL}timing/") in alternates
    assert all(href.startswith(SITE_URL) for _, href in alternates)
    # The repository link, without Material's calls to the GitHub API (the CSP forbids them).
    html = (fork_site / "timing" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO_URL}"' in html and 'data-md-component="source"' not in html


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Fork", "GIT_AUTHOR_EMAIL": "fork@example.org",
           "GIT_COMMITTER_NAME": "Fork", "GIT_COMMITTER_EMAIL": "fork@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_gh_deploy_from_a_fork_to_a_local_bare_repository(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "--quiet", "--bare", str(remote))
    project = copy_project(tmp_path / "fork")
    (project / ".gitignore").write_text("site/\nnode_modules\n", encoding="utf-8")
    _git(project, "init", "--quiet", "--initial-branch", "main")
    _git(project, "add", ".")
    _git(project, "commit", "--quiet", "-m", "fork")

    refused = _mkdocs(project, "gh-deploy", "--remote-name", remote.as_uri())
    assert refused.returncode != 0 and "set SITE_URL" in refused.stderr
    assert _git(remote, "branch", "--list") == ""

    env = {"GIT_AUTHOR_NAME": "Fork", "GIT_AUTHOR_EMAIL": "fork@example.org",
           "GIT_COMMITTER_NAME": "Fork", "GIT_COMMITTER_EMAIL": "fork@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "SITE_URL": SITE_URL}
    deployed = _mkdocs(project, "gh-deploy", "--remote-name", remote.as_uri(), "--force", **env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    files = set(_git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "_headers", "index.html", "en/index.html", "sitemap.xml"} <= files
    assert any(name.endswith("/pyodide.asm.wasm") for name in files)
    sitemap = _git(remote, "show", "gh-pages:sitemap.xml")
    assert f"<loc>{SITE_URL}timing/</loc>" in sitemap and "127.0.0.1" not in sitemap



def test_host_configurations_build_with_the_readme_command() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("run") == "make build")
    assert build["env"]["SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["build"]["publish"] == "site"
    assert netlify["build"]["command"].endswith("make build")
    assert "SITE_URL" in netlify["build"]["command"]
