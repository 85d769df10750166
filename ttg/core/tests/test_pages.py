"""Server-side checks of the page frame. The browser suite (tests/browser) checks them with axe."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from conftest import ALL_ROLES
from ttg.accounts.constants import Role

HOME_TITLES: dict[str, str] = {
    Role.PRISON_OFFICER: "Reception screening at HMP Altcourse",
    Role.TTG_CASEWORKER: "My work",
    Role.CRC_MANAGER: "Merseyside CRC",
    Role.PARTNER_CASEWORKER: "Referrals to Mersey Women&#39;s Centre",
    Role.RESPONSIBLE_OFFICER: "Handovers and purchases",
    Role.GOVERNOR: "Resettlement at HMP Altcourse",
    Role.CONTRACT_MANAGER: "CRCs at a glance",
    Role.ANALYST: "Evaluation",
    Role.ADMINISTRATOR: "Service administration",
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_lands_on_its_own_home_page(role: str, client_for: Any) -> None:
    page = client_for(role).get(reverse("home")).content.decode()
    assert f'<h1 class="govuk-heading-l">{HOME_TITLES[role]}</h1>' in page
    assert "govuk-skip-link" in page and "govuk-phase-banner" in page
    assert "Sign out" in page
    assert ("Audit log" in page) == (role in (Role.CONTRACT_MANAGER, Role.ADMINISTRATOR))
    assert ("Manage users" in page) == (role == Role.ADMINISTRATOR)


# What each role's home page opens with (issue 16): what waits for them, or, for roles nothing waits for,
# the pages of their work.
FIRST_ON_HOME: dict[str, str] = {
    **{str(role): "Waiting for you" for role in ALL_ROLES},
    Role.ANALYST: "Outcomes and equality",
    Role.ADMINISTRATOR: "Administration",
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_home_page_opens_with_what_waits_and_does_not_restate_who_the_user_is(
    role: str, client_for: Any, personas: dict[str, Any]
) -> None:
    page = client_for(role).get(reverse("home")).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    user = personas[role]
    assert user.get_full_name() not in main and user.get_role_display() not in main
    assert "govuk-summary-list" not in main
    after_title = main[main.index("</h1>") :]
    assert after_title.removeprefix("</h1>").lstrip().startswith('<h2 class="govuk-heading-m">')
    first = re.search(r'<h2 class="govuk-heading-m">([^<]+)</h2>', after_title)
    assert first is not None and first.group(1) == FIRST_ON_HOME[role]


def test_caseworker_home_lists_the_prisons_the_crc_serves(client_for: Any) -> None:
    page = client_for(Role.TTG_CASEWORKER).get(reverse("home")).content.decode()
    assert "HMP Altcourse (ACI)" in page and "HMP Liverpool (LPI)" in page
    assert "HMP Styal" not in page  # served by another CRC


def test_contract_manager_home_lists_managed_crcs(client_for: Any) -> None:
    page = client_for(Role.CONTRACT_MANAGER).get(reverse("home")).content.decode()
    assert "Merseyside CRC" in page and "Cheshire and Greater Manchester CRC" in page
    assert "London CRC" not in page


def test_home_query_count_is_small(client_for: Any, django_assert_max_num_queries: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    # 8, and up to 11 for the work list's counts (ttg/worklist/selectors.py: fixed however many people).
    with django_assert_max_num_queries(19):
        client.get(reverse("home"))


@pytest.mark.parametrize("name", ["accessibility", "privacy", "cookies"])
def test_legal_pages_are_public_and_in_the_footer(name: str, db: Any) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 200
    login_page = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse(name)}"' in login_page


def test_not_found_is_a_govuk_page(client_for: Any) -> None:
    response = client_for(Role.PRISON_OFFICER).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_forbidden_is_a_govuk_page(client_for: Any) -> None:
    response = client_for(Role.PRISON_OFFICER).get(reverse("audit_search"))
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_healthz_reports_the_database(db: Any) -> None:
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_fails_when_the_database_does(db: Any) -> None:
    with mock.patch("ttg.core.views.connection.cursor", side_effect=Exception("down")):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_sign_in_errors_use_the_error_summary(db: Any) -> None:
    page = Client().post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "There is a problem" in page
    assert 'href="#id_username"' in page and "Enter your username" in page
    assert 'href="#id_password"' in page and "Enter your password" in page


def test_wrong_password_keeps_the_username_and_says_what_to_do(personas: dict[str, Any]) -> None:
    page = Client().post(reverse("login"), {"username": "priya.shah", "password": "wrong-password-99"}).content.decode()
    assert "Enter a correct username and password" in page
    assert 'value="priya.shah"' in page


def test_pages_are_translatable_into_welsh(client_for: Any) -> None:
    page = client_for(Role.PRISON_OFFICER).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in page


def test_migrations_match_the_models(db: Any) -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
