"""Welsh (issue 22): the footer's switch keeps the page, there and back, without JavaScript too; the
Welsh speaker's plan and a Welsh page pass axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def welsh_speaker(browser_personas: dict[str, Any]) -> str:
    """Dafydd Llwyd at HMP Cardiff, his plan agreed, as the demo makes him (the catalogue first: the browser
    tests empty the tables)."""
    from ttg.demo.personas import WALES_CASEWORKER, persona_user
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan.demo import WELSH_PERSON, load_welsh_plan

    load_initial_catalogue()
    load_welsh_plan(browser_personas, persona_user(WALES_CASEWORKER, "through-the-gate-2019")[0], after_the_feed=False)
    return WELSH_PERSON


@pytest.mark.parametrize("scripts", [True, False], ids=["with-js", "without-js"])
def test_the_switch_keeps_the_page_and_welsh_passes_axe(new_page: Any, welsh_speaker: str, scripts: bool) -> None:
    page = new_page(java_script_enabled=scripts)
    sign_in(page, "rhys.morgan", name=f"sign-in-welsh-{scripts}")
    where = f"/people/{welsh_speaker}/"
    page.goto(where)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dafydd Llwyd")
    footer = page.locator(".govuk-footer")
    footer.get_by_role("button", name="Cymraeg").click()
    expect(page).to_have_url(f"{page.url.split('/people/')[0]}{where}")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", name="Manylion personol")).to_be_visible()
    expect(page.get_by_role("link", name="Neidio i’r prif gynnwys")).to_be_attached()
    if scripts:
        check_page(page, "person-welsh")
    footer.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{page.url.split('/people/')[0]}{where}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Personal details")).to_be_visible()
    if scripts:
        # His language: recorded on his record, changed from it (and put back).
        page.get_by_role("link", name="Change language for their plan").click()
        expect(page.get_by_role("group", name="Which language does Dafydd want their plan in?")).to_be_visible()
        expect(page.get_by_label("Cymraeg (Welsh)")).to_be_checked()
        check_page(page, "person-language")
        page.get_by_role("button", name="Save language").click()
        expect(page.get_by_role("heading", name="Personal details")).to_be_visible()
        # His plan for him is Welsh whatever the caseworker reads the service in.
        page.goto(f"/people/{welsh_speaker}/plan/print/")
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        expect(page.get_by_role("heading", level=1)).to_have_text("Eich cynllun adsefydlu")
        expect(page.get_by_role("heading", name="Beth rydych chi ei eisiau")).to_be_visible()
        check_page(page, "plan-for-the-person-welsh")
        # The caseworker's own pages in Welsh pass axe too, and keep no English heading of the frame.
        page.goto("/")
        page.locator(".govuk-footer").get_by_role("button", name="Cymraeg").click()
        for where, name in (
            ("/", "home-welsh"),
            ("/work/", "work-list-welsh"),
            (f"/people/{welsh_speaker}/plan/", "plan-welsh"),
            ("/prisons/CFI/caseload/", "caseload-welsh"),
        ):
            page.goto(where)
            expect(page.locator("html")).to_have_attribute("lang", "cy")
            expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()
            check_page(page, name)
        page.locator(".govuk-footer").get_by_role("button", name="English").click()
