"""Who joins a published notice's audience is sent it (R-N1): a partner organisation given a supply-chain
contract, after the change commits. New members of staff, and anyone whose organisation changed, are
found by the daily task's sweep (tasks.py), which resolves every published notice's audience again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from ttg.supply_chain.models import SupplyChainContract

from . import services


def _joined(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        transaction.on_commit(lambda: services.include_late_joiners())


def connect() -> None:
    post_save.connect(_joined, sender=SupplyChainContract, dispatch_uid="notices_supply_chain_joined")
