"""Fixtures of the publishing tests: the preview server (tools/preview.py) on the built site,
and a second local server on another loopback port that plays "another origin"."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tools.preview import make_server


class LocalServer:
    def __init__(self, server: http.server.ThreadingHTTPServer) -> None:
        self.httpd = server
        self.origin = f"http://127.0.0.1:{server.server_address[1]}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def preview(built_site: Path) -> Iterator[LocalServer]:
    server = LocalServer(make_server(built_site, port=0, quiet=True))
    yield server
    server.close()


class _OtherOriginHandler(http.server.BaseHTTPRequestHandler):
    """Records every request; answers with a permissive script, or a page that frames
    `?frame=URL`."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if self.path.startswith("/frame?url="):
            target = self.path.removeprefix("/frame?url=")
            body = f'<!doctype html><title>framer</title><iframe src="{target}"></iframe>'
            content_type = "text/html; charset=utf-8"
        else:
            body, content_type = "export const leaked = true;\n", "text/javascript"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def other_origin() -> Iterator[LocalServer]:
    server = LocalServer(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OtherOriginHandler))
    server.requests = _OtherOriginHandler.requests  # type: ignore[attr-defined]
    yield server
    server.close()
