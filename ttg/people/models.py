"""People in custody, their custody periods and movements, and the custody feed's bookkeeping.

Everything here comes from the custody feed (custody-feed.md): staff never type it in. Events are
facts: movements and release-date changes are appended, never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ttg.core.access import ScopedQuerySet
from ttg.core.languages import Language

from .constants import EventType, FeedOutcome, LegalStatus, ReleaseType, SentenceType, Sex


class Person(models.Model):
    prison_number = models.CharField(max_length=7, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=2, blank=True)
    # The language the person chose for what they are given (their plan on paper and as a PDF; issue 22,
    # docs/welsh.md): recorded by the caseworker, never from the custody feed. Empty until recorded: then
    # their prison's language applies (rule L1).
    language = models.CharField(max_length=5, choices=Language.choices, blank=True, default="", db_default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.prison_number})"


class CustodyPeriod(models.Model):
    """From a RECEPTION to a RELEASE. At most one open period per person."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="custody_periods")
    received_at = models.DateTimeField()
    reception_date = models.DateField(help_text="The reference date of screening decisions")
    reception_prison = models.ForeignKey("estate.Prison", on_delete=models.PROTECT, related_name="+")
    current_prison = models.ForeignKey("estate.Prison", on_delete=models.PROTECT, related_name="custody_periods")
    legal_status = models.CharField(max_length=10, choices=LegalStatus.choices)
    sentence_type = models.CharField(max_length=15, choices=SentenceType.choices, blank=True)
    sentence_start_date = models.DateField(null=True, blank=True)
    sentence_length_days = models.PositiveIntegerField(null=True, blank=True)
    release_date = models.DateField(null=True, blank=True, help_text="Expected (earliest) release date")
    released_at = models.DateTimeField(null=True, blank=True)
    release_type = models.CharField(max_length=25, choices=ReleaseType.choices, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(released_at__isnull=True), name="one_open_custody_period"),
        ]
        indexes = [
            models.Index(fields=["current_prison", "release_date"], condition=Q(released_at__isnull=True), name="open_caseload_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.prison_number} received {self.reception_date}"

    @property
    def is_open(self) -> bool:
        return self.released_at is None


class ProbationCase(models.Model):
    """A responsible officer holds a person's case in the community for one custody period (service
    brief: the responsible officer sees "their own cases"). What lets them buy rate-card services for
    the person (R-F2a, docs/payments.md). It comes from the handover of the person's plan to them, or
    is recorded by an administrator (the NPS's own allocation, until a feed from it brings it)."""

    class Source(models.TextChoices):
        HANDOVER = "handover", "Handover of the plan"
        ALLOCATED = "allocated", "Allocated by the NPS"

    custody_period = models.ForeignKey(CustodyPeriod, on_delete=models.PROTECT, related_name="probation_cases")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_held", help_text="The responsible officer"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    since = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = "case held by a responsible officer"
        constraints = [models.UniqueConstraint(fields=["custody_period", "officer"], name="one_case_per_officer_and_period")]
        indexes = [models.Index(fields=["officer", "custody_period"], name="case_officer_idx")]

    def __str__(self) -> str:
        return f"Case of custody period {self.custody_period_id} held by officer {self.officer_id}"


class Movement(models.Model):
    """A reception, transfer or release: the prison timeline of a custody period."""

    # Indexed by `arrival_idx`, which begins with it.
    custody_period = models.ForeignKey(CustodyPeriod, on_delete=models.PROTECT, related_name="movements", db_index=False)
    kind = models.CharField(max_length=10, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    from_prison = models.ForeignKey("estate.Prison", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_prison = models.ForeignKey("estate.Prison", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event_id = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            # The period's last arrival at its current prison (the screening rules' history): without it
            # SQLite searched by the prison instead, every movement into it for each period.
            models.Index(fields=["custody_period", "to_prison", "-occurred_at"], name="arrival_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class ReleaseDateChange(models.Model):
    """History of a custody period's expected release date (set at sentencing or changed later)."""

    custody_period = models.ForeignKey(CustodyPeriod, on_delete=models.PROTECT, related_name="release_date_changes")
    occurred_at = models.DateTimeField()
    old_release_date = models.DateField(null=True, blank=True)
    new_release_date = models.DateField(null=True, blank=True)
    event_id = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"Release date {self.old_release_date} to {self.new_release_date}"


class ImportRun(models.Model):
    """One import of one feed file or request body."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        UNREADABLE = "unreadable", "File could not be read"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=500)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rows = models.PositiveIntegerField(default=0)
    applied = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    conflicts = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.started_at:%Y-%m-%d %H:%M})"


class FeedEvent(models.Model):
    """Every event the feed has sent us, by its id: the idempotency key.

    `content_hash` tells a replay (same content: nothing to do) from a conflict (same id, different
    content: reported, not applied). Pending events keep their fields to be tried again later.
    """

    event_id = models.CharField(max_length=100, primary_key=True)
    content_hash = models.CharField(max_length=64)
    event_type = models.CharField(max_length=10, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    prison_number = models.CharField(max_length=7, db_index=True)
    outcome = models.CharField(max_length=10, choices=FeedOutcome.choices)
    reason = models.TextField(blank=True)
    payload = models.JSONField(null=True, blank=True, help_text="Kept only while pending")
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Line in the file it came from, for reports")
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["outcome", "occurred_at"], name="feed_pending_idx", condition=Q(outcome="pending"))]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.outcome})"


class RejectedRow(models.Model):
    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField(null=True, blank=True)
    event_id = models.CharField(max_length=100, blank=True)
    field = models.CharField(max_length=50, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


class Allocation(models.Model):
    """A custody period allocated to one TTG caseworker of the CRC serving its prison, by one of that CRC's
    managers (rule AL1, docs/allocation.md). Reallocating ends the current allocation (`ended_at`) and
    adds another: the rows are the history of who held the person, who allocated them and when. The
    partial unique constraint keeps one current allocation per period, even when two managers allocate at
    once; it is also the index that finds a period's current allocation."""

    custody_period = models.ForeignKey(CustodyPeriod, on_delete=models.PROTECT, related_name="allocations")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    allocated_at = models.DateTimeField()
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-allocated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["custody_period"], condition=Q(ended_at__isnull=True), name="one_current_allocation"),
        ]
        indexes = [
            # A caseworker's caseload (counted against capacity) and "my people" on the work list.
            models.Index(fields=["caseworker", "custody_period"], condition=Q(ended_at__isnull=True), name="caseload_idx"),
        ]

    def __str__(self) -> str:
        return f"Custody period {self.custody_period_id} allocated to {self.caseworker_id}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None
