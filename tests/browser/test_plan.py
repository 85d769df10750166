"""The resettlement plan in the browser: the caseworker proposes it, updates an activity and agrees it, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.screening.tests.test_journeys import complete, feed, period, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def screened(browser_personas: dict[str, Any]) -> None:
    """A person with BCST1 and BCST2 submitted (a significant need on the ETE pathway); the catalogue loaded again."""
    from ttg.plans.loader import load_initial_catalogue
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

    page.locator(".govuk-task-list__link").first.click()
    page.get_by_label("Declined", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason")
    check_page(page, "plan-activity-error")
    page.get_by_label("Reason", exact=True).fill("Does not want it now")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-task-list").first).to_contain_text("Declined")

    page.get_by_role("button", name="Agree plan").click()
    expect(page.get_by_text("Agreed on")).to_be_visible()
    check_page(page, "plan-agreed")
