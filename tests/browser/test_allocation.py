"""Allocation in the browser (docs/allocation.md): helen.price (CRC manager) opens Allocations from the
navigation, sees her caseworkers' caseloads against capacity and a person due work whom nobody holds,
allocates him to tom.okafor (first forgetting to choose: the error summary), and he leaves her list;
tom.okafor finds him under "My people" on his work list. The manager's journey without JavaScript. axe on every page.
A small world: the demo's personas and one person fed in, not the whole demo story."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser

NUMBER = "A7001AL"


@pytest.fixture
def unallocated(browser_personas: dict[str, Any]) -> str:
    """Ali Khan at HMP Altcourse, with a draft plan to agree (work due) and nobody allocated."""
    from ttg.estate.models import Prison
    from ttg.people.models import CustodyPeriod, Person
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.plans.plan.models import Plan, PlanStatus

    _v2015, v2019 = load_initial_catalogue()
    aci = Prison.objects.get(code="ACI")
    at = timezone.make_aware(datetime.combine(date(2019, 8, 1), time(10)), timezone.get_default_timezone())
    person = Person.objects.create(prison_number=NUMBER, first_name="Ali", last_name="Khan", date_of_birth=date(1991, 3, 4), sex="M")
    period = CustodyPeriod.objects.create(
        person=person,
        received_at=at,
        reception_date=at.date(),
        reception_prison=aci,
        current_prison=aci,
        legal_status="SENTENCED",
        release_date=date(2019, 12, 2),
    )
    Plan.objects.create(
        custody_period=period,
        catalogue_version=v2019,
        status=PlanStatus.DRAFT,
        proposed_at=at,
        proposed_by=browser_personas[Role.TTG_CASEWORKER],
    )
    return NUMBER


def _allocate(page: Any, prefix: str) -> None:
    """From the allocations page: allocate Ali Khan to Tom Okafor, first without choosing."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocations")
    expect(page.locator("#caseworkers + table")).to_contain_text("Tom Okafor")
    rows = page.locator("table", has_text=NUMBER)
    expect(rows).to_contain_text("Ali Khan")
    check_page(page, f"{prefix}allocations")
    page.get_by_role("link", name="Allocate Ali Khan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate Ali Khan")
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the caseworker to allocate this person to")
    check_page(page, f"{prefix}allocate-error")
    page.get_by_role("radio", name="Tom Okafor").check()
    page.get_by_role("button", name="Allocate").click()
    expect(page).to_have_url(re.compile(r"/allocations/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Ali Khan is allocated to Tom Okafor")
    expect(page.locator("main")).not_to_contain_text(NUMBER)
    check_page(page, f"{prefix}allocated")


def test_the_manager_allocates_and_the_caseworker_finds_them_in_my_people(page: Any, new_page: Any, unallocated: str) -> None:
    # The manager, without JavaScript: every step is a link or a form.
    nojs = new_page(java_script_enabled=False)
    sign_in(nojs, PERSONA_USERNAMES[Role.CRC_MANAGER], name="allocation-nojs-sign-in")
    nojs.locator(".govuk-service-navigation").get_by_role("link", name="Allocations").click()
    _allocate(nojs, "allocation-nojs-")

    # The caseworker's work list: "My people" holds him; his record says who holds him.
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="allocation-tom-sign-in")
    page.goto("/work/")
    page.get_by_label("My people: allocated to me").check()
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/work/\?whose=mine"))
    expect(page.locator("#to_agree + table")).to_contain_text("Ali Khan")
    check_page(page, "allocation-my-people")
    page.goto(f"/people/{NUMBER}/")
    expect(page.locator("main")).to_contain_text("Tom Okafor since 2 September 2019")
