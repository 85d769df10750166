"""Every route × every role × anonymous, against the matrix in access_matrix.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import EVERY_ROLE, persona_users
from tests.access_matrix import ADMIN_ROLES, MATRIX, MATRIX_PRISON_NUMBER
from tests.test_partner_casework import casework_at, partner_caseworker
from ttg.accounts.constants import Role


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
            if not self.atomics:
                self._enter()
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
        assert response.status_code in (403, 404), f"{role} must not reach {name} (got {response.status_code})"


# A TTG caseworker employed by a partner organisation (issue 15 part 4): the demo's nadia.karim, whose
# organisation's register row says it does Merseyside CRC's TTG casework at HMP Liverpool only.
CASEWORKER_ROUTES = sorted(name for name, entry in MATRIX.items() if Role.TTG_CASEWORKER in entry.roles and not entry.public)


@pytest.mark.parametrize("name", CASEWORKER_ROUTES)
def test_partner_caseworker_in_a_prison_the_register_gives_them(name: str, personas: dict[str, Any]) -> None:
    """With a row for HMP Altcourse too, she reaches every route a CRC's TTG caseworker reaches there."""
    casework_at("ACI")
    client = Client()
    client.force_login(partner_caseworker())
    assert _request(client, name, personas).status_code == MATRIX[name].ok_status


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
