"""Writes for budgets and allocations (issue 7 part 4, R-F4a/R-F4b): a contract manager adds a
year's budget and sets each allocation. Every change is audited with `record_change`.

Kept apart from services.py so that purchase, variation and claim work can change that module
without touching this one. Allocation changes lock the budget row, so two people setting
allocations of one budget at once are checked one after the other against its total; the
allocation row itself is locked as purchases lock it (services._allocation_for), so an allocation
cannot be lowered below a purchase being made at the same moment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ttg.core import access, clock
from ttg.core.audit import record_change, snapshot
from ttg.core.rules import format_date
from ttg.estate.models import CRC, NPSDivision

from . import rules
from .constants import BudgetKind
from .models import Allocation, Budget
from .services import PaymentRefused, committed_pence

Holder = CRC | NPSDivision | None  # None: the national allocation of a rate-card budget


def holder_key(holder: Holder) -> str:
    """ "crc:MERSEYSIDE", "nps:NW", "national": how pages and the API name a holder."""
    if isinstance(holder, CRC):
        return f"crc:{holder.code}"
    if isinstance(holder, NPSDivision):
        return f"nps:{holder.code}"
    return "national"


def holder_name(holder: Holder) -> str:
    return str(holder) if holder is not None else "National"


def may_allocate_to(user: Any, holder: Holder) -> bool:
    """Contract managers set the allocations of the CRCs they manage, and any NPS division's or the national one
    (payments.access.allocation_holder)."""
    if isinstance(holder, CRC):
        return access.may(user, "budget.edit", holder)
    return access.can(user, "budget.edit")


def add_budget(*, name: str, kind: str, year_starting: date, amount_pence: int, by: Any) -> Budget:
    """A new budget for a financial year, with no allocations yet."""
    name = (name or "").strip()
    if kind not in BudgetKind.values:
        raise PaymentRefused(_("Select the kind of budget"), "kind")
    if year_starting.month != 4 or year_starting.day != 1:
        raise PaymentRefused(_("A budget's year starts on 1 April"), "year")
    if not name:
        raise PaymentRefused(_("Enter the budget's name"), "name")
    if len(name) > 200:
        raise PaymentRefused(_("The budget's name must be 200 characters or fewer"), "name")
    if amount_pence <= 0:
        raise PaymentRefused(_("The budget's total must be more than £0"), "amount")
    duplicate = PaymentRefused(
        _("There is already a budget called %(name)s of this kind for the year starting %(date)s")
        % {"name": name, "date": format_date(year_starting)},
        "name",
    )
    with transaction.atomic():
        if Budget.objects.filter(kind=kind, year_starting=year_starting, name=name).exists():
            raise duplicate
        try:
            with transaction.atomic():  # a savepoint: a racing insert of the same budget lands here
                budget = Budget.objects.create(name=name, kind=kind, year_starting=year_starting, amount_pence=amount_pence)
        except IntegrityError:
            raise duplicate from None
        record_change(actor=by, action="payments.budget.add", obj=budget, after={**snapshot(budget), "allocations": []})
    return budget


def _holder_fields(holder: Holder) -> dict[str, Any]:
    if isinstance(holder, CRC):
        return {"crc": holder, "nps_division": None}
    if isinstance(holder, NPSDivision):
        return {"crc": None, "nps_division": holder}
    return {"crc": None, "nps_division": None}


def _holder_lookup(holder: Holder) -> dict[str, Any]:
    """By ids, not objects: `crc=None` would join, and PostgreSQL cannot lock an outer join's rows."""
    return {
        "crc_id": holder.pk if isinstance(holder, CRC) else None,
        "nps_division_id": holder.pk if isinstance(holder, NPSDivision) else None,
    }


def set_allocation(*, budget: Budget, holder: Holder, amount_pence: int, by: Any) -> Allocation:
    """Set (add or change) the allocation of `budget` to `holder`.

    Refused when the allocations together would exceed the budget (R-F4a), when the allocation
    would fall below what purchases have committed against it (R-F4b), when the holder does not fit
    the budget's kind, or when the user may not set this holder's allocation. Setting the amount it
    already has changes nothing and records nothing.
    """
    today = clock.today()
    if amount_pence < 0:
        raise PaymentRefused(_("The allocation must not be negative"), "amount")
    if not may_allocate_to(by, holder):
        raise PaymentRefused(_("You can set allocations only for the CRCs you manage, NPS divisions and the national budget"), "holder")
    with transaction.atomic():
        locked = Budget.objects.select_for_update().get(pk=budget.pk)
        if locked.kind == BudgetKind.ENHANCED and not isinstance(holder, CRC):
            raise PaymentRefused(_("The enhanced-specification budget is allocated to CRCs"), "holder")
        if locked.kind == BudgetKind.RATE_CARD and isinstance(holder, CRC):
            raise PaymentRefused(_("A rate-card budget is allocated to NPS divisions, or nationally"), "holder")
        existing = (
            Allocation.objects.select_for_update()
            .filter(budget=locked, **_holder_lookup(holder))
            .order_by("pk")  # not the default ordering, whose outer joins cannot be locked
            .first()
        )
        if existing is not None and existing.amount_pence == amount_pence:
            return existing
        others = Allocation.objects.filter(budget=locked)
        if existing is not None:
            others = others.exclude(pk=existing.pk)
        others_pence = sum(others.values_list("amount_pence", flat=True))
        name = holder_name(holder)
        decision = rules.allocations_within_budget(
            budget_pence=locked.amount_pence, others_pence=others_pence, new_pence=amount_pence, budget=locked.name, on=today
        )
        if not decision.value:
            raise PaymentRefused(decision.reasons, "amount")
        if existing is not None:
            decision = rules.allocation_covers_commitments(
                committed_pence=committed_pence(existing), new_pence=amount_pence, holder=name, on=today
            )
            if not decision.value:
                raise PaymentRefused(decision.reasons, "amount")
            before = snapshot(existing)
            existing.amount_pence = amount_pence
            existing.save(update_fields=["amount_pence"])
            allocation, action = existing, "payments.allocation.change"
        else:
            allocation = Allocation.objects.create(budget=locked, amount_pence=amount_pence, **_holder_fields(holder))
            before, action = None, "payments.allocation.add"
        record_change(
            actor=by,
            action=action,
            obj=allocation,
            before=before,
            after=snapshot(allocation),
            scope_crc=holder if isinstance(holder, CRC) else None,
        )
    return allocation
