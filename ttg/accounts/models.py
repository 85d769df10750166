from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttg.core.languages import Language

from .constants import EMPLOYERS_FOR_ROLE, Employer, Role


class User(AbstractUser):
    """A person who uses the service: one role, tied to the organisation they work for.

    A user with no role can sign in but may do nothing (every page refuses them).
    """

    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    prison = models.ForeignKey("estate.Prison", null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    crc = models.ForeignKey("estate.CRC", null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name="CRC")
    organisation = models.ForeignKey("estate.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    nps_division = models.ForeignKey(
        "estate.NPSDivision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name="NPS division",
    )
    managed_crcs = models.ManyToManyField(
        "estate.CRC",
        blank=True,
        related_name="contract_managers",
        verbose_name="CRCs managed",
        help_text=_("Contract managers only: the CRCs whose contracts they manage."),
    )
    # The language they last read the service in (ttg/accounts/language.py), so what is sent to them
    # (notifications) is in it; blank until they have signed in since it was recorded.
    language = models.CharField(max_length=5, choices=Language.choices, blank=True, default="")

    class Meta:
        constraints = [
            # At most one employer; HMPPS staff have none of these.
            models.CheckConstraint(
                name="user_at_most_one_employer",
                condition=(
                    Q(prison__isnull=True, crc__isnull=True, organisation__isnull=True)
                    | Q(prison__isnull=True, crc__isnull=True, nps_division__isnull=True)
                    | Q(prison__isnull=True, organisation__isnull=True, nps_division__isnull=True)
                    | Q(crc__isnull=True, organisation__isnull=True, nps_division__isnull=True)
                ),
            )
        ]

    @property
    def employer_kind(self) -> str:
        if self.prison_id:
            return Employer.PRISON
        if self.crc_id:
            return Employer.CRC
        if self.organisation_id:
            return Employer.ORGANISATION
        if self.nps_division_id:
            return Employer.NPS_DIVISION
        return Employer.HMPPS

    @property
    def employer_name(self) -> str:
        employer = self.prison or self.crc or self.organisation or self.nps_division
        return str(employer) if employer else "HMPPS"

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        allowed = EMPLOYERS_FOR_ROLE[self.role]
        if self.employer_kind not in allowed:
            names = " or ".join(str(Employer(kind).label).lower() for kind in sorted(allowed))
            raise ValidationError(
                {"role": _("A %(role)s must work for %(employers)s.") % {"role": self.get_role_display(), "employers": names}}
            )
