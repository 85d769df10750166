"""The estate's pages in the browser, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_partner_caseworker_reads_the_estate(page: Any) -> None:
    sign_in(page, "aisha.begum")
    page.get_by_role("link", name="Prisons").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prisons")
    check_page(page, "estate-prisons")
    page.get_by_role("link", name="HMP Altcourse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HMP Altcourse")
    check_page(page, "estate-prison")
    page.goto("/estate/crcs/")
    check_page(page, "estate-crcs")
    page.goto("/estate/organisations/")
    page.get_by_label("Specialism").select_option(label="Any")
    page.get_by_role("button", name="Apply filter").click()
    check_page(page, "estate-organisations")
