"""Market stewardship in the browser without JavaScript, with axe on every page: the contract manager
reads the figures for the CRCs they manage, one CRC and one prison, and sets a benchmark through its
check-answers page (an error first). The CRC manager's view is in ttg/stewardship/tests/test_figures.py."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_stewardship_without_javascript(new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, "samuel.adeyemi", name="stewardship-cm-sign-in")
    page.get_by_role("link", name="Stewardship", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Market stewardship")
    expect(page.get_by_role("heading", name="Coverage gaps")).to_be_visible()
    check_page(page, "stewardship-national")
    page.get_by_role("link", name="Merseyside CRC").first.click()
    expect(page.get_by_role("heading", name="Shares against the benchmarks")).to_be_visible()
    check_page(page, "stewardship-crc")
    page.get_by_role("button", name="Set a benchmark").click()
    page.get_by_label("Benchmark", exact=True).fill("140")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "stewardship-benchmark-errors")
    page.get_by_label("Share of spend reaching specialist organisations").check()
    page.get_by_label("Benchmark", exact=True).fill("30")
    page.get_by_label("What is it based on?").fill("Last year's share")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the benchmark before you set it")
    check_page(page, "stewardship-benchmark-check")
    page.get_by_role("button", name="Set the benchmark").click()
    expect(page.get_by_text("Benchmark set: 30% for Merseyside CRC")).to_be_visible()
    expect(page.get_by_role("cell", name="Last year's share")).to_be_visible()
    page.goto("/stewardship/prison/LPI/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Market stewardship: HMP Liverpool")
    check_page(page, "stewardship-prison")
