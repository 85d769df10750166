"""Shared test fixtures: the demo personas, one per role, signed-in clients.

The demo base (estate, personas, rate card, budgets: `load_demo()`) is loaded once per test
database, committed, right after the database is made (django_db_setup below). Every `db` test runs
in a transaction that is rolled back, so each starts from that same base; pytest-django runs them
before the transactional tests, which empty every table when they finish. `personas` loads the base
again whenever it is missing (after a transactional test, or in one), so no test depends on the order.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
from django.test import Client

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.demo.loader import load_demo
from ttg.demo.personas import PERSONAS
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.catalogue.models import CatalogueVersion

PASSWORD = "a-long-test-password-2019"

# Hypothesis: when CI=true it loads its own "ci" profile (derandomized: the same examples every run; no
# per-example deadline, which fails at random on a busy machine running two suites at once; no example
# database, which a fresh clone never reuses). It is written down here, so that HYPOTHESIS_PROFILE=ci
# gives the same anywhere. Example counts are the default's (100, unless a test's @settings says
# otherwise): every property test together takes ~6 s, so CI does not cut them.
hypothesis.settings.register_profile(
    "ci",
    parent=hypothesis.settings.get_profile("default"),
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (CI's PostgreSQL run: the others run once, on SQLite)",
    )


def uses_the_database(item: pytest.Item) -> bool:
    """Whether the test uses the database under test: pytest-django's fixtures or marker, or the
    `database` marker for a test that reaches the database server another way."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        fixtures & {"db", "transactional_db", "live_server", "django_db_setup"}
        or item.get_closest_marker("django_db")
        or item.get_closest_marker("database")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("database_tests_only"):
        return
    # Pure tests, and tests marked `once` (they use the database, but what they prove does not depend
    # on which: the HTTP methods, anonymous and role-less requests, a second organisation's users,
    # whose scoping is the same ORM filters test_role runs on both), run once, on SQLite.
    pure = [item for item in items if not uses_the_database(item) or item.get_closest_marker("once")]
    if pure:
        config.hook.pytest_deselected(items=pure)
        items[:] = [item for item in items if uses_the_database(item) and not item.get_closest_marker("once")]


# Modules that pytest-xdist gives whole to one worker, so that their module-scoped data set is built
# once, not on every worker: tests/test_query_plans.py's `nationally` (50,000 people, about 40 s of CPU
# and as much of PostgreSQL's). Every other test is handed out on its own, in order, as with `--dist
# load` (pytest-django's order stands: transactional tests last). xdist's own `--dist loadgroup` would
# do it with a mark, but with pytest 9 the mark does nothing (xdist 3.8 groups by renaming the test
# through an attribute pytest 9 no longer reads), hence this scheduler.
ONE_WORKER_MODULES = ("tests/test_query_plans.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for by name: xdist's own
    from xdist.scheduler import LoadScopeScheduling

    class ModulesTogether(LoadScopeScheduling):
        """LoadScopeScheduling (a unit of work goes whole to one worker, the biggest units first), with
        the units: each module of ONE_WORKER_MODULES, and every other test on its own."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

        def mark_test_complete(self, node: Any, item_index: int, duration: float = 0) -> None:
            # As LoadScopeScheduling's, and forgets a finished unit: it counts the tests waiting on a
            # worker over every unit given to it, which with thousands of one-test units costs seconds.
            nodeid = self.registered_collections[node][item_index]
            scope, work = self._split_scope(nodeid), self.assigned_work[node]
            work[scope][nodeid] = True
            if all(work[scope].values()):
                del work[scope]
            self._reschedule(node)

    return ModulesTogether(config, log)


NO_BROWSER_TEST_RAN = "no browser test ran"  # in the skip message of tests/browser/conftest.py
_missing_browser: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Here, not in tests/browser/conftest.py: with pytest-xdist, reports reach the main process, which
    # loads no conftest.py below this one.
    if report.skipped and isinstance(report.longrepr, tuple) and NO_BROWSER_TEST_RAN in report.longrepr[2]:
        _missing_browser.append(report.longrepr[2].removeprefix("Skipped: "))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # A skip is easy to miss in -q output: say it again, loudly, at the very end.
    if _missing_browser:
        terminalreporter.section("BROWSER TESTS DID NOT RUN", sep="!", red=True, bold=True)
        terminalreporter.write_line(_missing_browser[0], red=True, bold=True)


def load_base() -> dict[str, Any]:
    """The demo base, as every test saw it when it loaded it in its own transaction: what load_demo
    queues to run after commit (notification deliveries) never ran then, so it is dropped here."""
    from django.db import connection, transaction

    with transaction.atomic():
        loaded = load_demo(password=PASSWORD)
        connection.run_on_commit.clear()
    return loaded


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request in Welsh leaves Welsh active in the test's thread (LocaleMiddleware activates a language
    per request and never resets it): each test starts in English, as a request without a choice does."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once() -> Iterator[None]:
    """WhiteNoise lists every static file (~220) when its middleware is made: once per process in
    production, but once per test client here, as each Client builds its own middleware (~20 ms, a
    fifth of the suite's time). The files do not change during a run: list them once per settings."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    scan = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[str, dict[str, Any]] = {}

    def add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
        names = sorted(n for n in dir(settings) if n.startswith(("STATIC", "WHITENOISE_")))
        key = repr([(n, getattr(settings, n)) for n in [*names, "INSTALLED_APPS", "DEBUG", "FORCE_SCRIPT_NAME"]])
        if key not in listed:
            own, self.files = self.files, {}
            try:
                scan(self)
                listed[key] = self.files
            finally:
                self.files = {**own, **self.files}
        else:
            self.files.update(listed[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_two_factor() -> Iterator[None]:
    """A test's force_login stands for someone who has passed every step of signing in: for a role that
    signs in with a code too (ttg/accounts/mfa.py), the session also holds their authenticator, as after
    giving the code (one is made if they have none). ttg/accounts/tests/test_two_factor.py signs in
    through the pages instead, and tests/browser/conftest.py's sign_in types the code."""
    from django_otp import DEVICE_ID_SESSION_KEY

    force_login = Client.force_login

    def with_second_step(self: Client, user: Any, backend: str | None = None) -> None:
        from ttg.accounts import mfa

        force_login(self, user, backend)
        if mfa.needs_two_factor(user):
            device = mfa.app_device(user) or mfa.TOTPDevice.objects.create(user=user, name=mfa.APP_DEVICE_NAME, confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", with_second_step)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database (made and migrated), with the demo base loaded once, committed."""
    with django_db_blocker.unblock():
        load_base()
    yield


def persona_users() -> dict[str, Any]:
    """Role -> User: the base's personas, or (when a transactional test has emptied the tables) the
    base loaded again."""
    from ttg.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=PERSONA_USERNAMES.values()).select_related(*PERSONA_RELATIONS)}
    if len(users) < len(PERSONAS):
        return load_demo(password=PASSWORD)["personas"]
    return {p.role: users[p.username] for p in PERSONAS}


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    """Role -> User, loaded by the same code as the demo (once per test database: see above)."""
    return persona_users()


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Any:
    """client_for(role) -> a Django test client signed in as that role's persona."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(personas[role])
        return client

    return make


# The nine roles people have; tests of every route also cover the integration role (list(Role)).
ALL_ROLES = list(PEOPLE_ROLES)
EVERY_ROLE = list(Role)
PERSONA_USERNAMES = {p.role: p.username for p in PERSONAS}
# What load_demo's own users carry with them when it makes them (ttg/demo/personas.py, persona_user).
PERSONA_RELATIONS = ("prison", "crc", "organisation", "nps_division")


@pytest.fixture
def catalogue(db: Any) -> dict[str, CatalogueVersion]:
    """The two initial catalogue versions. The data migration loads them; a test that empties the
    tables (test_tasks, the browser tests) removes them, so they are loaded again here (idempotent)."""
    v2015, v2019 = load_initial_catalogue()
    return {"2015": v2015, "2019": v2019}


_TASK = re.compile(
    r'<a class="govuk-link govuk-task-list__link" href="([^"]*)"[^>]*>([^<]*)</a>.*?'
    r'<div class="govuk-task-list__status"[^>]*>\s*(?:<strong class="govuk-tag ([^"]*)">(\d+)</strong>|None)\s*</div>',
    re.S,
)


def home_tasks(page: str) -> list[tuple[str, str, int, str]]:
    """The tasks a home page opens with ("Waiting for you", ttg/core/jinja2/core/home.html), in order:
    (text, href, count, tag class; "" when the count is none)."""
    html_text = page[page.index('<ul class="govuk-task-list" id="waiting">') :] if 'id="waiting"' in page else ""
    html_text = html_text[: html_text.index("</ul>")] if html_text else ""
    return [(html.unescape(text), html.unescape(href), int(count or 0), tag or "") for href, text, tag, count in _TASK.findall(html_text)]
