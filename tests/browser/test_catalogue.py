"""The specification catalogue in the browser, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(browser_personas: dict[str, Any]) -> None:
    """The data migration's content, loaded again: the test runner empties the tables between browser tests."""
    from ttg.plans.catalogue.loader import load_initial_catalogue

    load_initial_catalogue()


def test_a_caseworker_reads_the_catalogue_in_force(page: Any, catalogue: None) -> None:
    sign_in(page, PERSONA_USERNAMES["ttg_caseworker"])
    page.goto("/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The specification catalogue")
    expect(page.get_by_text("our reading of the specification's Annex A")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Enhanced Through the Gate specification")
    expect(row.get_by_text("In force today")).to_be_visible()
    check_page(page, "catalogue-list")

    page.get_by_role("link", name="Enhanced Through the Gate specification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enhanced Through the Gate specification")
    expect(page.get_by_role("heading", level=2, name="Personal, relationships and community")).to_be_visible()
    # Need areas, pathways and levels are the version's data: their descriptions are shown with them.
    expect(page.get_by_text("Health, drugs and alcohol, children and families, attitudes")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Drugs and alcohol")).to_be_visible()
    expect(page.get_by_text("For women").first).to_be_visible()
    expect(page.get_by_text("Further needs and vulnerabilities")).to_be_visible()
    guidance = page.get_by_role("row").filter(has_text="Refer to a specialist domestic abuse service")
    guidance.get_by_text("Good practice (not mandated)").click()
    expect(guidance.get_by_text("rather sleep on the street")).to_be_visible()
    check_page(page, "catalogue-version")


def test_an_administrator_reaches_the_catalogue_from_home(page: Any, catalogue: None) -> None:
    sign_in(page, PERSONA_USERNAMES["administrator"])
    page.get_by_role("link", name="The specification catalogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The specification catalogue")
    page.get_by_role("link", name="Through the Gate: the 2015 model").click()
    expect(page.get_by_role("heading", level=2, name="By pathway")).to_be_visible()
    check_page(page, "catalogue-version-2015")
