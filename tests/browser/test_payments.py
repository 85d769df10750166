"""Payments in the browser, with axe on every page: the responsible officer buys; the partner sees
the purchase before starting and records delivery; the contract manager sees spend and aged debt."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.payments.tests.conftest import allocate, feed, period_of, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def leaving_person(browser_personas: dict[str, Any]) -> None:
    """A woman leaving HMP New Hall whose case the NPS allocated to the responsible officer (R-F2a)."""
    feed(reception("pb1", "B1000PY", prison="NHI"))
    allocate(period_of("B1000PY"), browser_personas[Role.RESPONSIBLE_OFFICER])


def test_the_officer_buys_and_the_partner_sees_and_delivers(page: Any, new_page: Any, leaving_person: None) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.RESPONSIBLE_OFFICER], name="payments-officer-sign-in")
    page.get_by_role("link", name="Buy a Through the Gate service").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buy a Through the Gate service")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the prison number of the person you are buying for")
    check_page(page, "payments-buy-errors")
    page.get_by_label("Prison number").fill("B1000PY")
    page.get_by_label("Women's centre key-work session").check()
    page.get_by_label("Units").fill("6")
    check_page(page, "payments-buy")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before buying")
    expect(page.locator(".govuk-summary-list")).to_contain_text("£570.00")
    check_page(page, "payments-buy-check")
    page.get_by_role("button", name="Buy service").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Purchase reference")
    check_page(page, "payments-bought")
    reference = page.locator(".govuk-panel strong").inner_text()

    partner = new_page()
    sign_in(partner, PERSONA_USERNAMES[Role.PARTNER_CASEWORKER], name="payments-partner-sign-in")
    partner.goto("/purchases/")
    check_page(partner, "payments-partner-purchases")
    partner.get_by_role("link", name=reference).click()
    expect(partner.locator("body")).to_contain_text("Funded: purchase authorised")
    partner.get_by_label("Day").fill("2")
    partner.get_by_label("Month").fill("9")
    partner.get_by_label("Year").fill("2019")
    check_page(partner, "payments-partner-purchase")
    partner.get_by_role("button", name="Record delivery").click()
    expect(partner.locator(".govuk-notification-banner")).to_contain_text("added to this month's claim")
    partner.goto("/claims/?show=due")
    check_page(partner, "payments-partner-claims")


def test_the_contract_manager_sees_spend_and_aged_debt(page: Any, browser_personas: dict[str, Any]) -> None:
    from ttg.payments.demo import load_purchases

    load_purchases(browser_personas)
    sign_in(page, PERSONA_USERNAMES[Role.CONTRACT_MANAGER], name="payments-cm-sign-in")
    page.get_by_role("link", name="Spend against allocation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding and spend")
    expect(page.locator("body")).to_contain_text("£22,000,000.00")
    check_page(page, "payments-funding")
    page.goto("/")
    page.get_by_role("link", name="Aged debt").click()
    expect(page.locator("body")).to_contain_text("61–90 days")
    check_page(page, "payments-aged-debt")
    page.get_by_role("link", name="Escalations").first.click()
    expect(page.locator("body")).to_contain_text("Samuel Adeyemi")
    check_page(page, "payments-escalations")
    page.get_by_role("link", name="Claims", exact=True).first.click()
    check_page(page, "payments-claims")


def test_the_crc_manager_rate_card(page: Any, browser_personas: dict[str, Any]) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.CRC_MANAGER], name="payments-crc-sign-in")
    page.goto("/rate-cards/")
    check_page(page, "payments-rate-cards")
    page.get_by_role("link", name="Merseyside CRC, version 1").click()
    expect(page.locator("body")).to_contain_text("Women's centre key-work session")
    check_page(page, "payments-rate-card")


def _unfunded_work(personas: dict[str, Any]) -> None:
    """2.5 hours of unfunded work on a referral from Merseyside CRC (which samuel.adeyemi manages)."""
    from datetime import date

    from tests.access_matrix import _planned_activity
    from ttg.plans.plan.models import PlanActivity
    from ttg.referrals.models import DesiredOutcome
    from ttg.referrals.outcomes import load_desired_outcomes
    from ttg.referrals.tests.conftest import send
    from ttg.referrals.tests.test_subsidy import record

    load_desired_outcomes()
    activity = PlanActivity.objects.get(pk=_planned_activity(personas)["pk"])
    outcomes = list(DesiredOutcome.objects.filter(pathway="accommodation").order_by("order")[:2])
    referral = send(activity, outcomes, personas[Role.TTG_CASEWORKER], personas[Role.PARTNER_CASEWORKER].organisation)
    record(personas, hours="2.5", on=date(2019, 8, 1), referral=referral)


def test_the_contract_manager_adds_a_budget_and_an_allocation_and_sees_the_subsidy(page: Any, browser_personas: dict[str, Any]) -> None:
    _unfunded_work(browser_personas)
    sign_in(page, PERSONA_USERNAMES[Role.CONTRACT_MANAGER], name="funding-cm-sign-in")
    page.goto("/funding/")
    expect(page.locator("#subsidy")).to_contain_text("Unfunded work: the subsidy from partner organisations, 2019 to 2020")
    expect(page.locator("body")).to_contain_text("Organisations that recorded unfunded work")
    check_page(page, "funding-subsidy")
    page.get_by_role("link", name="Add a budget or change allocations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgets and allocations")
    check_page(page, "funding-budgets")
    page.get_by_role("button", name="Add a budget").click()
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the kind of budget")
    expect(summary).to_contain_text("Enter the budget's total")
    check_page(page, "funding-budget-errors")
    page.get_by_label("Rate-card purchases (non-resettlement prisons)").check()
    page.get_by_label("Financial year starting 1 April").fill("2020")
    page.get_by_label("Name").fill("NPS rate-card purchases 2020–21")
    page.get_by_label("Total, in pounds").fill("3,000,000.50")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the budget before adding it")
    expect(page.locator(".govuk-summary-list")).to_contain_text("£3,000,000.50")
    check_page(page, "funding-budget-check")
    page.get_by_role("button", name="Add budget").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Budget added")
    check_page(page, "funding-budget")
    page.get_by_role("link", name="Set allocation to National").click()
    page.get_by_label("Allocation, in pounds").fill("3000000.51")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("it will be refused")
    check_page(page, "funding-allocation-check")
    page.get_by_role("button", name="Set allocation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("is more than the £3,000,000.50")
    check_page(page, "funding-allocation-errors")
    page.get_by_label("Allocation, in pounds").fill("1000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Set allocation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allocation to National set to £1,000,000.00")
    expect(page.locator("body")).to_contain_text("£2,000,000.50")  # not yet allocated
    check_page(page, "funding-budget-allocated")


def test_the_partner_asks_for_more_units_and_the_officer_approves(page: Any, new_page: Any, browser_personas: dict[str, Any]) -> None:
    from ttg.payments import services
    from ttg.payments.models import RateCardItem

    feed(reception("pb2", "B1001PY", prison="NHI"))
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    period = allocate(period_of("B1001PY"), browser_personas[Role.RESPONSIBLE_OFFICER])
    bought = services.make_purchase(by=browser_personas[Role.RESPONSIBLE_OFFICER], custody_period=period, item=item, units=3)

    sign_in(page, PERSONA_USERNAMES[Role.PARTNER_CASEWORKER], name="variation-partner-sign-in")
    page.goto(f"/purchases/{bought.reference}/")
    page.get_by_role("button", name="Request more units").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request more units")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter how many more units are needed")
    check_page(page, "variation-request-errors")
    page.get_by_label("How many more units are needed?").fill("2")
    page.get_by_label("Why are more units needed?").fill("Two more sessions before her release on 20 September")
    check_page(page, "variation-request")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the purchaser has been told")
    expect(page.locator("body")).to_contain_text("Waiting for the purchaser")
    check_page(page, "variation-purchase-pending")

    officer = new_page()
    sign_in(officer, PERSONA_USERNAMES[Role.RESPONSIBLE_OFFICER], name="variation-officer-sign-in")
    officer.goto("/purchases/")
    expect(officer.locator("body")).to_contain_text("More units to decide on")
    check_page(officer, "variation-purchases-to-decide")
    officer.get_by_role("link", name=bought.reference).first.click()
    check_page(officer, "variation-purchase-to-decide")
    officer.get_by_role("button", name="Approve 2 more units").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("2 more units approved")
    expect(officer.locator(".govuk-summary-list")).to_contain_text("5 (3 bought, 2 more in approved variations)")
    expect(officer.locator("body")).to_contain_text("Approved by David Jones")
    check_page(officer, "variation-purchase-decided")
