"""Serve a built site the way Netlify or Cloudflare Pages would: `make preview`.

`mkdocs serve` rebuilds on every edit but cannot send HTTP headers, so it cannot show what a
reader of the published site gets. This server (standard library only) serves the output of
`mkdocs build` and applies the `_headers` file the build wrote (hooks/http_headers.py): the
Content-Security-Policy that also governs the planner's worker, the other security headers,
the cache rules and content types. Like those hosts it answers `/page` with a redirect to
`/page/`, serves `404.html` for unknown paths and never serves `_headers` itself. Text,
WebAssembly and the stdlib zip go out compressed when the browser accepts it, as a host that
serves precompressed files sends them: the `name.br` (brotli) or `name.gz` the build wrote
next to the file (checklist/authoring/precompress.py), else gzip made here once and kept.

    python -m tools.preview [--bind 127.0.0.1] [--port 8000] [SITE_DIR]
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import http.server
import mimetypes
import posixpath
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

HEADERS_FILE = "_headers"

# --- The `_headers` file (Netlify and Cloudflare Pages syntax) ------------------------------


@dataclass
class Rule:
    """One block of `_headers`: a URL pattern and the headers it sets (or detaches)."""

    pattern: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    detach: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        host, path = None, self.pattern
        if path.startswith(("https://", "http://")):
            parts = urlsplit(path)
            host, path = parts.hostname, parts.path or "/"
        self._host = host
        regex = ""
        for piece in re.split(r"(\*|:[A-Za-z_]\w*)", path):
            if piece == "*":
                regex += ".*"
            elif piece.startswith(":") and len(piece) > 1:
                regex += "[^/]+"
            else:
                regex += re.escape(piece)
        self._regex = re.compile(regex)

    def matches(self, path: str, host: str | None = None) -> bool:
        if self._host is not None and self._host != host:
            return False
        return self._regex.fullmatch(path) is not None


class HeadersSyntaxError(ValueError):
    pass


def parse_headers(text: str) -> list[Rule]:
    """Read `_headers`: a URL pattern at the start of a line, then indented `Name: value`
    lines (or `! Name` to detach a header set by an earlier rule); `#` starts a comment."""
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append(Rule(line))
            continue
        if not rules:
            raise HeadersSyntaxError(f"line {number}: header before any URL pattern")
        if line.startswith("!"):
            rules[-1].detach.append(line[1:].strip())
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise HeadersSyntaxError(f"line {number}: expected 'Name: value', got {line!r}")
        rules[-1].headers.append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[Rule], path: str, host: str | None = None) -> dict[str, str]:
    """The headers for one request path: every matching rule, in file order; a header set by
    several rules gets their values joined with ', ' (Cloudflare Pages' documented rule; the
    generated file never relies on it), and `! Name` removes what earlier rules set."""
    found: dict[str, tuple[str, str]] = {}  # lower-case name -> (name, value)
    for rule in rules:
        if not rule.matches(path, host):
            continue
        for name in rule.detach:
            found.pop(name.lower(), None)
        for name, value in rule.headers:
            key = name.lower()
            if key in found:
                found[key] = (found[key][0], f"{found[key][1]}, {value}")
            else:
                found[key] = (name, value)
    return dict(found.values())


# --- Serving --------------------------------------------------------------------------------

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    # A precompressed copy asked for by name is a file like any other (never sent with a
    # Content-Encoding, never compressed again).
    ".gz": "application/gzip",
    ".br": "application/octet-stream",
}
_COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|javascript|wasm|xml|zip)|image/svg\+xml)", re.IGNORECASE
)
_MIN_COMPRESS = 1024


def guess_type(path: Path) -> str:
    return _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or (
        "application/octet-stream"
    )


def accepts(header: str | None, coding: str) -> bool:
    """Whether an Accept-Encoding header accepts `coding` (`*` counts, `;q=0` refuses)."""
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in {coding, "*"}:
            quality = re.search(r"q\s*=\s*([0-9.]+)", params)
            return not quality or float(quality.group(1)) > 0
    return False


def accepts_gzip(header: str | None) -> bool:
    return accepts(header, "gzip")


def precompressed(path: Path, coding: str) -> Path | None:
    """The `name.br` / `name.gz` the build wrote beside a file, unless older than it."""
    sibling = path.with_name(f"{path.name}.{coding}")
    if sibling.is_file() and sibling.stat().st_mtime_ns >= path.stat().st_mtime_ns:
        return sibling
    return None


class _Compressed:
    """gzip bodies, made once per file version and kept in memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, int, int], bytes] = {}

    def get(self, path: Path) -> bytes:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            body = self._bodies.get(key)
            if body is None:
                sibling = precompressed(path, "gz")
                if sibling is not None:
                    body = sibling.read_bytes()
                else:
                    body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
                self._bodies[key] = body
            return body


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fin-de-mission-preview"
    # Set by make_server.
    root: Path
    rules: list[Rule]
    compressed: _Compressed
    quiet = False

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def _resolve(self, path: str) -> tuple[int, Path | None, str | None]:
        """(status, file, redirect location) for a URL path, as the hosts resolve it."""
        clean = posixpath.normpath(unquote(path))
        if clean.startswith("..") or "\x00" in clean:
            return 404, None, None
        relative = clean.lstrip("/")
        target = (self.root / relative).resolve() if relative not in {"", "."} else self.root
        if not target.is_relative_to(self.root) or target.name == HEADERS_FILE:
            return 404, None, None
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return 200, target, None
        return 404, None, None

    def _respond(self, *, send_body: bool) -> None:
        url = urlsplit(self.path)
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0] or None
        status, file, location = self._resolve(url.path)
        headers = headers_for(self.rules, url.path, host)
        if status == 301 and location is not None:
            location = location + (f"?{url.query}" if url.query else "")
            self._send(301, {**headers, "Location": location}, b"", send_body)
            return
        if file is None:
            not_found = self.root / "404.html"
            body = not_found.read_bytes() if not_found.is_file() else b"Not found\n"
            headers.setdefault("Content-Type", "text/html; charset=utf-8")
            self._send(404, headers, body, send_body)
            return
        stat = file.stat()
        content_type = headers.setdefault("Content-Type", guess_type(file))
        encoding = None
        if _COMPRESSIBLE.match(content_type) and stat.st_size >= _MIN_COMPRESS:
            headers["Vary"] = "Accept-Encoding"
            accepted = self.headers.get("Accept-Encoding")
            if accepts(accepted, "br") and precompressed(file, "br"):
                encoding = "br"
            elif accepts(accepted, "gzip"):
                encoding = "gzip"
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{f"-{encoding}" if encoding else ""}"'
        headers["ETag"] = etag
        headers["Last-Modified"] = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if etag in _etags(self.headers.get("If-None-Match")):
            self._send(304, headers, b"", send_body=False, length=False)
            return
        if encoding == "br":
            headers["Content-Encoding"] = encoding
            body = (precompressed(file, "br") or file).read_bytes()
        elif encoding == "gzip":
            headers["Content-Encoding"] = encoding
            body = self.compressed.get(file)
        else:
            body = file.read_bytes()
        self._send(200, headers, body, send_body)

    def _send(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        send_body: bool,
        *,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)


def _etags(header: str | None) -> Iterator[str]:
    for tag in (header or "").split(","):
        tag = tag.strip()
        yield tag[2:] if tag.startswith("W/") else tag


def make_server(
    site_dir: Path, *, bind: str = "127.0.0.1", port: int = 8000, quiet: bool = False
) -> http.server.ThreadingHTTPServer:
    """A server for a built site; raises FileNotFoundError when the site has no `_headers`."""
    root = Path(site_dir).resolve()
    rules = parse_headers((root / HEADERS_FILE).read_text(encoding="utf-8"))
    handler = type(
        "SiteHandler",
        (PreviewHandler,),
        {"root": root, "rules": rules, "compressed": _Compressed(), "quiet": quiet},
    )
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.preview", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("site_dir", nargs="?", default="site", type=Path)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        server = make_server(args.site_dir, bind=args.bind, port=args.port)
    except FileNotFoundError:
        print(f"preview: no {args.site_dir / HEADERS_FILE}: build the site first (make build)",
              file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    print(f"Serving {args.site_dir}/ with its {HEADERS_FILE} at http://{host}:{port}/ "
          "(Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
