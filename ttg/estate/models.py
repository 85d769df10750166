"""The estate: who the users work for. Reference data, no personal data.

The foundation keeps these minimal; the estate issue adds designations with dates, contract
package areas, specialisms and supply chains.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet

from .constants import OrganisationType, PrisonEstate


class CRC(models.Model):
    """A community rehabilitation company: one per contract package area."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

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
    crc = models.ForeignKey(CRC, null=True, blank=True, on_delete=models.PROTECT, related_name="prisons", verbose_name="serving CRC")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NPSDivision(models.Model):
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "NPS division"

    def __str__(self) -> str:
        return f"NPS {self.name}"


class Organisation(models.Model):
    """A partner organisation: voluntary sector, statutory or private."""

    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=20, choices=OrganisationType.choices)
    charity_number = models.CharField(max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
