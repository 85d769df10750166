"""Data protection in the browser, with axe: an administrator's subject access export, and the
accuracy dispute form on a person's record (docs/data-protection.md)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def person(browser_personas: dict[str, Any]) -> str:
    from ttg.screening.tests.test_journeys import feed, reception

    feed(reception("dp1", "A1111AA", at="2019-08-30T09:30:00+01:00", release="2019-09-20"))
    return "A1111AA"


def test_an_administrator_exports_everything_held(page: Any, person: str) -> None:
    sign_in(page, "alex.morgan")
    page.get_by_role("link", name="Data protection").click()
    check_page(page, "data-protection-find")
    page.get_by_role("button", name="Find the person").click()
    expect(page.get_by_role("link", name="Enter a prison number")).to_be_visible()
    page.get_by_label("Prison number").fill(person.lower())
    page.get_by_role("button", name="Find the person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection record")
    check_page(page, "data-protection-person")
    page.get_by_role("link", name="Place a legal hold").click()
    page.get_by_label("Why the record must be kept").fill("Claim CL-1 against HMPPS")
    check_page(page, "legal-hold-add")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.get_by_text("A legal hold is in force")).to_be_visible()
    page.get_by_role("link", name="Release").click()
    check_page(page, "legal-hold-release")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="View the export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Everything held about {person}")
    expect(page.get_by_role("heading", name="Custody periods (1)")).to_be_visible()
    check_page(page, "data-protection-export")


def test_a_caseworker_records_and_resolves_a_dispute(page: Any, person: str) -> None:
    sign_in(page, "tom.okafor")
    page.goto(f"/people/{person}/")
    page.get_by_role("link", name="Accuracy disputes").click()
    page.get_by_role("button", name="Record the dispute").click()
    expect(page.get_by_role("link", name="Select which part of the record the person says is wrong")).to_be_visible()
    check_page(page, "accuracy-disputes-errors")
    page.get_by_label("Date of birth").check()
    page.get_by_label("What the person says is wrong").fill("Born on 15 March 1985, not the 14th")
    page.get_by_role("button", name="Record the dispute").click()
    expect(page.get_by_text("Accuracy dispute recorded")).to_be_visible()
    check_page(page, "accuracy-disputes")
    page.get_by_role("link", name="Back to the custody record").click()
    expect(page.get_by_text("Accuracy disputed – Date of birth")).to_be_visible()
    check_page(page, "person-accuracy-disputed")
    page.get_by_role("link", name="Accuracy disputes").click()
    page.get_by_role("link", name="Resolve").click()
    check_page(page, "accuracy-dispute-resolve")
    page.get_by_label("Corrected").check()
    page.get_by_label("What was checked and what was done").fill("Prison corrected the date in the prison system")
    page.get_by_role("button", name="Resolve the dispute").click()
    expect(page.get_by_text("Resolved on")).to_be_visible()
