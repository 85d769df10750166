"""The sign-in form: accessible when empty, with a wrong password and with nothing typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible(page: Any) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page).to_have_title("Sign in – Through the Gate resettlement – GOV.UK")
    # Signed out there is nothing to navigate to, so no empty "Menu" landmark either: only the language switch.
    expect(page.get_by_role("navigation")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Language")).to_contain_text("Cymraeg")
    check_page(page, "sign-in")


def test_wrong_password_shows_error_summary(page: Any) -> None:
    sign_in(page, "tom.okafor", "not-the-password", name="sign-in")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(summary).to_be_focused()  # GOV.UK Frontend's script moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Username")).to_have_value("tom.okafor")  # kept, so only the password is retyped
    check_page(page, "sign-in-wrong-password")


def test_blank_form_links_summary_to_each_field(page: Any) -> None:
    sign_in(page, "", "", name="sign-in")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    # One message per field, the same in the summary as by the field (GOV.UK error message pattern).
    expect(summary.get_by_role("link")).to_have_text(["Enter your username", "Enter your password"])
    for message, field_id in [("Enter your username", "id_username"), ("Enter your password", "id_password")]:
        link = summary.get_by_role("link", name=message)
        expect(link).to_have_attribute("href", f"#{field_id}")
        field = page.locator(f"#{field_id}")
        # The message sits by the field and is read out with it.
        expect(page.locator(f"#{field_id}-error")).to_contain_text(message)
        expect(field).to_have_attribute("aria-describedby", re.compile(rf"\b{field_id}-error\b"))
        link.click()
        expect(field).to_be_focused()
    check_page(page, "sign-in-blank")
