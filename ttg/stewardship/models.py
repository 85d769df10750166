"""Market stewardship (R-A4): the benchmarks contract managers set. The figures themselves are not
stored: they are aggregates over claims, plan activities, referrals, the supply-chain register and
unfunded work (ttg/stewardship/selectors.py).

A benchmark is reference data about a CRC's contract (no personal data). Setting one again keeps
the old row: the benchmark in force is the latest for its CRC and measure, and every row says who
set it, when and why (and the audit trail has each change).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet

from .constants import Measure


class Benchmark(models.Model):
    crc = models.ForeignKey("estate.CRC", on_delete=models.PROTECT, related_name="stewardship_benchmarks", verbose_name="CRC")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    percent = models.PositiveSmallIntegerField(help_text=_("The share expected, in whole per cent (0 to 100)"))
    reason = models.TextField(help_text=_("Why this benchmark: what it is based on"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["crc__name", "measure", "-set_at", "-id"]
        constraints = [models.CheckConstraint(name="benchmark_percent_at_most_100", condition=Q(percent__lte=100))]
        indexes = [models.Index(fields=["crc", "measure", "-set_at", "-id"], name="benchmark_latest_idx")]

    def __str__(self) -> str:
        return f"{self.crc_id} {self.measure}: {self.percent}%"
