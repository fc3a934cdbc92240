"""Screenshots of the planner for a person to look at (not a test: nothing here can tell a good
page from a bad one). The first screen, the plan and the page-not-found page, in French and
English, on a desktop and a phone, in both colour schemes:

    .venv/bin/mkdocs build --strict -d /tmp/site
    .venv/bin/python -m tests.browser.screenshots /tmp/site /tmp/shots
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.planner_page import (
    PLANNER,
    fill_answers,
    wait_for_idle,
    wait_for_plan,
    wait_for_python,
)
from tests.conftest import CHROMIUM_ARGS, ROOT, SiteServer

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ANSWERS = json.loads((ROOT / "tests/scenarios/11-overdue-invoices.json").read_text())["answers"]


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = SiteServer(site)
    server.thread.start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=CHROMIUM_ARGS)
        for name, viewport in VIEWPORTS.items():
            for scheme in ("light", "dark"):
                for lang, path in PLANNER.items():
                    context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                                  is_mobile=name == "phone",
                                                  has_touch=name == "phone",
                                                  service_workers="block")
                    page = context.new_page()
                    page.goto(server.url(path))
                    wait_for_python(page)
                    shot = f"{name}-{scheme}-{lang}"
                    page.screenshot(path=str(out / f"{shot}-first.png"))
                    fill_answers(page, ANSWERS)
                    wait_for_plan(page)
                    wait_for_idle(page)
                    page.locator("#fdm-plan-heading").scroll_into_view_if_needed()
                    page.screenshot(path=str(out / f"{shot}-plan.png"))
                    missing = server.url(path.replace("planner/", "nowhere/"))
                    page.route(missing, lambda route: route.fulfill(
                        status=404, body=(site / "404.html").read_bytes(),
                        content_type="text/html; charset=utf-8"))
                    page.goto(missing)
                    page.screenshot(path=str(out / f"{shot}-404.png"))
                    context.close()
        browser.close()
    server.httpd.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
