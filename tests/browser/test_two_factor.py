"""Two-factor sign-in and confirming it is you before an export, in the browser, with axe on every page."""

from __future__ import annotations

import re
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser


def test_a_manager_sets_up_an_app_then_confirms_it_is_them_before_an_export(
    page: Any, browser_personas: dict[str, Any], settings: Any
) -> None:
    TOTPDevice.objects.filter(user=browser_personas[Role.CRC_MANAGER]).delete()  # as after an administrator's reset
    sign_in(page, PERSONA_USERNAMES[Role.CRC_MANAGER], name="two-factor-sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.locator(".govuk-service-navigation__item a")).to_have_count(0)  # nowhere to go but sign out
    check_page(page, "two-factor-set-up")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code from your authenticator app")
    check_page(page, "two-factor-set-up-error")
    secret = page.locator("#secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    TOTPDevice.objects.filter(user=browser_personas[Role.CRC_MANAGER]).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    page.get_by_label("Code from your authenticator app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    check_page(page, "two-factor-backup-codes")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))

    settings.TTG_REAUTH_MAX_AGE = settings.TTG_REAUTH_MAX_AGE * 0  # every export asks again
    page.goto("/sign-in/confirm/?next=/claims/export.csv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    check_page(page, "reauthenticate")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, "reauthenticate-error")
