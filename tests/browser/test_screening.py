"""Screening in the browser, one journey per role, with axe on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role
from ttg.screening.tests.test_journeys import feed, reception

pytestmark = pytest.mark.browser


@pytest.fixture
def received(browser_personas: dict[str, Any]) -> None:
    # Received on Friday 30 August 2019 at 9:30am; the service's clock says Monday 2 September, 9:30am.
    feed(reception("b1", "A1111AA", at="2019-08-30T09:30:00+01:00"), reception("b2", "A2222AA", at="2019-08-28T09:30:00+01:00"))


def answer(page: Any, question: str, option: str) -> None:
    page.get_by_role("group", name=question).get_by_label(option, exact=True).first.check()


def test_a_prison_officer_screens_a_reception_with_bcst1(page: Any, received: None) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.PRISON_OFFICER], name="screening-officer-sign-in")
    page.get_by_role("link", name="Screening work at HMP Altcourse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening work at HMP Altcourse")
    expect(page.get_by_role("link", name="BCST1 to do (2)")).to_have_attribute("aria-current", "page")
    check_page(page, "screening-work-list")

    page.get_by_role("link", name="Dan Reed").first.click()
    check_page(page, "screening-person")
    page.get_by_role("link", name="Start BCST1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BCST1")
    check_page(page, "screening-bcst1-task-list")

    page.get_by_role("link", name="Work", exact=True).click()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, "screening-bcst1-section-error")
    answer(page, "Was the person in work before custody?", "Yes")
    # A conditional reveal: the follow-up appears under "Yes".
    answer(page, "Does the person have a job to keep, or an employer who needs to be told they are in custody?", "Yes")
    check_page(page, "screening-bcst1-section-reveal")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-task-list")).to_contain_text("Completed")

    page.get_by_role("link", name="Review answers so far").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    check_page(page, "screening-bcst1-check-incomplete")
    page.get_by_role("button", name="Submit BCST1").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Complete the section")


def test_the_caseworker_acknowledges_an_immediate_need_and_starts_bcst2(
    page: Any, received: None, browser_personas: dict[str, Any]
) -> None:
    from ttg.screening import questions, services
    from ttg.screening.models import Kind
    from ttg.screening.tests.test_journeys import complete, period

    custody = period("A1111AA")
    qs = questions.question_set("BCST1", custody.reception_date)
    services.submit_answers(
        period=custody,
        kind=Kind.BCST1,
        answers=complete(
            qs, prescribed_medication="yes", somewhere_to_live_on_release="no", homeless_within_56_days="yes", duty_to_refer_consent="yes"
        ),
        by=browser_personas[Role.PRISON_OFFICER],
    )
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="screening-caseworker-sign-in")
    page.goto("/prisons/ACI/screening/?tab=flags")
    check_page(page, "screening-work-list-flags")
    page.get_by_role("link", name="Dan Reed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening")
    page.get_by_role("button", name="Acknowledge").first.click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Immediate need acknowledged")
    check_page(page, "screening-person-acknowledged")

    page.get_by_role("link", name="Duty to refer details").click()
    check_page(page, "screening-duty-to-refer")
    page.get_by_role("group", name="Has the person consented to a referral?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Local housing authority the person chose").fill("Liverpool City Council")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Referred to Liverpool City Council on 2 September 2019")

    page.get_by_role("link", name="Start BCST2").click()
    check_page(page, "screening-bcst2-task-list")
    page.locator(".govuk-task-list").get_by_role("link").first.click()
    check_page(page, "screening-bcst2-section")


def test_a_section_can_be_answered_without_javascript(new_page: Any, received: None) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, PERSONA_USERNAMES[Role.PRISON_OFFICER], name="screening-nojs-sign-in")
    page.goto("/people/A1111AA/screening/bcst1/work/")
    # Without JavaScript the follow-up is shown at once, so it can be answered in one go.
    answer(page, "Was the person in work before custody?", "Yes")
    answer(page, "Does the person have a job to keep, or an employer who needs to be told they are in custody?", "No")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-task-list")).to_contain_text("Completed")
    check_page(page, "screening-nojs-task-list")


def _answer_every_section(page: Any) -> None:
    """From a task list, answer each section that is not completed: "No" (or the first answer) for
    every question, the way an officer would click through a person with no needs."""
    for _ in range(15):
        todo = page.locator(".govuk-task-list__item").filter(has_not_text="Completed").get_by_role("link")
        if todo.count() == 0:
            return
        # Each click waits for the page it leads to: reading the page before it arrives (a busy machine)
        # would find the previous one's task list, or none.
        with page.expect_navigation():
            todo.first.click()
        for _ in range(3):  # follow-ups that appear after an answer
            for group in page.locator(".govuk-radios").all():
                if not group.is_visible() or group.locator("input:checked").count():
                    continue
                options = group.locator(":scope > .govuk-radios__item > input")
                no = group.locator(":scope > .govuk-radios__item > input[value='no'], :scope > .govuk-radios__item > input[value='0']")
                (no.first if no.count() else options.first).check()
            with page.expect_navigation():
                page.get_by_role("button", name="Save and continue").click()
            if page.locator(".govuk-task-list").count():
                break
    raise AssertionError("sections left unanswered")


def test_from_reception_through_bcst1_and_bcst2_in_the_browser(page: Any, received: None) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.PRISON_OFFICER], name="full-officer-sign-in")
    page.goto("/people/A1111AA/screening/")
    page.get_by_role("link", name="Start BCST1").click()
    _answer_every_section(page)
    page.get_by_role("link", name="Check your answers").click()
    check_page(page, "screening-bcst1-check")
    page.get_by_role("button", name="Submit BCST1").click()
    expect(page.locator(".govuk-panel")).to_contain_text("BCST1 submitted")
    expect(page.locator("main")).to_contain_text("The CRC must complete BCST2 by")
    check_page(page, "screening-bcst1-submitted")

    # The officer amends: a reason is required, and the amendment is listed.
    page.goto("/people/A1111AA/screening/bcst1/check/")
    page.get_by_role("button", name="Amend answers").click()
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit amended answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are amending the answers")
    check_page(page, "screening-bcst1-amend-error")
    page.get_by_label("Why are you amending the answers?").fill("Checked the answers with the person again")
    page.get_by_role("button", name="Submit amended answers").click()
    page.goto("/people/A1111AA/screening/bcst1/check/")
    expect(page.locator("main")).to_contain_text("Checked the answers with the person again")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="full-caseworker-sign-in")
    page.goto("/prisons/ACI/screening/?tab=bcst2")
    page.get_by_role("link", name="Dan Reed").first.click()
    page.get_by_role("link", name="Start BCST2").click()
    _answer_every_section(page)
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit BCST2").click()
    expect(page.locator(".govuk-panel")).to_contain_text("BCST2 submitted")
    check_page(page, "screening-bcst2-submitted")


def test_a_returning_person_s_bcst1_is_reused_in_the_browser(page: Any, browser_personas: dict[str, Any]) -> None:
    from ttg.screening import questions, services
    from ttg.screening.models import Kind
    from ttg.screening.tests.test_journeys import complete, period

    feed(reception("c1", "A3333AA", at="2019-01-07T09:00:00+00:00", release="2019-04-01"))
    first = period("A3333AA")
    services.submit_answers(
        period=first,
        kind=Kind.BCST1,
        answers=complete(questions.question_set("BCST1", first.reception_date), prescribed_medication="yes"),
        by=browser_personas[Role.PRISON_OFFICER],
    )
    feed(
        "x1,RELEASE,2019-04-01T09:00:00+01:00,A3333AA,ACI,,,,,,,,,,,,,CONDITIONAL",
        reception("c2", "A3333AA", at="2019-08-30T09:30:00+01:00"),
    )

    sign_in(page, PERSONA_USERNAMES[Role.PRISON_OFFICER], name="clone-sign-in")
    page.goto("/prisons/ACI/screening/")
    expect(page.locator("main")).to_contain_text("Previous BCST1 can be reused")
    page.goto("/people/A3333AA/screening/")
    page.get_by_role("link", name="Start BCST1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reuse the previous BCST1?")
    check_page(page, "screening-clone")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether the person's needs have changed")
    check_page(page, "screening-clone-error")
    page.get_by_label("No, nothing has changed: reuse the previous BCST1").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-panel")).to_contain_text("BCST1 submitted")
    expect(page.locator("main")).to_contain_text("Needs their prescribed medication continued")
