"""In chromium, against the preview server (what Netlify or Cloudflare Pages would send): the
planner's worker is held by the header CSP, no page breaks its own policy, framing is refused,
and the runtime arrives compressed and cached for good while pages are revalidated."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Worker

from tests.browser.planner_page import fill_answers, wait_for_plan, wait_for_state
from tests.conftest import ROOT, SiteServer
from tests.publishing.conftest import LocalServer

pytestmark = pytest.mark.browser

IMMUTABLE = "public, max-age=31536000, immutable"
# Collects violations of the page's policy (init scripts are not subject to it).
_WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(_WATCH)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def _planner_worker(page: Page, server_origin: str) -> Worker:
    page.goto(f"{server_origin}/planner/")
    # Python answered (an empty form is "invalid" until the required answers are given).
    assert wait_for_state(page, "ready", "invalid", "failed") != "failed", page.inner_text(
        "#fdm-status")
    return next(w for w in page.workers if w.url.endswith("/worker.mjs"))


def _probe_from_worker(worker: Worker, other: LocalServer) -> dict[str, str | list[str]]:
    """Inside the worker: request and import from another origin, and eval a string (deferred,
    so that it runs as the worker's own code and not as the test's evaluation). The request
    goes through XMLHttpRequest (same `connect-src` rule as fetch): the worker wraps fetch to
    report the runtime's download, and a failed fetch there restarts the engine."""
    return worker.evaluate(
        """async (other) => {
          const violations = [];
          self.addEventListener('securitypolicyviolation',
            (e) => violations.push(e.violatedDirective));
          const outcome = async (promise) => {
            try { await promise; return 'allowed'; } catch (e) { return e.name; }
          };
          const fetched = await outcome(new Promise((resolve, reject) => {
            const request = new XMLHttpRequest();
            request.onload = resolve;
            request.onerror = () => reject(new TypeError('blocked'));
            request.open('GET', other + '/fetch');
            request.send();
          }));
          const imported = await outcome(import(other + '/import.mjs'));
          const evaluated = await new Promise((resolve) => setTimeout(() => {
            try { eval('1 + 1'); resolve('allowed'); } catch (e) { resolve(e.name); }
          }, 0));
          await new Promise((resolve) => setTimeout(resolve, 100));
          return { fetched, imported, evaluated, violations };
        }""",
        other.origin,
    )


def test_the_worker_cannot_reach_another_origin_or_eval(
    page: Page, preview: LocalServer, other_origin: LocalServer
) -> None:
    other_origin.requests.clear()  # type: ignore[attr-defined]
    worker = _planner_worker(page, preview.origin)
    result = _probe_from_worker(worker, other_origin)
    assert result["fetched"] == "TypeError" and result["imported"] == "TypeError"
    assert result["evaluated"] == "EvalError"
    assert sorted(result["violations"]) == ["connect-src", "script-src", "script-src-elem"]
    assert other_origin.requests == []  # type: ignore[attr-defined]
    # The planner still works under that policy.
    assert page.evaluate("window.__violations") == []


def test_without_headers_the_meta_policy_does_not_hold_the_worker(
    page: Page, site_server: SiteServer, other_origin: LocalServer
) -> None:
    """What GitHub Pages gives (files only, no headers): the README says so."""
    site_server.block()
    other_origin.requests.clear()  # type: ignore[attr-defined]
    worker = _planner_worker(page, site_server.origin)
    result = _probe_from_worker(worker, other_origin)
    assert result["fetched"] == "allowed"
    assert "/fetch" in other_origin.requests  # type: ignore[attr-defined]


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
    )


def test_no_page_breaks_its_policy(page: Page, preview: LocalServer, built_site: Path) -> None:
    console: list[str] = []
    page.on("console", lambda m: m.type in {"error", "warning"} and console.append(m.text))
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    paths = _pages(built_site)
    assert len(paths) > 20
    for path in paths:
        page.goto(preview.url(path))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    # Search (Material's worker) and the palette toggle, on one page of each language.
    for path in ("timing/", "en/timing/"):
        page.goto(preview.url(path))
        page.keyboard.press("/")
        page.keyboard.type("mission")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.locator("label.md-header__button[for^='__palette']").first.dispatch_event("click")
        assert page.evaluate("window.__violations") == [], path
    assert not [t for t in console if "Content Security Policy" in t or "Permissions" in t]
    assert failed == []


def test_a_plan_is_made_and_shown_under_the_policy(page: Page, preview: LocalServer) -> None:
    scenario = sorted((ROOT / "tests" / "scenarios").glob("*.json"))[0]
    _planner_worker(page, preview.origin)
    fill_answers(page, json.loads(scenario.read_text(encoding="utf-8"))["answers"])
    assert wait_for_plan(page)
    assert page.evaluate("window.__violations") == []


def test_pages_refuse_to_be_framed(
    page: Page, preview: LocalServer, other_origin: LocalServer
) -> None:
    for framed in (preview.url("timing/"), preview.url("planner/")):
        page.goto(other_origin.url(f"frame?url={framed}"))
        page.wait_for_load_state("load")
        deadline = time.monotonic() + 5
        child = page.frames[1]
        while child.url == "about:blank" and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert child.url != framed, "the page was shown inside another site's frame"
        assert "md-content" not in child.content()


def test_the_browser_gets_a_compressed_immutable_runtime_and_fresh_pages(
    page: Page, preview: LocalServer
) -> None:
    responses = []
    page.context.on("response", lambda r: responses.append(r))  # the worker's requests too
    _planner_worker(page, preview.origin)
    seen = {r.url.removeprefix(preview.origin): r for r in responses}
    wasm = next(r for url, r in seen.items() if url.endswith("/pyodide.asm.wasm"))
    headers = wasm.all_headers()
    assert headers["cache-control"] == IMMUTABLE
    assert headers["content-encoding"] == "br"  # the build's precompressed copy
    assert headers["content-type"] == "application/wasm"
    module = next(r for url, r in seen.items() if url.endswith("/pyodide.asm.mjs"))
    assert module.all_headers()["content-encoding"] == "br"
    assert module.all_headers()["cache-control"] == IMMUTABLE
    html = seen["/planner/"].all_headers()
    assert "immutable" not in html["cache-control"] and html["cache-control"] == "no-cache"
    assert "frame-ancestors 'none'" in html["content-security-policy"]


def test_the_stdlib_zip_travels_compressed_whatever_the_host(
    page: Page, preview: LocalServer, site_server: SiteServer, built_site: Path
) -> None:
    """Its entries are stored: a host that compresses it (or sends the build's .br, as the
    preview does) sends 0.6 MB; a host that sends it as it is (the test server here, like
    GitHub Pages or Cloudflare Pages for application/zip) gets the build's gzip copy read
    instead, inflated by the worker, and the plan is the same."""
    (stdlib,) = built_site.glob("assets/pyodide/*/python_stdlib-*.zip")
    size = stdlib.stat().st_size
    scenario = sorted((ROOT / "tests" / "scenarios").glob("*.json"))[0]
    answers = json.loads(scenario.read_text(encoding="utf-8"))["answers"]
    plans = []
    for origin in (preview.origin, site_server.origin):
        received: dict[str, tuple[str | None, int]] = {}

        def keep(response, received=received) -> None:  # type: ignore[no-untyped-def]
            # The worker's own requests (the service worker keeps the gzip copy later).
            if ("/python_stdlib-" in response.url and response.ok
                    and response.request.service_worker is None):
                headers = response.all_headers()
                received[response.url.rsplit("/", 1)[1]] = (
                    headers.get("content-encoding"), int(headers.get("content-length", 0)))

        page.context.on("response", keep)
        _planner_worker(page, origin)
        fill_answers(page, answers)
        plans.append(wait_for_plan(page))
        page.context.remove_listener("response", keep)
        if origin == preview.origin:
            assert received[stdlib.name][0] == "br" and f"{stdlib.name}.gz" not in received
        else:
            gzipped = received[f"{stdlib.name}.gz"]
            assert gzipped[1] == (stdlib.parent / f"{stdlib.name}.gz").stat().st_size < size / 3
        page.evaluate("localStorage.clear()")
    assert plans[0] == plans[1]
