"""The TTG caseworker's work list in the browser, on the demo data: tom.okafor opens "Your work" from the
navigation and sees the demo people in their sections; the prison filter works without JavaScript.
axe on every page. One test: the demo story it reads is the slowest data a browser test loads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser


def _section(page: Any, key: str) -> Any:
    """The table following the section's heading."""
    return page.locator(f"h2#{key} + table")


def test_the_caseworker_opens_the_work_list_sees_the_demo_people_and_filters_without_javascript(
    page: Any, new_page: Any, demo: None
) -> None:
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="worklist-sign-in")
    expect(page.get_by_role("heading", level=2, name="Waiting for you")).to_be_visible()
    check_page(page, "worklist-home")

    page.locator(".govuk-service-navigation").get_by_role("link", name="Your work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    headings = page.locator("main h2.govuk-heading-m[id]")
    expect(headings).to_have_count(9)
    expect(headings.nth(0)).to_contain_text("Overdue")
    expect(headings.nth(2)).to_contain_text("BCST2 due")
    expect(headings.nth(8)).to_contain_text("After release: outcomes to record")
    # Kofi Mensah: release on 28 October, his pre-release review opened on 5 August and is not completed.
    expect(_section(page, "reviews")).to_contain_text("Kofi Mensah")
    expect(_section(page, "reviews")).to_contain_text("Z9001TG")
    # Lee Walsh: released on 27 August, the outcomes after release due by 24 September.
    expect(_section(page, "after_release")).to_contain_text("Lee Walsh")
    expect(_section(page, "after_release")).to_contain_text("24 September 2019")
    check_page(page, "worklist")

    # The person's name leads to their plan.
    _section(page, "reviews").get_by_role("link", name="Kofi Mensah").first.click()  # his review, then his checklist
    expect(page.get_by_role("heading", level=1)).to_have_text("Resettlement plan")

    # The prison filter, without JavaScript.
    page = new_page(java_script_enabled=False)
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="worklist-nojs-sign-in")
    page.goto("/work/")
    page.get_by_label("Prison", exact=True).select_option("ACI")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/work/\?(whose=&)?prison=ACI$"))
    expect(page.get_by_label("Prison", exact=True)).to_have_value("ACI")
    expect(_section(page, "reviews")).to_contain_text("Kofi Mensah")
    check_page(page, "worklist-filtered")
