"""Browser tests: Debian Chromium driven by Playwright against pytest-django's live server.

Every page a test visits goes through check_page(): axe finds no violations, the page does not
scroll sideways, the browser reported no Content-Security-Policy violation, and a full-page
screenshot lands in test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import NO_BROWSER_TEST_RAN, PASSWORD

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls
# from fixtures (load_demo, the table flush after each test) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"  # Debian's: Playwright cannot download its own browser here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Recorded by the page itself from its first script on, so check_page sees every violation.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
"""

_scriptless_contexts: weakref.WeakSet[Any] = weakref.WeakSet()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing, so {NO_BROWSER_TEST_RAN} (no accessibility checks!). Run `make browser` to install it."
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {message}", pytrace=False)
        pytest.skip(message)  # said again at the end: pytest_terminal_summary in the root conftest.py

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_personas(transactional_db: Any) -> dict[str, Any]:
    """Role -> User. The live server runs in another thread, so the data must be committed."""
    from ttg.demo.loader import load_demo

    return load_demo(password=PASSWORD)["personas"]


@pytest.fixture
def demo(browser_personas: dict[str, Any]) -> None:
    """The demo again, now with the catalogue (the browser tests empty the tables, the catalogue too) and one
    person fed to Altcourse (the demo's through-the-gate people wait for the custody feed, as in `make run`),
    so the demo's screenings, plans, reviews, outcomes, handovers, referrals and purchases are made: Kofi
    Mensah (Z9001TG) and Lee Walsh (Z9002TG) among them."""
    from ttg.demo.loader import load_demo
    from ttg.plans.catalogue.loader import load_initial_catalogue
    from ttg.screening.tests.test_journeys import feed, reception

    load_initial_catalogue()
    feed(reception("w1", "A1111AA", at="2019-08-30T09:30:00+01:00", release="2019-09-20"))
    load_demo(password=PASSWORD)


@pytest.fixture
def new_page(browser: Any, live_server: Any, browser_personas: dict[str, Any]) -> Iterator[Any]:
    """new_page(**context_options) -> a page in a fresh browser context (no cookies, no cache)."""
    contexts = []

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **options)
        context.add_init_script(CSP_LISTENER)
        if options.get("java_script_enabled") is False:
            _scriptless_contexts.add(context)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()


def _known_false_positive(violation: dict[str, Any]) -> bool:
    """GOV.UK Frontend's radios script sets aria-expanded on a radio that reveals conditional
    content, as the GOV.UK Design System's pattern does; axe's aria-allowed-attr rule does not
    allow it on role=radio. Only exactly that is excused: every flagged node must be a GOV.UK
    radio input with conditional content, and the only attribute at fault aria-expanded."""
    if violation["id"] != "aria-allowed-attr":
        return False
    return all(
        'class="govuk-radios__input"' in node["html"]
        and "aria-controls=" in node["html"]
        and "aria-expanded" in node.get("failureSummary", "")
        for node in violation["nodes"]
    )


def _axe(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    return [v for v in Axe().run(page).response["violations"] if not _known_false_positive(v)]


def _axe_without_scripts(page: Any) -> list[dict[str, Any]]:
    """axe waits on timers, which never fire in a page without JavaScript (it hangs). So the page's
    DOM is checked in a copy at the same address that has timers, but whose own scripts stay blocked."""
    html = page.content()
    context = page.context.browser.new_context()
    try:
        copy = context.new_page()
        headers = {"Content-Security-Policy": "script-src 'none'"}
        copy.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8", headers=headers))
        copy.goto(page.url)
        return _axe(copy)
    finally:
        context.close()


def check_page(page: Any, name: str) -> None:
    """Screenshot the page, then fail on any axe violation, sideways scroll or CSP violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    violations = _axe_without_scripts(page) if page.context in _scriptless_contexts else _axe(page)
    report = [
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(", ".join(map(str, n["target"])) for n in v["nodes"])
        for v in violations
    ]
    assert not violations, f"axe found {len(violations)} violation(s) on {name} ({page.url}):\n" + "\n".join(report)

    # Reflow: nothing pushes the page wider than the window (axe does not check this).
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} ({page.url}) scrolls sideways by {overflow}px at {page.viewport_size['width']}px wide"

    csp = page.evaluate("window.__cspViolations || []")
    assert not csp, f"Content-Security-Policy violations on {name} ({page.url}): {csp}"


def sign_in(page: Any, username: str, password: str = PASSWORD, *, name: str = "sign-in") -> None:
    """Sign in through the real form (checking the form page on the way)."""
    page.goto("/sign-in/")
    check_page(page, name)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    give_code(page, username)


def current_code(username: str) -> str:
    """The code the persona's authenticator app would show now (the demo's secret: README, "Demo
    logins"). The device forgets the last code used and any wrong ones, so a test may sign in again
    within the same 30 seconds."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def give_code(page: Any, username: str) -> None:
    """After the password, a persona whose role signs in with a code (ttg/accounts/mfa.py) gives it."""
    page.wait_for_load_state()
    if not re.search(r"/sign-in/two-factor/(\?|$)", page.url):
        return
    page.get_by_label("Code", exact=True).fill(current_code(username))
    page.get_by_role("button", name="Continue").click()
