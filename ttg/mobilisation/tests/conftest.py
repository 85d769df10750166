"""Small fixtures for mobilisation: Cheshire and Greater Manchester CRC's plan at HMP Styal, built by
its manager (karen.ashworth), with a governor at Styal made here. Merseyside's plans are the demo's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.estate.models import CRC, Organisation, Prison
from ttg.mobilisation import services
from ttg.mobilisation.models import MobilisationPlan

STAFF = {"role": "Resettlement caseworker", "employer": "Cheshire and Greater Manchester CRC", "planned": 3, "in_post": 1}
SPACE = {"kind": "room", "kind_words": "Room", "description": "Hub room 2", "person": "", "agreed": True}
RISK = {"risk": "Rooms shared with education", "action": "Agree a timetable", "owner": "Karen Ashworth"}
CHECKED = ["staff", "space", "partners", "risks"]


@pytest.fixture
def cheshire(personas: dict[str, Any]) -> dict[str, Any]:
    crc = CRC.objects.get(code="CHESHIRE_GM")
    styal = Prison.objects.get(code="STI")
    governor = User.objects.create(username="styal.governor", role=Role.GOVERNOR, prison=styal)
    return {
        "crc": crc,
        "prison": styal,
        "manager": User.objects.get(username="karen.ashworth"),
        "contract_manager": personas[Role.CONTRACT_MANAGER],
        "governor": governor,
        "partner": personas[Role.PARTNER_CASEWORKER],  # Mersey Women's Centre
        "centre": Organisation.objects.get(name="Mersey Women's Centre"),
        "housing": Organisation.objects.get(name="Gateway Housing Trust"),
    }


def complete_plan(c: dict[str, Any]) -> MobilisationPlan:
    plan = services.start_plan(crc=c["crc"], prison=c["prison"], by=c["manager"])
    for section, row in (("staff", STAFF), ("space", SPACE), ("risks", RISK)):
        services.add_row(plan=plan, section=section, row=row, by=c["manager"])
    services.add_commitment(
        plan=plan,
        organisation=c["centre"],
        services="Women's centre in-reach",
        money_pence=500_000,
        fte=Decimal("0.5"),
        starts_on=date(2019, 3, 11),
        ends_on=None,
        by=c["manager"],
    )
    return plan


@pytest.fixture
def plan(cheshire: dict[str, Any]) -> MobilisationPlan:
    return complete_plan(cheshire)
