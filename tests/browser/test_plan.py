"""The resettlement plan in the browser: the caseworker proposes it from a BCST2, adds a custom activity,
records the person's own goal, agrees it with the person, delivers an activity with its outcome and opens the plan for the person, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import SCREENSHOTS, check_page, sign_in
from ttg.accounts.constants import Role
from ttg.screening.tests.test_journeys import complete, feed, period, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def screened(browser_personas: dict[str, Any]) -> None:
    """A person with BCST1 and BCST2 submitted (a significant need on the ETE pathway); the catalogue loaded again."""
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.screening import questions, services
    from ttg.screening.models import Kind

    load_initial_catalogue()
    feed(reception("p1", "A1111AA", at="2019-08-30T09:30:00+01:00"))
    received = period("A1111AA")
    for kind, by, overrides in (
        (Kind.BCST1, Role.PRISON_OFFICER, {}),
        (Kind.BCST2, Role.TTG_CASEWORKER, {"ete_problem": "2", "job_on_release": "no"}),
    ):
        qs = questions.question_set(kind, received.reception_date)
        services.submit_answers(period=received, kind=kind, answers=complete(qs, **overrides), by=browser_personas[by])


def test_a_caseworker_proposes_works_and_agrees_a_plan(page: Any, screened: None) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="plan-caseworker-sign-in")
    page.goto("/people/A1111AA/screening/")
    page.get_by_role("link", name="Resettlement plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resettlement plan")
    check_page(page, "plan-none")

    page.get_by_role("button", name="Propose a plan").click()
    expect(page.get_by_role("heading", level=2, name="Education, training and employment")).to_be_visible()
    check_page(page, "plan-draft")

    # A pathway's activity (the first list's, for everyone, are done by events: rule P13, not set by hand).
    page.locator(".govuk-task-list").nth(1).locator(".govuk-task-list__link").first.click()
    page.get_by_label("Declined", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason")
    check_page(page, "plan-activity-error")
    page.get_by_label("Reason", exact=True).fill("Does not want it now")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-task-list").nth(1)).to_contain_text("Declined")

    # A custom activity: refused with each field named, then added.
    page.get_by_role("button", name="Add an activity").click()
    page.get_by_role("button", name="Add activity").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what will be done")
    check_page(page, "plan-add-activity-error")
    page.get_by_label("What will be done").fill("Help to open a credit union account")
    page.get_by_label("Pathway").select_option("finance")
    page.get_by_label("Level 2: for a need").check()
    page.get_by_label("Partner organisation").check()
    page.get_by_label("Owner's name").fill("Mersey Credit Union")
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Add activity").click()
    expect(page.get_by_role("link", name="Help to open a credit union account")).to_be_visible()

    # The person's own goal (issue 23): refused with each field named, then recorded in their words.
    page.get_by_role("button", name="Add a goal").click()
    page.get_by_role("button", name="Save goal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write what the person wants, in their own words")
    check_page(page, "plan-goal-error")
    page.get_by_label("What does the person want?").fill("I want my own money and a job")
    page.get_by_label("Help to open a credit union account").check()
    page.get_by_label("I have read the goal back to the person and they agree it is what they want").check()
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", level=2, name="What Dan wants")).to_be_visible()
    expect(page.locator("#goals + p + .govuk-summary-list")).to_contain_text("Help to open a credit union account")

    # Agreed with the person: the question first, its error, then yes.
    page.get_by_role("button", name="Agree plan").click()
    check_page(page, "plan-agree")
    page.get_by_role("button", name="Agree plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select yes if the plan was agreed with the person")
    check_page(page, "plan-agree-error")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Agree plan").click()
    expect(page.get_by_text("Agreed on")).to_be_visible()
    check_page(page, "plan-agreed")

    # Worked down after agreement: the custom activity delivered, with its outcome.
    page.get_by_role("link", name="Help to open a credit union account").click()
    check_page(page, "plan-activity")
    page.get_by_label("Delivered", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the outcome")
    page.get_by_label("Outcome").fill("Account opened; card to be collected on release")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-task-list__item", has_text="Help to open a credit union account")).to_contain_text("Delivered")

    # The plan for the person, on screen and as it prints.
    page.get_by_role("link", name="The plan for the person, in plain English (to print)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your resettlement plan")
    expect(page.get_by_role("heading", level=2).first).to_have_text("What you want")  # the plan leads with the person's goals
    expect(page.locator(".ttg-plan-goals")).to_contain_text("I want my own money and a job")
    expect(page.get_by_text("Account opened; card to be collected on release")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Level 2")
    check_page(page, "plan-for-the-person")
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "plan-for-the-person-print.png"), full_page=True)
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    page.emulate_media(media="screen")
