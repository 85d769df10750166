"""Finding a person, their custody record, and prison caseloads, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.people.tests.test_pages import feed, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def people(browser_personas: dict[str, Any]) -> None:
    """Three people at HMP Altcourse (served by Merseyside CRC), one at HMP Styal (not)."""
    feed(
        reception("r-1", "A1234BC", "ACI", "John", "Smith", at="2019-06-03T10:00:00+01:00", release="2019-09-26"),
        reception("r-2", "B2345CD", "ACI", "Aisha", "Khan", at="2019-07-10T10:00:00+01:00", release="2020-06-30"),
        reception("r-3", "C3456DE", "ACI", "Gareth", "Jones", at="2019-08-20T10:00:00+01:00"),
        reception("r-4", "D4567EF", "STI", "Maria", "Smith"),
        "t-1,TRANSFER,2019-06-20T08:30:00+01:00,A1234BC,,ACI,LPI,,,,,,,,,,,",
        "t-2,TRANSFER,2019-07-20T08:30:00+01:00,A1234BC,,LPI,ACI,,,,,,,,,,,",
        "s-1,SENTENCE,2019-08-12T16:00:00+01:00,A1234BC,ACI,,,,,,,,SENTENCED,DETERMINATE,2019-07-30,300,2019-09-20,",
    )


def test_caseworker_finds_a_person_and_sees_their_timeline(page: Any, people: None) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="people-sign-in")
    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")
    check_page(page, "people-search")

    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link", name="Enter a prison number or name")).to_be_visible()
    check_page(page, "people-search-error")

    page.get_by_label("Prison number or name").fill("Smith")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(page.url.split("?")[0])  # nothing typed goes into the address
    results = page.get_by_role("table")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and John Smith; not Maria Smith at Styal
    expect(results).to_contain_text("A1234BC")
    check_page(page, "people-search-results")

    results.get_by_role("link", name="John Smith").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("John Smith")
    expect(page.locator(".govuk-summary-card").first).to_contain_text("20 September 2019 (in 18 days)")
    expect(page.locator(".moj-timeline__title")).to_have_text(
        ["Release date changed", "Transferred", "Transferred", "Received into custody"]
    )
    check_page(page, "person-record")


def test_caseload_sorts_and_filters(page: Any, people: None) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="caseload-sign-in")
    page.goto("/caseloads/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseloads")
    check_page(page, "my-caseloads")

    page.get_by_role("link", name="HMP Altcourse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People in custody at HMP Altcourse (3)")
    check_page(page, "caseload")

    page.get_by_role("columnheader", name="Name").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "ascending")
    first_cells = page.locator("tbody tr td:first-child")
    expect(first_cells).to_have_text(["Jones, Gareth", "Khan, Aisha", "Smith, John"])
    check_page(page, "caseload-sorted-by-name")

    page.get_by_role("columnheader", name="Name").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "descending")
    expect(first_cells).to_have_text(["Smith, John", "Khan, Aisha", "Jones, Gareth"])

    page.get_by_label("Legal status").select_option("Sentenced")
    page.get_by_label("Release date").select_option("Within 4 weeks")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 of 3 match these filters.")).to_be_visible()
    expect(first_cells).to_have_text(["Smith, John"])
    check_page(page, "caseload-filtered")


def test_caseload_sorting_works_without_javascript(new_page: Any, people: None) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, PERSONA_USERNAMES[Role.PRISON_OFFICER], name="caseload-no-js-sign-in")
    page.goto("/prisons/ACI/caseload/")
    page.get_by_role("columnheader", name="Reception date").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Reception date")).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("tbody tr td:first-child")).to_have_text(["Smith, John", "Khan, Aisha", "Jones, Gareth"])
    check_page(page, "caseload-no-javascript")


def test_caseload_pages(page: Any, browser_personas: dict[str, Any]) -> None:
    from ttg.people.tests.test_pages import _crowd

    _crowd(60)
    sign_in(page, PERSONA_USERNAMES[Role.CRC_MANAGER], name="caseload-pages-sign-in")
    page.goto("/prisons/ACI/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People in custody at HMP Altcourse (60)")
    expect(page.locator("tbody tr")).to_have_count(50)
    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Next").click()
    expect(page.locator("tbody tr")).to_have_count(10)
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    check_page(page, "caseload-page-2")
