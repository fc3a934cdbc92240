"""The `_headers` file the build writes (hooks/http_headers.py) and the preview server that
applies it (tools/preview.py): one policy, every file covered once, what hosts need."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.publishing.conftest import LocalServer
from tools.preview import HeadersSyntaxError, headers_for, parse_headers

IMMUTABLE = "public, max-age=31536000, immutable"


def _rules(site: Path):
    return parse_headers((site / "_headers").read_text(encoding="utf-8"))


def _published(site: Path) -> list[str]:
    """The site's files, without the precompressed copies (`name.br`, `name.gz`: a host that
    uses them sends them with the headers of `name`)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.name != "_headers" and not _precompressed_copy(p)
    )


def _precompressed_copy(path: Path) -> bool:
    return path.suffix in {".br", ".gz"} and path.with_suffix("").is_file()


def _url_paths(path: str) -> list[str]:
    """The request paths that reach one file (a page is asked for as its folder)."""
    paths = [f"/{path}"]
    if path == "index.html" or path.endswith("/index.html"):
        paths.append("/" + path.removesuffix("index.html"))
    return paths


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:  # loopback only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --- the file -------------------------------------------------------------------------------


def test_parser_reads_the_hosts_syntax() -> None:
    rules = parse_headers(
        "# comment\n/*\n  X-A: 1\n\n/docs/:page/*\n  X-B: 2\n  ! X-A\n"
        "https://example.org/only\n  X-C: 3\n/assets/*\n  X-A: 4\n"
    )
    assert headers_for(rules, "/") == {"X-A": "1"}
    assert headers_for(rules, "/docs/intro/x") == {"X-B": "2"}
    assert headers_for(rules, "/docs/") == {"X-A": "1"}  # a placeholder needs a segment
    assert headers_for(rules, "/only", "example.org") == {"X-A": "1", "X-C": "3"}
    assert headers_for(rules, "/only", "example.com") == {"X-A": "1"}
    assert headers_for(rules, "/assets/a.js") == {"X-A": "1, 4"}  # Cloudflare joins values
    with pytest.raises(HeadersSyntaxError):
        parse_headers("  X-A: 1\n")
    with pytest.raises(HeadersSyntaxError):
        parse_headers("/*\n  no colon here\n")


def test_every_file_gets_its_cache_rule_from_exactly_one_rule(built_site: Path) -> None:
    rules = _rules(built_site)
    for path in _published(built_site):
        for url_path in _url_paths(path):
            setting = [
                r.pattern for r in rules
                if r.matches(url_path) and any(n == "Cache-Control" for n, _ in r.headers)
            ]
            assert len(setting) == 1, (url_path, setting)
    # Hosts combine a header set twice in different ways: the file never does it.
    for path in _published(built_site):
        names = [n.lower() for r in rules if r.matches(f"/{path}") for n, _ in r.headers]
        assert len(names) == len(set(names)), path


def test_versioned_runtime_and_hashed_theme_assets_are_immutable(built_site: Path) -> None:
    rules = _rules(built_site)
    runtime = next((built_site / "assets" / "pyodide").iterdir()).name
    immutable = {
        path for path in _published(built_site)
        if headers_for(rules, f"/{path}").get("Cache-Control") == IMMUTABLE
    }
    # Everything under the runtime's address is immutable: the npm files live under their
    # version, the zip of the trimmed stdlib and the engine is named by a hash of what makes
    # it (tests/publishing/test_runtime_zip.py: the same inputs give the same bytes).
    published = {path for path in _published(built_site)
                 if path.startswith(f"assets/pyodide/{runtime}/")}
    assert published <= immutable
    names = sorted(path.rsplit("/", 1)[1] for path in published)
    assert names[:3] == ["pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs"], names
    assert len(names) == 4 and re.fullmatch(r"python_stdlib-[0-9a-f]{12}\.zip", names[3]), names
    assert any(re.search(r"javascripts/bundle\.[0-9a-f]{8}\.min\.js$", p) for p in immutable)
    assert any(re.search(r"stylesheets/main\.[0-9a-f]{8}\.min\.css$", p) for p in immutable)
    # Whatever keeps its address when it changes is revalidated.
    for path in immutable:
        assert path.startswith(f"assets/pyodide/{runtime}/pyodide") or path.startswith(
            f"assets/pyodide/{runtime}/python_stdlib") or re.search(r"\.[0-9a-f]{8}\.min\.", path)
    for path in ("index.html", "timing/index.html", "en/planner/index.html", "checklist.json",
                 "assets/planner/worker.mjs", "assets/planner/planner.js", "sitemap.xml"):
        assert headers_for(rules, f"/{path}")["Cache-Control"] == "no-cache", path
    assert headers_for(rules, "/timing/")["Cache-Control"] == "no-cache"
    assert headers_for(rules, "/")["Cache-Control"] == "no-cache"


def test_policy_headers_on_every_path(built_site: Path) -> None:
    rules = _rules(built_site)
    for path in [*_published(built_site), "no/such/page/"]:
        headers = headers_for(rules, f"/{path}")
        policy = headers["Content-Security-Policy"]
        for directive in ("default-src 'self'", "worker-src 'self'", "connect-src 'self'",
                          "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
                          "object-src 'none'"):
            assert directive in policy, (path, directive)
        assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
        assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "clipboard-write" not in headers["Permissions-Policy"]  # copy buttons


def test_header_policy_names_every_inline_script_and_matches_the_meta(built_site: Path) -> None:
    header = headers_for(_rules(built_site), "/")["Content-Security-Policy"]
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for body in re.findall(r"<script>(.*?)</script>", html, re.DOTALL):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in header, page
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        # Same policy, without what a <meta> cannot carry, and the page's own hashes only.
        strip = re.compile(r" 'sha256-[^']+'")
        expected = strip.sub("", header).replace("; frame-ancestors 'none'", "")
        assert strip.sub("", meta.group(1)) == expected, page


def test_content_types_hosts_must_not_guess(built_site: Path) -> None:
    rules = _rules(built_site)
    runtime = "/assets/pyodide/" + next((built_site / "assets" / "pyodide").iterdir()).name
    stdlib = next((built_site / runtime.lstrip("/")).glob("python_stdlib-*.zip")).name
    assert headers_for(rules, f"{runtime}/pyodide.asm.wasm")["Content-Type"] == "application/wasm"
    assert headers_for(rules, f"{runtime}/pyodide.mjs")["Content-Type"].startswith(
        "text/javascript")
    assert headers_for(rules, "/assets/planner/worker.mjs")["Content-Type"].startswith(
        "text/javascript")
    assert headers_for(rules, f"{runtime}/{stdlib}")["Content-Type"] == "application/zip"


def test_within_cloudflare_pages_limits(built_site: Path) -> None:
    text = (built_site / "_headers").read_text(encoding="utf-8")
    assert len(_rules(built_site)) <= 100
    assert max(len(line) for line in text.splitlines()) <= 2000


# --- the preview applies it -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["", "timing/", "en/planner/", "assets/planner/worker.mjs", "checklist.json"]
)
def test_preview_sends_what_headers_says(built_site: Path, preview: LocalServer, path: str) -> None:
    status, headers, _ = _get(preview.url(path))
    assert status == 200
    expected = headers_for(_rules(built_site), f"/{path}")
    assert expected and {name: headers[name] for name in expected} == expected


def test_preview_sends_the_precompressed_runtime_when_asked(
    built_site: Path, preview: LocalServer
) -> None:
    runtime = next((built_site / "assets" / "pyodide").iterdir())
    url = preview.url(f"assets/pyodide/{runtime.name}/pyodide.asm.wasm")
    original = (runtime / "pyodide.asm.wasm").read_bytes()
    # What a host that serves precompressed files sends: the build's .br, then its .gz.
    status, headers, body = _get(url, **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert body == (runtime / "pyodide.asm.wasm.br").read_bytes()
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Cache-Control"] == IMMUTABLE and headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(body) < len(original) / 3
    status, headers, body = _get(url, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert body == (runtime / "pyodide.asm.wasm.gz").read_bytes()
    assert gzip.decompress(body) == original
    status, headers, body = _get(url, **{"Accept-Encoding": "identity"})
    assert status == 200 and "Content-Encoding" not in headers and body == original
    status, headers, body = _get(url, **{"Accept-Encoding": "gzip;q=0, br;q=0"})
    assert "Content-Encoding" not in headers
    # The stdlib zip's entries are stored: the transport compresses the whole file.
    (stdlib,) = runtime.glob("python_stdlib-*.zip")
    status, headers, body = _get(preview.url(f"assets/pyodide/{runtime.name}/{stdlib.name}"),
                                 **{"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br" and len(body) < stdlib.stat().st_size / 3


def test_preview_revalidation_redirects_and_not_found(preview: LocalServer) -> None:
    status, headers, _ = _get(preview.url("timing/"), **{"Accept-Encoding": "gzip"})
    assert headers["Cache-Control"] == "no-cache" and "ETag" in headers
    status, again, body = _get(preview.url("timing/"), **{
        "Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert status == 304 and body == b"" and again["Cache-Control"] == "no-cache"

    request = urllib.request.Request(preview.url("timing"), method="HEAD")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request)
    assert redirect.value.code == 301 and redirect.value.headers["Location"] == "/timing/"

    status, headers, body = _get(preview.url("no/such/page/"))
    assert status == 404 and b"<html" in body and "Content-Security-Policy" in headers
    assert _get(preview.url("_headers"))[0] == 404
    assert _get(preview.url("assets/../../../../etc/passwd"))[0] == 404


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
