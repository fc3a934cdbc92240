"""The first question decides the rest (issue 10): choosing "the client" changes the
questions and the plan; choosing back restores the freelancer's plan with nothing lost."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.planner_page import (
    PLANNER,
    fill_answers,
    shown_plan,
    wait_for_plan,
    wait_for_state,
)
from tests.conftest import ROOT, SiteServer

SUMMARY = {"fr": ("Clause de sortie anticipée", "Le client arrête"),
           "en": ("Early-termination clause", "The client is ending")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_choosing_the_client_changes_questions_and_plan_and_back(
        page: Page, site_server: SiteServer, lang: str) -> None:
    scenario = json.loads((ROOT / "tests" / "scenarios" / "04-fixed-term-early-clause.json")
                          .read_text(encoding="utf-8"))["answers"]
    page.goto(site_server.url(PLANNER[lang]))
    wait_for_state(page, "ready", "invalid")
    fill_answers(page, scenario)
    first = wait_for_plan(page)
    leaving, client_ends = SUMMARY[lang]
    assert page.inner_text("#fdm-summary").startswith(leaving)
    freelancer_plan = shown_plan(page)
    assert "tpl-notice-letter" in freelancer_plan["messages"]
    expect(page.locator("#q-client-notice-received")).to_be_hidden()
    expect(page.locator("#q-desired-last-day")).to_be_visible()

    page.check("#q-initiator input[value='client']")
    expect(page.locator("#q-client-notice-received")).to_be_visible()
    expect(page.locator("#q-desired-last-day")).to_be_hidden()
    expect(page.locator("[data-answer='reasons']")).to_be_hidden()
    page.fill("#q-client-notice-received", "2026-11-30")
    page.fill("#q-client-last-day", "2027-01-29")
    wait_for_plan(page, previous=first)
    assert client_ends in page.inner_text("#fdm-summary")
    client_plan = shown_plan(page)
    assert "tpl-ack-termination" in client_plan["messages"]
    assert "tpl-notice-letter" not in client_plan["messages"]

    page.check("#q-initiator input[value='freelancer']")
    expect(page.locator("#q-desired-last-day")).to_have_value(scenario["desired_last_day"])
    wait_for_plan(page)
    assert page.inner_text("#fdm-summary").startswith(leaving)
    assert shown_plan(page) == freelancer_plan
    # The client's dates are kept for later, not lost.
    page.check("#q-initiator input[value='client']")
    expect(page.locator("#q-client-last-day")).to_have_value("2027-01-29")
