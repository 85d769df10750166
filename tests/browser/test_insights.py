"""Insights in the browser without JavaScript, with axe on every page: the analyst goes from the home
page to the outcomes by cohort (bar charts with their tables), a Level 3 breakdown, the equality
analysis, and the pseudonymised extract's form with its errors."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in
from ttg.insights.services import count_breakdowns
from ttg.insights.tests.world import make_world

pytestmark = pytest.mark.browser


def test_the_analyst_reads_the_figures_without_javascript(new_page: Any, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 3
    settings.TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE = "45000"
    make_world()
    count_breakdowns()  # the pages read the counts the scheduled job stored
    page = new_page(java_script_enabled=False)
    sign_in(page, "ruth.evans", name="insights-sign-in")
    page.get_by_role("link", name="Outcomes by cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes by cohort")
    expect(page.get_by_text("People released from 1 April 2019 to 2 September 2019: 10.")).to_be_visible()
    expect(page.get_by_role("img", name="Settled accommodation on the first night")).to_be_visible()
    expect(page.get_by_role("table", name="Benefit claim made by sex (women and men)").get_by_role("cell", name="3 of 4")).to_be_visible()
    # Everyone's cost, £10.00 a person, against £450.00 before the enhanced specification (rule E5).
    expect(page.get_by_role("table", name="Cost by sex (women and men)").get_by_role("cell", name="−£440.00")).to_be_visible()
    check_page(page, "insights-cohorts")
    page.get_by_role("link", name="Level 3 groups").click()
    expect(page.get_by_text("A person can be in more than one of these groups, or in none.")).to_be_visible()
    check_page(page, "insights-level3")
    page.goto("/insights/equality/?by=ethnicity")
    expect(page.get_by_role("heading", name="By ethnic group")).to_be_visible()
    check_page(page, "insights-equality-ethnicity")
    page.goto("/insights/extract/")
    page.get_by_role("button", name="Download the extract").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "insights-extract-errors")
