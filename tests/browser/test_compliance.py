"""Compliance in the browser without JavaScript, on the demo data, with axe on every page: the contract
manager finds the CRCs at a glance on the home page, opens the overview, a CRC, one of its prisons and
the cases behind a month (case references, never names); the CRC manager sees their own CRC."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_the_contract_manager_reads_compliance_down_to_the_cases(new_page: Any, demo: None) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, "samuel.adeyemi", name="compliance-cm-sign-in")
    expect(page.get_by_role("heading", name=re.compile("CRCs at a glance, weakest first"))).to_be_visible()
    page.get_by_role("link", name="Compliance of every CRC you can see").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance with the specification")
    expect(page.get_by_role("heading", name="Non-resettlement prisons", exact=True)).to_be_visible()
    check_page(page, "compliance-overview")

    page.get_by_role("link", name="Merseyside CRC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance: Merseyside CRC")
    expect(page.locator("svg.ttg-chart")).to_have_count(19)  # every CRC figure (rules.CRC_FIGURES)
    check_page(page, "compliance-crc")

    page.get_by_role("link", name="HMP Altcourse").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance: HMP Altcourse")
    check_page(page, "compliance-prison")

    page.goto("/compliance/prisons/ACI/bcst1/2019-08/")
    expect(page.get_by_text("People are shown by their case reference.")).to_be_visible()
    expect(page.get_by_text("A1111AA")).to_have_count(0)
    check_page(page, "compliance-cases")

    page.context.clear_cookies()
    sign_in(page, "helen.price", name="compliance-crc-sign-in")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Compliance").click()
    expect(page.get_by_role("link", name="Merseyside CRC")).to_be_visible()
    expect(page.get_by_role("link", name="Cheshire and Greater Manchester CRC")).to_have_count(0)
