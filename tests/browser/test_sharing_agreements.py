"""Sharing only under an agreement (issue 15, U3, rule R-R5), in the browser with axe on every page:
tom.okafor's referral to Amani Community Link that shares the release date is refused (Merseyside
CRC's agreement with Amani does not cover custody and release); helen.price records an agreement
that does; then the referral is sent under both."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from tests.browser.test_referrals import planned  # noqa: F401  (the fixture: a person with a proposed plan)
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser


def test_refused_for_want_of_an_agreement_then_sent_once_one_is_recorded(page: Any, new_page: Any, planned: str) -> None:  # noqa: F811
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="sharing-caseworker-sign-in")
    page.goto(planned)
    page.get_by_role("link", name="Refer to a partner organisation").click()
    page.get_by_label("Amani Community Link").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What does the person need from the organisation?").fill("Advice on debts before release")
    page.locator("input[name=desired_outcomes]").first.check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Expected release date").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Unfunded").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending the referral")
    expect(page.locator(".govuk-warning-text")).to_contain_text("This referral cannot be sent as it stands")
    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("covers custody and release")
    expect(summary).to_contain_text("A CRC manager of Merseyside CRC, or an administrator, can record one.")
    check_page(page, "sharing-referral-refused")
    check_url = page.url

    manager = new_page()
    sign_in(manager, PERSONA_USERNAMES[Role.CRC_MANAGER], name="sharing-manager-sign-in")
    manager.goto("/supply-chain/")
    manager.get_by_role("link", name="Information-sharing agreements").click()
    expect(manager.get_by_role("link", name="ISA-MCRC-2019-09")).to_be_visible()
    check_page(manager, "sharing-agreements")
    manager.get_by_role("button", name="Record an agreement").click()
    manager.get_by_role("button", name="Continue").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("Select the organisation")
    check_page(manager, "sharing-agreement-form-errors")
    manager.get_by_label("Organisation that receives it").select_option(label="Amani Community Link")
    manager.get_by_label("Agreement reference").fill("ISA-MCRC-2019-12")
    manager.get_by_label("Purpose").fill("Money advice before and after release")
    manager.get_by_label("Lawful basis").fill("UK GDPR Articles 6(1)(e) and 10")
    manager.get_by_label("Custody and release: the prison and the expected release date").check()
    manager.locator("#id_valid_from_0").fill("2")
    manager.locator("#id_valid_from_1").fill("9")
    manager.locator("#id_valid_from_2").fill("2019")
    manager.get_by_label("Where the signed copy is kept").fill("Contracts library, file 12")
    manager.get_by_role("button", name="Continue").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Check the agreement before recording it")
    check_page(manager, "sharing-agreement-check")
    manager.get_by_role("button", name="Record the agreement").click()
    expect(manager.get_by_text("Information-sharing agreement ISA-MCRC-2019-12 recorded")).to_be_visible()
    check_page(manager, "sharing-agreement")

    page.goto(check_url)
    expect(page.get_by_text("ISA-MCRC-2019-12", exact=True)).to_be_visible()
    expect(page.get_by_text("Custody and release", exact=True)).to_be_visible()  # what the new agreement covers
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent to Amani Community Link")).to_be_visible()
