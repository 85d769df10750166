"""The demo's screenings: made through the services, once."""

from __future__ import annotations

from datetime import date
from typing import Any

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.estate.models import Prison
from ttg.screening.demo import load_screenings, load_welsh_route
from ttg.screening.models import DutyToRefer, Kind, Screening
from ttg.screening.tests.test_journeys import feed, reception


def test_demo_screenings_are_made_once_and_leave_work_to_do(personas: dict[str, Any]) -> None:
    feed(*(reception(f"d{n}", f"D{n:04d}AA", at=f"2019-{1 + n % 8:02d}-{1 + n:02d}T09:30:00+01:00") for n in range(14)))
    made = load_screenings(personas)
    assert made > 0
    assert load_screenings(personas) == 0
    assert Screening.objects.filter(kind=Kind.BCST1).count() < 14  # some are left for the prison officer
    assert Screening.objects.filter(kind=Kind.BCST2).exists()


def test_the_demo_s_person_at_hmp_cardiff_follows_the_welsh_route(personas: dict[str, Any]) -> None:
    officer = User.objects.create(username="officer.cfi", role=Role.PRISON_OFFICER, prison=Prison.objects.get(code="CFI"))
    assert load_welsh_route(officer) == 0  # not before the custody feed has brought people in
    feed(reception("d1", "D0001AA", at="2019-08-30T09:30:00+01:00"))
    assert load_welsh_route(officer) == 1
    assert load_welsh_route(officer) == 0  # once
    duty = DutyToRefer.objects.select_related("custody_period__current_prison").get(custody_period__person__prison_number="A7301CF")
    assert duty.custody_period.current_prison.code == "CFI" and duty.route == "wales"
    # Received 12 August 2019, released 11 November 2019: 56 days before release (the setting's default).
    assert (duty.consent, duty.local_housing_authority, duty.due_on) == (True, "", date(2019, 9, 16))
