"""The register's pages and API: scoping per role, filters, forms with field errors, fixed query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.estate.models import CRC, Organisation, Prison
from ttg.supply_chain.models import SupplyChainContract, SupplyChainService


def _page(client: Any, **query: str) -> str:
    response = client.get(reverse("supply_chain_register"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        (Role.CRC_MANAGER, ["MCRC-2019-004", "MCRC-2015-011", "MCRC-2019-009"], ["CGM-2018-017"]),
        (Role.TTG_CASEWORKER, ["MCRC-2019-004", "MCRC-2017-002"], ["CGM-2018-017"]),
        (Role.CONTRACT_MANAGER, ["MCRC-2019-004", "CGM-2018-017"], []),  # manages Merseyside and Cheshire/GM
        (Role.ADMINISTRATOR, ["MCRC-2019-004", "CGM-2018-017"], []),
        (Role.PARTNER_CASEWORKER, ["MCRC-2019-004"], ["MCRC-2015-011", "MCRC-2017-002", "CGM-2018-017"]),  # Mersey Women's Centre only
    ],
)
def test_each_role_sees_its_own_rows(client_for: Any, role: str, sees: list[str], does_not_see: list[str]) -> None:
    page = _page(client_for(role), status="all")
    for reference in sees:
        assert reference in page, reference
    for reference in does_not_see:
        assert reference not in page, reference
    api = client_for(role).get(reverse("api_supply_chain"), {"status": "all"}).json()
    references = {row["contract_reference"] for row in api["results"]}
    assert set(sees) <= references and not references & set(does_not_see)


def test_contract_page_shows_every_row_with_its_status(client_for: Any) -> None:
    gateway = SupplyChainContract.objects.get(reference="MCRC-2015-011")
    page = client_for(Role.CRC_MANAGER).get(reverse("supply_chain_contract", kwargs={"pk": gateway.pk})).content.decode()
    assert "Ended</strong>" in page and "Current</strong>" in page and "£120,000" in page
    assert '<span class="govuk-visually-hidden">Actions</span>' in page and "&lt;span" not in page
    assert page.count(">End<") == 2  # only the current rows can be ended: accommodation at HMP Altcourse, TTG casework at HMP Liverpool
    partner = client_for(Role.CONTRACT_MANAGER).get(reverse("supply_chain_contract", kwargs={"pk": gateway.pk})).content.decode()
    assert "Add a service" not in partner and ">End<" not in partner


def test_contract_not_yours_is_the_same_404_as_missing(client_for: Any) -> None:
    cheshire = SupplyChainContract.objects.get(reference="CGM-2018-017")
    gateway = SupplyChainContract.objects.get(reference="MCRC-2015-011")
    for role, pk in ((Role.CRC_MANAGER, cheshire.pk), (Role.PARTNER_CASEWORKER, gateway.pk), (Role.TTG_CASEWORKER, 999999)):
        assert client_for(role).get(reverse("supply_chain_contract", kwargs={"pk": pk})).status_code == 404
    # A CRC manager cannot add to or end another CRC's rows either.
    row = cheshire.services.get()
    assert client_for(Role.CRC_MANAGER).get(reverse("supply_chain_service_add", kwargs={"pk": cheshire.pk})).status_code == 404
    assert client_for(Role.CRC_MANAGER).get(reverse("supply_chain_service_end", kwargs={"pk": row.pk})).status_code == 404


def test_current_and_ended_rows_and_specialism_tags(client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    current = _page(client, prison="LPI", pathway="accommodation")
    assert "No rows match" in current  # Gateway at Liverpool ended on 31 March 2019
    ended = _page(client, prison="LPI", pathway="accommodation", status="ended")
    assert "Gateway Housing Trust" in ended and "31 March 2019" in ended
    womens = _page(client, specialism="womens_centre")
    assert "Mersey Women&#39;s Centre" in womens and "Gateway Housing Trust" not in womens
    assert "Women&#39;s centre</strong>" in womens and "BAME-led</strong>" not in womens
    assert "BAME-led</strong>" in _page(client, specialism="bame_led")


def test_register_and_api_use_a_fixed_number_of_queries(client_for: Any) -> None:
    client = client_for(Role.ADMINISTRATOR)
    urls = [reverse("supply_chain_register") + "?status=all", reverse("api_supply_chain") + "?status=all"]
    contract = SupplyChainContract.objects.get(reference="MCRC-2019-004")
    urls.append(reverse("supply_chain_contract", kwargs={"pk": contract.pk}))
    client.get(urls[0])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = [count(url) for url in urls]
    crc = CRC.objects.get(code="MERSEYSIDE")
    for n in range(12):
        organisation = Organisation.objects.create(name=f"Partner {n}", type="voluntary")
        organisation.specialisms.set(Organisation.objects.get(name="Mersey Women's Centre").specialisms.all())
        extra = SupplyChainContract.objects.create(
            crc=crc,
            organisation=organisation,
            reference=f"EXTRA-{n}",
            title="T",
            starts_on=date(2019, 1, 1),
            created_at=contract.created_at,
        )
        for code in ("ACI", "LPI"):
            SupplyChainService.objects.create(
                contract=extra, pathway="ete", prison=Prison.objects.get(code=code), since=date(2019, 1, 1), created_at=contract.created_at
            )
            SupplyChainService.objects.create(
                contract=contract,
                pathway="health",
                prison=Prison.objects.get(code=code),
                since=date(2018 - n, 1, 1),
                until=date(2018 - n, 6, 1),
                created_at=contract.created_at,
            )
    assert [count(url) for url in urls] == before


def _date(prefix: str, d: date | None) -> dict[str, str]:
    parts = (d.day, d.month, d.year) if d else ("", "", "")
    return {f"{prefix}_{i}": str(p) for i, p in enumerate(parts)}


def test_add_a_contract_through_check_answers(client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    gateway = Organisation.objects.get(name="Gateway Housing Trust")
    form = {
        "crc": "MERSEYSIDE",
        "organisation": str(gateway.pk),
        "reference": "MCRC-2019-030",
        "title": "Move-on",
        "value": "£12,500.50",
        **_date("starts_on", date(2019, 9, 1)),
        **_date("ends_on", None),
    }
    response = client.post(reverse("supply_chain_contract_add"), form)
    assert response.status_code == 302 and response.url == reverse("supply_chain_contract_check")
    check = client.get(response.url).content.decode()
    assert "MCRC-2019-030" in check and "£12,500.50" in check and "1 September 2019" in check and "Open-ended" in check
    done = client.post(reverse("supply_chain_contract_check"))
    contract = SupplyChainContract.objects.get(reference="MCRC-2019-030")
    assert done.url == reverse("supply_chain_contract", kwargs={"pk": contract.pk}) and contract.value_pence == 1_250_050


def test_contract_form_errors_name_their_fields(client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    response = client.post(
        reverse("supply_chain_contract_add"),
        {"crc": "CHESHIRE_GM", "value": "lots", **_date("starts_on", date(2019, 9, 1)), **_date("ends_on", date(2019, 8, 1))},
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.count('href="#id_') >= 5 and "<title>Error:" in page
    for message in (
        "Select the CRC",
        "Select the organisation",
        "Enter the contract reference",
        "Enter the contract title",
        "The end date must be the same as or after the start date",
        "Enter the value as an amount in pounds",
    ):
        assert message in page, message
    assert not SupplyChainContract.objects.filter(crc__code="CHESHIRE_GM", created_by__isnull=False).exists()


def test_a_duplicate_reference_found_at_check_answers_goes_back_to_the_form(client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    mwc = Organisation.objects.get(name="Mersey Women's Centre")
    client.post(
        reverse("supply_chain_contract_add"),
        {
            "crc": "MERSEYSIDE",
            "organisation": str(mwc.pk),
            "reference": "MCRC-2019-004",
            "title": "Again",
            **_date("starts_on", date(2019, 9, 1)),
        },
    )
    page = client.post(reverse("supply_chain_contract_check")).content.decode()
    assert "already has a contract with the reference MCRC-2019-004" in page and 'href="#id_reference"' in page


def test_add_and_end_a_service_through_the_pages(client_for: Any) -> None:
    client = client_for(Role.CRC_MANAGER)
    contract = SupplyChainContract.objects.get(reference="MCRC-2019-004")
    url = reverse("supply_chain_service_add", kwargs={"pk": contract.pk})
    clash = client.post(url, {"pathway": "accommodation", "prison": "ACI", **_date("since", date(2019, 9, 1))}).content.decode()
    assert "the dates overlap" in clash and 'href="#id_since_0"' in clash
    assert (
        client.post(url, {"pathway": "health", "prison": "LPI", "activity_code": "L2-H1", **_date("since", date(2019, 9, 1))}).status_code
        == 302
    )
    row = SupplyChainService.objects.get(contract=contract, pathway="health")
    end = reverse("supply_chain_service_end", kwargs={"pk": row.pk})
    assert "Enter the last day of the service" in client.post(end, {}).content.decode()
    assert client.post(end, {**_date("until", date(2019, 12, 31)), "reason": "Pilot"}).status_code == 302
    row.refresh_from_db()
    assert row.until == date(2019, 12, 31) and row.end_reason == "Pilot"


def test_navigation_shows_supply_chain_to_those_who_may_view(client_for: Any) -> None:
    assert 'href="/supply-chain/"' in client_for(Role.PARTNER_CASEWORKER).get(reverse("home")).content.decode()
    assert 'href="/supply-chain/"' not in client_for(Role.PRISON_OFFICER).get(reverse("home")).content.decode()
