"""Market stewardship's one write: a contract manager sets a CRC's benchmark (R-A4a). The earlier
benchmark stays, as history; the audit trail records who set which, when and why."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ttg.core import access, clock
from ttg.core.audit import record_change, snapshot
from ttg.estate.models import CRC

from . import rules
from .constants import Measure
from .models import Benchmark


def set_benchmark(*, crc: CRC, measure: str, percent: int, reason: str, by: Any) -> Benchmark:
    """Set the benchmark for one CRC and measure. Only a contract manager who manages the CRC."""
    if not access.can(by, "stewardship.benchmark") or not by.managed_crcs.filter(pk=crc.pk).exists():
        raise PermissionDenied("Only the CRC's contract manager sets its benchmarks")
    if measure not in Measure.values:
        raise ValidationError({"measure": _("Select what the benchmark is for")})
    decision = rules.benchmark_allowed(percent, reason)
    if not decision.value:
        field = "reason" if 0 <= percent <= 100 else "percent"
        raise ValidationError({field: " ".join(decision.reasons)})
    with transaction.atomic():
        CRC.objects.select_for_update().filter(pk=crc.pk).first()  # one benchmark at a time per CRC
        benchmark = Benchmark.objects.create(
            crc=crc, measure=measure, percent=percent, reason=reason.strip(), set_by=by, set_at=clock.now()
        )
        record_change(
            actor=by, action="stewardship.benchmark.add", obj=benchmark, after=snapshot(benchmark), reason=reason.strip(), scope_crc=crc
        )
    return benchmark
