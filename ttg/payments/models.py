"""Rate cards, purchases, delivery, claims and funding (issue 7; service brief R-F1…R-F5).

Money is integer pence (``*_pence`` fields), never a float. Field classification (security.md,
"Minimisation"): rate cards, budgets and allocations hold no personal data. A purchase names a
person (through their custody period): personal data, and criminal-offence data by implication
(the person is a prison leaver); deliveries, claim lines and claims inherit that through the
purchase. No health or offence text is stored here: service titles come from the rate card.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ttg.core.access import ScopedQuerySet

from .constants import BudgetKind, ClaimStatus, PurchaserKind, PurchaseStatus, Tier, Unfunded, Unit, VariationStatus


class RateCard(models.Model):
    """One version of a CRC's rate card (R-F1). Drafts are edited; published versions are fixed."""

    crc = models.ForeignKey("estate.CRC", on_delete=models.PROTECT, related_name="rate_cards")
    version = models.PositiveIntegerField()
    in_force_from = models.DateField()
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["crc__name", "-version"]
        constraints = [models.UniqueConstraint(fields=["crc", "version"], name="ratecard_unique_version")]

    def __str__(self) -> str:
        return f"{self.crc} rate card, version {self.version}"


class RateCardItem(models.Model):
    """A service on a rate card, its unit and price; `provider_organisation` for a partner's service."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.PROTECT, related_name="items")
    title = models.CharField(max_length=200)
    pathway = models.CharField(max_length=40, help_text="A pathway code (ttg.core.pathways)")
    unit = models.CharField(max_length=10, choices=Unit.choices)
    price_pence = models.PositiveIntegerField()
    provider_organisation = models.ForeignKey(
        "estate.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="rate_card_items"
    )
    partner_price_pence = models.PositiveIntegerField(
        null=True, blank=True, help_text="What the CRC pays its partner per unit; empty: the full price"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["rate_card", "pathway", "title"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "title", "unit"], name="ratecarditem_unique_title"),
            models.CheckConstraint(name="ratecarditem_price_positive", condition=Q(price_pence__gt=0)),
            models.CheckConstraint(
                name="ratecarditem_partner_price_within_price",
                condition=Q(partner_price_pence__isnull=True) | Q(partner_price_pence__lte=F("price_pence")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_unit_display()})"

    @property
    def subcontract_price_pence(self) -> int:
        return self.partner_price_pence if self.partner_price_pence is not None else self.price_pence


class Budget(models.Model):
    """A year's money: the enhanced-specification budget, or a rate-card budget (R-F4)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=BudgetKind.choices)
    year_starting = models.DateField(help_text="First day of the financial year (1 April)")
    amount_pence = models.PositiveBigIntegerField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year_starting", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "year_starting", "name"], name="budget_unique_name")]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Part of a budget given to a CRC (enhanced) or an NPS division (rate card); neither: national."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="allocations")
    crc = models.ForeignKey("estate.CRC", null=True, blank=True, on_delete=models.PROTECT, related_name="allocations")
    nps_division = models.ForeignKey("estate.NPSDivision", null=True, blank=True, on_delete=models.PROTECT, related_name="allocations")
    amount_pence = models.PositiveBigIntegerField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "crc__name", "nps_division__name"]
        constraints = [
            models.CheckConstraint(name="allocation_one_holder", condition=Q(crc__isnull=True) | Q(nps_division__isnull=True)),
            models.UniqueConstraint(fields=["budget", "crc"], name="allocation_unique_crc", condition=Q(crc__isnull=False)),
            models.UniqueConstraint(
                fields=["budget", "nps_division"], name="allocation_unique_division", condition=Q(nps_division__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["budget"], name="allocation_unique_national", condition=Q(crc__isnull=True, nps_division__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        holder = self.crc or self.nps_division or "National"
        return f"{self.budget}: {holder}"


class Purchase(models.Model):
    """Authority to deliver a rate-card service to one person, from the start (R-F2, R-F3).

    Bought outright (authorised at once), or asked for when a referral is sent (issue 15): then it is
    `requested` until the purchaser authorises or refuses it, and its authority covers delivery from
    the day it was asked for (`covers_from`), so work done while it waited is claimed once it is
    authorised."""

    reference = models.CharField(max_length=20, unique=True)
    purchaser_kind = models.CharField(max_length=12, choices=PurchaserKind.choices)
    purchased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="purchases")
    nps_division = models.ForeignKey(
        "estate.NPSDivision", null=True, blank=True, on_delete=models.PROTECT, related_name="purchases", help_text="The paying division"
    )
    purchaser_crc = models.ForeignKey(
        "estate.CRC",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcontract_purchases",
        help_text="A CRC paying its partner",
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="purchases")
    custody_period = models.ForeignKey("people.CustodyPeriod", on_delete=models.PROTECT, related_name="purchases")
    prison = models.ForeignKey("estate.Prison", on_delete=models.PROTECT, related_name="purchases", help_text="The prison they leave")
    item = models.ForeignKey(RateCardItem, on_delete=models.PROTECT, related_name="purchases")
    provider_crc = models.ForeignKey("estate.CRC", on_delete=models.PROTECT, related_name="purchases_provided")
    provider_organisation = models.ForeignKey(
        "estate.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="purchases_provided"
    )
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="purchases")
    units_authorised = models.PositiveIntegerField()
    unit_price_pence = models.PositiveIntegerField(help_text="The rate-card price on the day of purchase")
    subcontract_unit_price_pence = models.PositiveIntegerField(
        null=True, blank=True, help_text="What the CRC pays its partner per unit, for a partner's service bought by the NPS"
    )
    value_authorised_pence = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=PurchaseStatus.choices, default=PurchaseStatus.AUTHORISED)
    purchased_on = models.DateField(help_text="The day it was bought, or authorised when it was asked for")
    created_at = models.DateTimeField()
    # Asked for when a referral was sent (issue 15): who asked, and when; then who decided, when and why.
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(null=True, blank=True, help_text="The day it was asked for: its authority covers delivery from then")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, help_text="Why it was refused, or why the request was withdrawn")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-purchased_on", "-id"]
        constraints = [
            models.CheckConstraint(name="purchase_units_positive", condition=Q(units_authorised__gt=0)),
            models.CheckConstraint(
                name="purchase_request_has_its_day", condition=~Q(status=PurchaseStatus.REQUESTED) | Q(requested_on__isnull=False)
            ),
            models.CheckConstraint(
                name="purchase_value_is_units_times_price",
                condition=Q(value_authorised_pence=F("units_authorised") * F("unit_price_pence")),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def covers_from(self) -> date:
        """The first day of delivery its authority covers: the day it was asked for, or bought."""
        return self.requested_on or self.purchased_on

    @property
    def purchaser_name(self) -> str:
        """Who buys, as the provider is told: the CRC, the NPS division, HMPPS, or the officer."""
        if self.purchaser_kind == PurchaserKind.CRC and self.purchaser_crc_id:
            return str(self.purchaser_crc)
        if self.purchaser_kind == PurchaserKind.NATIONAL:
            return "HMPPS (national)"
        if self.purchaser_kind == PurchaserKind.DIVISION and self.nps_division_id:
            return f"NPS {self.nps_division}"
        return self.purchased_by.get_full_name()


class Variation(models.Model):
    """More units on a purchase: requested, then approved (or refused) by the purchaser."""

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="variations")
    extra_units = models.PositiveIntegerField()
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=VariationStatus.choices, default=VariationStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [models.CheckConstraint(name="variation_units_positive", condition=Q(extra_units__gt=0))]

    def __str__(self) -> str:
        return f"{self.purchase}: {self.extra_units} more"


class Delivery(models.Model):
    """Units delivered against a purchase. `source_key` names what was delivered, once only among
    live deliveries: "referrals.session:123", "referrals.outcome:45". Its claim lines follow
    automatically. A withdrawn delivery (an outcome changed back) is kept, with who, when and why:
    its line left its open claim, or was credited on a later one; the key can then be recorded again."""

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="deliveries")
    source_key = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Unit.choices)
    units = models.PositiveIntegerField()
    delivered_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_reason = models.TextField(blank=True)
    # Blank: claimed (it has its claim lines). Otherwise why it is not (yet): recorded work outside the
    # purchase's authority is kept and shown, never dropped (issue 15, R-F3, R-F5).
    unfunded_reason = models.CharField(max_length=12, choices=Unfunded.choices, blank=True, default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.CheckConstraint(name="delivery_units_positive", condition=Q(units__gt=0)),
            # Exactly once among live deliveries: a withdrawn one frees its key to be recorded again.
            models.UniqueConstraint(fields=["source_key"], condition=Q(withdrawn_at__isnull=True), name="delivery_live_source_key_once"),
        ]

    def __str__(self) -> str:
        return self.source_key

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def claimed(self) -> bool:
        """Live and funded: its claim lines stand."""
        return self.withdrawn_at is None and not self.unfunded_reason


class Claim(models.Model):
    """A month's claim from one claimant (a CRC or a partner) to one payer (an NPS division,
    national, or a CRC paying its partner). Its total is the sum of its lines."""

    claimant_crc = models.ForeignKey("estate.CRC", null=True, blank=True, on_delete=models.PROTECT, related_name="claims_made")
    claimant_organisation = models.ForeignKey(
        "estate.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="claims_made"
    )
    payer_division = models.ForeignKey("estate.NPSDivision", null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    payer_crc = models.ForeignKey("estate.CRC", null=True, blank=True, on_delete=models.PROTECT, related_name="claims_to_pay")
    payer_national = models.BooleanField(default=False)
    crc = models.ForeignKey("estate.CRC", on_delete=models.PROTECT, related_name="claims", help_text="The CRC whose contract this is")
    claimant_key = models.CharField(max_length=30, editable=False)
    payer_key = models.CharField(max_length=30, editable=False)
    month = models.DateField(help_text="The first day of the month of delivery")
    sequence = models.PositiveSmallIntegerField(default=1, help_text="2, 3…: delivery recorded after the month's claim was submitted")
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    # Signed: credit lines (withdrawn delivery already claimed) are negative, so a claim may net below zero.
    total_pence = models.BigIntegerField(default=0, help_text="Kept equal to the sum of the lines, credits included")
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True, help_text="Ageing counts from this day")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=50, blank=True)
    paid_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rejected_reason = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claimant_key", "payer_key", "month", "sequence"], name="claim_unique_per_month"),
            models.CheckConstraint(
                name="claim_one_claimant",
                condition=Q(claimant_crc__isnull=False, claimant_organisation__isnull=True)
                | Q(claimant_crc__isnull=True, claimant_organisation__isnull=False),
            ),
            models.CheckConstraint(name="claim_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="claim_paid_has_date_and_reference",
                condition=~Q(status=ClaimStatus.PAID) | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_on"], name="claim_status_age_idx")]

    def __str__(self) -> str:
        return f"Claim {self.pk}: {self.claimant_name} to {self.payer_name}, {self.month:%B %Y}"

    @property
    def claimant_name(self) -> str:
        return str(self.claimant_crc or self.claimant_organisation)

    @property
    def payer_name(self) -> str:
        if self.payer_crc_id:
            return str(self.payer_crc)
        if self.payer_division_id:
            return str(self.payer_division)
        return "NPS (national)"

    def age_days(self, today: date) -> int | None:
        return (today - self.submitted_on).days if self.submitted_on else None


class ClaimLine(models.Model):
    """One delivery on one claim: at most one line per delivery and tier, so never paid twice.

    A credit line (`reverses` set) takes back a line already on a submitted, approved or paid claim
    when its delivery is withdrawn: negative units and amount, at most one per line reversed."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="lines")
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="lines")
    tier = models.CharField(max_length=12, choices=Tier.choices)
    units = models.IntegerField()
    unit_price_pence = models.PositiveIntegerField()
    amount_pence = models.BigIntegerField()
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit", help_text="The line this credit takes back"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["delivery__delivered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "tier"], condition=Q(reverses__isnull=True), name="claimline_once_per_delivery"),
            models.CheckConstraint(
                name="claimline_credit_is_negative",
                condition=Q(reverses__isnull=True, units__gt=0) | Q(reverses__isnull=False, units__lt=0),
            ),
            models.CheckConstraint(
                name="claimline_amount_is_units_times_price", condition=Q(amount_pence=F("units") * F("unit_price_pence"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivery}: {self.amount_pence}p"

    @property
    def is_credit(self) -> bool:
        return self.reverses_id is not None


class Escalation(models.Model):
    """An unpaid claim past the set number of days, raised once to the CRC's contract managers."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="escalation")
    raised_on = models.DateField()
    raised_at = models.DateTimeField()
    age_days = models.PositiveIntegerField()
    threshold_days = models.PositiveIntegerField()
    to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="claim_escalations")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "id"]

    def __str__(self) -> str:
        return f"Escalation of {self.claim}"
