"""Every persona signs in through the real form, lands on their own home page and signs out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import ALL_ROLES, PASSWORD, PERSONA_USERNAMES
from tests.access_matrix import TWO_FACTOR_ROLES
from tests.browser.conftest import check_page, give_code
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser

# ttg/accounts/home.py: each role's home page title (demo personas: ACI is HMP Altcourse, CRC Merseyside).
HOME_TITLES: dict[str, str] = {
    Role.PRISON_OFFICER: "Reception screening at HMP Altcourse",
    Role.TTG_CASEWORKER: "My work",
    Role.CRC_MANAGER: "Merseyside CRC",
    Role.PARTNER_CASEWORKER: "Referrals to Mersey Women's Centre",
    Role.RESPONSIBLE_OFFICER: "Handovers and purchases",
    Role.GOVERNOR: "Resettlement at HMP Altcourse",
    Role.CONTRACT_MANAGER: "CRCs at a glance",
    Role.ANALYST: "Evaluation",
    Role.ADMINISTRATOR: "Service administration",
}

# Each app's home.py (ttg/core/navigation.py): what each role's service navigation holds, in order. The notifications item
# carries its unread count ("Notifications (2 unread)").
_NOTES = re.compile(r"Notifications")
_PEOPLE = ["Find a person", "Caseloads", "Estate", "Specification"]
NAVIGATION: dict[str, list[Any]] = {
    Role.PRISON_OFFICER: ["Home", *_PEOPLE, _NOTES],
    Role.TTG_CASEWORKER: ["Home", "Your work", *_PEOPLE, "Supply chain", "Referrals", _NOTES],
    Role.CRC_MANAGER: [
        "Home",
        "Your work",
        "Allocations",
        *_PEOPLE[:2],
        "Compliance",
        *_PEOPLE[2:],
        "Supply chain",
        "Mobilisation",
        "Stewardship",
        "Referrals",
        _NOTES,
        "Purchases",
        "Claims",
    ],
    Role.PARTNER_CASEWORKER: ["Home", "Estate", "Specification", "Supply chain", "Referrals", _NOTES, "Purchases", "Claims"],
    Role.RESPONSIBLE_OFFICER: ["Home", "Estate", "Specification", "Referrals", "Releases", "Handovers", _NOTES, "Purchases", "Claims"],
    Role.GOVERNOR: ["Home", *_PEOPLE, "Mobilisation", _NOTES],
    Role.CONTRACT_MANAGER: [
        "Home",
        "Compliance",
        "Estate",
        "Specification",
        "Supply chain",
        "Mobilisation",
        "Stewardship",
        "Referrals summary",
        "Audit log",
        _NOTES,
        "Purchases",
        "Claims",
        "Funding",
    ],
    Role.ANALYST: ["Home", "Estate", "Specification", "Stewardship", "Insights", _NOTES, "Funding"],
    Role.ADMINISTRATOR: [
        "Home",
        "Estate",
        "Specification",
        "Supply chain",
        "Mobilisation",
        "Stewardship",
        "Data protection",
        "Audit log",
        _NOTES,
        "Funding",
        "Manage users",
    ],
}


def test_every_role_has_an_expected_home_page() -> None:
    assert set(HOME_TITLES) == set(ALL_ROLES)


def test_every_persona_signs_in_and_out(page: Any) -> None:
    """One after another in one browser tab (one test: each test loads the demo base again). The sign-in
    and signed-out pages are the same for everyone, so axe checks them once; each home page is checked."""
    for n, role in enumerate(ALL_ROLES):
        first = n == 0
        # Asking for the home page while signed out leads to the sign-in form, which then returns there.
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
        if first:
            check_page(page, "persona-sign-in")
        page.get_by_label("Username").fill(PERSONA_USERNAMES[role])
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if role in TWO_FACTOR_ROLES:  # the second step: the code from the demo's authenticator (README)
            expect(page).to_have_url(re.compile(r"/sign-in/two-factor/\?next=/$"))
            check_page(page, f"persona-{role}-two-factor")
        give_code(page, PERSONA_USERNAMES[role])

        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", level=1), role).to_have_text(HOME_TITLES[role])
        header_nav = page.locator(".govuk-service-navigation")
        expect(header_nav.get_by_role("link", name="Through the Gate resettlement")).to_be_visible()
        expect(header_nav.locator(".govuk-service-navigation__item a"), role).to_have_text(NAVIGATION[role])
        expect(header_nav.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
        check_page(page, f"persona-{role}-home")

        header_nav.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(r"/sign-in/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
        if first:
            check_page(page, "persona-signed-out")
        # The session really ended: the home page asks for sign-in again.
        response = page.request.get("/", max_redirects=0)
        assert response.status == 302 and response.headers["location"].startswith("/sign-in/"), role
