"""Notices in the browser, with axe (R-N1): the partner caseworker sees the banner on the BCST1
questions and acknowledges the 1 October 2018 notice; the contract manager drafts, publishes and
reads who has acknowledged."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser

TITLE = "Changes to the Basic Custody Screening Tool (BCST) from 1 October 2018"


def test_the_partner_acknowledges_and_the_publisher_sees_who_is_unaware(page: Any, new_page: Any) -> None:
    sign_in(page, "aisha.begum", name="notices-sign-in")
    page.goto("/screening/question-sets/bcst1/2018-10-01/")
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(TITLE)
    check_page(page, "notices-banner-bcst1")
    banner.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_page(page, "notices-detail")
    page.get_by_role("button", name="I have read and understood this notice").click()
    expect(page.get_by_text("You have acknowledged")).to_be_visible()
    page.get_by_role("link", name="Basic Custody Screening Tool part 1 (BCST1), in force from 1 October 2018").click()
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)

    publisher = new_page()
    sign_in(publisher, "samuel.adeyemi", name="notices-publisher-sign-in")
    publisher.goto("/notices/")
    publisher.get_by_role("link", name="people").first.click()
    expect(publisher.get_by_role("heading", name="Organisations where nobody has acknowledged it")).to_be_visible()
    expect(publisher.locator("ul.govuk-list--bullet")).not_to_contain_text("Mersey Women's Centre")
    check_page(publisher, "notices-report")

    publisher.goto("/notices/new/")
    publisher.get_by_role("button", name="Save the draft").click()
    expect(publisher.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(publisher, "notices-form-errors")
    publisher.get_by_label("Title").fill("Clone period reminder")
    publisher.get_by_label("What has changed").fill("The clone period is six months.")
    publisher.get_by_label("What to do differently").fill("Reuse BCST1 within six months if needs are unchanged.")
    publisher.locator("#id_effective_on_0").fill("1")
    publisher.locator("#id_effective_on_1").fill("10")
    publisher.locator("#id_effective_on_2").fill("2018")
    publisher.get_by_label("Clone period (reuse the previous BCST1 if needs are unchanged), in force from 1 October 2018").check()
    publisher.get_by_label("CRCs: their caseworkers, managers and responsible officers").check()
    publisher.get_by_role("button", name="Save the draft").click()
    expect(publisher.get_by_role("heading", name="There is a problem")).to_be_visible()  # the sector left out, no reason
    publisher.get_by_label("Every organisation in the CRCs' supply chains, and their staff").check()
    publisher.get_by_role("button", name="Save the draft").click()
    expect(publisher.get_by_role("heading", level=1)).to_have_text("Clone period reminder")
    publisher.get_by_role("link", name="Add an attachment").click()
    check_page(publisher, "notices-attachment-form")
    publisher.go_back()
    publisher.get_by_role("button", name="Check and publish").click()
    check_page(publisher, "notices-publish-check")
    publisher.get_by_role("button", name="Publish the notice").click()
    expect(publisher.get_by_role("heading", level=1)).to_have_text("Who has acknowledged the notice")
