"""The demo's screenings: made through the services, once."""

from __future__ import annotations

from typing import Any

from ttg.screening.demo import load_screenings
from ttg.screening.models import Kind, Screening
from ttg.screening.tests.test_journeys import feed, reception


def test_demo_screenings_are_made_once_and_leave_work_to_do(personas: dict[str, Any]) -> None:
    feed(*(reception(f"d{n}", f"D{n:04d}AA", at=f"2019-{1 + n % 8:02d}-{1 + n:02d}T09:30:00+01:00") for n in range(14)))
    made = load_screenings(personas)
    assert made > 0
    assert load_screenings(personas) == 0
    assert Screening.objects.filter(kind=Kind.BCST1).count() < 14  # some are left for the prison officer
    assert Screening.objects.filter(kind=Kind.BCST2).exists()
