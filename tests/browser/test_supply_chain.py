"""The supply-chain register in the browser, with axe: the register, a contract, and the forms."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_crc_manager_reads_the_register_and_adds_a_contract_and_a_service(page: Any) -> None:
    sign_in(page, "helen.price", name="supply-sign-in")
    page.get_by_role("link", name="Supply chain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supply-chain register")
    check_page(page, "supply-chain-register")
    page.get_by_label("All, with history").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("31 March 2019")).to_be_visible()
    page.get_by_role("link", name="MCRC-2019-004").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Women's resettlement support")
    check_page(page, "supply-chain-contract")

    page.goto("/supply-chain/")
    page.get_by_role("link", name="Add a supply-chain contract").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "supply-chain-contract-form-errors")
    page.get_by_label("Organisation").select_option(label="Gateway Housing Trust")
    page.get_by_label("Contract reference").fill("MCRC-2019-031")
    page.get_by_label("Contract title").fill("Move-on accommodation")
    page.locator("#id_starts_on_0").fill("1")
    page.locator("#id_starts_on_1").fill("9")
    page.locator("#id_starts_on_2").fill("2019")
    page.get_by_label("Contract value (optional)").fill("12500")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the contract before adding it")
    check_page(page, "supply-chain-contract-check")
    page.get_by_role("button", name="Add the contract").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move-on accommodation")

    page.get_by_role("button", name="Add a service").click()
    page.get_by_label("Pathway").select_option(label="Accommodation")
    page.get_by_label("Prison").select_option(label="HMP Liverpool")
    page.get_by_role("button", name="Add the service").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "supply-chain-service-form-errors")
    page.locator("#id_since_0").fill("1")
    page.locator("#id_since_1").fill("9")
    page.locator("#id_since_2").fill("2019")
    page.get_by_role("button", name="Add the service").click()
    expect(page.get_by_text("Service added to the register")).to_be_visible()
    page.get_by_role("link", name="End Accommodation at HMP Liverpool").click()
    check_page(page, "supply-chain-service-end")
