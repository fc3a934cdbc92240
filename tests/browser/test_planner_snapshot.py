"""Repeat visits start Python from a memory snapshot (docs/assets/planner/worker.mjs): taken
once the engine is imported and before any request, so it holds no answer; kept in Cache
Storage under the address of the build's stdlib zip; restored on later visits. A snapshot of
another build, or one that does not restore, means a normal start, and is replaced."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.planner_page import PLANNER, fill_answers, wait_for_plan, wait_for_state
from tests.conftest import ROOT, SiteServer

# Records what the planner's worker says (the "ready" message says how Python started).
RECORD_WORKER = """
(() => {
  const Native = window.Worker;
  window.__worker = [];
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type !== "progress") window.__worker.push(event.data);
      });
    }
  };
})();
"""
# The kept snapshot: its address, headers and size (null when there is none).
KEPT = """async () => {
  const cache = await caches.open('planner-snapshot');
  const entries = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    entries.push({ url: request.url, headers: Object.fromEntries(response.headers),
                   size: (await response.arrayBuffer()).byteLength });
  }
  return entries;
}"""
# Occurrences of a text in the kept snapshot, once inflated.
FIND = """async (text) => {
  const cache = await caches.open('planner-snapshot');
  const [request] = await cache.keys();
  const body = (await cache.match(request)).body.pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  const needle = new TextEncoder().encode(text);
  let found = 0;
  outer: for (let i = bytes.indexOf(needle[0]); i !== -1; i = bytes.indexOf(needle[0], i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    found += 1;
  }
  return { found, length: bytes.length };
}"""
# Replace the kept snapshot's body (headers kept): "garbage" is not gzip at all; "zeros" is
# valid gzip of the right length that is not a snapshot.
SPOIL = """async (how) => {
  const cache = await caches.open('planner-snapshot');
  const [request] = await cache.keys();
  const kept = await cache.match(request);
  const length = Number(kept.headers.get('X-Snapshot-Length'));
  const body = how === 'garbage'
    ? new Uint8Array(4096).fill(7)
    : await new Response(new Blob([new Uint8Array(length)]).stream()
        .pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
  await cache.put(request, new Response(body, { headers: kept.headers }));
}"""
# A snapshot kept for another build (another zip), and one for this zip whose headers name
# another runtime version.
OTHER_BUILDS = """async ([stdlib, other]) => {
  const cache = await caches.open('planner-snapshot');
  const body = await new Response(new Blob([new Uint8Array(64)]).stream()
      .pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
  const headers = (url, version) => ({ 'X-Snapshot-Pyodide': version,
      'X-Snapshot-Stdlib': url, 'X-Snapshot-Length': '64' });
  await cache.put(other + '.snapshot', new Response(body, { headers: headers(other, 'x') }));
  await cache.put(stdlib + '.snapshot', new Response(body, { headers: headers(stdlib, '0.0.1') }));
}"""

PROBE = "Zqxjvw Snapshotprobe"


def _answers() -> dict[str, Any]:
    scenario = json.loads((ROOT / "tests" / "scenarios" / "01-open-ended-direct.json")
                          .read_text(encoding="utf-8"))
    answers = scenario["answers"]
    return {**answers, "client": {**answers["client"], "name": PROBE}}


def _ready(page: Page) -> dict[str, Any]:
    ready = [m for m in page.evaluate("window.__worker") if m.get("type") == "ready"]
    assert len(ready) == 1, ready
    return dict(ready[0])


def _start(page: Page) -> str:
    """How the worker started Python: "boot" or "snapshot"."""
    return str(_ready(page)["start"])


def _kept(page: Page, seconds: float = 60) -> dict[str, Any]:
    """The snapshot once kept (the worker stores it after the first plan)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        entries = page.evaluate(KEPT)
        if entries and entries[0]["size"] > 1_000_000:
            assert len(entries) == 1, entries
            return dict(entries[0])
        page.wait_for_timeout(200)
    raise AssertionError(f"no snapshot kept: {page.evaluate(KEPT)}")


def _first_visit(context: BrowserContext, page: Page, site_server: SiteServer) -> str:
    context.add_init_script(RECORD_WORKER)
    page.goto(site_server.url(PLANNER["en"]))
    wait_for_state(page, "ready", "invalid")
    assert _start(page) == "boot"
    fill_answers(page, _answers())
    return wait_for_plan(page)


def _visit(context: BrowserContext, site_server: SiteServer) -> Page:
    again = context.new_page()
    again.goto(site_server.url(PLANNER["en"]))
    wait_for_state(again, "ready", "invalid")
    return again


def test_a_repeat_visit_starts_from_a_snapshot_that_holds_no_answer(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    plan = _first_visit(context, page, site_server)
    assert PROBE in page.evaluate("localStorage.getItem('fin-de-mission')")  # sent to Python
    kept = _kept(page)
    stdlib = page.evaluate("new URL(JSON.parse(document.getElementById('fdm-data').textContent)"
                           ".stdlib, new URL('/assets/pyodide/', location.href)).pathname")
    assert kept["url"].endswith(".snapshot") and "/python_stdlib-" in kept["url"]
    assert kept["headers"]["x-snapshot-stdlib"] == kept["url"].removesuffix(".snapshot")
    assert kept["headers"]["x-snapshot-pyodide"] == _ready(page)["pyodide"]
    assert stdlib.rsplit("/", 1)[1] in kept["url"]
    # Taken before the first request: the name the reader typed is nowhere in it
    # (tests/engine/test_parity.py shows a snapshot taken after a request would hold it).
    found = page.evaluate(FIND, "Snapshotprobe")
    assert found["found"] == 0 and found["length"] == int(kept["headers"]["x-snapshot-length"])
    assert page.evaluate(FIND, "open_ended")["found"] > 0  # the engine is in it

    again = _visit(context, site_server)
    assert _start(again) == "snapshot"
    assert wait_for_plan(again) == plan
    # The restored Python answers edits as the first did.
    again.fill("#q-contract-notice", "45")
    assert wait_for_plan(again, previous=plan) != plan


def test_a_snapshot_of_another_build_is_dropped_and_python_starts_normally(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    context.add_init_script(RECORD_WORKER)
    page.goto(site_server.url(PLANNER["en"]))
    stdlib = page.evaluate(
        """() => { const data = JSON.parse(document.getElementById('fdm-data').textContent);
                   return new URL(data.stdlib, new URL(data.pyodide, location.href)).href; }""")
    other = stdlib.replace("python_stdlib-", "python_stdlib-0")
    page.evaluate(OTHER_BUILDS, [stdlib, other])
    again = _visit(context, site_server)
    assert _start(again) == "boot"
    fill_answers(again, _answers())
    wait_for_plan(again)
    kept = _kept(again)
    assert kept["url"] == stdlib + ".snapshot"  # the other build's is gone
    assert kept["headers"]["x-snapshot-pyodide"] != "0.0.1"
    assert _start(_visit(context, site_server)) == "snapshot"


@pytest.mark.parametrize("how", ["garbage", "zeros"])
def test_a_snapshot_that_does_not_restore_means_a_normal_start(
    context: BrowserContext, page: Page, site_server: SiteServer, how: str
) -> None:
    plan = _first_visit(context, page, site_server)
    _kept(page)
    page.evaluate(SPOIL, how)
    again = _visit(context, site_server)
    assert _start(again) == "boot"
    assert wait_for_plan(again) == plan
    _kept(again)  # replaced by a good one
    assert again.evaluate(FIND, "open_ended")["found"] > 0
    assert _start(_visit(context, site_server)) == "snapshot"
