"""The supply-chain register (R-R1): which organisations each CRC has in its supply chain, for which
services (pathways) at which prisons, from when until when, and the contract behind it.

Reference data about organisations and contracts, no personal data (the users who made a change are
recorded, as on every table that is changed through the service). History is kept: a service row is
ended (given an `until` date), never deleted, and every change is in the audit trail.

Dates: `starts_on`/`since`/`valid_from` is the first day, `ends_on`/`until`/`valid_until` the last day
(inclusive); empty while open-ended.

`SharingAgreement`: the information-sharing agreements between a CRC (or the NPS) and an organisation
(U3, rule R-R5), which the referral and purchase services check before a person's data is disclosed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.core.pathways import PATHWAYS
from ttg.estate.models import CRC, Organisation, Prison

from .rules import CATEGORIES, NPS

# Besides a pathway's services, a row may record the CRC's TTG casework itself (BCST2, resettlement
# plans, referrals), done at the prison by the partner's own staff, as the service brief allows: the
# partner's TTG caseworkers then work with the people of that prison (ttg.accounts.workplaces).
TTG_CASEWORK = "ttg_casework"
TTG_CASEWORK_NAME = _("TTG casework for the CRC (BCST2, resettlement plans, referrals)")
PATHWAY_CHOICES = [(p.code, p.name) for p in PATHWAYS] + [(TTG_CASEWORK, TTG_CASEWORK_NAME)]


class SupplyChainContract(models.Model):
    """A CRC's contract with a partner organisation."""

    crc = models.ForeignKey(CRC, on_delete=models.PROTECT, related_name="supply_chain_contracts", verbose_name="CRC")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="supply_chain_contracts")
    reference = models.CharField(_("contract reference"), max_length=50)
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text=_("The last day of the contract; empty if open-ended"))
    value_pence = models.PositiveBigIntegerField(_("value in pence"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["crc__name", "organisation__name", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["crc", "reference"], name="supply_contract_unique_reference"),
            models.CheckConstraint(
                name="supply_contract_ends_after_start", condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class SupplyChainService(models.Model):
    """One row of the register: an organisation delivers a pathway's services at a prison for a CRC."""

    contract = models.ForeignKey(SupplyChainContract, on_delete=models.PROTECT, related_name="services")
    pathway = models.CharField(
        max_length=30, choices=PATHWAY_CHOICES, help_text=_("A pathway whose services the organisation delivers, or the CRC's TTG casework")
    )
    activity_code = models.CharField(
        _("catalogue activity code"), max_length=40, blank=True, help_text=_("Optional: one activity of the catalogue")
    )
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="supply_chain_services")
    since = models.DateField()
    until = models.DateField(null=True, blank=True, help_text=_("The last day; empty while it goes on"))
    end_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["contract__crc__name", "contract__organisation__name", "pathway", "prison__name", "since"]
        constraints = [
            models.CheckConstraint(name="supply_service_ends_after_start", condition=Q(until__isnull=True) | Q(until__gte=F("since"))),
        ]

    def __str__(self) -> str:
        return f"{self.get_pathway_display()} at {self.prison}"


class SharingAgreement(models.Model):
    """An information-sharing agreement between a CRC (or, with no CRC, the National Probation
    Service) and a partner organisation (U3, rule R-R5): the categories of a person's data it allows
    to be disclosed, for what purpose, under which lawful basis, from when until when (the last day
    included), and where the signed copy is kept.

    No personal data: parties, purpose and references only (and who recorded it).
    """

    crc = models.ForeignKey(
        CRC,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sharing_agreements",
        verbose_name="CRC",
        help_text=_("The CRC that discloses; empty for the National Probation Service"),
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sharing_agreements")
    reference = models.CharField(_("agreement reference"), max_length=50, unique=True)
    purpose = models.TextField()
    lawful_basis = models.CharField(_("lawful basis"), max_length=300)
    # Codes of rules.CATEGORIES, in that order.
    categories = models.JSONField(default=list)
    valid_from = models.DateField(_("first day"))
    valid_until = models.DateField(_("last day"), null=True, blank=True, help_text=_("The last day it covers; empty while open-ended"))
    signed_copy_reference = models.CharField(_("signed copy reference"), max_length=200)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["crc__name", "organisation__name", "valid_from", "reference"]
        indexes = [models.Index(fields=["organisation", "crc"], name="sharing_agreement_parties_idx")]
        constraints = [
            models.CheckConstraint(
                name="sharing_agreement_ends_after_start",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.discloser_name} and {self.organisation}"

    @property
    def discloser_name(self) -> str:
        """The CRC's name, or the National Probation Service's in the reader's language."""
        return self.crc.name if self.crc_id and self.crc else gettext(NPS)

    @property
    def category_labels(self) -> list[str]:
        return [gettext(CATEGORIES[c]) if c in CATEGORIES else c for c in self.categories]

    def in_force(self, on: Any) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)
