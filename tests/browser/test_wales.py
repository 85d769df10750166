"""The Welsh route in the browser (issue 23 item 9), without JavaScript, with axe on every page: HMP
Cardiff's prison officer finds the demo's Rhys Powell, homeless on release, on the Welsh national
pathway, and records his referral to a Welsh local authority's housing service."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in
from ttg.demo.personas import CARDIFF_OFFICER
from ttg.screening.demo import WELSH_ROUTE_PERSON, load_welsh_route
from ttg.screening.tests.test_journeys import feed, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def welsh_route(browser_personas: dict[str, Any]) -> None:
    from ttg.accounts.models import User

    feed(reception("wb1", "A1111AA", at="2019-08-30T09:30:00+01:00"))  # the feed has brought people in
    assert load_welsh_route(User.objects.get(username=CARDIFF_OFFICER.username)) == 1


def test_hmp_cardiff_s_officer_refers_a_person_on_the_welsh_route(new_page: Any, welsh_route: None) -> None:
    number = WELSH_ROUTE_PERSON[0]
    page = new_page(java_script_enabled=False)
    sign_in(page, CARDIFF_OFFICER.username, name="wales-sign-in")

    page.goto("/estate/prisons/CFI/")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Wales")
    expect(page.locator(".govuk-summary-list")).to_contain_text("The Welsh national pathway")
    check_page(page, "wales-prison")

    page.goto(f"/people/{number}/screening/")
    expect(page.get_by_role("heading", name="Housing referral: Welsh national pathway")).to_be_visible()
    expect(page.locator("main")).to_contain_text("has not chosen a Welsh local authority yet")
    check_page(page, "wales-screening-summary")

    page.get_by_role("link", name="Housing referral details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Housing referral: Welsh national pathway"))
    expect(page.locator("main")).to_contain_text("In Wales there is no legal duty to refer")
    expect(page.locator("main")).to_contain_text("HMP Cardiff is in Wales")
    check_page(page, "wales-housing-referral")

    # Referred without naming the authority: the error names the Welsh recipient.
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the Welsh local authority the person will go to")
    check_page(page, "wales-housing-referral-error")

    page.get_by_label("Welsh local authority the person will go to").fill("Cardiff Council")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Housing referral updated")
    expect(page.locator("main")).to_contain_text("Referred to Cardiff Council on 2 September 2019.")
