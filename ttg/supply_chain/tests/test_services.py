"""Adding contracts and services, and ending services: the change and its audit event, or neither."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Organisation, Prison
from ttg.supply_chain import selectors, services
from ttg.supply_chain.models import SupplyChainContract, SupplyChainService


@pytest.fixture
def merseyside(personas: dict[str, Any]) -> CRC:
    return CRC.objects.get(code="MERSEYSIDE")


def _contract(**overrides: Any) -> SupplyChainContract:
    return SupplyChainContract.objects.get(crc__code="MERSEYSIDE", reference=overrides.get("reference", "MCRC-2019-004"))


def test_add_contract_and_audit(personas: dict[str, Any], merseyside: CRC) -> None:
    manager = personas[Role.CRC_MANAGER]
    contract = services.add_contract(
        crc=merseyside,
        organisation=Organisation.objects.get(name="Gateway Housing Trust"),
        reference=" MCRC-2019-020 ",
        title="Move-on housing",
        starts_on=date(2019, 9, 1),
        ends_on=date(2019, 9, 1),
        value_pence=2_500_050,
        by=manager,
    )
    assert contract.reference == "MCRC-2019-020" and contract.value_pence == 2_500_050 and contract.created_by == manager
    event = AuditEvent.objects.get(action="supply_chain.supplychaincontract.add", object_id=str(contract.pk))
    assert event.actor == manager and event.scope_crc == merseyside and (event.after or {})["reference"] == "MCRC-2019-020"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reference": "MCRC-2019-004"}, "reference"),  # already used by the CRC
        ({"reference": "  "}, "reference"),
        ({"title": ""}, "title"),
        ({"ends_on": date(2019, 8, 31)}, "ends_on"),
        ({"value_pence": -1}, "value"),
    ],
)
def test_add_contract_refuses_bad_input_naming_the_field(
    personas: dict[str, Any], merseyside: CRC, overrides: dict[str, Any], field: str
) -> None:
    before = (SupplyChainContract.objects.count(), AuditEvent.objects.count())
    args: dict[str, Any] = {
        "reference": "NEW-1",
        "title": "T",
        "starts_on": date(2019, 9, 1),
        "ends_on": None,
        "value_pence": None,
        **overrides,
    }
    with pytest.raises(ValidationError) as raised:
        services.add_contract(
            crc=merseyside, organisation=Organisation.objects.get(name="Gateway Housing Trust"), by=personas[Role.CRC_MANAGER], **args
        )
    assert field in raised.value.message_dict
    assert (SupplyChainContract.objects.count(), AuditEvent.objects.count()) == before


def test_only_the_crcs_own_manager_or_an_administrator_may_change_it(personas: dict[str, Any]) -> None:
    cheshire = CRC.objects.get(code="CHESHIRE_GM")
    args: dict[str, Any] = {
        "organisation": Organisation.objects.get(name="Gateway Housing Trust"),
        "title": "T",
        "starts_on": date(2019, 9, 1),
    }
    for role in (Role.CRC_MANAGER, Role.CONTRACT_MANAGER, Role.TTG_CASEWORKER, Role.PARTNER_CASEWORKER):
        with pytest.raises(PermissionDenied):
            services.add_contract(crc=cheshire, reference=f"X-{role}", by=personas[role], **args)
    assert services.add_contract(crc=cheshire, reference="X-admin", by=personas[Role.ADMINISTRATOR], **args).pk
    assert not SupplyChainContract.objects.filter(reference__startswith="X-").exclude(reference="X-admin").exists()


def test_add_service_and_refuse_an_overlapping_duplicate(personas: dict[str, Any]) -> None:
    manager = personas[Role.CRC_MANAGER]
    contract = _contract()
    liverpool = Prison.objects.get(code="LPI")
    row = services.add_service(
        contract=contract, pathway="accommodation", prison=liverpool, since=date(2019, 9, 1), until=date(2019, 12, 31), by=manager
    )
    assert AuditEvent.objects.filter(action="supply_chain.supplychainservice.add", object_id=str(row.pk)).exists()
    count = SupplyChainService.objects.count()
    for since, until in ((date(2019, 12, 31), None), (date(2019, 4, 1), date(2019, 9, 1)), (date(2019, 10, 1), date(2019, 10, 2))):
        with pytest.raises(ValidationError) as raised:
            services.add_service(contract=contract, pathway="accommodation", prison=liverpool, since=since, until=until, by=manager)
        assert "dates overlap" in raised.value.message_dict["since"][0]
    assert SupplyChainService.objects.count() == count
    # The day after the last day is free; so is another pathway on the same days.
    services.add_service(contract=contract, pathway="accommodation", prison=liverpool, since=date(2020, 1, 1), by=manager)
    services.add_service(contract=contract, pathway="finance", prison=liverpool, since=date(2019, 9, 1), by=manager)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"pathway": "astrology"}, "pathway"),
        ({"since": date(2019, 9, 2), "until": date(2019, 9, 1)}, "until"),
        ({"since": date(2019, 3, 31)}, "since"),  # before the contract starts
    ],
)
def test_add_service_refuses_bad_input_naming_the_field(personas: dict[str, Any], args: dict[str, Any], field: str) -> None:
    before = (SupplyChainService.objects.count(), AuditEvent.objects.count())
    full = {"pathway": "health", "prison": Prison.objects.get(code="LPI"), "since": date(2019, 9, 1), **args}
    with pytest.raises(ValidationError) as raised:
        services.add_service(contract=_contract(), by=personas[Role.CRC_MANAGER], **full)
    assert field in raised.value.message_dict
    assert (SupplyChainService.objects.count(), AuditEvent.objects.count()) == before


def test_a_service_must_end_by_the_end_of_its_contract(personas: dict[str, Any]) -> None:
    contract = _contract(reference="MCRC-2017-002")  # ends 31 May 2020
    with pytest.raises(ValidationError) as raised:
        services.add_service(
            contract=contract,
            pathway="health",
            prison=Prison.objects.get(code="LPI"),
            since=date(2019, 9, 1),
            by=personas[Role.CRC_MANAGER],
        )
    assert "31 May 2020" in raised.value.message_dict["until"][0]


def test_end_service_keeps_the_row_and_audits(personas: dict[str, Any]) -> None:
    row = SupplyChainService.objects.get(contract__reference="MCRC-2019-004", pathway="accommodation")
    ended = services.end_service(service=row, until=date(2019, 9, 30), reason="Contract varied", by=personas[Role.CRC_MANAGER])
    assert ended.until == date(2019, 9, 30) and SupplyChainService.objects.filter(pk=row.pk).exists()
    event = AuditEvent.objects.get(action="supply_chain.supplychainservice.end", object_id=str(row.pk))
    assert event.before == {"end_reason": "", "until": None} and event.after == {"end_reason": "Contract varied", "until": "2019-09-30"}
    decision = selectors.in_supply_chain(row.contract.organisation, row.contract.crc, "accommodation", row.prison, date(2019, 10, 1))
    assert decision.value is False and "until 30 September 2019" in decision.reasons[0]


def test_end_service_refuses_a_day_before_it_started(personas: dict[str, Any]) -> None:
    row = SupplyChainService.objects.get(contract__reference="MCRC-2019-004", pathway="accommodation")
    with pytest.raises(ValidationError) as raised:
        services.end_service(service=row, until=date(2019, 3, 31), by=personas[Role.CRC_MANAGER])
    assert "until" in raised.value.message_dict
    row.refresh_from_db()
    assert row.until is None and not AuditEvent.objects.filter(action="supply_chain.supplychainservice.end").exists()


def test_an_ended_row_cannot_be_ended_again(personas: dict[str, Any]) -> None:
    row = SupplyChainService.objects.get(
        contract__reference="MCRC-2015-011", prison__code="LPI", pathway="accommodation"
    )  # ended 31 March 2019
    with pytest.raises(ValidationError):
        services.end_service(service=row, until=date(2019, 3, 1), by=personas[Role.CRC_MANAGER])


def test_the_selector_for_referrals(personas: dict[str, Any]) -> None:
    mwc = Organisation.objects.get(name="Mersey Women's Centre")
    decision = selectors.in_supply_chain(
        mwc, CRC.objects.get(code="MERSEYSIDE"), "accommodation", Prison.objects.get(code="ACI"), date(2019, 9, 2)
    )
    assert decision.value is True
    assert decision.reasons[0].startswith(
        "Mersey Women's Centre is in Merseyside CRC's supply chain for accommodation at HMP Altcourse since 1 April 2019 under contract MCRC-2019-004"
    )
    gateway = Organisation.objects.get(name="Gateway Housing Trust")
    history = selectors.in_supply_chain(
        gateway, CRC.objects.get(code="MERSEYSIDE"), "accommodation", Prison.objects.get(code="LPI"), date(2019, 9, 2)
    )
    assert history.value is False and "until 31 March 2019" in history.reasons[0]


def test_demo_is_idempotent(personas: dict[str, Any]) -> None:
    from ttg.supply_chain.demo import load_supply_chains

    count = SupplyChainService.objects.count()
    assert load_supply_chains() == 0 and SupplyChainService.objects.count() == count >= 9
