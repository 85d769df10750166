"""Nobody released unseen (issue 23 item 4) in the browser, with axe on every page: the responsible
officer opens "Releases", finds a man due for release from a non-resettlement prison (transfer missed),
makes his short release plan, adds an activity (errors first) and refers it to a partner through the
referral journey, the organisation already chosen; then the same list and plan without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.people.cases import hold_case
from ttg.screening.tests.test_journeys import feed, period, reception

pytestmark = pytest.mark.browser

NUMBER = "A7001RP"


@pytest.fixture
def due_for_release(browser_personas: dict[str, Any]) -> None:
    """A man at HMP Belmarsh (not a resettlement prison), due for release on 25 October 2019, whose case
    the NPS allocated to David Jones."""
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.referrals.outcomes import load_desired_outcomes

    load_initial_catalogue()
    load_desired_outcomes()
    feed(reception("rp1", NUMBER, at="2019-02-04T09:30:00+00:00", prison="BAI", release="2019-10-25"))
    hold_case(custody_period=period(NUMBER), officer=browser_personas[Role.RESPONSIBLE_OFFICER], source="allocated", by=None)


def test_the_officer_finds_him_makes_a_release_plan_and_refers_it(new_page: Any, due_for_release: None) -> None:
    page = new_page()
    sign_in(page, PERSONA_USERNAMES[Role.RESPONSIBLE_OFFICER], name="release-sign-in")
    expect(page.get_by_role("heading", level=2, name="Releases from non-resettlement prisons")).to_be_visible()
    page.locator(".govuk-service-navigation").get_by_role("link", name="Releases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Releases from non-resettlement prisons")
    row = page.locator("tr", has=page.get_by_text(NUMBER))
    expect(row).to_contain_text("HMP Belmarsh")
    expect(row).to_contain_text("25 October 2019")
    expect(row).to_contain_text("Transfer missed")
    expect(row).to_contain_text("None yet")
    check_page(page, "release-list")

    row.get_by_role("link", name="Dan Reed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release plan")
    expect(page.locator("main")).to_contain_text("Still in a non-resettlement prison after 25 July 2019")
    check_page(page, "release-plan-none")
    page.get_by_role("button", name="Make a release plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Release plan made")
    check_page(page, "release-plan-made")

    page.get_by_role("button", name="Add an activity").click()
    page.get_by_role("button", name="Add activity").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what will be done")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the pathway")
    check_page(page, "release-activity-errors")
    page.get_by_label("What will be done").fill("Find somewhere to live on release")
    page.get_by_label("Pathway").select_option("accommodation")
    page.get_by_label("Partner organisation").check()
    page.get_by_label("Owner's name").fill("Gateway Housing Trust")
    page.get_by_role("button", name="Add activity").click()
    expect(page.get_by_role("table")).to_contain_text("Find somewhere to live on release")
    check_page(page, "release-plan-activity")

    page.get_by_role("link", name="Refer to a partner organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose an organisation")
    expect(page.get_by_label("Gateway Housing Trust")).to_be_checked()  # named as the activity's owner
    check_page(page, "release-referral-organisation")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What does the person need from the organisation?").fill("A tenancy near his family")
    page.locator("input[name=desired_outcomes]").first.check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # what is shared: the defaults
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Unfunded").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending the referral")
    check_page(page, "release-referral-check")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral sent to Gateway Housing Trust")
    check_page(page, "release-referral-sent")
    page.get_by_role("link", name="Back to the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release plan")

    # Without JavaScript: the list, the plan and its referrals.
    plain = new_page(java_script_enabled=False)
    sign_in(plain, PERSONA_USERNAMES[Role.RESPONSIBLE_OFFICER], name="release-nojs-sign-in")
    plain.goto("/releases/")
    expect(plain.locator("tr", has=plain.get_by_text(NUMBER))).to_contain_text("Release plan")
    check_page(plain, "release-list-nojs")
    plain.goto(f"/people/{NUMBER}/release-plan/")
    plain.get_by_role("link", name="Referrals made for this person").click()
    expect(plain.get_by_role("table")).to_contain_text("Gateway Housing Trust")
    check_page(plain, "release-referrals-nojs")
