"""The test harness itself (tests/conftest.py): what several tests share must not leak from
one to another."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROFILES, SiteServer, examples


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_a_server_blocks_its_own_paths_only(tmp_path: Path) -> None:
    (tmp_path / "runtime.js").write_text("//", encoding="utf-8")
    servers = [SiteServer(tmp_path), SiteServer(tmp_path)]
    for server in servers:
        server.thread.start()
    try:
        servers[0].block("runtime")
        assert [_status(server.url("runtime.js")) for server in servers] == [404, 200]
        servers[0].block()
        assert _status(servers[0].url("runtime.js")) == 200
    finally:
        for server in servers:
            server.httpd.shutdown()
            server.httpd.server_close()


@pytest.mark.parametrize(("profile", "full", "count"), [
    ("check", 300, 15), ("check", 50, 10), ("full", 300, 300), ("fuzz", 300, 10_000),
])
def test_example_counts_follow_the_profile(monkeypatch: pytest.MonkeyPatch, profile: str,
                                           full: int, count: int) -> None:
    monkeypatch.setattr("tests.conftest.PROFILE", profile)
    assert profile in PROFILES and examples(full) == count
