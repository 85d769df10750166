"""The figures as counted (issue 19, item 7): one row per figure, prison and month, written by
`services.count_figures` (a scheduled job) so that every page, export and API reads a small indexed
table instead of counting the whole estate's records on each request."""

from __future__ import annotations

from django.db import models


class MonthlyCount(models.Model):
    """One figure's counts at one prison in one month, as last counted: what the selectors' grouped
    query returned for that cell (`met` of `counted`, and the figure's further counts, if any)."""

    figure = models.CharField(max_length=20)
    prison = models.ForeignKey("estate.Prison", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month")
    met = models.PositiveIntegerField()
    counted = models.PositiveIntegerField()
    parts = models.JSONField(default=list, blank=True, help_text="The figure's further counts (activities: signposted, declined)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["figure", "prison", "month"], name="compliance_one_count_a_cell")]
        indexes = [models.Index(fields=["month", "prison"], name="compliance_count_month_idx")]

    def __str__(self) -> str:
        return f"{self.figure} {self.prison_id} {self.month:%Y-%m}: {self.met}/{self.counted}"


class Counting(models.Model):
    """When the figures were last counted, and over which months: one row (id 1), locked while counting
    so that two counts at once cannot both write the same cells."""

    counted_at = models.DateTimeField(null=True, blank=True)
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    seconds = models.FloatField(default=0, help_text="How long the last count took")
    cells = models.PositiveIntegerField(default=0, help_text="How many cells it wrote")

    def __str__(self) -> str:
        return f"counted at {self.counted_at}"
