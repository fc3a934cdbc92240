"""Guide pages in a real browser: no failed or foreign request, no Python, and the language
switcher leads to the same page in the other language."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.conftest import SiteServer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["", "timing/", "en/getting-paid/", "en/templates/"])
def test_guide_page_loads_cleanly_without_python(
    context: BrowserContext, page: Page, site_server: SiteServer, path: str
) -> None:
    failed: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(site_server.url(path))
    page.wait_for_load_state("networkidle")
    requests = context.requests  # type: ignore[attr-defined]
    assert failed == []
    assert all(url.startswith(site_server.origin) for url in requests)
    # No Python: of the planner, only its storage module (ticks) and the pure helpers it uses.
    assert not any("pyodide" in url or "/planner/worker.mjs" in url for url in requests), requests
    planner = {url.rsplit("/", 1)[1] for url in requests if "/assets/planner/" in url}
    assert planner <= {"storage.mjs", "logic.mjs"}, planner


def test_language_switcher_keeps_the_page(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url("timing/"))
    page.locator(".md-select__link[hreflang='en']").dispatch_event("click")
    page.wait_for_url(site_server.url("en/timing/"))
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".md-select__link[hreflang='fr']").dispatch_event("click")
    page.wait_for_url(site_server.url("timing/"))
    assert page.evaluate("document.documentElement.lang") == "fr"
