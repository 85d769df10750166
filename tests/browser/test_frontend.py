"""The front end itself: works without JavaScript; the stylesheet and GOV.UK fonts load under our CSP."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_USERNAMES
from tests.browser.conftest import check_page, sign_in
from ttg.accounts.constants import Role

pytestmark = pytest.mark.browser


def test_works_without_javascript(new_page: Any) -> None:
    page = new_page(java_script_enabled=False)
    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="sign-in-no-js")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    # Proof the page's own scripts did not run: GOV.UK Frontend marks the body when they do.
    expect(page.locator("body")).not_to_have_class("govuk-frontend-supported")
    check_page(page, "home-no-js")


def test_stylesheet_and_fonts_load(page: Any) -> None:
    responses: dict[str, list[int]] = {}  # path -> statuses (a revalidated file answers 304 the second time)
    failed: list[str] = []
    console_errors: list[str] = []
    page.on("response", lambda r: responses.setdefault(urlsplit(r.url).path, []).append(r.status))
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))

    sign_in(page, PERSONA_USERNAMES[Role.TTG_CASEWORKER], name="sign-in-ttg_caseworker")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    fonts_loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const gds = [...document.fonts].filter((f) => f.family.replaceAll('"', "") === "GDS Transport");
            return {
                check: document.fonts.check('19px "GDS Transport"') && document.fonts.check('bold 19px "GDS Transport"'),
                loaded: gds.filter((f) => f.status === "loaded").length,
                h1Font: getComputedStyle(document.querySelector("h1")).fontFamily,
            };
        }"""
    )
    check_page(page, "home-fonts")

    assert 200 in responses.get("/static/ttg/app.css", []), responses
    fonts = {p: s for p, s in responses.items() if p.startswith("/static/assets/fonts/") and p.endswith(".woff2")}
    assert fonts and all(200 in s for s in fonts.values()), f"GDS Transport woff2 not served: {responses}"
    assert not [p for p, s in responses.items() if max(s) >= 400], responses
    # document.fonts.check() is also true for a family with no @font-face at all, hence "loaded".
    assert fonts_loaded["check"] and fonts_loaded["loaded"] >= 1, fonts_loaded
    assert fonts_loaded["h1Font"].startswith('"GDS Transport"'), fonts_loaded
    assert not failed, failed
    assert [e for e in console_errors if "Content Security Policy" in e] == [], console_errors
