"""The handover in the browser, with axe on every page: the caseworker hands the agreed plan over;
the responsible officer signs in, sees it on their home page and list, opens the summary and marks it
received; the alert that the handover was due (rule H1) waits in their notifications."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.people.cases import hold_case
from ttg.plans.handover.services import send_handover_alerts
from ttg.screening.tests.test_journeys import complete, feed, period, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def agreed(browser_personas: dict[str, Any]) -> None:
    """A person released on 20 September 2019 (in the officer's next 4 weeks) with an agreed plan."""
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan import services as plans
    from ttg.screening import questions, services
    from ttg.screening.models import Kind

    load_initial_catalogue()
    feed(reception("h1", "A1111AA", at="2019-08-30T09:30:00+01:00", release="2019-09-20"))
    received = period("A1111AA")
    for kind, by, overrides in (
        (Kind.BCST1, Role.PRISON_OFFICER, {}),
        (Kind.BCST2, Role.TTG_CASEWORKER, {"ete_problem": "2", "job_on_release": "no"}),
    ):
        qs = questions.question_set(kind, received.reception_date)
        services.submit_answers(period=received, kind=kind, answers=complete(qs, **overrides), by=browser_personas[by])
    caseworker = browser_personas[Role.TTG_CASEWORKER]
    plans.agree(plan=plans.propose(period=received, by=caseworker), by=caseworker)
    # The NPS allocated the case to David Jones; the daily check finds the handover due by 6 September.
    hold_case(custody_period=received, officer=browser_personas[Role.RESPONSIBLE_OFFICER], source="allocated", by=None)
    send_handover_alerts()


def test_a_caseworker_hands_over_and_the_responsible_officer_receives(new_page: Any, agreed: None) -> None:
    page = new_page()
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="handover-caseworker-sign-in")
    page.goto("/people/A1111AA/plan/")
    expect(page.get_by_role("heading", level=2, name="Handover to the responsible officer")).to_be_visible()
    check_page(page, "handover-plan-section")

    page.get_by_role("button", name="Hand over to the responsible officer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand over to the responsible officer")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the responsible officer")
    check_page(page, "handover-form-errors")

    page.get_by_label("Responsible officer", exact=True).select_option(label="David Jones")
    page.get_by_label("Where the person will live on release").fill("Approved premises, Liverpool")
    page.get_by_label("Summary for the responsible officer").fill("Risks: no settled address.\nOutstanding: benefit claim.")
    check_page(page, "handover-form")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the handover before you send it")
    check_page(page, "handover-check")
    page.get_by_role("button", name="Hand over").click()
    expect(page.locator(".govuk-panel")).to_contain_text("to David Jones")
    check_page(page, "handover-done")

    officer = new_page()
    sign_in(officer, PERSONA_USERNAMES[Role.RESPONSIBLE_OFFICER], name="handover-officer-sign-in")
    coming = officer.locator("#waiting li", has=officer.get_by_role("link", name="Handovers coming"))
    expect(coming.locator(".govuk-task-list__status")).to_have_text("1")
    check_page(officer, "handover-officer-home")

    coming.get_by_role("link", name="Handovers coming").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Handovers to you")
    check_page(officer, "handover-list")
    officer.get_by_role("link", name="Dan Reed").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Handover summary")
    expect(officer.get_by_text("Approved premises, Liverpool")).to_be_visible()
    check_page(officer, "handover-summary")
    officer.get_by_role("button", name="Mark as received").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Handover received")
    expect(officer.locator(".govuk-tag", has_text="Received")).to_be_visible()
    check_page(officer, "handover-summary-received")

    # Told when the handover fell due (issue 23 item 6), once.
    officer.goto("/notifications/")
    expect(officer.get_by_role("heading", level=2, name="Handover due by 6 September 2019: A1111AA at HMP Altcourse")).to_have_count(1)
    check_page(officer, "handover-officer-notifications")
