"""Public content pages, the audit log, and the GOV.UK error pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/accessibility/", "Accessibility statement"), ("/privacy/", "Privacy notice"), ("/cookies/", "Cookies")],
)
def test_public_content_page(page: Any, path: str, heading: str) -> None:
    response = page.goto(path)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # Reachable from every page's footer.
    expect(page.locator(".govuk-footer").get_by_role("link", name=heading)).to_have_attribute("href", path)
    check_page(page, heading.lower().replace(" ", "-"))


@pytest.mark.parametrize("role", [Role.CONTRACT_MANAGER, Role.ADMINISTRATOR], ids=str)
def test_audit_log(page: Any, role: str) -> None:
    sign_in(page, PERSONA_USERNAMES[role], name=f"sign-in-{role}")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.get_by_role("table")).to_be_visible()  # the sign-in just now is an event
    check_page(page, f"audit-{role}")

    # 31 February: the GOV.UK date input reports it in the summary and by the field.
    from_date = page.get_by_role("group", name="From")
    from_date.get_by_label("Day").fill("31")
    from_date.get_by_label("Month").fill("2")
    from_date.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Apply filters").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="From must be a real date")).to_have_attribute("href", "#id_date_from_0")
    expect(page.locator("#id_date_from-error")).to_contain_text("From must be a real date")
    expect(page).to_have_title(re.compile(r"^Error: Audit log"))
    check_page(page, f"audit-{role}-invalid-date")

    # A real date does filter: nothing happened before 2000.
    from_date.get_by_label("Day").fill("")
    from_date.get_by_label("Month").fill("")
    from_date.get_by_label("Year").fill("")
    to_date = page.get_by_role("group", name="To")
    to_date.get_by_label("Day").fill("1")
    to_date.get_by_label("Month").fill("1")
    to_date.get_by_label("Year").fill("2000")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No events match these filters.")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    check_page(page, f"audit-{role}-filtered")


def test_page_not_found(page: Any) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="sign-in-ttg_caseworker")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found – Through the Gate resettlement – GOV.UK")
    expect(page.get_by_role("link", name="Go to your home page")).to_be_visible()
    check_page(page, "error-404")


def test_permission_denied(page: Any) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.PRISON_OFFICER], name="sign-in-prison_officer")
    response = page.goto("/audit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")
    expect(page.get_by_role("table")).to_have_count(0)  # and nothing of the audit log leaks
    check_page(page, "error-403")
