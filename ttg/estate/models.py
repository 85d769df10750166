"""The estate: who the users work for. Reference data, no personal data.

The foundation keeps these minimal; the estate issue adds designations with dates, contract
package areas, specialisms and supply chains.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.core.languages import Language

from .constants import Country, OrganisationType, PrisonEstate


class CRC(models.Model):
    """A community rehabilitation company: one per contract package area."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    contract_package_area = models.CharField(max_length=200, blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text=_("The company that owns the CRC"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "CRC"
        verbose_name_plural = "CRCs"

    def __str__(self) -> str:
        return self.name


class Prison(models.Model):
    code = models.CharField(_("establishment code"), max_length=5, unique=True)
    name = models.CharField(max_length=200)
    estate = models.CharField(max_length=10, choices=PrisonEstate.choices)
    country = models.CharField(
        _("country"),
        max_length=10,
        choices=Country.choices,
        default=Country.ENGLAND,
        help_text=_(
            "England or Wales, from the reference list of establishments (data/prisons.csv). Prisons in England follow the "
            "English homelessness duty to refer; prisons in Wales the Welsh national pathway."
        ),
    )
    crc = models.ForeignKey(CRC, null=True, blank=True, on_delete=models.PROTECT, related_name="prisons", verbose_name="serving CRC")
    # What a person is given here (their plan, on paper and as a PDF) is in this language when their own is
    # not recorded (rule L1, issue 22): the prison's choice, made by its governor.
    language = models.CharField(
        _("language for what people are given"),
        max_length=5,
        choices=Language.choices,
        default=Language.ENGLISH,
        db_default=Language.ENGLISH,
    )
    enhanced_go_live_on = models.DateField(
        _("enhanced specification go-live date"),
        null=True,
        blank=True,
        help_text=_(
            "The day the enhanced Through the Gate specification went live here (T7). Empty: from 1 April 2019 at a "
            "resettlement prison. Set when HMPPS signs readiness off (mobilisation, rule R-M3), and moved there with a reason."
        ),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def designation_on(self, day: date) -> ResettlementDesignation | None:
        """The designation in force on `day` (uses prefetched designations when there are any)."""
        for designation in self.designations.all():
            if designation.valid_from <= day and (designation.valid_to is None or day < designation.valid_to):
                return designation
        return None


class ResettlementDesignation(models.Model):
    """Whether a prison is a resettlement prison, from one date until (not including) another."""

    prison = models.ForeignKey(Prison, on_delete=models.CASCADE, related_name="designations")
    resettlement = models.BooleanField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text=_("The first day it no longer applies; empty while in force"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["prison", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["prison", "valid_from"], name="designation_unique_start"),
            models.CheckConstraint(
                name="designation_ends_after_start", condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from"))
            ),
        ]

    def __str__(self) -> str:
        kind = "Resettlement" if self.resettlement else "Non-resettlement"
        return f"{kind} from {self.valid_from:%d %B %Y}"


class NPSDivision(models.Model):
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "NPS division"

    def __str__(self) -> str:
        return f"NPS {self.name}"


class Specialism(models.Model):
    """What an organisation specialises in: women's centre, BAME-led, accommodation, ..."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner organisation: voluntary sector, statutory or private."""

    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=20, choices=OrganisationType.choices)
    charity_number = models.CharField(max_length=20, blank=True)
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="organisations")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
