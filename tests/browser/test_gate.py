"""Through the gate in the browser: the caseworker completes the pre-release review, works through the
release checklist without JavaScript and, once the person is released, records the release-day outcomes
(asked only what the checklist does not say), with axe on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.screening.tests.test_journeys import complete, feed, period, reception

pytestmark = pytest.mark.browser
NUMBER = "A1111AA"


@pytest.fixture
def planned(browser_personas: dict[str, Any]) -> None:
    """Received on 1 May 2019, release on 1 November 2019 (the review opened on 9 August); screened, plan agreed."""
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan import services as plans
    from ttg.screening import questions, services
    from ttg.screening.models import Kind

    load_initial_catalogue()
    feed(reception("g1", NUMBER, at="2019-05-01T09:30:00+01:00", release="2019-11-01"))
    received = period(NUMBER)
    for kind, by, overrides in (
        (Kind.BCST1, Role.PRISON_OFFICER, {}),
        (Kind.BCST2, Role.TTG_CASEWORKER, {"ete_problem": "2", "job_on_release": "no"}),
    ):
        qs = questions.question_set(kind, received.reception_date)
        services.submit_answers(period=received, kind=kind, answers=complete(qs, **overrides), by=browser_personas[by])
    caseworker = browser_personas[Role.TTG_CASEWORKER]
    plans.agree(plan=plans.propose(period=period(NUMBER), by=caseworker), by=caseworker)


def test_a_caseworker_completes_the_pre_release_review_and_records_release_day_outcomes(page: Any, planned: None, new_page: Any) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="gate-caseworker-sign-in")
    page.goto(f"/people/{NUMBER}/plan/")
    expect(page.get_by_role("heading", level=2, name="Through the gate")).to_be_visible()
    check_page(page, "gate-plan")

    page.get_by_role("link", name="Pre-release review checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-release review")
    check_page(page, "gate-review-task-list")

    # The first pathway: not ready, without saying why, is refused with the field named.
    page.locator(".govuk-task-list__link").first.click()
    page.get_by_label("Not ready", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is not ready")
    check_page(page, "gate-review-pathway-error")
    page.get_by_label("Note", exact=True).fill("Bank account application goes in this week")
    page.get_by_role("button", name="Save and continue").click()
    # Each remaining pathway in turn, then check your answers.
    while "/check/" not in page.url:
        page.get_by_label("Ready", exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the pre-release review")
    check_page(page, "gate-review-check")
    page.get_by_role("button", name="Complete the pre-release review").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Pre-release review completed")
    check_page(page, "gate-review-completed")

    # The release checklist (issue 23), without JavaScript: an item not needed needs its reason.
    plain = new_page(java_script_enabled=False)
    sign_in(plain, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="gate-checklist-sign-in")
    plain.goto(f"/people/{NUMBER}/plan/")
    plain.get_by_role("link", name="Release checklist (day-one essentials)").click()
    expect(plain.get_by_role("heading", level=1)).to_have_text("Release checklist")
    check_page(plain, "gate-checklist")
    plain.get_by_role("link", name="Travel").click()
    plain.get_by_label("Not needed", exact=True).check()
    plain.get_by_role("button", name="Save and continue").click()
    expect(plain.locator(".govuk-error-summary")).to_contain_text("Give the reason “Travel” is not needed")
    check_page(plain, "gate-checklist-item-error")
    plain.get_by_label("Not needed", exact=True).check()
    plain.get_by_label("Note", exact=True).fill("His sister is driving him to the approved premises")
    plain.get_by_role("button", name="Save and continue").click()
    expect(plain.get_by_role("heading", level=1)).to_have_text("Accommodation for the first night")  # the next item to do
    plain.goto(f"/people/{NUMBER}/plan/release-checklist/gp/")
    plain.get_by_label("Done", exact=True).check()
    plain.get_by_role("button", name="Save and continue").click()
    plain.goto(f"/people/{NUMBER}/plan/release-checklist/")
    expect(plain.locator("#checklist")).to_contain_text("His sister is driving him to the approved premises")
    check_page(plain, "gate-checklist-in-progress")

    # Released early, on Tuesday 27 August: the release-day outcomes.
    feed(f"g2,RELEASE,2019-08-27T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL")
    page.goto(f"/people/{NUMBER}/plan/")
    expect(page.get_by_text("Released on 27 August 2019")).to_be_visible()
    page.get_by_role("link", name="Record the outcomes on the day of release").click()
    # The GP registration was done on the checklist: not asked again.
    expect(page.get_by_role("heading", name="From the release checklist")).to_be_visible()
    expect(page.locator('input[name="gp_registration"]')).to_have_count(0)
    check_page(page, "gate-outcome")
    page.get_by_role("button", name="Save outcomes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select where the person is staying on the first night")
    check_page(page, "gate-outcome-error")
    page.get_by_label("Temporary accommodation").check()
    for name, value in (
        ("accommodation_safe", "yes"),
        ("ete", "no"),
        ("bank_account", "yes"),
        ("id_documents", "yes"),
        ("benefit_claim", "yes"),
    ):
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_role("button", name="Save outcomes").click()
    expect(page.locator("#through-the-gate ~ dl").first).to_contain_text("Temporary accommodation")
    check_page(page, "gate-plan-released")
