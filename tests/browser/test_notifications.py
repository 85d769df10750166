"""The notifications page in the browser, with axe: read a notification and mark it read."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser


def test_a_caseworker_reads_a_notification(page: Any, browser_personas: dict[str, Any]) -> None:
    from ttg.notifications.services import notify

    with transaction.atomic():
        for n in (1, 2):
            notify(
                key=f"browser:{n}",
                recipients=[browser_personas[Role.TTG_CASEWORKER]],
                template="referral_changed",
                context={"reference": f"R-{n}", "status": "accepted", "organisation": "Mersey Women's Centre", "by": "Aisha Begum"},
                link="/supply-chain/",
            )
    sign_in(page, "tom.okafor", name="notifications-sign-in")
    page.get_by_role("link", name="Notifications (2 unread)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_page(page, "notifications")
    page.get_by_role("button", name=re.compile(r"^Mark as read\W+Referral R-1")).click()
    expect(page.get_by_text("You have 1 unread notification.")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Open\W+Referral R-2")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supply-chain register")
