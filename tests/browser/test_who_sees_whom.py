"""Issue 15 parts 3 and 4 in the browser, with axe on every page: the contract manager's purchases by
case reference only; a partner organisation's TTG caseworker doing a BCST2 at HMP Liverpool."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from tests.browser.test_screening import _answer_every_section
from ttg.accounts.constants import Role
from ttg.demo.personas import PARTNER_TTG_CASEWORKER
from ttg.payments.tests.conftest import allocate, period_of
from ttg.people.identity import case_reference
from ttg.screening.demo import submit_screening
from ttg.screening.models import Kind
from ttg.screening.tests.test_journeys import feed, reception

pytestmark = pytest.mark.browser


def test_the_contract_manager_sees_purchases_by_case_reference_only(page: Any, browser_personas: dict[str, Any]) -> None:
    from ttg.payments import services
    from ttg.payments.models import RateCardItem

    feed(reception("cm1", "B1000PY", at="2019-08-01T09:30:00+01:00", prison="NHI", sex="F"))
    period = period_of("B1000PY")
    allocate(period, browser_personas[Role.RESPONSIBLE_OFFICER])
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    bought = services.make_purchase(by=browser_personas[Role.RESPONSIBLE_OFFICER], custody_period=period, item=item, units=2)
    reference = case_reference(period.person)

    sign_in(page, PERSONA_USERNAMES[Role.CONTRACT_MANAGER], name="cm-references-sign-in")
    page.goto("/purchases/")
    row = page.get_by_role("row").filter(has_text=bought.reference)
    expect(row).to_contain_text(reference)
    expect(page.locator("main")).not_to_contain_text("B1000PY")
    expect(page.locator("main")).not_to_contain_text("Dan Reed")
    expect(page.get_by_role("columnheader", name="Case reference")).to_be_visible()
    check_page(page, "cm-purchases-case-references")
    page.get_by_role("link", name=bought.reference).click()
    expect(page.locator(".govuk-summary-list")).to_contain_text(reference)
    expect(page.locator("main")).not_to_contain_text("B1000PY")
    check_page(page, "cm-purchase-case-reference")


def test_a_partners_caseworker_does_a_bcst2_at_hmp_liverpool(page: Any, browser_personas: dict[str, Any]) -> None:
    # Received at HMP Liverpool on 28 August 2019, BCST1 done; the service's clock says 2 September.
    feed(reception("pc1", "L1111PC", at="2019-08-28T09:30:00+01:00", prison="LPI"))
    submit_screening(period_of("L1111PC"), Kind.BCST1, browser_personas[Role.PRISON_OFFICER])

    sign_in(page, PARTNER_TTG_CASEWORKER.username, name="partner-ttg-sign-in")
    expect(page.locator("main")).to_contain_text("Gateway Housing Trust")
    check_page(page, "partner-ttg-home")
    page.goto("/prisons/LPI/screening/?tab=bcst2")
    check_page(page, "partner-ttg-work-list")
    page.get_by_role("link", name="Dan Reed").first.click()
    page.get_by_role("link", name="Start BCST2").click()
    _answer_every_section(page)
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit BCST2").click()
    expect(page.locator(".govuk-panel")).to_contain_text("BCST2 submitted")
    check_page(page, "partner-ttg-bcst2-submitted")
    # HMP Altcourse is Merseyside's too, but not where her organisation does its casework: not found.
    assert page.goto("/prisons/ACI/caseload/").status == 404
