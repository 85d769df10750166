"""Contract assurance in the browser without JavaScript, with axe on every page: a partner raises an
issue (check answers) and follows it; the contract manager sees it beside the escalations, resolves it,
reads the engagement log, draws an audit sample (check answers), checks a case and reveals who it is."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in
from ttg.core.models import AuditEvent
from ttg.screening.tests.test_journeys import feed, reception

pytestmark = pytest.mark.browser


def test_an_issue_raised_resolved_and_the_engagement_log(new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, "aisha.begum", name="assurance-sign-in")
    page.get_by_role("link", name="Raise a contract-management issue, or follow one you raised").click()
    check_page(page, "assurance-issues-partner")
    page.get_by_role("button", name="Raise an issue").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "assurance-issue-form-errors")
    page.get_by_label("Which CRC's contract is it about?").select_option(label="Merseyside CRC")
    page.get_by_label("Delivery of the service").check()
    page.get_by_label("Summary").fill("No referrals since July")
    page.get_by_label("Details").fill("We have had no referrals from HMP Liverpool since July.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Samuel Adeyemi")).to_be_visible()
    check_page(page, "assurance-issue-check")
    page.get_by_role("button", name="Raise the issue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No referrals since July")

    page.context.clear_cookies()
    sign_in(page, "samuel.adeyemi", name="assurance-cm-sign-in")
    page.goto("/assurance/issues/")
    expect(page.get_by_role("heading", name="Unpaid claims escalated to you")).to_be_visible()
    check_page(page, "assurance-issues-contract-manager")
    page.get_by_role("link", name="No referrals since July").click()
    page.get_by_role("button", name="Resolve the issue").click()
    page.get_by_label("How it was resolved").fill("The CRC has restarted referrals from HMP Liverpool.")
    page.get_by_role("button", name="Resolve the issue").click()
    expect(page.get_by_text("The CRC has restarted referrals")).to_be_visible()
    check_page(page, "assurance-issue-resolved")
    page.goto("/assurance/engagement/")
    expect(page.get_by_role("cell", name="Mersey Women's Centre").first).to_be_visible()
    check_page(page, "assurance-engagement")

    # An audit sample drawn through the pages, a case checked, and who it is revealed (and logged).
    feed(reception("assurance-1", "A7777AS", at="2019-08-20T10:00:00+01:00"))
    page.goto("/assurance/samples/")
    page.get_by_role("button", name="Draw an audit sample").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_page(page, "assurance-sample-form-errors")
    page.get_by_label("CRC").select_option(label="Merseyside CRC")
    for prefix, day in (("Received from", "1"), ("Received up to", "31")):
        group = page.get_by_role("group", name=prefix)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill("8")
        group.get_by_label("Year").fill("2019")
    page.get_by_label("How many cases").fill("3")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("had 1 case received")).to_be_visible()
    check_page(page, "assurance-sample-check")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("cell", name=re.compile(r"^C-"))).to_be_visible()
    expect(page.get_by_text("Dan Reed")).to_have_count(0)
    check_page(page, "assurance-sample")
    page.get_by_role("link", name="Case 1").click()
    page.get_by_label("BCST1 (Basic Custody Screening Tool part 1)").check()
    page.get_by_label("Finding").fill("BCST1 on the day of reception.")
    page.get_by_label("Met the specification").check()
    check_page(page, "assurance-case")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("Met the specification")).to_be_visible()
    page.get_by_role("link", name="Case 1").click()
    page.get_by_role("button", name="Show who this person is").click()
    expect(page.get_by_text("A7777AS")).to_be_visible()
    check_page(page, "assurance-reveal")
    assert AuditEvent.objects.filter(action="people.person.reveal", actor_username="samuel.adeyemi").count() == 1
