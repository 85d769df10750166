"""Money on the home pages: what waits for each side of a purchase and a claim, counted from the same
scoped selectors as the pages the tasks link to; then the pages to go to."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.payments import services
from ttg.payments.models import Purchase

pytestmark = pytest.mark.django_db


def _home(client_for: Any, role: str) -> str:
    response = client_for(role).get(reverse("home"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _tasks(client_for: Any, role: str) -> dict[str, tuple[str, int]]:
    """Text -> (link, count) of the tasks the home page opens with."""
    return {text: (href, count) for text, href, count, _tag in home_tasks(client_for(role).get(reverse("home")).content.decode())}


def _hint(page: str, text: str) -> str:
    """The hint under a task."""
    after = page[page.index(f">{text}</a>") :]
    return after[after.index('class="govuk-task-list__hint">') + 30 : after.index("</div>")]


def _deliver_and_submit(purchase: Purchase, personas: dict[str, Any], settings: Any) -> None:
    services.record_delivery(purchase=purchase, source_key="home:1", units=1, on=date(2019, 9, 2), by=personas[Role.PARTNER_CASEWORKER])
    settings.TTG_NOW = "2019-10-01T09:30:00+01:00"  # September has ended: the service submits its claims
    services.submit_ended_months()


def test_the_partner_sees_purchases_waiting_to_start_then_claims_unpaid(
    personas: dict[str, Any], purchase: Purchase, client_for: Any, settings: Any
) -> None:
    tasks = _tasks(client_for, Role.PARTNER_CASEWORKER)
    assert tasks["Purchases waiting to start"] == (reverse("payments_purchases"), 1)
    assert tasks["Claims unpaid"] == (f"{reverse('payments_claims')}?show=due", 0)
    _deliver_and_submit(purchase, personas, settings)
    tasks = _tasks(client_for, Role.PARTNER_CASEWORKER)
    assert tasks["Purchases waiting to start"][1] == 0
    # The partner claims its subcontract price (£80.00) from the CRC.
    assert tasks["Claims unpaid"] == (f"{reverse('payments_claims')}?show=due", 1)
    assert _hint(_home(client_for, Role.PARTNER_CASEWORKER), "Claims unpaid").startswith("Total £80.00.")


def test_the_responsible_officer_buys_and_approves(personas: dict[str, Any], purchase: Purchase, client_for: Any, settings: Any) -> None:
    assert f'href="{reverse("payments_buy")}">Buy a Through the Gate service</a>' in _home(client_for, Role.RESPONSIBLE_OFFICER)
    assert _tasks(client_for, Role.RESPONSIBLE_OFFICER)["Claims to approve"][1] == 0
    _deliver_and_submit(purchase, personas, settings)
    tasks = _tasks(client_for, Role.RESPONSIBLE_OFFICER)
    assert tasks["Claims to approve"] == (f"{reverse('payments_claims')}?show=to_approve", 1)
    assert tasks["Requests for more units to decide"] == (reverse("payments_purchases"), 0)
    assert _hint(_home(client_for, Role.RESPONSIBLE_OFFICER), "Claims to approve").startswith("Total £95.00.")


def test_the_crc_manager_sees_the_rate_card_partners_claims_to_approve_and_its_own_unpaid(
    personas: dict[str, Any], purchase: Purchase, client_for: Any, settings: Any
) -> None:
    _deliver_and_submit(purchase, personas, settings)
    page = _home(client_for, Role.CRC_MANAGER)
    assert f'href="{reverse("payments_rate_cards")}">Your rate card</a>' in page
    tasks = _tasks(client_for, Role.CRC_MANAGER)
    assert tasks["Claims to approve"][1] == 1 and _hint(page, "Claims to approve").startswith("Total £80.00.")  # from its partner
    assert tasks["Claims unpaid"][1] == 1 and _hint(page, "Claims unpaid").startswith("Total £95.00.")  # its own, to the NPS division


def test_the_contract_manager_sees_spend_and_escalations_open(
    personas: dict[str, Any], purchase: Purchase, client_for: Any, settings: Any
) -> None:
    assert f'href="{reverse("payments_funding")}">Spend against allocation</a>' in _home(client_for, Role.CONTRACT_MANAGER)
    assert _tasks(client_for, Role.CONTRACT_MANAGER)["Escalations open"] == (reverse("payments_escalations"), 0)
    _deliver_and_submit(purchase, personas, settings)
    settings.TTG_NOW = "2019-11-15T09:30:00+00:00"
    assert services.escalate_unpaid_claims()
    assert _tasks(client_for, Role.CONTRACT_MANAGER)["Escalations open"][1] > 0


@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.TTG_CASEWORKER, Role.GOVERNOR])
def test_roles_without_money_have_no_purchases_and_claims(client_for: Any, role: str) -> None:
    assert "Purchases and claims" not in _home(client_for, role)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR])
def test_analysts_and_administrators_see_only_spend(client_for: Any, role: str) -> None:
    page = _home(client_for, role)
    assert f'href="{reverse("payments_funding")}">Spend against allocation</a>' in page
    assert reverse("payments_claims") not in page and reverse("payments_purchases") not in page


def test_each_page_is_linked_once_and_counts_come_first(client_for: Any, personas: dict[str, Any]) -> None:
    import re

    page = _home(client_for, Role.CRC_MANAGER)
    assert {"Claims to approve", "Claims unpaid"} <= {text for text, *_ in home_tasks(page)}
    assert page.index('id="waiting"') < page.index("Purchases and claims")
    section = page[page.index("Purchases and claims") :]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', section)
    texts = [text for _href, text in links]
    assert texts[0] == "Your rate card"
    assert "Rate cards" not in texts  # "Your rate card" already leads there
    assert {"Purchases", "All claims"} <= set(texts)
