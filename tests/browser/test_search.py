"""Site search in a real browser: each language finds its own pages only, French without
caring for accents (hooks/search_per_language.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.conftest import SiteServer

pytestmark = pytest.mark.browser


def _search(page: Page, site_server: SiteServer, path: str, query: str) -> list[str]:
    """The addresses of the results (relative to the site) for `query` typed on `path`."""
    page.goto(site_server.url(path))
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    links = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(link => link.href)"
    )
    return [link.removeprefix(site_server.origin + "/") for link in links]


def test_english_search_lists_english_pages_only(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    failed: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    results = _search(page, site_server, "en/timing/", "portage")
    assert results and all(link.startswith("en/") for link in results), results
    assert failed == []
    requests = context.requests  # type: ignore[attr-defined]
    assert site_server.url("en/search/search_index.json") in requests
    assert site_server.url("search/search_index.json") not in requests


@pytest.mark.parametrize("query", ["penalites", "pénalités", "PENALITES"])
def test_french_search_ignores_accents(page: Page, site_server: SiteServer, query: str) -> None:
    results = _search(page, site_server, "", query)
    assert results[0].startswith("getting-paid/"), results
    assert not any(link.startswith("en/") for link in results), results


def test_french_search_lists_french_pages_only(page: Page, site_server: SiteServer) -> None:
    results = _search(page, site_server, "timing/", "mise en demeure")
    assert results and not any(link.startswith("en/") for link in results), results


def test_the_index_loads_on_first_use_only(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    """A guide page does not download the search index (its largest file) until the reader
    goes to search; the keyboard shortcut is enough, and search then works."""
    index = site_server.url("en/search/search_index.json")
    page.goto(site_server.url("en/timing/"))
    page.wait_for_load_state("networkidle")  # nothing in flight for 500 ms: all loading done
    requests = context.requests  # type: ignore[attr-defined]
    assert index not in requests
    page.keyboard.press("/")
    page.keyboard.type("portage", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    assert index in requests


def test_a_page_opened_from_a_result_highlights_at_once(
    context: BrowserContext, page: Page, site_server: SiteServer
) -> None:
    page.goto(site_server.url("en/timing/?h=notice"))
    page.locator("mark[data-md-highlight]").first.wait_for()
    assert site_server.url("en/search/search_index.json") in context.requests  # type: ignore[attr-defined]
