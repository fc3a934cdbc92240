"""Fixtures of the browser tests: a fresh browser context per test, recording requests.
The browser itself and the static server live in tests/conftest.py (the i18n tests use them too).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.conftest import SiteServer


@pytest.fixture
def context(browser: Browser, site_server: SiteServer) -> Iterator[BrowserContext]:
    site_server.block()
    context = browser.new_context(accept_downloads=True, locale="fr-FR")
    context.requests = []  # type: ignore[attr-defined]
    context.on("request", lambda request: context.requests.append(request.url))  # type: ignore[attr-defined]
    yield context
    context.close()
    site_server.block()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
