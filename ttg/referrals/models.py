"""Referrals from a plan activity to a partner organisation, and the partner's work on them (R-R2, R-R3).

A referral carries a copy of the few facts about the person the referrer chose to share
(`shared_information`): partners read those and never the person tables.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.core.rules import format_date
from ttg.payments.constants import PurchaseStatus, VariationStatus
from ttg.plans.catalogue.constants import PATHWAY_CHOICES

from . import rules


class DesiredOutcome(models.Model):
    """A catalogue of desired outcomes per pathway. A retired one is not offered for new referrals
    but stays on the referrals that chose it."""

    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES)
    text = models.CharField(max_length=200)
    retired_on = models.DateField(null=True, blank=True, help_text=_("From this day it is no longer offered for new referrals"))
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pathway", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["pathway", "text"], name="desired_outcome_once_per_pathway")]

    def __str__(self) -> str:
        return self.text

    def offered_on(self, on: Any) -> bool:
        return self.retired_on is None or self.retired_on > on


class Funding(models.TextChoices):
    SUPPLY_CHAIN = rules.SUPPLY_CHAIN, _("Supply-chain contract")
    RATE_CARD = rules.RATE_CARD, _("Rate-card purchase")
    UNFUNDED = rules.UNFUNDED, _("Unfunded")


class Status(models.TextChoices):
    SENT = rules.SENT, _("Sent")
    ACCEPTED = rules.ACCEPTED, _("Accepted")
    IN_PROGRESS = rules.IN_PROGRESS, _("In progress")
    COMPLETED = rules.COMPLETED, _("Completed")
    DECLINED = rules.DECLINED, _("Declined")
    WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")
    CANCELLED = rules.CANCELLED, _("Cancelled")


class Referral(models.Model):
    plan_activity = models.ForeignKey("plans.PlanActivity", on_delete=models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="referrals")
    crc = models.ForeignKey("estate.CRC", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="CRC")
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES, blank=True)
    activity_title = models.CharField(max_length=200)
    referred_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField()
    need = models.TextField()
    desired_outcomes = models.ManyToManyField(DesiredOutcome, related_name="referrals")
    # The minimised facts the partner sees: keys from rules.SHAREABLE, copied when sent.
    shared_information = models.JSONField(default=dict)
    partner_needs_to_know = models.TextField(blank=True)
    consent_given = models.BooleanField(default=False)
    consent_on = models.DateField(null=True, blank=True)
    funding = models.CharField(max_length=20, choices=Funding.choices)
    in_supply_chain = models.BooleanField(default=False, help_text=_("Set by the referrer's service when sent"))
    # A rate-card referral carries its purchase from the start: an authorised one named when sent, or
    # one asked for then, which the purchaser decides (issue 15; docs/referrals.md). It is funded only
    # while that purchase is authorised; work recorded while it waits is claimed once it is.
    purchase = models.ForeignKey(
        "payments.Purchase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text=_("The rate-card purchase"),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    status_changed_at = models.DateTimeField()
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the partner accepted it: what a per-referral purchase pays for")
    )
    reason = models.TextField(blank=True, help_text=_("Why it was declined, withdrawn or cancelled"))
    assigned_to = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.CheckConstraint(name="referral_needs_consent", condition=Q(consent_given=True, consent_on__isnull=False)),
        ]
        indexes = [
            # The partner's inbox: one organisation's referrals in one status (a tab), newest first, and its counts.
            models.Index(fields=["organisation", "status", "-referred_at", "-id"], name="referral_partner_idx"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} to {self.organisation_id} ({self.status})"

    @property
    def reference(self) -> str:
        """How both sides, and notifications, name the referral without naming the person."""
        return f"R{self.pk:05d}"

    @property
    def person_name(self) -> str:
        info = self.shared_information or {}
        name = " ".join(v for v in (info.get("first_name", ""), info.get("last_name", "")) if v)
        return name or str(_("Person (name not shared)"))

    @property
    def funded(self) -> bool:
        """Whether the work is paid for now: a supply-chain contract, or an authorised rate-card purchase."""
        if self.funding == rules.RATE_CARD:
            return self.purchase is not None and self.purchase.status == PurchaseStatus.AUTHORISED
        return rules.is_funded(self.funding)

    @property
    def awaiting_purchase(self) -> bool:
        """A rate-card referral whose purchase was asked for and waits for the purchaser's decision."""
        return self.funding == rules.RATE_CARD and self.purchase is not None and self.purchase.status == PurchaseStatus.REQUESTED

    @cached_property
    def funding_label(self) -> str:
        if self.funding != rules.RATE_CARD:
            return str(rules.funding_words(self.funding))
        purchase = self.purchase
        if not self.funded:
            if purchase is None:
                return str(_("Unfunded: no authorised purchase yet"))
            if purchase.status == PurchaseStatus.REQUESTED:
                return str(
                    _("Not yet funded: purchase %(ref)s asked of %(who)s on %(on)s")
                    % {"ref": purchase.reference, "who": purchase.purchaser_name, "on": format_date(purchase.covers_from)}
                )
            if purchase.status == PurchaseStatus.REFUSED:
                return str(_("Unfunded: %(who)s refused purchase %(ref)s") % {"ref": purchase.reference, "who": purchase.purchaser_name})
            return str(
                _("Unfunded: purchase %(ref)s is %(status)s") % {"ref": purchase.reference, "status": purchase.get_status_display().lower()}
            )

        assert purchase is not None
        # Summed in Python so that lists can prefetch them (selectors._list): no query per row.
        total = purchase.units_authorised + sum(v.extra_units for v in purchase.variations.all() if v.status == VariationStatus.APPROVED)
        # Claimed units: withdrawn ones are free again; work held outside the authority takes none.
        delivered = sum(d.units for d in purchase.deliveries.all() if d.withdrawn_at is None and not d.unfunded_reason)
        return str(
            _("Rate-card purchase %(ref)s: %(left)s of %(total)s units left")
            % {"ref": purchase.reference, "left": total - delivered, "total": total}
        )

    @property
    def status_label(self) -> str:
        return str(self.get_status_display())


class Assignment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assignments")
    caseworker = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.caseworker_id} from {self.at:%Y-%m-%d}"


class Method(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    LETTER = "letter", _("Letter")


class Attendance(models.TextChoices):
    ATTENDED = rules.ATTENDED, _("Attended")
    LATE = rules.LATE, _("Attended late")
    DID_NOT_ATTEND = rules.DID_NOT_ATTEND, _("Did not attend")
    DID_NOT_HAPPEN = rules.DID_NOT_HAPPEN, _("Did not happen")


class Session(models.Model):
    """A contact or session with the person."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField()
    method = models.CharField(max_length=12, choices=Method.choices)
    attendance = models.CharField(max_length=16, choices=Attendance.choices)
    reason = models.TextField(blank=True, help_text=_("Why they did not attend, or why it did not happen"))
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"Session on {self.on} ({self.attendance})"


class Side(models.TextChoices):
    CRC = "crc", _("CRC")
    PARTNER = "partner", _("Partner")


class CaseNote(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)
    text = models.TextField()
    at = models.DateTimeField()
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Case note {self.pk} ({self.side})"


class Achievement(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class OutcomeAchievement(models.Model):
    """What became of one desired outcome of a referral (recording it again replaces it)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="outcomes")
    desired_outcome = models.ForeignKey(DesiredOutcome, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=16, choices=Achievement.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["desired_outcome__order", "id"]
        constraints = [models.UniqueConstraint(fields=["referral", "desired_outcome"], name="one_outcome_per_desired_outcome")]

    def __str__(self) -> str:
        return f"{self.desired_outcome_id}: {self.result}"


class EndOfService(models.Model):
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="end_of_service")
    summary = models.TextField()
    closed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("ends of service")

    def __str__(self) -> str:
        return f"End of service of referral {self.referral_id}"


class UnfundedWork(models.Model):
    """Work a partner did for a person without funding, with or without a referral: sector subsidy."""

    organisation = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="unfunded_work")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="unfunded_work")
    person_reference = models.CharField(max_length=60, help_text=_("The partner's own reference or initials: not a name"))
    on = models.DateField()
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES)
    description = models.TextField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name_plural = _("unfunded work")
        constraints = [models.CheckConstraint(name="unfunded_work_hours_positive", condition=Q(hours__gt=0))]
        # The partner's list of their organisation's unfunded work, latest first.
        indexes = [models.Index(fields=["organisation", "-on", "-id"], name="unfunded_work_org_idx")]

    def __str__(self) -> str:
        return f"Unfunded work on {self.on} ({self.hours} hours)"
