"""The user's place in the estate on their home page: the CRC serving their prison, the prisons
their CRC serves, the CRCs they manage; and the Estate item of the navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.accounts import workplaces
from ttg.accounts.constants import Role
from ttg.core import access, home, navigation
from ttg.core.home import Row, Section

from .models import Prison


def _place(user: Any) -> list[Section]:
    role = user.role
    if role in (Role.PRISON_OFFICER, Role.GOVERNOR):
        crc = user.prison.crc if user.prison else None
        return [
            Section(
                _("Resettlement provider"),
                [Row(_("%(crc)s provides Through the Gate resettlement services here") % {"crc": crc.name})] if crc else [],
                empty=_("No CRC is recorded as serving this prison."),
            )
        ]
    if role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER):
        screening = access.can(user, "screening.view")
        where = workplaces.prisons(user)
        prisons = Prison.objects.visible_to(user).filter(where).order_by("name") if where is not None else Prison.objects.none()
        rows = [
            Row(
                text=f"{p.name} ({p.code})",
                href=reverse("screening_work_list", args=[p.code]) if screening else "",
                hint=_("screening work") if screening else "",
            )
            for p in prisons
        ]
        if workplaces.is_partner_caseworker(user):
            return [
                Section(
                    _("Prisons where %(org)s does a CRC's TTG casework") % {"org": user.organisation.name},
                    rows,
                    empty=_("The supply-chain register records no TTG casework by your organisation today."),
                )
            ]
        return [Section(_("Prisons your CRC serves"), rows, empty=_("No prisons are recorded for your CRC yet."))]
    if role == Role.CONTRACT_MANAGER:
        rows = [Row(text=c.name) for c in user.managed_crcs.order_by("name")]
        return [Section(_("CRCs you manage"), rows, empty=_("You are not recorded as managing any CRC yet."))]
    return []


def register() -> None:
    home.register_sections(30, _place)
    navigation.register(50, gettext_lazy("Estate"), "prison_list", action="estate.view", section="/estate/")
