"""Mobilisation in the browser without JavaScript, with axe on every page: the partner confirms and
disputes, the contract manager sees the dispute, the CRC manager revises and resubmits a plan, the
contract manager signs it off, and the readiness pages of the governor and HMPPS."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_mobilisation_for_each_role_without_javascript(new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, "aisha.begum", name="mobilisation-sign-in")
    page.get_by_role("link", name="What mobilisation plans commit to your organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What mobilisation plans commit to Mersey Women's Centre")
    expect(page.get_by_text("Nobody from the CRC has spoken to us")).to_be_visible()
    check_page(page, "mobilisation-partner-commitments")
    page.get_by_role("link", name="Confirm or dispute Family contact sessions on the resettlement wing").click()
    page.get_by_label("No, we dispute it").check()
    page.get_by_label("Why you dispute it").fill("")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "mobilisation-partner-respond-errors")

    page.context.clear_cookies()
    sign_in(page, "samuel.adeyemi", name="mobilisation-cm-sign-in")
    page.goto("/mobilisation/")
    expect(page.get_by_role("heading", name="Disputed commitments")).to_be_visible()
    check_page(page, "mobilisation-list-contract-manager")
    page.get_by_role("link", name="HMP Liverpool").click()
    expect(page.get_by_text("Risks and actions: added")).to_have_count(0)
    check_page(page, "mobilisation-plan-contract-manager")
    page.get_by_role("link", name="Move the go-live date").click()
    page.get_by_role("button", name="Move the date").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "mobilisation-go-live-errors")
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Record a monitoring meeting").click()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "mobilisation-meeting-errors")
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "mobilisation-action-errors")
    page.goto("/mobilisation/bid-namings/")
    expect(page.get_by_role("cell", name="Sefton Family Support")).to_be_visible()
    check_page(page, "mobilisation-bid-namings")

    page.context.clear_cookies()
    sign_in(page, "helen.price", name="mobilisation-crc-sign-in")
    page.goto("/mobilisation/")
    page.get_by_role("link", name="HMP Liverpool").click()
    page.get_by_role("button", name="Start a new version of the plan").click()
    page.get_by_role("link", name="Risks and actions").click()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "mobilisation-section-errors")
    page.get_by_label("Risk", exact=True).fill("Regime changes on B wing")
    page.get_by_label("Action").fill("Monthly meeting with the head of residence")
    page.get_by_label("Owner").fill("Helen Price")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("dd", has_text="Regime changes on B wing: Monthly meeting").first).to_be_visible()
    page.get_by_role("link", name="Back to the plan").click()
    check_page(page, "mobilisation-plan-crc-manager")
    page.get_by_role("link", name="Check and submit the plan").click()
    expect(page.get_by_text("Risks and actions: added Regime changes on B wing")).to_be_visible()
    check_page(page, "mobilisation-submit-check")
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_text("Version 3 submitted to the contract manager")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "samuel.adeyemi", name="mobilisation-cm-sign-in-2")
    page.goto("/mobilisation/")
    page.get_by_role("link", name="HMP Liverpool").click()
    page.get_by_role("link", name="Review the plan").click()
    check_page(page, "mobilisation-review")
    for item in ("Staff to recruit are named", "Space in the prison", "Each partner relied on", "Each risk has an action"):
        page.get_by_label(item).check()
    page.get_by_label("Sign the plan off").check()
    page.get_by_role("button", name="Send your decision").click()
    expect(page.get_by_text("Plan signed off", exact=True)).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "margaret.lewis", name="mobilisation-governor-sign-in")
    page.get_by_role("link", name="Mobilisation plans and readiness").click()
    page.get_by_role("link", name="HMP Altcourse").click()
    check_page(page, "mobilisation-plan-governor")
