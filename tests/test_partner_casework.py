"""A partner organisation's staff doing the CRC's TTG casework (issue 15 part 4): which register rows
count, and the demo's BCST2 at HMP Liverpool. The access matrix covers every route
(tests/test_access_matrix.py, test_partner_caseworker_*)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.access_matrix import MATRIX, MATRIX_PRISON_NUMBER
from ttg.accounts.constants import Role


def partner_caseworker() -> Any:
    """The demo's partner TTG caseworker (nadia.karim, of Gateway Housing Trust: HMP Liverpool)."""
    from ttg.accounts.models import User

    return User.objects.select_related("organisation").get(username="nadia.karim")


def casework_at(prison: str, crc: str = "MERSEYSIDE", since: date = date(2019, 4, 1)) -> Any:
    from ttg.core import clock
    from ttg.estate.models import Prison
    from ttg.supply_chain.models import SupplyChainContract, SupplyChainService

    contract = SupplyChainContract.objects.get(crc__code=crc, organisation__name="Gateway Housing Trust")
    return SupplyChainService.objects.create(
        contract=contract, pathway="ttg_casework", prison=Prison.objects.get(code=prison), since=since, created_at=clock.now()
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "row",
    [
        {"prison": "STI", "crc": "CHESHIRE_GM", "since": date(2019, 4, 1)},  # another CRC's contract, another CRC's prison: still not ACI
        {"prison": "STI", "crc": "MERSEYSIDE", "since": date(2019, 4, 1)},  # a prison Merseyside does not serve: ignored
        {"prison": "ACI", "crc": "MERSEYSIDE", "since": date(2030, 1, 1)},  # not yet in force
    ],
)
def test_only_a_row_in_force_for_a_prison_the_crc_serves_counts(row: dict[str, Any], personas: dict[str, Any]) -> None:
    from ttg.people.models import CustodyPeriod
    from ttg.supply_chain.access import casework_prison_ids

    MATRIX["person_detail"].kwargs(personas)
    casework_at(**row)
    partner = partner_caseworker()
    assert not CustodyPeriod.objects.visible_to(partner).filter(person__prison_number=MATRIX_PRISON_NUMBER).exists()
    if row["crc"] == "MERSEYSIDE" and row["prison"] == "STI":
        assert "STI" not in set(casework_prison_ids(partner).values_list("prison__code", flat=True))


LIVERPOOL_PRISON_NUMBER = "L4321PC"


def person_at_liverpool() -> Any:
    """A sentenced man received at HMP Liverpool (Merseyside CRC's), through the feed importer, with BCST1 done."""
    import io

    from ttg.people.importer import import_feed
    from ttg.people.models import CustodyPeriod

    header = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
    row = f"partner-1,RECEPTION,2019-08-01T10:00:00+01:00,{LIVERPOOL_PRISON_NUMBER},LPI,,,Idris,Partnerton,1990-01-01,M,W1,SENTENCED,DETERMINATE,2019-08-01,365,2020-07-31,\n"
    import_feed(io.BytesIO((header + row).encode()), source="partner casework test", kind="csv")
    return CustodyPeriod.objects.select_related("person", "current_prison").get(person__prison_number=LIVERPOOL_PRISON_NUMBER)


def test_a_partner_caseworker_does_bcst2_at_hmp_liverpool(personas: dict[str, Any]) -> None:
    """The demo's journey, through the services: the partner's caseworker completes BCST2 for a person at HMP Liverpool."""
    from ttg.people.models import CustodyPeriod
    from ttg.screening.demo import submit_screening
    from ttg.screening.models import Kind, Screening, Status

    period = person_at_liverpool()
    submit_screening(period, Kind.BCST1, personas[Role.PRISON_OFFICER])
    partner = partner_caseworker()
    assert list(CustodyPeriod.objects.visible_to(partner).filter(released_at__isnull=True)) == [period]
    submit_screening(period, Kind.BCST2, partner)
    screening = Screening.objects.get(custody_period=period, kind=Kind.BCST2)
    assert screening.status == Status.SUBMITTED and screening.submitted_by == partner
    # Merseyside's own caseworker sees it too; Cheshire and Greater Manchester's does not.
    assert CustodyPeriod.objects.visible_to(personas[Role.TTG_CASEWORKER]).filter(pk=period.pk).exists()
    from ttg.accounts.models import User

    assert not CustodyPeriod.objects.visible_to(User.objects.get(username="joanne.clarke")).filter(pk=period.pk).exists()


def test_a_partner_caseworker_refers_and_asks_the_crc_to_buy_as_its_own_caseworkers_do(personas: dict[str, Any]) -> None:
    """With the row for HMP Altcourse, her rate-card referral asks Merseyside CRC to buy the partner's service."""
    from tests.access_matrix import _planned_activity
    from ttg.payments.models import RateCardItem
    from ttg.plans.plan.models import PlanActivity
    from ttg.referrals.models import DesiredOutcome
    from ttg.referrals.outcomes import load_desired_outcomes
    from ttg.referrals.tests.conftest import send

    casework_at("ACI")
    activity = PlanActivity.objects.select_related("plan__custody_period__person").get(pk=_planned_activity(personas)["pk"])
    load_desired_outcomes()
    outcomes = list(DesiredOutcome.objects.filter(pathway="accommodation").order_by("order")[:1])
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    partner = partner_caseworker()
    referral = send(activity, outcomes, partner, personas[Role.PARTNER_CASEWORKER].organisation, funding="rate_card", service=item, units=2)
    assert referral.purchase is not None and referral.purchase.status == "requested"
    assert referral.purchase.purchaser_crc is not None and referral.purchase.purchaser_crc.code == "MERSEYSIDE"
    assert referral.purchase.requested_by == partner
