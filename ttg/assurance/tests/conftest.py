"""Small factories for contract assurance: people received at Merseyside's and Cheshire's prisons, made
straight in the tables (the feed's own tests cover how they come in)."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.assurance.models import ContractIssue, Engagement
from ttg.estate.models import CRC, Prison
from ttg.people.models import CustodyPeriod, Person

_numbers = count(1)


def received(prison: str, on: date) -> CustodyPeriod:
    n = next(_numbers)
    person = Person.objects.create(
        prison_number=f"Q{n:04d}AS", first_name="Zorbalina", last_name=f"Quintessa{n}", date_of_birth=date(1980, 1, 1), sex="F"
    )
    at = timezone.make_aware(datetime.combine(on, time(10)))
    place = Prison.objects.get(code=prison)
    return CustodyPeriod.objects.create(
        person=person, received_at=at, reception_date=on, reception_prison=place, current_prison=place, legal_status="REMAND"
    )


@pytest.fixture
def world(personas: dict[str, Any]) -> dict[str, Any]:
    # The demo base's issue and engagement log are the demo's: each test counts its own.
    Engagement.objects.all().delete()
    ContractIssue.objects.all().delete()
    merseyside = CRC.objects.get(code="MERSEYSIDE")
    prison = Prison.objects.filter(crc=merseyside).order_by("code").first()
    other = Prison.objects.exclude(crc=merseyside).exclude(crc__isnull=True).order_by("code").first()
    assert prison is not None and other is not None
    inside = [received(prison.code, date(2019, 8, d)) for d in range(1, 11)]
    outside = [received(prison.code, date(2019, 7, 31)), received(prison.code, date(2019, 9, 1)), received(other.code, date(2019, 8, 5))]
    second_cm = User.objects.create(username="other.cm", role=Role.CONTRACT_MANAGER)
    second_cm.managed_crcs.set([merseyside])
    return {
        "crc": merseyside,
        "inside": inside,
        "outside": outside,
        "cm": personas[Role.CONTRACT_MANAGER],
        "second_cm": second_cm,
        "manager": personas[Role.CRC_MANAGER],
        "partner": personas[Role.PARTNER_CASEWORKER],
        "governor": personas[Role.GOVERNOR],
    }
