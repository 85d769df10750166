"""Through the gate (personal data: scoped through the plan): the pre-release review of each pathway, and
the outcomes recorded on the day of release and after it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.plans.plan.models import Plan

# --------------------------------------------------------------------------------------------------
# Through the gate: the pre-release review and the outcomes on and after release
# --------------------------------------------------------------------------------------------------


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class PreReleaseReview(models.Model):
    """The pre-release review of a plan: for each pathway, is the person ready for release?

    When it opens is never stored: it is worked out on read from the person's current release date
    (rule T5), so it moves when the custody feed changes the release date.
    `answers` maps a pathway code to {"answer": "ready" | "not_ready" | "not_applicable", "note": "..."}.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="pre_release_review")
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NOT_STARTED)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the first pathway was answered (the compliance figure: started on time, rule T5)")
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pre-release review")
        constraints = [
            models.CheckConstraint(
                name="pre_release_review_completed_has_who_and_when",
                condition=~Q(status="completed") | Q(completed_at__isnull=False, completed_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-release review of plan {self.plan_id} ({self.get_status_display()})"


class OutcomeKind(models.TextChoices):
    RELEASE_DAY = "release_day", _("On the day of release")
    AFTER_RELEASE = "after_release", _("After release")


class FirstNight(models.TextChoices):
    SETTLED = "settled", _("Settled accommodation")
    TEMPORARY = "temporary", _("Temporary accommodation")
    APPROVED_PREMISES = "approved_premises", _("Approved premises")
    ROUGH_SLEEPING = "rough_sleeping", _("Rough sleeping")
    UNKNOWN = "unknown", _("Not known")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


class ReleaseOutcome(models.Model):
    """What was in place on release (or some weeks after): one of each kind per plan, updated, never duplicated."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="release_outcomes")
    kind = models.CharField(max_length=15, choices=OutcomeKind.choices)
    accommodation = models.CharField(_("accommodation on the first night"), max_length=20, choices=FirstNight.choices)
    accommodation_safe = models.CharField(_("accommodation safe and suitable"), max_length=10, choices=YesNoUnknown.choices)
    ete = models.CharField(_("education, training or employment arranged"), max_length=10, choices=YesNoUnknown.choices)
    bank_account = models.CharField(_("bank account"), max_length=10, choices=YesNoUnknown.choices)
    id_documents = models.CharField(_("identification"), max_length=10, choices=YesNoUnknown.choices)
    benefit_claim = models.CharField(_("benefit claim made"), max_length=10, choices=YesNoUnknown.choices)
    gp_registration = models.CharField(_("registered with a GP"), max_length=10, choices=YesNoUnknown.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "kind"]
        verbose_name = _("release outcome")
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="one_release_outcome_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} outcome of plan {self.plan_id}"


class ReleaseChecklist(models.Model):
    """The release checklist of a plan (service brief U5; rules G1, G2): the day-one essentials, each done
    or not needed with a reason. It opens with the pre-release review and stays open until every item is
    closed; its due date is worked out on read from the person's current release date (rule G1).

    `items` maps an item's code (``ttg.plans.gate.rules.CHECKLIST``) to {"status": "done" | "not_needed"
    | "open", "detail": "...", "safe": "yes" | "no" | "", "note": "..."}. `open_items` and `completed_at`
    are kept with it in every write, so that the work list finds the checklists still open with an index.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="release_checklist")
    items = models.JSONField(default=dict, blank=True)
    open_items = models.PositiveSmallIntegerField(help_text=_("How many items are neither done nor marked not needed"))
    completed_at = models.DateTimeField(null=True, blank=True, help_text=_("When the last item was closed; empty while any is open"))
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("release checklist")
        indexes = [models.Index(fields=["plan"], condition=Q(completed_at__isnull=False), name="checklist_complete_idx")]
        constraints = [
            models.CheckConstraint(
                name="release_checklist_complete_when_nothing_open",
                condition=Q(open_items=0, completed_at__isnull=False) | Q(open_items__gt=0, completed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Release checklist of plan {self.plan_id} ({self.open_items} open)"
