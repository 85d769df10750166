"""Who holds a person's case in the community: the responsible officer (`ProbationCase`).

A case comes from the handover of the person's plan to the officer (plans.handover.services.hand_over
calls `hold_case` in its transaction), or from the NPS's own allocation, recorded by an administrator
(the administration pages). Buying a rate-card service for a person needs a case the buyer holds
(payments, rule R-F2a): without one, the same answer as for a prison number nobody has.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from ttg.core import clock
from ttg.core.audit import record_change, snapshot

from .models import CustodyPeriod, ProbationCase


def hold_case(*, custody_period: CustodyPeriod, officer: Any, source: str, by: Any, scope_crc: Any = None) -> ProbationCase:
    """The officer holds the case of this custody period from now: once (the same call again returns
    the first, also when two run at once), with its audit event."""
    existing = ProbationCase.objects.filter(custody_period=custody_period, officer=officer).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            case = ProbationCase.objects.create(
                custody_period=custody_period,
                officer=officer,
                source=source,
                since=clock.now(),
                recorded_by=by if getattr(by, "is_authenticated", False) else None,
            )
            record_change(
                actor=by,
                action="people.probationcase.add",
                obj=case,
                after=snapshot(case),
                reason=f"{ProbationCase.Source(source).label}: {officer.get_full_name() or officer.get_username()} holds the case",
                scope_crc=scope_crc,
            )
    except IntegrityError:  # the same case recorded at the same moment
        return ProbationCase.objects.get(custody_period=custody_period, officer=officer)
    return case


def case_of(officer: Any, custody_period: CustodyPeriod) -> ProbationCase | None:
    """The case of this custody period the officer holds, if any."""
    return ProbationCase.objects.filter(custody_period=custody_period, officer=officer).select_related("officer").first()


def any_case(custody_period: CustodyPeriod) -> ProbationCase | None:
    """The case of this custody period some responsible officer holds (the first recorded), if any."""
    return ProbationCase.objects.filter(custody_period=custody_period).select_related("officer").order_by("since", "id").first()
