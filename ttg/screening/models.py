"""Screenings (BCST1 and BCST2), the immediate needs they flag and the homelessness duty to refer.

A screening keeps the question-set version it was made under (R-S5): answers are read with that
version forever, even after a newer one comes into force. The rules that decide what is due and
when live in rules.py; the questions and what answers mean live in questions.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.estate.constants import Country


class Kind(models.TextChoices):
    BCST1 = "BCST1", _("BCST1")
    BCST2 = "BCST2", _("BCST2")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    AMENDING = "amending", _("Being amended")


class Screening(models.Model):
    """One BCST1 or BCST2 for one custody period: at most one of each kind."""

    custody_period = models.ForeignKey("people.CustodyPeriod", on_delete=models.PROTECT, related_name="screenings")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    question_set_version = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    # While amending, what was submitted before, so that the amendment can say what changed.
    answers_before_amendment = models.JSONField(null=True, blank=True)
    cloned_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    needs_unchanged_confirmed = models.BooleanField(default=False)
    needs_summary = models.JSONField(null=True, blank=True, help_text="BCST2: needs by pathway, for the resettlement plan")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["custody_period", "kind"], name="one_screening_of_each_kind")]
        indexes = [models.Index(fields=["kind", "status"], name="screening_kind_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for custody period {self.custody_period_id} ({self.status})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def question_set_key(self) -> str:
        return f"{self.kind}/{self.question_set_version}"


class Amendment(models.Model):
    """A change to a submitted screening: why, by whom, and which answers changed."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField()
    changed_questions = models.JSONField(default=list)
    previous_answers = models.JSONField(default=dict)
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField()

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self) -> str:
        return f"Amendment of {self.screening} at {self.amended_at:%Y-%m-%d %H:%M}"


class PathwayNeed(models.Model):
    """A need BCST2 found on a resettlement pathway: one row for each pathway its needs summary puts at
    "some" or "significant" (``needs_summary`` holds the same, as JSON). Kept in step with the summary at
    every submission, so that the compliance figures count BCST2's needs in SQL (issue 19)."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="pathway_needs")
    custody_period = models.ForeignKey("people.CustodyPeriod", on_delete=models.CASCADE, related_name="pathway_needs")
    pathway = models.CharField(max_length=30)
    level = models.CharField(max_length=12)
    found_at = models.DateTimeField(help_text="When the BCST2 that first found this need was submitted")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["found_at", "id"]
        constraints = [models.UniqueConstraint(fields=["screening", "pathway"], name="one_need_per_pathway")]

    def __str__(self) -> str:
        return f"BCST2 need on {self.pathway} ({self.level})"


class NeedFlag(models.Model):
    """An immediate need from BCST1, flagged to the CRC's caseworkers at the person's prison (R-S3).

    A caseworker must acknowledge each flag. A flag whose need disappears in an amendment is
    withdrawn, not deleted.
    """

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="flags")
    custody_period = models.ForeignKey("people.CustodyPeriod", on_delete=models.PROTECT, related_name="need_flags")
    pathway = models.CharField(max_length=30)
    question_id = models.CharField(max_length=60)
    need = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "id"]
        constraints = [models.UniqueConstraint(fields=["screening", "question_id"], name="one_flag_per_need")]
        indexes = [
            models.Index(
                fields=["custody_period"],
                condition=Q(acknowledged_at__isnull=True, withdrawn_at__isnull=True),
                name="flag_unacknowledged_idx",
            )
        ]

    def __str__(self) -> str:
        return self.need

    @property
    def waiting(self) -> bool:
        return self.acknowledged_at is None and self.withdrawn_at is None


class ReferralOutcome(models.TextChoices):
    ACCEPTED_PREVENTION = "prevention", _("Accepted: prevention duty")
    ACCEPTED_RELIEF = "relief", _("Accepted: relief duty")
    NOT_HOMELESS = "not_homeless", _("Not homeless or threatened with homelessness")
    NO_CONTACT = "no_contact", _("The authority could not contact the person")
    OTHER = "other", _("Other")


class DutyToRefer(models.Model):
    """The homelessness duty to refer (Housing Act 1996 s.213B, facts.md T8), one per custody period; on the
    Welsh route (rule R-W1), the referral to a Welsh local authority's housing service under the Welsh
    national pathway instead (T8W): `route` says which, and `due_on` is that route's."""

    custody_period = models.OneToOneField("people.CustodyPeriod", on_delete=models.PROTECT, related_name="duty_to_refer")
    raised_by_screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    reasons = models.JSONField(default=list, help_text="The answers that showed the person homeless or at risk")
    due_on = models.DateField()
    route = models.CharField(
        max_length=10,
        choices=Country.choices,
        default=Country.ENGLAND,
        help_text="England: the duty to refer (T8); Wales: the Welsh national pathway (T8W). Decided by rule R-W1 until referred",
    )
    consent = models.BooleanField(null=True, blank=True)
    local_housing_authority = models.CharField(max_length=200, blank=True)
    referred_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReferralOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "duty to refer"

    def __str__(self) -> str:
        return f"Duty to refer for custody period {self.custody_period_id}"

    @property
    def is_done(self) -> bool:
        # Done when referred, or when the person refused consent (no referral may be made).
        return self.referred_on is not None or self.consent is False


class ScreeningState(models.Model):
    """What the screening rules decide for one custody period, stored so that every work list and
    national figure is an indexed query (issue 14). Kept true by `state.refresh` in the same
    transaction as every change to an input: the custody period and its movements (the feed), its
    screenings, flags and duty to refer, and the prison's resettlement designations. Rows made under
    other settings or rule versions are found by their fingerprint and recomputed by the command
    `refresh_decisions`. The person's pages still explain each decision in words, computed afresh.

    Only values: the reasons are built on demand from the same rules.
    """

    custody_period = models.OneToOneField(
        "people.CustodyPeriod", on_delete=models.CASCADE, primary_key=True, related_name="screening_state"
    )
    # Copies of the custody period's own fields, so that each list is one index on this table.
    prison = models.ForeignKey("estate.Prison", on_delete=models.PROTECT, related_name="+")
    in_custody = models.BooleanField()
    received_at = models.DateTimeField()
    release_date = models.DateField(null=True)
    released_on = models.DateField(null=True, help_text="The day of release in England and Wales")
    # T1
    bcst1_due_at = models.DateTimeField()
    bcst1_started = models.BooleanField(default=False)
    bcst1_submitted_at = models.DateTimeField(null=True)
    bcst1_to_do = models.BooleanField()
    # T4
    clone_available = models.BooleanField()
    # T3, R-S6, T2: None = not decided yet
    bcst2_required = models.BooleanField(null=True)
    bcst2_due_on = models.DateField(null=True)
    bcst2_started = models.BooleanField(default=False)
    bcst2_submitted_at = models.DateTimeField(null=True)
    bcst2_to_do = models.BooleanField()
    # T5 (the screening decision: sentenced, determinate, with a release date)
    pre_release_opens_on = models.DateField(null=True)
    # T6 counted back from the release date, whatever the legal status: the plan's handover date
    handover_due_on = models.DateField(null=True)
    # T8, from the duty to refer raised by a screening
    duty_due_on = models.DateField(null=True)
    duty_to_do = models.BooleanField(default=False)
    duty_consent = models.BooleanField(null=True)
    # R-S3
    waiting_flags = models.PositiveIntegerField(default=0)
    # When the decisions may change with no event (a designation of the prison starts or ends): the
    # lists recompute rows whose day has come before reading them.
    valid_until = models.DateField(null=True)
    fingerprint = models.CharField(max_length=16, help_text="The rule versions and settings the row was computed under")
    computed_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "stored screening decisions"
        verbose_name_plural = "stored screening decisions"
        indexes = [
            models.Index(fields=["prison"], condition=Q(in_custody=True), name="state_in_custody_idx"),
            models.Index(fields=["prison", "bcst1_due_at"], condition=Q(in_custody=True, bcst1_to_do=True), name="state_bcst1_idx"),
            models.Index(fields=["prison", "bcst2_due_on"], condition=Q(in_custody=True, bcst2_to_do=True), name="state_bcst2_idx"),
            models.Index(fields=["prison", "received_at"], condition=Q(in_custody=True, waiting_flags__gt=0), name="state_flags_idx"),
            models.Index(fields=["prison", "duty_due_on"], condition=Q(in_custody=True, duty_to_do=True), name="state_duty_idx"),
            models.Index(
                fields=["prison", "release_date"],
                condition=Q(in_custody=True, pre_release_opens_on__isnull=False),
                name="state_pre_release_idx",
            ),
            models.Index(fields=["prison", "handover_due_on"], condition=Q(in_custody=True), name="state_handover_idx"),
            models.Index(fields=["prison", "released_on"], condition=Q(in_custody=False), name="state_released_idx"),
            models.Index(fields=["valid_until"], condition=Q(valid_until__isnull=False), name="state_valid_until_idx"),
        ]

    def __str__(self) -> str:
        return f"Stored screening decisions for custody period {self.custody_period_id}"
