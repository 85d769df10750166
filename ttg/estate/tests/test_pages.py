"""The estate's read-only pages: what they show, by date, in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.estate.models import NPSDivision, Organisation, Prison, ResettlementDesignation, Specialism


def test_prisons_show_the_designation_in_force_today(client_for: Any, personas: dict[str, Any], settings: Any) -> None:
    altcourse = Prison.objects.get(code="ACI")
    altcourse.designations.all().delete()  # replace the demo's with a change on 1 April 2019
    ResettlementDesignation.objects.create(prison=altcourse, resettlement=False, valid_from=date(2015, 5, 1), valid_to=date(2019, 4, 1))
    ResettlementDesignation.objects.create(prison=altcourse, resettlement=True, valid_from=date(2019, 4, 1))
    client = client_for(Role.TTG_CASEWORKER)

    settings.TTG_NOW = "2019-03-31T12:00:00+01:00"
    before = client.get(reverse("prison_detail", args=["ACI"])).content.decode()
    assert "Non-resettlement prison" in before
    settings.TTG_NOW = "2019-04-01T09:00:00+01:00"
    after = client.get(reverse("prison_detail", args=["ACI"])).content.decode()
    assert "Resettlement prison" in after and "Non-resettlement prison" not in after
    assert "1 April 2019" in after and "Merseyside CRC" in after

    listing = client.get(reverse("prison_list")).content.decode()
    assert "HMP Altcourse" in listing and "108 prisons" in listing


def test_an_unknown_prison_is_not_found(client_for: Any) -> None:
    assert client_for(Role.PRISON_OFFICER).get(reverse("prison_detail", args=["ZZZ"])).status_code == 404


def test_crcs_show_owners_prisons_and_contract_managers(client_for: Any) -> None:
    page = client_for(Role.PARTNER_CASEWORKER).get(reverse("crc_list")).content.decode()
    assert "Merseyside CRC" in page and "Samuel Adeyemi" in page


def test_crcs_and_prisons_link_to_the_supply_chain_register_for_those_who_may_see_it(client_for: Any) -> None:
    register = reverse("supply_chain_register")
    crcs = client_for(Role.PARTNER_CASEWORKER).get(reverse("crc_list")).content.decode()
    assert f'href="{register}?crc=MERSEYSIDE">Register<span class="govuk-visually-hidden"> of Merseyside CRC' in crcs
    prison = client_for(Role.TTG_CASEWORKER).get(reverse("prison_detail", args=["ACI"])).content.decode()
    assert f'href="{register}?prison=ACI">Partner services at HMP Altcourse in the supply-chain register</a>' in prison
    # The analyst may not see the register: no link, and no empty column.
    assert register not in client_for(Role.ANALYST).get(reverse("crc_list")).content.decode()
    assert "Supply chain</th>" not in client_for(Role.ANALYST).get(reverse("crc_list")).content.decode()


def test_nps_divisions_show_their_responsible_officers(client_for: Any) -> None:
    page = client_for(Role.ANALYST).get(reverse("nps_division_list")).content.decode()
    assert "National Probation Service (NPS) divisions" in page
    assert page.count('<tr class="govuk-table__row">') == 1 + NPSDivision.objects.count()
    # The demo's responsible officer works for the North West division.
    north_west = NPSDivision.objects.get(code="NW")
    row = page.split(north_west.name, 1)[1].split("</tr>", 1)[0]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in row


def test_organisations_filter_by_specialism(client_for: Any) -> None:
    womens, _ = Specialism.objects.get_or_create(code="womens_centre", defaults={"name": "Women's centre"})
    Organisation.objects.get(name="Mersey Women's Centre").specialisms.add(womens)
    client = client_for(Role.CRC_MANAGER)
    filtered = client.get(reverse("organisation_list"), {"specialism": "womens_centre"}).content.decode()
    assert "Mersey Women&#39;s Centre" in filtered and "Gateway Housing Trust" not in filtered
    everything = client.get(reverse("organisation_list")).content.decode()
    assert "Gateway Housing Trust" in everything


def test_estate_pages_use_a_fixed_number_of_queries(client_for: Any) -> None:
    client = client_for(Role.ADMINISTRATOR)
    client.get(reverse("prison_list"))

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    before = {name: count(name) for name in ("prison_list", "crc_list", "nps_division_list", "organisation_list")}
    for n in range(30):
        prison = Prison.objects.create(
            code=f"Q{n:02d}"[:3] if n < 10 else f"Q{chr(65 + n % 26)}{chr(65 + n // 26)}", name=f"HMP Test {n}", estate="male"
        )
        ResettlementDesignation.objects.create(prison=prison, resettlement=bool(n % 2), valid_from=date(2015, 1, 1))
        Organisation.objects.create(name=f"Organisation {n}", type="voluntary")
    assert {name: count(name) for name in before} == before
