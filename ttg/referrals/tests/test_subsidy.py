"""Unfunded work as subsidy (R-F5, ttg/referrals/subsidy.py) on payments' funding page, its export and API: scoped to who may see it,
for the financial year shown, valued only as an estimate, in a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.access_matrix import _planned_activity
from ttg.accounts.constants import Role
from ttg.estate.models import Organisation
from ttg.payments import selectors_funding
from ttg.plans.plan.models import PlanActivity
from ttg.referrals import services as referral_services
from ttg.referrals.models import DesiredOutcome, Referral, UnfundedWork
from ttg.referrals.outcomes import load_desired_outcomes
from ttg.referrals.tests.conftest import send

YEAR_2019 = date(2019, 4, 1)


@pytest.fixture
def referral(personas: dict[str, Any]) -> Referral:
    """A referral from Merseyside CRC (a person at HMP Altcourse) to the partner's organisation."""
    load_desired_outcomes()
    activity = PlanActivity.objects.get(pk=_planned_activity(personas)["pk"])
    outcomes = list(DesiredOutcome.objects.filter(pathway="accommodation").order_by("order")[:2])
    return send(activity, outcomes, personas[Role.TTG_CASEWORKER], personas[Role.PARTNER_CASEWORKER].organisation)


@pytest.fixture
def stranger(db: Any, personas: dict[str, Any]) -> Organisation:
    """An organisation with no referral from the contract manager's CRCs."""
    mine = personas[Role.PARTNER_CASEWORKER].organisation_id
    return Organisation.objects.exclude(pk=mine).order_by("name").first()  # type: ignore[return-value]


def record(
    personas: dict[str, Any], *, hours: str, on: date, pathway: str = "accommodation", referral: Any = None, organisation: Any = None
) -> UnfundedWork:
    partner = personas[Role.PARTNER_CASEWORKER]
    return referral_services.record_unfunded_work(
        organisation=organisation or partner.organisation,
        person_reference="REF-1",
        on=on,
        pathway=pathway,
        description="Secret details of the work",
        hours=Decimal(hours),
        by=partner,
        referral=referral,
    )


@pytest.fixture
def work(personas: dict[str, Any], referral: Referral, stranger: Organisation) -> None:
    record(personas, hours="2.5", on=date(2019, 8, 1), referral=referral)  # Merseyside, this year
    record(personas, hours="1.25", on=date(2019, 4, 1), pathway="finance")  # no referral, this year's first day
    record(personas, hours="7", on=date(2019, 3, 31))  # last year's last day
    record(personas, hours="4", on=date(2019, 6, 1), organisation=stranger)  # no referral from the manager's CRCs


@override_settings(TTG_UNFUNDED_HOUR_VALUE_PENCE="2000")
def test_an_analyst_sees_every_organisation_for_the_year(work: None, personas: dict[str, Any], stranger: Organisation) -> None:
    found = selectors_funding.subsidy(personas[Role.ANALYST], year_starting=YEAR_2019)
    assert (found.hours, found.records, found.organisations) == (Decimal("7.75"), 3, 2)
    assert found.value_pence == 15_500  # 7.75 hours at £20.00
    assert {r.name: r.hours for r in found.by_organisation}[stranger.name] == Decimal("4")
    assert {r.name: r.hours for r in found.by_crc} == {"Merseyside CRC": Decimal("2.5"), "Not linked to a referral": Decimal("5.25")}
    assert {r.name: r.records for r in found.by_pathway} == {"Accommodation": 2, "Finance, benefit and debt": 1}
    last_year = selectors_funding.subsidy(personas[Role.ANALYST], year_starting=date(2018, 4, 1))
    assert (last_year.hours, last_year.records) == (Decimal("7"), 1)


def test_a_contract_manager_sees_only_their_crcs_work(work: None, personas: dict[str, Any], stranger: Organisation) -> None:
    found = selectors_funding.subsidy(personas[Role.CONTRACT_MANAGER], year_starting=YEAR_2019)
    assert (found.hours, found.records, found.organisations) == (Decimal("3.75"), 2, 1)
    assert stranger.name not in {r.name for r in found.by_organisation}


def test_someone_without_funding_view_sees_nothing(work: None, personas: dict[str, Any]) -> None:
    for role in (Role.CRC_MANAGER, Role.PARTNER_CASEWORKER):
        assert selectors_funding.subsidy(personas[role], year_starting=YEAR_2019).records == 0


def test_the_value_is_the_average_hourly_partner_price_unless_set(personas: dict[str, Any]) -> None:
    # The demo's one hourly service: tenancy sustainment support, £40.00, of which the partner gets £35.00.
    assert selectors_funding.hour_value().pence == 3500
    with override_settings(TTG_UNFUNDED_HOUR_VALUE_PENCE="1999"):
        assert selectors_funding.hour_value().pence == 1999
    with override_settings(TTG_UNFUNDED_HOUR_VALUE_PENCE="0"):
        assert selectors_funding.hour_value().pence is None


def test_the_funding_page_shows_the_subsidy_without_the_records(work: None, client_for: Any) -> None:
    page = client_for(Role.ANALYST).get(reverse("payments_funding")).content.decode()
    assert "Unfunded work: the subsidy from partner organisations, 2019 to 2020" in page
    assert "Organisations that recorded unfunded work" in page and "7.75" in page
    assert "£271.25" in page  # 7.75 hours × £35.00
    assert "Not linked to a referral" in page and "Secret details" not in page and "REF-1" not in page
    earlier = client_for(Role.ANALYST).get(reverse("payments_funding") + "?year=2018").content.decode()
    assert "2018 to 2019" in earlier and "7.00" in earlier and "7.75" not in earlier
    nonsense = client_for(Role.ANALYST).get(reverse("payments_funding") + "?year=drop").content.decode()
    assert "2019 to 2020" in nonsense


def test_the_spend_export_has_the_subsidy_as_its_own_section_and_sheet(work: None, client_for: Any) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    text = client.get(reverse("payments_spend_export", kwargs={"fmt": "csv"}) + "?year=2019").content.decode("utf-8-sig")
    sections = text.split("\r\n\r\n")
    assert len(sections) == 2
    rows = list(csv.reader(io.StringIO(sections[1])))
    assert rows[0][:5] == ["Section", "Financial year", "Organisation, CRC or pathway", "Type", "Hours"]
    total = next(r for r in rows if r[0] == "Total")
    assert total[4:7] == ["3.75", "2", "131.25"]
    book = load_workbook(io.BytesIO(client.get(reverse("payments_spend_export", kwargs={"fmt": "xlsx"})).content))
    assert book.sheetnames == ["spend", "unfunded work"]
    assert book["unfunded work"].cell(1, 1).value == "Section"


def test_the_subsidy_api(work: None, client_for: Any) -> None:
    body = client_for(Role.CONTRACT_MANAGER).get(reverse("api_subsidy") + "?year=2019").json()
    assert body["hours"] == "3.75" and body["records"] == 2 and body["organisations"] == 1
    assert body["estimated_value_pence"] == 13_125 and body["hour_value_pence"] == 3500
    assert body["by_crc"][0]["name"] == "Merseyside CRC"
    assert client_for(Role.CRC_MANAGER).get(reverse("api_subsidy")).status_code == 403


def test_the_funding_page_takes_a_fixed_number_of_queries(
    personas: dict[str, Any], referral: Referral, stranger: Organisation, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.CONTRACT_MANAGER)
    record(personas, hours="1", on=date(2019, 8, 1), referral=referral)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("payments_funding")).status_code == 200
    for i, pathway in enumerate(["finance", "abuse", "ete", "health", "accommodation"]):
        record(personas, hours=f"{i + 1}", on=date(2019, 7, 1), pathway=pathway, referral=referral if i % 2 else None)
        record(personas, hours="2", on=date(2019, 7, 2), organisation=stranger)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("payments_funding"))
    assert "16.00" in page.content.decode()  # 1 + (1 + 2 + 3 + 4 + 5) hours by the partner; not the stranger's


def test_payments_shows_no_unfunded_work_when_nothing_provides_it(
    work: None, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Payments owns the funding page; the figures come from referrals, which records unfunded work."""
    monkeypatch.setattr(selectors_funding, "_subsidy_source", [])
    found = selectors_funding.subsidy(personas[Role.ANALYST], year_starting=YEAR_2019)
    assert (found.records, found.hours, found.by_organisation) == (0, Decimal("0.00"), [])
