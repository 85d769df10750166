"""The estate's pages in the browser, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_partner_caseworker_reads_the_estate(page: Any) -> None:
    sign_in(page, "aisha.begum")
    page.get_by_role("link", name="Estate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prisons")
    check_page(page, "estate-prisons")
    page.get_by_role("link", name="HMP Altcourse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HMP Altcourse")
    check_page(page, "estate-prison")
    page.get_by_role("link", name="Estate").click()
    page.get_by_role("link", name="CRCs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community rehabilitation companies (CRCs)")
    check_page(page, "estate-crcs")
    page.get_by_role("link", name="NPS divisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Probation Service (NPS) divisions")
    expect(page.get_by_role("link", name="NPS divisions")).to_have_attribute("aria-current", "page")
    check_page(page, "estate-nps-divisions")
    page.get_by_role("link", name="Organisations").click()
    page.get_by_label("Specialism").select_option(label="Any")
    page.get_by_role("button", name="Apply filter").click()
    check_page(page, "estate-organisations")
