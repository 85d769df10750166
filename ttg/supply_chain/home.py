"""The Supply chain item of the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ttg.core import navigation


def register() -> None:
    navigation.register(70, _("Supply chain"), "supply_chain_register", action="supply_chain.view", section="/supply-chain/")
