"""The demo's market stewardship: Merseyside CRC's benchmarks, set by the contract manager
(samuel.adeyemi) through the service, so they are in the audit trail. Idempotent.

The figures themselves come from the other apps' demo data: the claims, referrals and plans, and the
supply-chain register, whose Merseyside rows leave needs in its prisons' population uncovered (the
coverage gaps the stewardship page shows)."""

from __future__ import annotations

from typing import Any

from ttg.accounts.constants import Role
from ttg.estate.models import CRC

from . import services
from .constants import Measure
from .models import Benchmark

BENCHMARKS = [
    (Measure.VOLUNTARY_SPEND, 40, "The Merseyside supply-chain plan's commitment: 40% of TTG spend to the voluntary sector"),
    (Measure.SPECIALIST_ACTIVITIES, 20, "One in five delivered activities by specialist organisations, as in the women's strategy"),
]


def load_stewardship(users: dict[str, Any]) -> int:
    crc = CRC.objects.filter(code="MERSEYSIDE").first()
    if crc is None or Benchmark.objects.filter(crc=crc).exists():
        return 0
    for measure, percent, reason in BENCHMARKS:
        services.set_benchmark(crc=crc, measure=measure, percent=percent, reason=reason, by=users[Role.CONTRACT_MANAGER])
    return len(BENCHMARKS)
