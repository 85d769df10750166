"""The log of pseudonymised extracts (R-E2): who asked for which, why, and how many rows it held.
No personal data about people in custody: an extract's rows are never stored, nor its key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet


class ExtractFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


class Extract(models.Model):
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    purpose = models.TextField(help_text=_("Why it was needed, in the requester's words"))
    format = models.CharField(max_length=4, choices=ExtractFormat.choices)
    rows = models.PositiveIntegerField()
    released_from = models.DateField()
    released_to = models.DateField()
    dates_to = models.CharField(max_length=7, help_text=_("How far dates were coarsened: day, month or quarter"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="extract_requester_idx")]

    def __str__(self) -> str:
        return f"Extract {self.pk} of {self.rows} rows"


class GroupCount(models.Model):
    """One group's counts in one breakdown, as last counted (`services.count_breakdowns`, a scheduled job):
    the raw counts the three grouped queries returned for it, before any rate, interval or suppression
    (those are applied when a page is read, with the settings of the day). `everyone` marks the row of
    the whole population. No person: counts only."""

    dimension = models.CharField(max_length=16)
    key = models.JSONField(null=True, blank=True, help_text=_("The group's code as counted: a code, a CRC's or prison's id, or null"))
    everyone = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["dimension"], name="insights_groupcount_dim_idx")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}"


class Counting(models.Model):
    """When the breakdowns were last counted, over which releases: one row (id 1), locked while counting."""

    counted_at = models.DateTimeField(null=True, blank=True)
    released_from = models.DateField(null=True, blank=True)
    released_to = models.DateField(null=True, blank=True)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"counted at {self.counted_at}"
