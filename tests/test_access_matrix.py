"""Every route × every role × anonymous, against the matrix in access_matrix.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from conftest import EVERY_ROLE, persona_users
from tests.access_matrix import (
    ADMIN_ROLES,
    MATRIX,
    MATRIX_PRISON_NUMBER,
    OTHER_METHODS,
    PAYMENTS_PRISON_NUMBER,
    SECOND_ORGANISATION,
    SHARED_ACROSS_ORGANISATIONS,
    SHARED_FOR_ROLES,
    WHOLE_PAGE_FORBIDDEN,
    Entry,
    first_organisations_world,
    second_organisation_users,
)
from tests.test_partner_casework import casework_at, partner_caseworker
from ttg.accounts.constants import Role
from ttg.core import access


class RouteWorlds:
    """What one route's URL needs (its entry's kwargs: a person, a plan, a referral...), made once for
    all that route's tests, in a savepoint of a transaction held open for the module and rolled back
    at its end. Each test's own transaction nests inside and is rolled back as before, so every test
    still starts from the demo base plus exactly its route's objects; the kwargs helpers are idempotent,
    so the test's own call finds them. (Made in every test, they were a quarter of the module's time.)"""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.atomics: list[Any] = []  # the module's transaction, then the current route's savepoint
        self.name = ""
        self.second_organisation: dict[str, Any] = {}  # made first in the module's transaction

    def open(self) -> None:
        """The module's transaction, with what every route's tests share (the second organisation's users)."""
        if not self.atomics:
            with self.blocker.unblock():
                self._enter()
                self.second_organisation = second_organisation_users()

    def _enter(self) -> None:
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # as Django's TestCase marks its own
        atomic.__enter__()
        self.atomics.append(atomic)

    def _roll_back(self) -> None:
        transaction.set_rollback(True)
        self.atomics.pop().__exit__(None, None, None)

    def build(self, name: str) -> None:
        if name == self.name:
            return
        with self.blocker.unblock():
            if len(self.atomics) == 2:
                self._roll_back()
            self.name = ""
        self.open()
        with self.blocker.unblock():
            self._enter()
            MATRIX[name].kwargs(persona_users())
            self.name = name

    def close(self) -> None:
        with self.blocker.unblock():
            while self.atomics:
                self._roll_back()


@pytest.fixture(scope="module")
def route_worlds(django_db_setup: Any, django_db_blocker: Any) -> Iterator[RouteWorlds]:
    worlds = RouteWorlds(django_db_blocker)
    yield worlds
    worlds.close()


@pytest.fixture(autouse=True)
def _route_world(request: pytest.FixtureRequest) -> None:
    """Autouse, so it runs before the test's own transaction (the db fixture) opens."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and "name" in callspec.params and "transactional_db" not in request.fixturenames:
        request.getfixturevalue("route_worlds").build(callspec.params["name"])
    elif "second_organisation" in request.fixturenames:
        request.getfixturevalue("route_worlds").open()


def named_routes() -> tuple[set[str], list[str]]:
    """(names of every route outside the admin, patterns that have no name)."""
    names: set[str] = set()
    unnamed: list[str] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(namespace + pattern.name)
                else:
                    unnamed.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    return names, unnamed


def test_every_route_has_a_matrix_entry() -> None:
    names, unnamed = named_routes()
    assert not unnamed, f"Routes without a name cannot be in the access matrix: {unnamed}"
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"Routes with no access-matrix entry (add them to tests/access_matrix.py): {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Access-matrix entries for routes that no longer exist: {stale}"


def _request(client: Client, name: str, personas: dict[str, Any]) -> Any:
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(personas) or None)
    return getattr(client, entry.method)(url)


@pytest.mark.once  # the same on either database: SQLite's run only (conftest.py, "once")
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous(name: str, personas: dict[str, Any]) -> None:
    entry = MATRIX[name]
    response = _request(Client(), name, personas)
    if entry.public:
        assert response.status_code in (200, 302), response.status_code
    elif entry.api:
        assert response.status_code in (401, 403)
        assert b"results" not in response.content
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role(name: str, role: str, client_for: Any, personas: dict[str, Any]) -> None:
    entry = MATRIX[name]
    response = _request(client_for(role), name, personas)
    if role in entry.roles:
        assert response.status_code == entry.ok_status, f"{role} should reach {name}"
    else:
        url = reverse(name, kwargs=entry.kwargs(personas) or None)
        assert response.status_code == expected_refusal(name, role, url), f"{role} must not reach {name} (got {response.status_code})"


# A TTG caseworker employed by a partner organisation (issue 15 part 4): the demo's nadia.karim, whose
# organisation's register row says it does Merseyside CRC's TTG casework at HMP Liverpool only.
CASEWORKER_ROUTES = sorted(name for name, entry in MATRIX.items() if Role.TTG_CASEWORKER in entry.roles and not entry.public)


@pytest.mark.once  # the same on either database: SQLite's run only (conftest.py, "once")
@pytest.mark.parametrize("name", CASEWORKER_ROUTES)
def test_partner_caseworker_in_a_prison_the_register_gives_them(name: str, personas: dict[str, Any]) -> None:
    """With a row for HMP Altcourse too, she reaches every route a CRC's TTG caseworker reaches there."""
    casework_at("ACI")
    client = Client()
    client.force_login(partner_caseworker())
    assert _request(client, name, personas).status_code == MATRIX[name].ok_status


@pytest.mark.once  # the same on either database: SQLite's run only (conftest.py, "once")
@pytest.mark.parametrize("name", CASEWORKER_ROUTES)
def test_partner_caseworker_elsewhere(name: str, personas: dict[str, Any]) -> None:
    """Without it, everything about the matrix's person at HMP Altcourse is not found, and no page names them."""
    client = Client()
    client.force_login(partner_caseworker())
    response = _request(client, name, personas)
    about_someone = bool({"prison_number", "flag_id"} & MATRIX[name].kwargs(personas).keys()) or name == "prison_caseload"
    if about_someone:
        assert response.status_code == 404
    else:
        assert MATRIX_PRISON_NUMBER.encode() not in response.content


@pytest.mark.once  # the same on either database: SQLite's run only (conftest.py, "once")
@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if not e.public))
def test_user_without_a_role_is_refused_everywhere(name: str, personas: dict[str, Any], django_user_model: Any) -> None:
    nobody = django_user_model.objects.create_user(username="no.role", password="x" * 16)
    client = Client()
    client.force_login(nobody)
    assert _request(client, name, personas).status_code == 403


def test_inactive_user_is_refused(personas: dict[str, Any]) -> None:
    user = personas["administrator"]
    client = Client()
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    # Django's session auth drops inactive users; they are sent to sign in.
    assert client.get(reverse("audit_search")).status_code == 302


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_admin_is_for_administrators_only(role: str, client_for: Any) -> None:
    client = client_for(role)
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        if role in ADMIN_ROLES:
            assert response.status_code == 200
        else:
            assert response.status_code == 403, f"{role} reached {url}"


def test_admin_sends_anonymous_users_to_the_service_sign_in() -> None:
    response = Client().get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


# --- 403 or 404, a second organisation of every kind, every method (issue 17, item 5) -----------------

METHODS = ("get", "post", "put", "patch", "delete")


def expected_refusal(name: str, role: str, url: str) -> int:
    """403 for a role without the route's action (a whole page it may not use); 404 for a role that has
    the action but not this record (docs/security.md, "403 or 404")."""
    if role in WHOLE_PAGE_FORBIDDEN.get(name, (frozenset(), ""))[0]:
        return 403
    _public, action = access.view_declaration(resolve(url).func)
    return 404 if action in access.ROLE_ACTIONS.get(role, frozenset()) else 403


def _has_record_kwargs(name: str) -> bool:
    return MATRIX[name].kwargs is not Entry.__dataclass_fields__["kwargs"].default


@pytest.fixture
def second_organisation(route_worlds: RouteWorlds) -> dict[str, Any]:
    """Made once for the module, in its transaction (the users only; no records of theirs)."""
    return route_worlds.second_organisation


@pytest.mark.once  # the same on either database: SQLite's run only (conftest.py, "once")
@pytest.mark.parametrize(
    ("name", "role"),
    # Only the roles that may use the route: any other is refused whatever their organisation (test_role).
    [(n, r) for n in sorted(MATRIX) if _has_record_kwargs(n) for r in sorted(SECOND_ORGANISATION) if r in MATRIX[n].roles],
)
def test_second_organisation(name: str, role: str, personas: dict[str, Any], second_organisation: dict[str, Any]) -> None:
    """A user of another organisation of the same kind, whose role may use the route: the first
    organisation's record is not found (404), unless the route shows shared reference data."""
    entry = MATRIX[name]
    kwargs = entry.kwargs(personas)
    client = Client()
    client.force_login(second_organisation[role])
    response = getattr(client, entry.method)(reverse(name, kwargs=kwargs))
    shared_for = SHARED_FOR_ROLES.get(name, (frozenset(), ""))[0]
    if entry.ok_status == 415:
        # An API that reads JSON refuses the matrix's form body before it looks for the record: the
        # refusal says nothing of whether the record exists (the JSON requests are the API's own tests).
        assert response.status_code in (404, 415), f"{role} of another organisation reached {name} ({response.status_code})"
    elif name in SHARED_ACROSS_ORGANISATIONS or role in shared_for or set(kwargs) <= {"fmt"}:
        assert response.status_code == entry.ok_status, f"{role} of another organisation: {name} gave {response.status_code}"
        assert MATRIX_PRISON_NUMBER.encode() not in response.content and PAYMENTS_PRISON_NUMBER.encode() not in response.content
    else:
        assert response.status_code == 404, f"{role} of another organisation reached {name} ({response.status_code})"


def test_second_organisation_lists_hold_none_of_the_first(personas: dict[str, Any], second_organisation: dict[str, Any]) -> None:
    """Lists, searches and exports: the page, with none of the first organisation's people in it."""
    numbers = [n.encode() for n in first_organisations_world(personas)]
    clients: dict[str, Client] = {}
    checked = 0
    for name, entry in sorted(MATRIX.items()):
        if entry.public or entry.method != "get" or (_has_record_kwargs(name) and set(entry.kwargs(personas)) - {"fmt"}):
            continue
        for role in sorted(SECOND_ORGANISATION.keys() & entry.roles):
            if role not in clients:
                clients[role] = Client()
                clients[role].force_login(second_organisation[role])
            response = clients[role].get(reverse(name, kwargs=entry.kwargs(personas) or None))
            assert response.status_code == entry.ok_status, f"{role} of another organisation: {name} gave {response.status_code}"
            leaked = [n.decode() for n in numbers if n in response.content]
            assert not leaked, f"{name} shows {role} of another organisation the first organisation's {leaked}"
            checked += 1
    assert checked > 40


@pytest.mark.once  # the same on either database: SQLite's run only (conftest.py, "once")
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_method(name: str, personas: dict[str, Any]) -> None:
    """Every method on every route: a role that may use the route gets 405 for a method the route does
    not take (or what OTHER_METHODS says it takes); a role that may not, 403 or 404 whatever the method,
    before the method is looked at; anonymous, the sign-in page (pages) or 401/403 (API)."""
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(personas) or None)
    allowed = sorted(entry.roles)[:1]
    refused = [r for r in EVERY_ROLE if r not in entry.roles][:1]
    found: dict[str, int] = {}
    for method in (m for m in METHODS if m != entry.method):
        for role in allowed:
            client = Client()
            client.force_login(personas[role])
            status = getattr(client, method)(url).status_code
            if status != 405:
                found[method] = status
        for role in refused:
            client = Client()
            client.force_login(personas[role])
            status = getattr(client, method)(url).status_code
            # Without the route's action: 403 before anything. With it but not this page or record: 403 or
            # 404, or 405 for a method the route does not take at all (the method is checked first).
            lacks_action = access.view_declaration(resolve(url).func)[1] not in access.ROLE_ACTIONS.get(role, frozenset())
            expected = (403,) if lacks_action else (expected_refusal(name, role, url), 405)
            assert status in expected, f"{role} {method.upper()} {name}: {status}"
        if not entry.public:
            status = getattr(Client(), method)(url).status_code
            assert status in ((401, 403) if entry.api else (302,)), f"anonymous {method.upper()} {name}: {status}"
    if not entry.public:
        assert found == OTHER_METHODS.get(name, {}), f"{name}: methods other than {entry.method.upper()} answered {found}"
